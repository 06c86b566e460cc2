// One worker of the sweep pool (client.ts): runs the runs it is handed, one at a time, with the
// engine's CellRunner (a Trainer that keeps only the last epoch's loss), and posts each outcome.
//
// Why chunks: a long run (many epochs) must still stop promptly when its sweep is cancelled, so the
// loop yields to the event loop every SLICE_MS; a `sweepCancel` handled in between ends the run and
// drops its queued siblings. Yielding does not touch the numbers: outcomes stay deterministic.

import { CellRunner } from "../../engine/sweep.ts";
import { checkRunConfig, customSurfacesFirst, errorMessage, requireWorkerScope, slicedJobs } from "../shared.ts";
import { isToSweepWorker, type FromSweepWorker, type ToSweepWorker } from "./protocol.ts";

const scope = requireWorkerScope<FromSweepWorker>();

/** Longest stretch of training before yielding, so a cancel is handled within a frame or two. */
const SLICE_MS = 20;
/** Steps between clock checks. */
const CHUNK = 64;

type Job = Extract<ToSweepWorker, { type: "sweepRun" }>;

function post(msg: FromSweepWorker): void {
  scope.postMessage(msg);
}

function fail(job: Job, e: unknown): void {
  post({ type: "sweepError", sweepId: job.sweepId, workerId: job.workerId, index: job.index, message: errorMessage(e) });
}

const jobs = slicedJobs<Job, CellRunner>({
  group: (job) => job.sweepId,
  begin(job) {
    const checked = checkRunConfig(job.config);
    if (!checked.ok) throw new Error(checked.message);
    return new CellRunner(checked.value);
  },
  finish(job, runner, ms) {
    const outcome = runner.outcome();
    if (outcome === null) fail(job, new Error("the run stopped before its end"));
    else post({ type: "sweepResult", sweepId: job.sweepId, workerId: job.workerId, index: job.index, outcome, ms });
  },
  fail,
  sliceMs: SLICE_MS,
  chunk: CHUNK,
});

function handle(msg: ToSweepWorker): void {
  if (msg.type === "sweepRun") jobs.push(msg);
  else jobs.cancel(msg.sweepId);
}

scope.onmessage = customSurfacesFirst((ev: MessageEvent<unknown>) => {
  const data = ev.data;
  if (!isToSweepWorker(data)) {
    post({ type: "sweepError", sweepId: 0, workerId: 0, index: 0, message: "the sweep worker received a malformed message" });
    return;
  }
  handle(data);
});
