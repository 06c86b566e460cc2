// The training worker: an adapter between protocol.ts messages and one engine Trainer. No training
// logic lives here — only scheduling (time slices, a speed limit) and batching of results.
//
// Why time slices: a command (pause, a new config) must be handled within a frame, so the loop
// never runs longer than SLICE_MS before yielding to the event loop. Why batches: posting one
// message per step would flood the page (thousands of tasks a second); instead samples gather in
// growable columns and go out at most once per FLUSH_MS, with their buffers transferred.

import type { RunConfig } from "../../engine/run-config.ts";
import { SURFACE_PROBLEM_IDS, Trainer } from "../../engine/trainer.ts";
import { ColumnBuilder, PairBuilder } from "../run-data.ts";
import { assertNever, checkRunConfig, customSurfacesFirst, errorMessage, requireWorkerScope } from "../shared.ts";
import { isToWorker, packSamples, type FromWorker, type ToWorker } from "./protocol.ts";

/** Longest stretch of training before yielding, so commands are answered within a frame. */
const SLICE_MS = 8;
/** At most one samples message per animation frame. */
const FLUSH_MS = 16;
/** Steps run between clock checks: small enough to keep slices near SLICE_MS on slow problems. */
const CHUNK = 8;
/** A throttled run may burst at most this long's worth of steps (e.g. after a late timer). */
const BURST_S = 0.1;

interface Run {
  id: number;
  trainer: Trainer;
  builder: ColumnBuilder;
  /** Event, done and diverged messages, posted right after the samples they follow. */
  outbox: FromWorker[];
  paused: boolean;
  /** Steps still owed to "step" commands; run unthrottled, then the run stays paused. */
  owed: number;
  /** 2-D problems: (x, y) after each step, for the loss-surface view; null otherwise. */
  params?: PairBuilder | null;
  /** No steps run yet: the first slice ends after one step, so the first point goes out at once. */
  fresh: boolean;
}

const scope = requireWorkerScope<FromWorker>();

let run: Run | null = null;
let stepsPerSecond: number | null = null;
let tokens = 0;
let lastRefill = 0;
let lastFlush = 0;

// A MessageChannel wakes the loop without setTimeout's 4 ms clamp on nested timers.
const channel = new MessageChannel();
let immediatePending = false;
let timer: ReturnType<typeof setTimeout> | null = null;
channel.port1.onmessage = () => {
  immediatePending = false;
  slice();
};

function post(msg: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(msg, transfer);
}

function wakeNow(): void {
  if (timer !== null) {
    clearTimeout(timer);
    timer = null;
  }
  if (!immediatePending) {
    immediatePending = true;
    channel.port2.postMessage(null);
  }
}

function wakeIn(ms: number): void {
  if (immediatePending || timer !== null) return;
  timer = setTimeout(() => {
    timer = null;
    slice();
  }, ms);
}

function refill(now: number): void {
  if (stepsPerSecond !== null) {
    const cap = Math.max(1, stepsPerSecond * BURST_S);
    tokens = Math.min(cap, tokens + ((now - lastRefill) * stepsPerSecond) / 1000);
  }
  lastRefill = now;
}

/** Restart the bucket with one step's worth, so a resumed or slowed run moves at once but never bursts. */
function resetBucket(): void {
  tokens = 1;
  lastRefill = performance.now();
}

function startRun(id: number, config: RunConfig, paused: boolean): void {
  const builder = new ColumnBuilder();
  const outbox: FromWorker[] = [];
  const params = SURFACE_PROBLEM_IDS.includes(config.problem) ? new PairBuilder() : null;
  const trainer: Trainer = new Trainer(config, {
    onStep: (s) => {
      builder.push(s);
      params?.push(trainer.paramAt(0), trainer.paramAt(1));
    },
    onEvent: (e) => {
      if (e.type === "decay") outbox.push({ type: "event", runId: id, event: e });
      else if (e.type === "done") outbox.push({ type: "done", runId: id, step: e.step });
      else outbox.push({ type: "diverged", runId: id, step: e.step, epoch: e.epoch, reason: e.reason });
    },
  });
  run = { id, trainer, builder, outbox, paused, owed: 0, params, fresh: true };
  post({ type: "ready", runId: id, stepsPerEpoch: trainer.stepsPerEpoch, totalSteps: trainer.totalSteps, initialLoss: trainer.initialLoss });
  resetBucket();
  // Due at once: the first slice's samples go out as soon as it ends, so a changed setting shows its
  // new curve without waiting a frame.
  lastFlush = performance.now() - FLUSH_MS;
  wakeNow();
}

function flush(r: Run, now: number): void {
  if (r.builder.count > 0) {
    const { message, transfer } = packSamples(r.id, r.builder, r.trainer.step, r.params ?? undefined, r.trainer.gradientNoiseScale() ?? undefined);
    post(message, transfer);
  }
  for (const m of r.outbox.splice(0)) post(m);
  lastFlush = now;
}

/** One time slice of training, then decide when to flush and when to wake again. */
function slice(): void {
  const r = run;
  if (r === null) return;
  try {
    const start = performance.now();
    refill(start);
    let now = start;
    while (now - start < SLICE_MS && r.trainer.status === "running") {
      let budget: number;
      if (r.owed > 0) budget = r.owed;
      else if (r.paused) break;
      else budget = stepsPerSecond === null ? CHUNK : Math.floor(tokens);
      if (budget <= 0) break;
      const ran = r.trainer.run(Math.min(budget, r.fresh ? 1 : CHUNK));
      if (r.owed > 0) r.owed -= ran;
      else if (stepsPerSecond !== null) tokens -= ran;
      now = performance.now();
      if (ran === 0) break;
      // A new run's first step is posted alone: on a cold start the steps run before the JIT has
      // warmed up (a first chunk of 8 took ~40 ms), and a full slice held the first point back
      // further still (issue #16).
      if (r.fresh) {
        r.fresh = false;
        break;
      }
    }

    // When to run again: null = idle until a command arrives.
    let nextInMs: number | null;
    if (r.trainer.status !== "running") nextInMs = null;
    else if (r.owed > 0 || (!r.paused && stepsPerSecond === null)) nextInMs = 0;
    else if (r.paused) nextInMs = null;
    else {
      refill(now);
      nextInMs = tokens >= 1 ? 0 : Math.max(1, ((1 - tokens) * 1000) / (stepsPerSecond ?? 1));
    }

    // Flush when a frame's worth of time has passed, or before sleeping past the next frame.
    const dueIn = FLUSH_MS - (now - lastFlush);
    const hasNews = r.builder.count > 0 || r.outbox.length > 0;
    if (hasNews && (dueIn <= 0 || nextInMs === null || nextInMs >= dueIn)) flush(r, now);

    if (nextInMs === 0) wakeNow();
    else if (nextInMs !== null) wakeIn(nextInMs);
  } catch (e) {
    fail(r.id, e);
  }
}

function fail(runId: number, e: unknown): void {
  run = null;
  post({ type: "error", runId, message: errorMessage(e) });
}

function handle(msg: ToWorker): void {
  if (msg.type === "start") {
    const checked = checkRunConfig(msg.config);
    if (!checked.ok) {
      run = null;
      post({ type: "error", runId: msg.runId, message: checked.message });
      return;
    }
    stepsPerSecond = msg.stepsPerSecond;
    startRun(msg.runId, checked.value, msg.paused);
    return;
  }
  // Every other command concerns the current run; a stale one (from before a restart) is dropped.
  const r = run;
  if (r === null || msg.runId !== r.id) return;
  switch (msg.type) {
    case "pause":
      r.paused = true;
      break;
    case "resume":
      r.paused = false;
      resetBucket();
      break;
    case "step":
      // "Step" means step and stay paused; steps owed add up if clicked faster than they run.
      r.paused = true;
      r.owed += msg.steps;
      break;
    case "setSpeed":
      stepsPerSecond = msg.stepsPerSecond;
      resetBucket();
      break;
    case "setRate":
      r.trainer.setRate(msg.lr);
      break;
    case "crash":
      // Deliberately uncaught: the page must see the worker's own error event and recover.
      throw new Error("worker crash requested (test hook)");
    default:
      assertNever(msg);
  }
  wakeNow();
}

scope.onmessage = customSurfacesFirst((ev: MessageEvent<unknown>) => {
  const data = ev.data;
  if (!isToWorker(data)) {
    post({ type: "error", runId: run?.id ?? 0, message: "the training worker received a malformed message" });
    return;
  }
  if (data.type === "crash") {
    if (run !== null && data.runId === run.id) handle(data);
    return;
  }
  try {
    handle(data);
  } catch (e) {
    fail(data.runId, e);
  }
});
