// The one place that defines what crosses the worker boundary. Both sides import these types, so
// a renamed field fails the build on both ends instead of silently dropping data.
//
// Every message carries the `runId` of the run it concerns: after a restart the page ignores the
// old run's batches still in flight, and the worker ignores commands meant for a run it replaced.
// Per-step samples travel as columns of Float64Arrays whose buffers are transferred, never copied,
// and at most one batch per animation frame (see training.worker.ts).
//
// Kept free of DOM and WebWorker globals: this file compiles under both tsconfig.app and
// tsconfig.worker.

import type { RunConfig } from "../engine/run-config.ts";
import { STEP_FIELDS, type StepColumns, type StepSample } from "../engine/series.ts";
import type { EpochSample, TrainEvent } from "../engine/trainer.ts";

// ---------------------------------------------------------------------------------------------
// Page -> worker

export type ToWorker =
  /** Replace whatever ran with a fresh run of `config`. `stepsPerSecond: null` = as fast as possible. */
  | { type: "start"; runId: number; config: RunConfig; stepsPerSecond: number | null; paused: boolean }
  | { type: "pause"; runId: number }
  | { type: "resume"; runId: number }
  /** Advance exactly `steps` steps, then stay paused (one epoch = stepsPerEpoch). */
  | { type: "step"; runId: number; steps: number }
  /** Start the current config over from step 0 as run `runId` (a new id, so old batches drop). */
  | { type: "reset"; runId: number }
  | { type: "setSpeed"; runId: number; stepsPerSecond: number | null }
  /** Change the rate from the next step on: a manual decay (Trainer.setRate). */
  | { type: "setRate"; runId: number; lr: number }
  /** Test hook: throw an uncaught error inside the worker to exercise the restart path. */
  | { type: "crash"; runId: number };

// ---------------------------------------------------------------------------------------------
// Worker -> page

export interface DivergedInfo {
  step: number;
  epoch: number;
  reason: string;
}

export type FromWorker =
  | { type: "ready"; runId: number; stepsPerEpoch: number; totalSteps: number; initialLoss: number }
  /** `count` rows in `columns` (each column exactly `count` long), epochs completed in the batch, last step. */
  | {
      type: "samples";
      runId: number;
      count: number;
      columns: StepColumns;
      epochs: EpochSample[];
      step: number;
      /** 2-D problems only: the parameters after each step, interleaved (x0, y0, x1, y1, ...), 2 x count long; transferred. */
      params?: Float64Array;
    }
  /** A rate change (scheduled or manual); done and diverged have their own messages. */
  | { type: "event"; runId: number; event: TrainEvent }
  | { type: "done"; runId: number; step: number }
  | ({ type: "diverged"; runId: number } & DivergedInfo)
  | { type: "error"; runId: number; message: string };

export type ToWorkerType = ToWorker["type"];
export type FromWorkerType = FromWorker["type"];

/** For exhaustive switches: a new message type that is not handled fails to compile here. */
export function assertNever(x: never): never {
  throw new Error(`unhandled message ${JSON.stringify(x)}`);
}

// ---------------------------------------------------------------------------------------------
// Guards. Anything arriving through postMessage is untrusted until checked: a guard answers "is
// this a message of ours with the fields its type promises", not "is the config valid" (the
// worker validates configs with the engine's schema).

type Rec = Record<string, unknown>;

function isRec(v: unknown): v is Rec {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isSpeed = (v: unknown): boolean => v === null || (isFiniteNumber(v) && v > 0);

const TO_WORKER_CHECKS: { [K in ToWorkerType]: (m: Rec) => boolean } = {
  start: (m) => isRec(m.config) && isSpeed(m.stepsPerSecond) && typeof m.paused === "boolean",
  pause: () => true,
  resume: () => true,
  step: (m) => isCount(m.steps) && (m.steps as number) > 0,
  reset: () => true,
  setSpeed: (m) => isSpeed(m.stepsPerSecond),
  setRate: (m) => isFiniteNumber(m.lr) && m.lr > 0,
  crash: () => true,
};

function isEpochSample(v: unknown): boolean {
  return isRec(v) && isCount(v.epoch) && ["lr", "meanStepLoss", "loss"].every((k) => typeof v[k] === "number");
}

function isTrainEvent(v: unknown): v is TrainEvent {
  if (!isRec(v) || !isFiniteNumber(v.step) || !isFiniteNumber(v.epoch)) return false;
  switch (v.type) {
    case "decay":
      return isFiniteNumber(v.from) && isFiniteNumber(v.to) && typeof v.manual === "boolean";
    case "diverged":
      return typeof v.reason === "string";
    case "done":
      return true;
    default:
      return false;
  }
}

/** Columns of exactly `count` rows: one Float64Array per STEP_FIELDS entry. */
export function isStepColumns(v: unknown, count: number): v is StepColumns {
  return isRec(v) && STEP_FIELDS.every((f) => v[f] instanceof Float64Array && v[f].length === count);
}

const FROM_WORKER_CHECKS: { [K in FromWorkerType]: (m: Rec) => boolean } = {
  ready: (m) => isCount(m.stepsPerEpoch) && isCount(m.totalSteps) && typeof m.initialLoss === "number",
  samples: (m) =>
    isCount(m.count) &&
    isStepColumns(m.columns, m.count as number) &&
    Array.isArray(m.epochs) &&
    m.epochs.every(isEpochSample) &&
    isCount(m.step) &&
    (m.params === undefined || (m.params instanceof Float64Array && m.params.length === 2 * (m.count as number))),
  event: (m) => isTrainEvent(m.event),
  done: (m) => isCount(m.step),
  diverged: (m) => isCount(m.step) && isFiniteNumber(m.epoch) && typeof m.reason === "string",
  error: (m) => typeof m.message === "string",
};

function hasCheck<T extends string>(checks: Record<T, unknown>, type: unknown): type is T {
  return typeof type === "string" && Object.prototype.hasOwnProperty.call(checks, type);
}

export function isToWorker(v: unknown): v is ToWorker {
  return isRec(v) && isCount(v.runId) && hasCheck(TO_WORKER_CHECKS, v.type) && TO_WORKER_CHECKS[v.type](v);
}

export function isFromWorker(v: unknown): v is FromWorker {
  return isRec(v) && isCount(v.runId) && hasCheck(FROM_WORKER_CHECKS, v.type) && FROM_WORKER_CHECKS[v.type](v);
}

// ---------------------------------------------------------------------------------------------
// Ghost runs (ghost.worker.ts): a pinned comparison run given only by its config — from a link or
// a lesson — computed to the end in a worker of its own, so the live run never waits for it.

/** Page -> ghost worker: compute `config` to the end (or to `maxSteps`). */
export interface GhostRequest {
  type: "ghost";
  requestId: number;
  config: RunConfig;
  maxSteps: number;
}

/** Ghost worker -> page: the finished run's bounded columns (transferred), or why it failed. */
export type GhostReply =
  | {
      type: "ghostDone";
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
  | { type: "ghostError"; requestId: number; message: string };

export function isGhostRequest(v: unknown): v is GhostRequest {
  return isRec(v) && v.type === "ghost" && isCount(v.requestId) && isRec(v.config) && isCount(v.maxSteps) && (v.maxSteps as number) > 0;
}

export function isGhostReply(v: unknown): v is GhostReply {
  if (!isRec(v) || !isCount(v.requestId)) return false;
  if (v.type === "ghostError") return typeof v.message === "string";
  return (
    v.type === "ghostDone" &&
    isCount(v.count) &&
    isStepColumns(v.columns, v.count as number) &&
    Array.isArray(v.events) &&
    v.events.every(isTrainEvent) &&
    isCount(v.stepsPerEpoch) &&
    isCount(v.totalSteps) &&
    isCount(v.step) &&
    typeof v.truncated === "boolean" &&
    (v.diverged === null || (isRec(v.diverged) && isCount(v.diverged.step) && isFiniteNumber(v.diverged.epoch) && typeof v.diverged.reason === "string"))
  );
}

// ---------------------------------------------------------------------------------------------
// Column packing

/**
 * Gathers per-step samples into growable Float64Array columns, then hands them off as exactly
 * sized columns ready to transfer. Growth doubles, so a batch of n samples costs O(n) amortised
 * and the worker never allocates per step.
 */
export class ColumnBuilder {
  private cols: StepColumns;
  private n = 0;

  constructor(private capacity = 256) {
    this.cols = allocColumns(capacity);
  }

  get count(): number {
    return this.n;
  }

  push(s: Readonly<StepSample>): void {
    if (this.n === this.capacity) this.grow();
    const i = this.n++;
    for (const f of STEP_FIELDS) this.cols[f][i] = s[f];
  }

  /**
   * The gathered rows as exact-length columns (fresh buffers the caller may transfer), then empty.
   * Copying here keeps the growable scratch buffers in the worker for the next batch.
   */
  take(): { count: number; columns: StepColumns } {
    const count = this.n;
    const columns = {} as StepColumns;
    for (const f of STEP_FIELDS) columns[f] = this.cols[f].slice(0, count);
    this.n = 0;
    return { count, columns };
  }

  private grow(): void {
    this.capacity *= 2;
    const next = allocColumns(this.capacity);
    for (const f of STEP_FIELDS) next[f].set(this.cols[f]);
    this.cols = next;
  }
}

function allocColumns(n: number): StepColumns {
  const out = {} as StepColumns;
  for (const f of STEP_FIELDS) out[f] = new Float64Array(n);
  return out;
}

/** The buffers to list as transferables when posting these columns. */
export function columnBuffers(columns: StepColumns): ArrayBuffer[] {
  // Float64Array.prototype.slice always allocates a plain ArrayBuffer (never shared memory).
  return STEP_FIELDS.map((f) => columns[f].buffer as ArrayBuffer);
}

/** Row `i` of columns as a sample (tests and debugging; hot paths read columns directly). */
export function columnRow(columns: StepColumns, i: number): StepSample {
  const s = {} as StepSample;
  for (const f of STEP_FIELDS) s[f] = columns[f][i];
  return s;
}

/**
 * Empties `builder` into one `samples` message plus the buffers to transfer with it, so a batch
 * is always posted with its transfer list (forgetting it would silently copy every buffer).
 */
export function packSamples(
  runId: number,
  builder: ColumnBuilder,
  epochs: EpochSample[],
  step: number,
  params?: PairBuilder,
): { message: Extract<FromWorker, { type: "samples" }>; transfer: ArrayBuffer[] } {
  const { count, columns } = builder.take();
  const transfer = columnBuffers(columns);
  if (params === undefined) return { message: { type: "samples", runId, count, columns, epochs, step }, transfer };
  const xy = params.take();
  transfer.push(xy.buffer as ArrayBuffer);
  return { message: { type: "samples", runId, count, columns, epochs, step, params: xy }, transfer };
}

/**
 * Gathers (x, y) pairs, one per step, interleaved in a growable Float64Array (the trajectory of a
 * 2-D problem); `take()` hands them off exactly sized, like ColumnBuilder.
 */
export class PairBuilder {
  private buf: Float64Array;
  private n = 0;

  constructor(capacity = 256) {
    this.buf = new Float64Array(2 * capacity);
  }

  get count(): number {
    return this.n;
  }

  push(x: number, y: number): void {
    if (2 * this.n === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[2 * this.n] = x;
    this.buf[2 * this.n + 1] = y;
    this.n++;
  }

  take(): Float64Array {
    const out = this.buf.slice(0, 2 * this.n);
    this.n = 0;
    return out;
  }
}

// =============================================================================================
// Sweep workers (issue #7): a pool of `sweep.worker.ts` instances, each running one run of a
// learning-rate sweep at a time (see pool.ts). Separate unions from the training worker's, so
// neither worker has to handle the other's messages. Every message carries the `sweepId` of its
// sweep: after a cancel the pool drops anything of the old sweep still in flight, and a worker
// stops a run of a cancelled sweep at its next chunk. `workerId` is the pool's number for the
// worker, echoed back so the page can show how many workers took part.

import type { RunOutcome } from "../engine/sweep.ts";

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

export function isToSweepWorker(v: unknown): v is ToSweepWorker {
  return isRec(v) && isCount(v.sweepId) && hasCheck(TO_SWEEP_CHECKS, v.type) && TO_SWEEP_CHECKS[v.type](v);
}

export function isFromSweepWorker(v: unknown): v is FromSweepWorker {
  return isRec(v) && isCount(v.sweepId) && hasCheck(FROM_SWEEP_CHECKS, v.type) && FROM_SWEEP_CHECKS[v.type](v);
}

// =============================================================================================
// Range-test worker (issue #7): `range-test.worker.ts` runs one learning-rate range test per
// request (engine/range-test.ts) and answers once. `testId` pairs an answer with its request, so
// the page ignores the answer to a test it has since replaced.

import type { RangeTestOptions, RangeTestResult } from "../engine/range-test.ts";

export type ToRangeTestWorker = { type: "rangeTest"; testId: number; config: RunConfig; options: Partial<RangeTestOptions> };

export type FromRangeTestWorker =
  | { type: "rangeResult"; testId: number; result: RangeTestResult; ms: number }
  | { type: "rangeError"; testId: number; message: string };

const isNumberArray = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === "number");

function isSuggestion(v: unknown): boolean {
  return v === null || (isRec(v) && (v.rule === "steep" || v.rule === "valley") && isFiniteNumber(v.lr) && isCount(v.index) && typeof v.loss === "number");
}

function isRangeResult(v: unknown): v is RangeTestResult {
  if (!isRec(v) || !isNumberArray(v.lr) || !isNumberArray(v.loss) || !isNumberArray(v.smoothed)) return false;
  const n = v.lr.length;
  if (v.loss.length !== n || v.smoothed.length !== n) return false;
  const stop = v.stop;
  if (!isRec(stop) || (stop.reason !== "end" && stop.reason !== "diverged") || !isCount(stop.step) || typeof stop.lr !== "number") return false;
  const s = v.suggestions;
  return isRec(s) && isSuggestion(s.steep) && isSuggestion(s.valley);
}

export function isToRangeTestWorker(v: unknown): v is ToRangeTestWorker {
  return isRec(v) && v.type === "rangeTest" && isCount(v.testId) && isRec(v.config) && isRec(v.options);
}

export function isFromRangeTestWorker(v: unknown): v is FromRangeTestWorker {
  if (!isRec(v) || !isCount(v.testId)) return false;
  if (v.type === "rangeResult") return isRangeResult(v.result) && isFiniteNumber(v.ms);
  if (v.type === "rangeError") return typeof v.message === "string";
  return false;
}
