// The theory worker: the expected loss and noise floors of a run (engine/theory.ts) for the loss
// chart's dashed lines. Requests are answered in order, one at a time; the page asks again only
// for the newest config (state/theory.ts), so a dragged slider never builds a queue.

import { expectedLossCurve } from "../../engine/theory.ts";
import { checkRunConfig, claimedId, errorMessage, workerScope } from "../shared.ts";
import { isTheoryRequest, type TheoryReply, type TheoryRequest } from "./protocol.ts";

/** One request to its reply (pure; Node tests call it directly). */
export function computeTheory(req: TheoryRequest): { reply: TheoryReply; transfer: ArrayBuffer[] } {
  const checked = checkRunConfig(req.config);
  if (!checked.ok) return { reply: { type: "theoryError", requestId: req.requestId, message: checked.message }, transfer: [] };
  const curve = expectedLossCurve(checked.value, req.points);
  const transfer = curve.supported ? [curve.steps.buffer, curve.loss.buffer, curve.floorAtRate.buffer] : [];
  return { reply: { type: "theoryDone", requestId: req.requestId, curve }, transfer: transfer as ArrayBuffer[] };
}

// Null when a Node test imports this module for computeTheory alone.
const scope = workerScope<TheoryReply>();
if (scope !== null) {
  scope.onmessage = (ev: MessageEvent<unknown>) => {
    const data = ev.data;
    if (!isTheoryRequest(data)) {
      scope.postMessage({ type: "theoryError", requestId: claimedId(data, "requestId"), message: "the theory worker received a malformed request" }, []);
      return;
    }
    try {
      const { reply, transfer } = computeTheory(data);
      scope.postMessage(reply, transfer);
    } catch (e) {
      scope.postMessage({ type: "theoryError", requestId: data.requestId, message: errorMessage(e) }, []);
    }
  };
}
