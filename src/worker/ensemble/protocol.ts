// What crosses the boundary between the page and the seed-band workers (issue #14): a pool of
// `worker.ts` instances (client.ts). A band's seeds are split over the pool one seed at a time
// (`ensembleSeed`, answered by `ensembleSeedDone` with the seed's loss at the band's sample steps,
// transferred); once every seed is in, one worker reduces them (`ensembleReduce`, answered by
// `ensembleResult`). Every message carries the `requestId` of its band: after a cancel the pool
// drops anything of it still in flight, and a worker stops a seed of a cancelled band at its next
// chunk. `workerId` is the pool's number for the worker, echoed back.
//
// Room to grow: a request is `EnsembleRequest` and a result `EnsembleResult`, both records, so one
// more optional field (e.g. `theory`: the expected-loss line, computed by the reducing worker from
// the request's config) is one optional property on each, checked by an optional guard below.

import type { Band, SeedTrace } from "../../engine/ensemble.ts";
import type { RunConfig } from "../../engine/run-config.ts";
import { isCount, isFiniteNumber, isRec, unionGuard, type Rec } from "../shared.ts";

/** A band asked for: `config` run on seeds config.seed, config.seed + 1, … (`seeds` of them). */
export interface EnsembleRequest {
  config: RunConfig;
  seeds: number;
}

/** What a band request answers with. */
export interface EnsembleResult {
  band: Band;
}

export type ToEnsembleWorker =
  /** Run seed `seed` of `config`'s band; answer with one `ensembleSeedDone` (or `ensembleError`). */
  | { type: "ensembleSeed"; requestId: number; workerId: number; config: RunConfig; seed: number }
  /** Reduce the seeds' traces of `request` to its result. */
  | { type: "ensembleReduce"; requestId: number; workerId: number; request: EnsembleRequest; traces: SeedTrace[] }
  /** Stop any work of band `requestId` (running or queued); nothing more is posted for it. */
  | { type: "ensembleCancel"; requestId: number };

export type FromEnsembleWorker =
  /** `ms`: the seed's wall time inside the worker. */
  | { type: "ensembleSeedDone"; requestId: number; workerId: number; trace: SeedTrace; ms: number }
  | { type: "ensembleResult"; requestId: number; workerId: number; result: EnsembleResult; ms: number }
  | { type: "ensembleError"; requestId: number; workerId: number; message: string };

type ToType = ToEnsembleWorker["type"];
type FromType = FromEnsembleWorker["type"];

const isF64 = (v: unknown): v is Float64Array => v instanceof Float64Array;

function isTrace(v: unknown): v is SeedTrace {
  return isRec(v) && isCount(v.seed) && isF64(v.loss) && (v.divergedAt === null || isCount(v.divergedAt));
}

function isRequest(v: unknown): v is EnsembleRequest {
  return isRec(v) && isRec(v.config) && isCount(v.seeds);
}

function isBand(v: unknown): v is Band {
  if (!isRec(v) || !isCount(v.seeds) || !isCount(v.baseSeed) || !isFiniteNumber(v.stepsPerEpoch) || !isCount(v.diverged)) return false;
  const cols = [v.step, v.epoch, v.q10, v.q50, v.q90];
  return cols.every(isF64) && cols.every((c) => (c as Float64Array).length === (v.step as Float64Array).length);
}

function isResult(v: unknown): v is EnsembleResult {
  return isRec(v) && isBand(v.band);
}

const TO_CHECKS: { [K in ToType]: (m: Rec) => boolean } = {
  ensembleSeed: (m) => isCount(m.workerId) && isRec(m.config) && isCount(m.seed),
  ensembleReduce: (m) => isCount(m.workerId) && isRequest(m.request) && Array.isArray(m.traces) && m.traces.every(isTrace),
  ensembleCancel: () => true,
};

const FROM_CHECKS: { [K in FromType]: (m: Rec) => boolean } = {
  ensembleSeedDone: (m) => isCount(m.workerId) && isTrace(m.trace) && isFiniteNumber(m.ms) && m.ms >= 0,
  ensembleResult: (m) => isCount(m.workerId) && isResult(m.result) && isFiniteNumber(m.ms) && m.ms >= 0,
  ensembleError: (m) => isCount(m.workerId) && typeof m.message === "string",
};

export const isToEnsembleWorker = unionGuard<ToEnsembleWorker>("requestId", TO_CHECKS);
export const isFromEnsembleWorker = unionGuard<FromEnsembleWorker>("requestId", FROM_CHECKS);

/** The typed arrays of a result, to transfer rather than copy. */
export function resultTransfer(r: EnsembleResult): ArrayBuffer[] {
  const b = r.band;
  return [b.step, b.epoch, b.q10, b.q50, b.q90].map((c) => c.buffer as ArrayBuffer);
}
