// Tick labels in one number format per axis. Labelled one at a time, the ticks of a log axis came
// out mixed ("5e-4", "0.001", "0.0025"): each axis now picks one notation (plain decimals or
// mantissa·e±exponent) and one precision (decimals, or mantissa digits) that shows every one of its
// ticks exactly, so all labels of an axis read alike and no two ticks share a label.

import { formatTick } from "./chart-data.ts";

export type TickNotation = { kind: "fixed"; decimals: number } | { kind: "exp"; digits: number };

/** Plain decimals only between these magnitudes, and over at most this many decades. */
const FIXED_MIN = 1e-3;
const FIXED_MAX = 1e6;
const FIXED_SPAN = 1e4;
/** A label may round a tick by this share of the axis's largest tick (ticks are 12-digit round numbers). */
const TOLERANCE = 1e-9;
/** ...and by at most this share of the smallest gap between two ticks. */
const GAP_SHARE = 1e-3;
const MAX_DECIMALS = 20;
const MAX_DIGITS = 15;

/** The notation and precision for an axis with these ticks (non-finite ticks are ignored). */
export function tickNotation(ticks: readonly number[]): TickNotation {
  const mags = ticks.filter((v) => Number.isFinite(v) && v !== 0).map(Math.abs);
  if (mags.length === 0) return { kind: "fixed", decimals: 0 };
  const lo = Math.min(...mags);
  const hi = Math.max(...mags);
  // Rounding must also stay well inside the gap between neighbouring ticks, or two would share a label.
  const sorted = ticks.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] > sorted[i - 1]) gap = Math.min(gap, sorted[i] - sorted[i - 1]);
  const slack = gap * GAP_SHARE;
  if (lo < FIXED_MIN || hi >= FIXED_MAX || hi / lo >= FIXED_SPAN) {
    for (let k = 0; k < MAX_DIGITS; k++) {
      if (mags.every((m) => Math.abs(Number(m.toExponential(k)) - m) <= Math.min(m * TOLERANCE, slack))) return { kind: "exp", digits: k };
    }
    return { kind: "exp", digits: MAX_DIGITS };
  }
  const tol = Math.min(hi * TOLERANCE, slack);
  for (let d = 0; d < MAX_DECIMALS; d++) {
    if (mags.every((m) => Math.abs(Number(m.toFixed(d)) - m) <= tol)) return { kind: "fixed", decimals: d };
  }
  return { kind: "fixed", decimals: MAX_DECIMALS };
}

/** One value in `notation`; 0 is always "0", a non-finite value "". */
export function formatIn(v: number, notation: TickNotation): string {
  if (!Number.isFinite(v)) return "";
  if (v === 0) return "0";
  const text = notation.kind === "fixed" ? v.toFixed(notation.decimals) : v.toExponential(notation.digits).replace("e+", "e");
  // A value rounding to zero at this precision is zero on this axis (never "-0.00").
  return Number(text) === 0 ? "0" : text;
}

/** The labels of an axis's ticks, in one notation and precision. */
export function formatTicks(ticks: readonly number[]): string[] {
  const notation = tickNotation(ticks);
  return ticks.map((v) => formatIn(v, notation));
}

const cache = new WeakMap<readonly number[], (v: number) => string>();

/**
 * A Recharts `tickFormatter` for an axis drawn with exactly these ticks. Cached per tick array, so a
 * chart passing the same (identity-stable) array gets the same function and Recharts does not lay
 * the axis out again. Without ticks (Recharts picks them) each value is labelled on its own.
 */
export function axisTickFormatter(ticks: readonly number[] | undefined): (v: number) => string {
  if (ticks === undefined || ticks.length === 0) return formatTick;
  const known = cache.get(ticks);
  if (known !== undefined) return known;
  const notation = tickNotation(ticks);
  const f = (v: number): string => formatIn(v, notation);
  cache.set(ticks, f);
  return f;
}
