// What crosses the boundary between the page and the pinned-run worker: a pinned comparison run
// given only by its config — from a link or a lesson — computed to the end in a worker of its own,
// so the live run never waits for it. One request, one reply, paired by `requestId`.

import type { RunConfig } from "../../engine/run-config.ts";
import type { StepColumns } from "../../engine/series.ts";
import type { TrainEvent } from "../../engine/trainer.ts";
import { isDivergedInfo, isStepColumns, isTrainEvent, type DivergedInfo } from "../run-data.ts";
import { isCount, isRec } from "../shared.ts";

/** Page -> pinned-run worker: compute `config` to the end (or to `maxSteps`). */
export interface PinnedRequest {
  type: "pinned";
  requestId: number;
  config: RunConfig;
  maxSteps: number;
}

/** Pinned-run worker -> page: the finished run's bounded columns (transferred), or why it failed. */
export type PinnedReply =
  | {
      type: "pinnedDone";
      requestId: number;
      count: number;
      columns: StepColumns;
      events: TrainEvent[];
      stepsPerEpoch: number;
      totalSteps: number;
      /** Steps actually run (less than totalSteps when cut at maxSteps or diverged). */
      step: number;
      truncated: boolean;
      diverged: DivergedInfo | null;
    }
  | { type: "pinnedError"; requestId: number; message: string };

export function isPinnedRequest(v: unknown): v is PinnedRequest {
  return isRec(v) && v.type === "pinned" && isCount(v.requestId) && isRec(v.config) && isCount(v.maxSteps) && (v.maxSteps as number) > 0;
}

export function isPinnedReply(v: unknown): v is PinnedReply {
  if (!isRec(v) || !isCount(v.requestId)) return false;
  if (v.type === "pinnedError") return typeof v.message === "string";
  return (
    v.type === "pinnedDone" &&
    isCount(v.count) &&
    isStepColumns(v.columns, v.count as number) &&
    Array.isArray(v.events) &&
    v.events.every(isTrainEvent) &&
    isCount(v.stepsPerEpoch) &&
    isCount(v.totalSteps) &&
    isCount(v.step) &&
    typeof v.truncated === "boolean" &&
    (v.diverged === null || isDivergedInfo(v.diverged))
  );
}
