// What crosses the boundary between the page and the training worker (the live run). Both sides
// import these types, so a renamed field fails the build on both ends instead of silently dropping
// data.
//
// Every message carries the `runId` of the run it concerns: after a restart the page ignores the
// old run's batches still in flight, and the worker ignores commands meant for a run it replaced.
// Per-step samples travel as columns of Float64Arrays whose buffers are transferred, never copied,
// and at most one batch per animation frame (see worker.ts).

import type { RunConfig } from "../../engine/run-config.ts";
import type { StepColumns } from "../../engine/series.ts";
import type { TrainEvent } from "../../engine/trainer.ts";
import { ColumnBuilder, PairBuilder, columnBuffers, isStepColumns, isTrainEvent, type DivergedInfo } from "../run-data.ts";
import { isCount, isFiniteNumber, isRec, unionGuard, type Rec } from "../shared.ts";

export type { DivergedInfo } from "../run-data.ts";

// ---------------------------------------------------------------------------------------------
// Page -> worker

export type ToWorker =
  /** Replace whatever ran with a fresh run of `config`. `stepsPerSecond: null` = as fast as possible. */
  | { type: "start"; runId: number; config: RunConfig; stepsPerSecond: number | null; paused: boolean }
  | { type: "pause"; runId: number }
  | { type: "resume"; runId: number }
  /** Advance exactly `steps` steps, then stay paused (one epoch = stepsPerEpoch). */
  | { type: "step"; runId: number; steps: number }
  | { type: "setSpeed"; runId: number; stepsPerSecond: number | null }
  /** Change the rate from the next step on: a manual decay (Trainer.setRate). */
  | { type: "setRate"; runId: number; lr: number }
  /** Test hook: throw an uncaught error inside the worker to exercise the restart path. */
  | { type: "crash"; runId: number };

// ---------------------------------------------------------------------------------------------
// Worker -> page

export type FromWorker =
  | { type: "ready"; runId: number; stepsPerEpoch: number; totalSteps: number; initialLoss: number }
  /** `count` rows in `columns` (each column exactly `count` long), and the last step. */
  | {
      type: "samples";
      runId: number;
      count: number;
      columns: StepColumns;
      step: number;
      /** 2-D problems only: the parameters after each step, interleaved (x0, y0, x1, y1, ...), 2 x count long; transferred. */
      params?: Float64Array;
      /** The NQM only: the gradient noise scale B_simple after the last step (Trainer.gradientNoiseScale). */
      noiseScale?: number;
    }
  /** A rate change (scheduled or manual); done and diverged have their own messages. */
  | { type: "event"; runId: number; event: TrainEvent }
  | { type: "done"; runId: number; step: number }
  | ({ type: "diverged"; runId: number } & DivergedInfo)
  | { type: "error"; runId: number; message: string };

export type ToWorkerType = ToWorker["type"];
export type FromWorkerType = FromWorker["type"];

// ---------------------------------------------------------------------------------------------
// Guards

const isSpeed = (v: unknown): boolean => v === null || (isFiniteNumber(v) && v > 0);

const TO_WORKER_CHECKS: { [K in ToWorkerType]: (m: Rec) => boolean } = {
  start: (m) => isRec(m.config) && isSpeed(m.stepsPerSecond) && typeof m.paused === "boolean",
  pause: () => true,
  resume: () => true,
  step: (m) => isCount(m.steps) && (m.steps as number) > 0,
  setSpeed: (m) => isSpeed(m.stepsPerSecond),
  setRate: (m) => isFiniteNumber(m.lr) && m.lr > 0,
  crash: () => true,
};

const FROM_WORKER_CHECKS: { [K in FromWorkerType]: (m: Rec) => boolean } = {
  ready: (m) => isCount(m.stepsPerEpoch) && isCount(m.totalSteps) && typeof m.initialLoss === "number",
  samples: (m) =>
    isCount(m.count) &&
    isStepColumns(m.columns, m.count as number) &&
    isCount(m.step) &&
    (m.params === undefined || (m.params instanceof Float64Array && m.params.length === 2 * (m.count as number))) &&
    (m.noiseScale === undefined || (typeof m.noiseScale === "number" && m.noiseScale > 0)),
  event: (m) => isTrainEvent(m.event),
  done: (m) => isCount(m.step),
  diverged: (m) => isCount(m.step) && isFiniteNumber(m.epoch) && typeof m.reason === "string",
  error: (m) => typeof m.message === "string",
};

export const isToWorker = unionGuard<ToWorker>("runId", TO_WORKER_CHECKS);
export const isFromWorker = unionGuard<FromWorker>("runId", FROM_WORKER_CHECKS);

// ---------------------------------------------------------------------------------------------
// Packing

/**
 * Empties `builder` into one `samples` message plus the buffers to transfer with it, so a batch
 * is always posted with its transfer list (forgetting it would silently copy every buffer).
 */
export function packSamples(
  runId: number,
  builder: ColumnBuilder,
  step: number,
  params?: PairBuilder,
  noiseScale?: number,
): { message: Extract<FromWorker, { type: "samples" }>; transfer: ArrayBuffer[] } {
  const { count, columns } = builder.take();
  const transfer = columnBuffers(columns);
  const message: Extract<FromWorker, { type: "samples" }> = { type: "samples", runId, count, columns, step };
  if (params !== undefined) {
    message.params = params.take();
    transfer.push(message.params.buffer as ArrayBuffer);
  }
  if (noiseScale !== undefined) message.noiseScale = noiseScale;
  return { message, transfer };
}
