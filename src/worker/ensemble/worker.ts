// One worker of the seed-band pool (client.ts): runs the seeds it is handed, one at a time, with the
// engine's SeedRunner (which keeps only the loss at the band's sample steps), and reduces a band's
// traces when asked to (engine reduceBand). The numbers are the engine's: `computeBand` in Node
// gives the same band bit for bit.
//
// Why chunks: a long run must still stop promptly when its band is cancelled (a setting changed),
// so the loop yields to the event loop every SLICE_MS; an `ensembleCancel` handled in between ends
// the seed and drops its queued siblings. Yielding does not touch the numbers.

import { bandShape, reduceBand, SeedRunner, seedsProblem } from "../../engine/ensemble.ts";
import { checkRunConfig, customSurfacesFirst, errorMessage, requireWorkerScope, slicedJobs } from "../shared.ts";
import { isToEnsembleWorker, resultTransfer, type EnsembleResult, type FromEnsembleWorker, type ToEnsembleWorker } from "./protocol.ts";

const scope = requireWorkerScope<FromEnsembleWorker>();

/** Longest stretch of training before yielding, so a cancel is handled within a frame or two. */
const SLICE_MS = 20;
/** Steps between clock checks. */
const CHUNK = 64;

type SeedJob = Extract<ToEnsembleWorker, { type: "ensembleSeed" }>;
type ReduceJob = Extract<ToEnsembleWorker, { type: "ensembleReduce" }>;
type Job = SeedJob | ReduceJob;

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

const jobs = slicedJobs<Job, SeedRunner>({
  group: (job) => job.requestId,
  begin(job) {
    if (job.type === "ensembleReduce") {
      reduce(job);
      return null;
    }
    const checked = checkRunConfig(job.config, "band config");
    if (!checked.ok) throw new Error(checked.message);
    return new SeedRunner(checked.value, job.seed);
  },
  finish(job, runner, ms) {
    const trace = runner.trace();
    if (trace === null) {
      fail(job, new Error("the seed stopped before its end"));
      return;
    }
    scope.postMessage({ type: "ensembleSeedDone", requestId: job.requestId, workerId: job.workerId, trace, ms }, [trace.loss.buffer as ArrayBuffer]);
  },
  fail,
  sliceMs: SLICE_MS,
  chunk: CHUNK,
});

function handle(msg: ToEnsembleWorker): void {
  if (msg.type === "ensembleCancel") {
    jobs.cancel(msg.requestId);
    return;
  }
  if (msg.type === "ensembleReduce") {
    const bad = seedsProblem("seeds", msg.request.seeds);
    if (bad !== null) {
      fail(msg, new Error(bad.message));
      return;
    }
  }
  jobs.push(msg);
}

scope.onmessage = customSurfacesFirst((ev: MessageEvent<unknown>) => {
  const data = ev.data;
  if (!isToEnsembleWorker(data)) {
    scope.postMessage({ type: "ensembleError", requestId: 0, workerId: 0, message: "the ensemble worker received a malformed message" });
    return;
  }
  handle(data);
});
