// The theory worker: the expected loss and noise floors of a run (engine/theory.ts) for the loss
// chart's dashed lines. Requests are answered in order, one at a time; the page asks again only
// for the newest config (state/theory.ts), so a dragged slider never builds a queue.

import { expectedLossCurve } from "../../engine/theory.ts";
import { checkRunConfig, serveRequests } from "../shared.ts";
import { isTheoryRequest, type TheoryReply, type TheoryRequest } from "./protocol.ts";

/** One request to its reply (pure; Node tests call it directly). */
export function computeTheory(req: TheoryRequest): { reply: TheoryReply; transfer: ArrayBuffer[] } {
  const checked = checkRunConfig(req.config);
  if (!checked.ok) return { reply: { type: "theoryError", requestId: req.requestId, message: checked.message }, transfer: [] };
  const curve = expectedLossCurve(checked.value, req.points);
  const transfer = curve.supported ? [curve.steps.buffer, curve.loss.buffer, curve.floorAtRate.buffer] : [];
  return { reply: { type: "theoryDone", requestId: req.requestId, curve }, transfer: transfer as ArrayBuffer[] };
}

serveRequests("theory", isTheoryRequest, computeTheory, (requestId, message): TheoryReply => ({ type: "theoryError", requestId, message }));
