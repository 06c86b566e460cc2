// What crosses the boundary between the page and the sweep workers: a pool of `worker.ts`
// instances (client.ts), each running one run of a learning-rate sweep at a time. Every message
// carries the `sweepId` of its sweep: after a cancel the pool drops anything of the old sweep still
// in flight, and a worker stops a run of a cancelled sweep at its next chunk. `workerId` is the
// pool's number for the worker, echoed back so the page can show how many workers took part.

import type { RunConfig } from "../../engine/run-config.ts";
import type { RunOutcome } from "../../engine/sweep.ts";
import { isCount, isFiniteNumber, isRec, unionGuard, type Rec } from "../shared.ts";

export type ToSweepWorker =
  /** Run `config` to its end and answer with one `sweepResult` (or `sweepError`). */
  | { type: "sweepRun"; sweepId: number; workerId: number; index: number; config: RunConfig }
  /** Stop any run of sweep `sweepId` (running or queued); nothing more is posted for it. */
  | { type: "sweepCancel"; sweepId: number };

export type FromSweepWorker =
  /** `ms`: the run's wall time inside the worker. */
  | { type: "sweepResult"; sweepId: number; workerId: number; index: number; outcome: RunOutcome; ms: number }
  | { type: "sweepError"; sweepId: number; workerId: number; index: number; message: string };

export type ToSweepWorkerType = ToSweepWorker["type"];
export type FromSweepWorkerType = FromSweepWorker["type"];

function isRunOutcome(v: unknown): v is RunOutcome {
  if (!isRec(v)) return false;
  if (v.status === "done") return typeof v.finalLoss === "number" && isCount(v.steps);
  if (v.status === "diverged") return isCount(v.step) && isFiniteNumber(v.epoch) && typeof v.reason === "string";
  return false;
}

const TO_SWEEP_CHECKS: { [K in ToSweepWorkerType]: (m: Rec) => boolean } = {
  sweepRun: (m) => isCount(m.workerId) && isCount(m.index) && isRec(m.config),
  sweepCancel: () => true,
};

const FROM_SWEEP_CHECKS: { [K in FromSweepWorkerType]: (m: Rec) => boolean } = {
  sweepResult: (m) => isCount(m.workerId) && isCount(m.index) && isRunOutcome(m.outcome) && isFiniteNumber(m.ms) && m.ms >= 0,
  sweepError: (m) => isCount(m.workerId) && isCount(m.index) && typeof m.message === "string",
};

export const isToSweepWorker = unionGuard<ToSweepWorker>("sweepId", TO_SWEEP_CHECKS);
export const isFromSweepWorker = unionGuard<FromSweepWorker>("sweepId", FROM_SWEEP_CHECKS);
