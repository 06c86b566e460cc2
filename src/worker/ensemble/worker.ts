// One worker of the seed-band pool (client.ts): runs the seeds it is handed, one at a time, with the
// engine's SeedRunner (which keeps only the loss at the band's sample steps), and reduces a band's
// traces when asked to (engine reduceBand). The numbers are the engine's: `computeBand` in Node
// gives the same band bit for bit.
//
// Why chunks: a long run must still stop promptly when its band is cancelled (a setting changed),
// so the loop yields to the event loop every SLICE_MS; an `ensembleCancel` handled in between ends
// the seed and drops its queued siblings. Yielding does not touch the numbers.

import { bandShape, reduceBand, SeedRunner, seedsProblem } from "../../engine/ensemble.ts";
import { checkRunConfig, customSurfacesFirst, errorMessage, requireWorkerScope, sliceWaker } from "../shared.ts";
import { isToEnsembleWorker, resultTransfer, type EnsembleResult, type FromEnsembleWorker, type ToEnsembleWorker } from "./protocol.ts";

const scope = requireWorkerScope<FromEnsembleWorker>();

/** Longest stretch of training before yielding, so a cancel is handled within a frame or two. */
const SLICE_MS = 20;
/** Steps between clock checks. */
const CHUNK = 64;

type SeedJob = Extract<ToEnsembleWorker, { type: "ensembleSeed" }>;
type ReduceJob = Extract<ToEnsembleWorker, { type: "ensembleReduce" }>;
type Job = SeedJob | ReduceJob;

const queue: Job[] = [];
const cancelled = new Set<number>();
let current: { job: SeedJob; runner: SeedRunner; started: number } | null = null;

const wake = sliceWaker(() => slice());

function fail(job: Job, e: unknown): void {
  scope.postMessage({ type: "ensembleError", requestId: job.requestId, workerId: job.workerId, message: errorMessage(e) });
}

/** Reduces a band's traces (fast: a sort per sample step) and posts the result. */
function reduce(job: ReduceJob): void {
  const t0 = performance.now();
  const checked = checkRunConfig(job.request.config, "band config");
  if (!checked.ok) throw new Error(checked.message);
  const config = checked.value;
  const { sampleSteps, stepsPerEpoch } = bandShape(config);
  if (job.traces.length !== job.request.seeds || job.traces.some((t) => t.loss.length !== sampleSteps.length)) {
    throw new Error(`a band of ${job.request.seeds} seeds got ${job.traces.length} traces of the wrong shape`);
  }
  const result: EnsembleResult = { band: reduceBand(job.traces, sampleSteps, stepsPerEpoch, config.seed) };
  scope.postMessage({ type: "ensembleResult", requestId: job.requestId, workerId: job.workerId, result, ms: performance.now() - t0 }, resultTransfer(result));
}

/** Starts the next queued seed (reducing any band on the way); false when there is nothing left. */
function next(): boolean {
  while (queue.length > 0) {
    const job = queue.shift() as Job;
    if (cancelled.has(job.requestId)) continue;
    try {
      if (job.type === "ensembleReduce") {
        reduce(job);
        continue;
      }
      const checked = checkRunConfig(job.config, "band config");
      if (!checked.ok) throw new Error(checked.message);
      current = { job, runner: new SeedRunner(checked.value, job.seed), started: performance.now() };
      return true;
    } catch (e) {
      fail(job, e);
    }
  }
  return false;
}

function slice(): void {
  if (current === null && !next()) return;
  const c = current;
  if (c === null) return;
  const t0 = performance.now();
  try {
    let running = true;
    while (running && performance.now() - t0 < SLICE_MS) running = c.runner.advance(CHUNK);
    if (!running) {
      current = null;
      const trace = c.runner.trace();
      if (trace === null) fail(c.job, new Error("the seed stopped before its end"));
      else {
        scope.postMessage(
          { type: "ensembleSeedDone", requestId: c.job.requestId, workerId: c.job.workerId, trace, ms: performance.now() - c.started },
          [trace.loss.buffer as ArrayBuffer],
        );
      }
    }
  } catch (e) {
    current = null;
    fail(c.job, e);
  }
  if (current !== null || queue.length > 0) wake();
}

function handle(msg: ToEnsembleWorker): void {
  if (msg.type === "ensembleCancel") {
    cancelled.add(msg.requestId);
    if (current !== null && current.job.requestId === msg.requestId) current = null;
    for (let i = queue.length - 1; i >= 0; i--) if (queue[i].requestId === msg.requestId) queue.splice(i, 1);
    return;
  }
  if (msg.type === "ensembleReduce") {
    const bad = seedsProblem("seeds", msg.request.seeds);
    if (bad !== null) {
      fail(msg, new Error(bad.message));
      return;
    }
  }
  queue.push(msg);
  wake();
}

scope.onmessage = customSurfacesFirst((ev: MessageEvent<unknown>) => {
  const data = ev.data;
  if (!isToEnsembleWorker(data)) {
    scope.postMessage({ type: "ensembleError", requestId: 0, workerId: 0, message: "the ensemble worker received a malformed message" });
    return;
  }
  handle(data);
});
