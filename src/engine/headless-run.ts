// One headless run to completion, collected into plain arrays: the CLI's `simulate`, the
// calibration tests and the benchmark share it.

import { StepSeries, type StepColumns } from "./series.ts";
import { Trainer, type EpochSample, type TrainEvent } from "./trainer.ts";
import type { RunConfig } from "./run-config.ts";

export interface RunResult {
  config: RunConfig;
  stepsPerEpoch: number;
  /** Steps the config asks for (summary.steps is fewer when cut short or diverged). */
  totalSteps: number;
  columns: StepColumns;
  epochs: EpochSample[];
  events: TrainEvent[];
  summary: { steps: number; finalLoss: number | null; diverged: boolean };
}

/** Steps between two progress reports: ~20 ms of the default problem. */
const PROGRESS_CHUNK = 2_000;

/**
 * Runs `config` to the end, or for at most `maxSteps` steps; `onProgress` (if given) hears the
 * step count every PROGRESS_CHUNK steps. `cap` bounds the stored rows (see
 * StepSeries).
 */
export function simulate(
  config: RunConfig,
  cap?: number,
  maxSteps = Number.POSITIVE_INFINITY,
  onProgress?: (step: number, totalSteps: number) => void,
): RunResult {
  const series = new StepSeries(cap);
  const epochs: EpochSample[] = [];
  const events: TrainEvent[] = [];
  const trainer = new Trainer(config, {
    onStep: (s) => series.push(s),
    onEpoch: (e) => epochs.push(e),
    onEvent: (e) => events.push(e),
  });
  if (onProgress === undefined) {
    if (Number.isFinite(maxSteps)) trainer.run(maxSteps);
    else trainer.runToEnd();
  } else {
    // Same steps, in chunks, so a long run can say how far it is (the CLI's progress line).
    const limit = Math.min(maxSteps, trainer.totalSteps);
    while (trainer.step < limit && trainer.status === "running") {
      trainer.run(Math.min(PROGRESS_CHUNK, limit - trainer.step));
      onProgress(trainer.step, trainer.totalSteps);
    }
  }
  const last = series.last();
  return {
    config,
    stepsPerEpoch: trainer.stepsPerEpoch,
    columns: series.columns(),
    epochs,
    events,
    totalSteps: trainer.totalSteps,
    summary: { steps: trainer.step, finalLoss: last ? last.loss : null, diverged: trainer.status === "diverged" },
  };
}
