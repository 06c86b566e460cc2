// A run's data as it crosses the worker boundary, shared by the training protocol (streamed in
// batches) and the pinned-run protocol (sent once, finished): per-step columns of Float64Arrays whose
// buffers are transferred, never copied; (x, y) pairs of a 2-D problem's path; train events and
// divergence, with their guards.
//
// Kept free of DOM and WebWorker globals (compiles under tsconfig.app and tsconfig.worker).

import { STEP_FIELDS, type StepColumns, type StepSample } from "../engine/series.ts";
import type { TrainEvent } from "../engine/trainer.ts";
import { isCount, isFiniteNumber, isRec } from "./shared.ts";

export interface DivergedInfo {
  step: number;
  epoch: number;
  reason: string;
}

export function isDivergedInfo(v: unknown): v is DivergedInfo {
  return isRec(v) && isCount(v.step) && isFiniteNumber(v.epoch) && typeof v.reason === "string";
}

export function isTrainEvent(v: unknown): v is TrainEvent {
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
