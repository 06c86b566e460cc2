// One worker of the sweep pool (client.ts): runs the runs it is handed, one at a time, with the
// engine's CellRunner (a Trainer that keeps only the last epoch's loss), and posts each outcome.
//
// Why chunks: a long run (many epochs) must still stop promptly when its sweep is cancelled, so the
// loop yields to the event loop every SLICE_MS; a `sweepCancel` handled in between ends the run and
// drops its queued siblings. Yielding does not touch the numbers: outcomes stay deterministic.

import { CellRunner } from "../../engine/sweep.ts";
import { checkRunConfig, customSurfacesFirst, errorMessage, requireWorkerScope, sliceWaker } from "../shared.ts";
import { isToSweepWorker, type FromSweepWorker, type ToSweepWorker } from "./protocol.ts";

const scope = requireWorkerScope<FromSweepWorker>();

/** Longest stretch of training before yielding, so a cancel is handled within a frame or two. */
const SLICE_MS = 20;
/** Steps between clock checks. */
const CHUNK = 64;

type Job = Extract<ToSweepWorker, { type: "sweepRun" }>;

const queue: Job[] = [];
const cancelled = new Set<number>();
let current: { job: Job; runner: CellRunner; started: number } | null = null;

const wake = sliceWaker(() => slice());

function post(msg: FromSweepWorker): void {
  scope.postMessage(msg);
}

function fail(job: Job, e: unknown): void {
  post({ type: "sweepError", sweepId: job.sweepId, workerId: job.workerId, index: job.index, message: errorMessage(e) });
}

/** Starts the next queued job; false when there is none. */
function next(): boolean {
  while (queue.length > 0) {
    const job = queue.shift() as Job;
    if (cancelled.has(job.sweepId)) continue;
    const checked = checkRunConfig(job.config);
    if (!checked.ok) {
      fail(job, new Error(checked.message));
      continue;
    }
    current = { job, runner: new CellRunner(checked.value), started: performance.now() };
    return true;
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
      const outcome = c.runner.outcome();
      if (outcome === null) fail(c.job, new Error("the run stopped before its end"));
      else post({ type: "sweepResult", sweepId: c.job.sweepId, workerId: c.job.workerId, index: c.job.index, outcome, ms: performance.now() - c.started });
    }
  } catch (e) {
    current = null;
    fail(c.job, e);
  }
  if (current !== null || queue.length > 0) wake();
}

function handle(msg: ToSweepWorker): void {
  if (msg.type === "sweepRun") {
    queue.push(msg);
    wake();
    return;
  }
  cancelled.add(msg.sweepId);
  if (current !== null && current.job.sweepId === msg.sweepId) current = null;
  for (let i = queue.length - 1; i >= 0; i--) if (queue[i].sweepId === msg.sweepId) queue.splice(i, 1);
}

scope.onmessage = customSurfacesFirst((ev: MessageEvent<unknown>) => {
  const data = ev.data;
  if (!isToSweepWorker(data)) {
    post({ type: "sweepError", sweepId: 0, workerId: 0, index: 0, message: "the sweep worker received a malformed message" });
    return;
  }
  handle(data);
});
