// The heat map's scales, kept out of the component so they can be tested: loss -> position ->
// colour (a viridis ramp, low loss bright), and the legend's ticks. Pure functions, no DOM.

import type { CellResult } from "../../engine/sweep.ts";

export interface LossDomain {
  min: number;
  max: number;
  /** Log when every loss is positive (the spread of losses is multiplicative), linear otherwise. */
  kind: "log" | "linear";
}

/** The range of finished cells' losses, or null when none has finished. */
export function lossDomain(results: readonly (CellResult | null)[]): LossDomain | null {
  let min = Infinity;
  let max = -Infinity;
  for (const r of results) {
    if (r?.status !== "done" || !Number.isFinite(r.finalLoss)) continue;
    min = Math.min(min, r.finalLoss);
    max = Math.max(max, r.finalLoss);
  }
  if (min > max) return null;
  return { min, max, kind: min > 0 ? "log" : "linear" };
}

/** Position of `loss` in [0, 1] along the domain (0 = lowest); clamped; 0.5 for a one-value domain. */
export function lossPosition(loss: number, d: LossDomain): number {
  if (!(d.max > d.min)) return 0.5;
  const f = d.kind === "log" ? Math.log : (x: number) => x;
  const t = (f(loss) - f(d.min)) / (f(d.max) - f(d.min));
  return Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0.5;
}

/** The loss at position t (inverse of lossPosition), for legend ticks. */
export function lossAt(t: number, d: LossDomain): number {
  if (d.kind === "log") return Math.exp(Math.log(d.min) + t * (Math.log(d.max) - Math.log(d.min)));
  return d.min + t * (d.max - d.min);
}

// Viridis (matplotlib), from its dark end to its bright end.
const RAMP: readonly [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** RGB of position t: 0 (lowest loss) is viridis' bright yellow, 1 its dark purple. */
export function rampRgb(t: number): [number, number, number] {
  const u = (1 - Math.min(1, Math.max(0, t))) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(u));
  const f = u - i;
  const a = RAMP[i];
  const b = RAMP[i + 1];
  return [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * f)) as [number, number, number];
}

export function rampColor(t: number): string {
  const [r, g, b] = rampRgb(t);
  return `rgb(${r}, ${g}, ${b})`;
}

/** Dark or light text, whichever reads better on the cell's colour (WCAG relative luminance). */
export function textColorOn(t: number): "#111" | "#fff" {
  const lin = rampRgb(t).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  return lum > 0.2 ? "#111" : "#fff";
}

/** `n` legend ticks from the lowest to the highest loss. */
export function legendTicks(d: LossDomain, n = 5): { t: number; loss: number }[] {
  if (!(d.max > d.min)) return [{ t: 0.5, loss: d.min }];
  return Array.from({ length: n }, (_, i) => {
    const t = i / (n - 1);
    return { t, loss: lossAt(t, d) };
  });
}

/** Short number text for axes and cells: 3 significant digits, exponent form for tiny rates. */
export function shortNumber(x: number): string {
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e4) return x.toExponential(1).replace("e-", "e−");
  return String(Number(x.toPrecision(3)));
}
