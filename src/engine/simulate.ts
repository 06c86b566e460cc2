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

/**
 * Runs `config` to the end, or for at most `maxSteps` steps. `cap` bounds the stored rows (see
 * StepSeries).
 */
export function simulate(config: RunConfig, cap?: number, maxSteps = Number.POSITIVE_INFINITY): RunResult {
  const series = new StepSeries(cap);
  const epochs: EpochSample[] = [];
  const events: TrainEvent[] = [];
  const trainer = new Trainer(config, {
    onStep: (s) => series.push(s),
    onEpoch: (e) => epochs.push(e),
    onEvent: (e) => events.push(e),
  });
  if (Number.isFinite(maxSteps)) trainer.run(maxSteps);
  else trainer.runToEnd();
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
