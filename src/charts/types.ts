// What the charts draw: one entry per run (the live run and any pinned runs), already in
// the store's bounded columns. Charts are pure functions of these props; they never read the store.

import type { StepColumns } from "../engine/series.ts";
import type { TrainEvent } from "../engine/trainer.ts";
import type { ViewState } from "../state/url-view.ts";
import type { RunRef } from "../state/lessons.ts";
import type { TheoryResult } from "../state/theory.ts";

/**
 * A run's seed band (issue #14): the same settings on `seeds` seeds, per sample step their median
 * and 10–90% range (engine/ensemble.ts Band). +Infinity marks diverged seeds' losses.
 */
export interface ChartBand {
  /** The request that computed it (drawn as data-band-id, so tests can tell which band is on screen). */
  id: number;
  seeds: number;
  baseSeed: number;
  diverged: number;
  step: Float64Array;
  epoch: Float64Array;
  q10: Float64Array;
  q50: Float64Array;
  q90: Float64Array;
}

/** Where a run's band is: drawn, still computing (`done` of `seeds`), failed, or too big to compute. */
export type BandStatus =
  | { state: "done"; band: ChartBand }
  | { state: "pending"; seeds: number }
  | { state: "error"; seeds: number; message: string }
  | { state: "overBudget"; seeds: number; steps: number; max: number };

export interface ChartRun {
  id: string;
  label: string;
  color: string;
  /** A pinned earlier run, drawn thinner and dashed behind the live one. */
  pinned: boolean;
  columns: StepColumns;
  events: readonly TrainEvent[];
  diverged: { step: number; epoch: number; reason: string } | null;
  stepsPerEpoch: number;
  /** Steps the run will have when it finishes (its planned length); fixes the x axis while it streams. */
  plannedSteps: number;
  /** Which run of the open lesson it is ("live", or its comparison run's index), for the lesson's callouts. */
  lessonRef: RunRef | null;
  /**
   * Whether the run's problem has a minibatch loss (engine HAS_MINIBATCH_LOSS). Without one the
   * `batchLoss` column is empty and the legend and caption say there is none, not a faint line.
   */
  minibatchLoss: boolean;
  /** Its expected-loss curve and noise floors (noisy quadratic, view option `theory`); absent when not asked for. */
  theory?: TheoryResult | null;
  /** Its seed band, or null when bands are off (seeds = 1). */
  band?: BandStatus | null;
}

/** The charts' view options: the link's view (state/url-view.ts), one copy of shape and defaults. */
export type ChartOptions = ViewState;

