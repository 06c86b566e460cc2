// The chart view a link carries (`smooth`, `logy`, `logx`, `fit`, `x`, `theory`, `seeds`): one copy
// of its shape and defaults, read by the URL codec, the store and the charts.

export type XUnit = "step" | "epoch";

export interface ViewState {
  /** TensorBoard's EMA weight, in [0, 0.999]; 0 draws the raw curve. */
  smoothing: number;
  logY: boolean;
  logX: boolean;
  xUnit: XUnit;
  /**
   * Fit the loss chart's y axis to all the data instead of the view's fixed frame (see
   * views.ts). Off by default: a fixed frame never rescales while a run streams.
   */
  fitY: boolean;
  /**
   * Draw the expected-loss curve and noise floors (engine/theory.ts) for each run on the noisy
   * quadratic. Off by default; lesson 6 opens with it.
   */
  theory: boolean;
  /**
   * Seeds of the loss chart's bands (issue #14): each run is also run on this many seeds and drawn
   * as its median and 10–90% band. 1 is a single run: no bands.
   */
  seeds: number;
}

/** Highest smoothing weight: smoothEma needs a weight below 1 (the link's `smooth` and the toolbar). */
export const MAX_SMOOTHING = 0.999;

export const DEFAULT_VIEW: Readonly<ViewState> = Object.freeze({
  smoothing: 0.6,
  logY: false,
  logX: false,
  xUnit: "epoch",
  fitY: false,
  theory: false,
  seeds: 1,
});
