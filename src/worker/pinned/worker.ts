// The pinned-run worker: computes a pinned comparison run that arrives as a config only (from a
// link or a lesson) to the end, and posts its bounded columns back. A worker of its own so the live
// run keeps streaming meanwhile; requests are answered in order, one at a time.

import { LIVE_SERIES_CAP } from "../../engine/series.ts";
import { simulate } from "../../engine/headless-run.ts";
import { columnBuffers } from "../run-data.ts";
import { checkRunConfig, serveRequests } from "../shared.ts";
import { isPinnedRequest, type PinnedReply, type PinnedRequest } from "./protocol.ts";

/** Rows kept per pinned run: the live run's cap, so a pinned run draws exactly as it would have live. */
export const PINNED_SERIES_CAP = LIVE_SERIES_CAP;

/** One request to its reply (pure apart from the time it takes; Node tests call it directly). */
export function computePinned(req: PinnedRequest): { reply: PinnedReply; transfer: ArrayBuffer[] } {
  const checked = checkRunConfig(req.config);
  if (!checked.ok) return { reply: { type: "pinnedError", requestId: req.requestId, message: checked.message }, transfer: [] };
  const result = simulate(checked.value, PINNED_SERIES_CAP, req.maxSteps);
  const diverged = result.events.find((e) => e.type === "diverged");
  const reply: PinnedReply = {
    type: "pinnedDone",
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

serveRequests("pinned-run", isPinnedRequest, computePinned, (requestId, message): PinnedReply => ({ type: "pinnedError", requestId, message }));
