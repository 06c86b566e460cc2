// How the charts frame a run: the loss chart's fixed y range ("frame") and, per lesson, the x unit,
// log x and which chart carries the lesson's point. A frame is chosen from the config before the
// first point arrives, so nothing rescales while a run streams; a curve that starts above it enters
// from the top with a "starts at 55 ↑" mark, and "Fit all" (ChartOptions.fitY) fits every point.

import type { RunConfig } from "../engine/run-config.ts";
import type { ProblemId } from "../engine/problems/problem.ts";
import { DEFAULT_VIEW, type ViewState } from "./url-view.ts";

/**
 * The loss chart's frame per problem, from the calibrated runs (src/engine/calibration.test.ts):
 * on the noisy quadratic the loss floor is 0.51, a fixed rate of 0.025 rattles in 0.7–0.9 and the
 * decayed runs end near 0.53, so 0.5–1.0 gives the 0.7–0.9 band 40% of the plot's height. Problems
 * without an entry are fitted to their data.
 */
const FRAMES: Partial<Record<ProblemId, readonly [number, number]>> = {
  nqm: [0.5, 1.0],
};

/** The loss chart's fixed y range for a config, or null (fit the data). */
export function lossFrame(config: Pick<RunConfig, "problem">): readonly [number, number] | null {
  return FRAMES[config.problem] ?? null;
}

/**
 * The band where a fixed rate rattles, drawn on the loss chart: the article's 0.7–0.9, calibrated on
 * the noisy quadratic only (the same runs as its frame). Other problems, a typed Custom surface
 * included, have no such band, so none is drawn.
 */
export function rattleBand(config: Pick<RunConfig, "problem">): readonly [number, number] | null {
  return config.problem === "nqm" ? RATTLE_BAND : null;
}

const RATTLE_BAND: readonly [number, number] = [0.7, 0.9];

/** What a lesson changes about the default view, and which chart its point is in. */
export interface LessonView {
  xUnit?: ViewState["xUnit"];
  logX?: boolean;
  /** The chart the lesson is about, placed first: the loss chart unless said otherwise. */
  keyChart?: "loss" | "lr";
  /** The learning-rate chart shows every run's update size ‖Δx‖ (pinned runs too), not only the live run's. */
  updatesPerRun?: boolean;
  /** Open with the expected-loss curves and noise floors drawn (ViewState.theory). */
  theory?: boolean;
  /** Seeds of the loss chart's bands the lesson opens with (1, no bands, when absent). */
  seeds?: number;
}

/** The chart options a lesson opens with (and the base its link's view keys are written against). */
export function viewBase(view: LessonView | undefined): ViewState {
  return {
    ...DEFAULT_VIEW,
    xUnit: view?.xUnit ?? DEFAULT_VIEW.xUnit,
    logX: view?.logX ?? DEFAULT_VIEW.logX,
    theory: view?.theory ?? DEFAULT_VIEW.theory,
    seeds: view?.seeds ?? DEFAULT_VIEW.seeds,
  };
}
