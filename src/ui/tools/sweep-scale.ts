// The heat map's scales, kept out of the component so they can be tested: loss -> position (by
// rank) -> colour, and the legend's ticks. Pure, no DOM. The colours are the loss-surface map's
// own viridis (charts/surface-math.ts `colorAt`): one meaning across the tools, low loss = dark
// purple (good), high loss = yellow.

import { colorAt } from "../../charts/surface-math.ts";
import type { CellResult } from "../../engine/sweep.ts";

/**
 * The finished cells' losses, sorted. Colours follow a loss's rank among them (its empirical
 * quantile), not its value: a sweep's losses are lopsided (a few huge ones from too-large or
 * too-small rates, most near the floor), and a value scale would paint all the good cells the same
 * colour. By rank, half the finished cells are lighter than the median and half darker, whatever
 * the problem's loss range; the legend's ticks are quantiles.
 */
export interface LossDomain {
  sorted: number[];
  min: number;
  max: number;
}

/** The domain of finished cells' losses, or null when none has finished. */
export function lossDomain(results: readonly (CellResult | null)[]): LossDomain | null {
  const sorted: number[] = [];
  for (const r of results) if (r?.status === "done" && Number.isFinite(r.finalLoss)) sorted.push(r.finalLoss);
  if (sorted.length === 0) return null;
  sorted.sort((a, b) => a - b);
  return { sorted, min: sorted[0], max: sorted[sorted.length - 1] };
}

/**
 * Position of `loss` in [0, 1] (0 = lowest): its rank among the sorted losses, interpolated
 * linearly between neighbours, so it is continuous and non-decreasing in `loss`; clamped outside.
 * 0.5 when all losses are equal.
 */
export function lossPosition(loss: number, d: LossDomain): number {
  const s = d.sorted;
  const n = s.length;
  if (!(d.max > d.min)) return 0.5;
  if (!(loss > s[0])) return 0;
  if (loss >= s[n - 1]) return 1;
  // Last index with s[i] <= loss (binary search).
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (s[mid] <= loss) lo = mid;
    else hi = mid;
  }
  const frac = s[hi] > s[lo] ? (loss - s[lo]) / (s[hi] - s[lo]) : 0;
  return (lo + frac) / (n - 1);
}

/** The loss at position t: the empirical quantile (inverse of lossPosition), for legend ticks. */
export function lossAt(t: number, d: LossDomain): number {
  const s = d.sorted;
  if (s.length === 1) return s[0];
  const u = Math.min(1, Math.max(0, t)) * (s.length - 1);
  const i = Math.min(s.length - 2, Math.floor(u));
  // Clamped to the pair: rounding may otherwise land a hair outside it (between -5e-324 and a
  // negative neighbour, the product rounds to 0, above both).
  return Math.min(s[i + 1], Math.max(s[i], s[i] + (s[i + 1] - s[i]) * (u - i)));
}

/** RGB of position t: 0 (lowest loss) is viridis' dark purple, 1 (highest) its yellow, as on the loss surface. */
export function rampRgb(t: number): [number, number, number] {
  return colorAt(t);
}

export function rampColor(t: number): string {
  const [r, g, b] = rampRgb(t);
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * Black or white text, whichever contrasts more with the cell's colour (WCAG relative luminance L:
 * black wins when (L + 0.05)^2 > 0.0525, i.e. L > 0.179); either way the contrast is at least 4.58:1.
 */
export function textColorOn(t: number): "#000" | "#fff" {
  const lin = rampRgb(t).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  return (lum + 0.05) ** 2 > 1.05 * 0.05 ? "#000" : "#fff";
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

/** Up to `m` evenly spread column indexes to label (always the first and the last). */
export function labelledColumns(cols: number, m = 5): Set<number> {
  const k = Math.min(cols, m);
  if (k <= 1) return new Set([0]);
  return new Set(Array.from({ length: k }, (_, i) => Math.round((i * (cols - 1)) / (k - 1))));
}
