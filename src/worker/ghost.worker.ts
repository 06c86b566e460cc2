// The ghost worker: computes a pinned comparison run that arrives as a config only (from a link or
// a lesson) to the end, and posts its bounded columns back. A worker of its own so the live run
// keeps streaming meanwhile; requests are answered in order, one at a time.

import { formatProblems } from "../engine/config.ts";
import { validateRunConfig } from "../engine/run-config.ts";
import { LIVE_SERIES_CAP } from "../engine/series.ts";
import { simulate } from "../engine/simulate.ts";
import { columnBuffers, isGhostRequest, type GhostReply, type GhostRequest } from "./protocol.ts";

/** Rows kept per ghost: the live run's cap, so a ghost draws exactly as it would have live. */
export const GHOST_SERIES_CAP = LIVE_SERIES_CAP;

interface WorkerScope {
  postMessage(message: GhostReply, transfer: Transferable[]): void;
  onmessage: ((ev: MessageEvent<unknown>) => void) | null;
}
declare const self: WorkerScope;

/** One request to its reply (pure apart from the time it takes; the Node test calls it directly). */
export function computeGhost(req: GhostRequest): { reply: GhostReply; transfer: ArrayBuffer[] } {
  const checked = validateRunConfig(req.config);
  if (checked.problems.length > 0) {
    return { reply: { type: "ghostError", requestId: req.requestId, message: `invalid run config: ${formatProblems(checked.problems)}` }, transfer: [] };
  }
  const result = simulate(checked.value, GHOST_SERIES_CAP, req.maxSteps);
  const diverged = result.events.find((e) => e.type === "diverged");
  const reply: GhostReply = {
    type: "ghostDone",
    requestId: req.requestId,
    count: result.columns.step.length,
    columns: result.columns,
    events: result.events.filter((e) => e.type === "decay"),
    stepsPerEpoch: result.stepsPerEpoch,
    totalSteps: result.totalSteps,
    step: result.summary.steps,
    truncated: !result.summary.diverged && result.summary.steps < result.totalSteps,
    diverged: diverged === undefined || diverged.type !== "diverged" ? null : { step: diverged.step, epoch: diverged.epoch, reason: diverged.reason },
  };
  return { reply, transfer: columnBuffers(result.columns) };
}

if (typeof self !== "undefined" && "postMessage" in self) {
  self.onmessage = (ev: MessageEvent<unknown>) => {
    const data = ev.data;
    if (!isGhostRequest(data)) {
      const id = typeof data === "object" && data !== null && "requestId" in data && typeof data.requestId === "number" ? data.requestId : 0;
      self.postMessage({ type: "ghostError", requestId: id, message: "the ghost worker received a malformed request" }, []);
      return;
    }
    try {
      const { reply, transfer } = computeGhost(data);
      self.postMessage(reply, transfer);
    } catch (e) {
      self.postMessage({ type: "ghostError", requestId: data.requestId, message: e instanceof Error ? e.message : String(e) }, []);
    }
  };
}
