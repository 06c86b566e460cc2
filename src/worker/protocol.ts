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
  | { type: "samples"; runId: number; count: number; columns: StepColumns; epochs: EpochSample[]; step: number }
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
  return isRec(v) && isCount(v.epoch) && ["lr", "meanBatchLoss", "loss"].every((k) => typeof v[k] === "number");
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
    isCount(m.step),
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
): { message: Extract<FromWorker, { type: "samples" }>; transfer: ArrayBuffer[] } {
  const { count, columns } = builder.take();
  return { message: { type: "samples", runId, count, columns, epochs, step }, transfer: columnBuffers(columns) };
}
