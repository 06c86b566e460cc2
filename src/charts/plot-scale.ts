// The geometry of the streaming charts' frame (PlotFrame.tsx), as plain functions: the plot area left
// inside the margins and axes, linear and log scales onto it, and which tick labels fit.
//
// Why not Recharts here: the loss, lr and schedule charts already drew every line, band, marker and
// label themselves (PlotLayers.tsx; Recharts' per-series bookkeeping cost 55–100 ms a redraw), so
// Recharts only laid out two axes and a grid — for 93 KB gzip of the first visit's 245 KB and most of
// its evaluation time (issue #16: first visit < 210 KB, an embed < 150 KB). The range-test panel,
// which uses Recharts' tooltip, dots and areas, keeps it as a lazy chunk.

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface PlotArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A value-to-pixel map; undefined where the value has no place (≤ 0 on a log axis, no domain). */
export type ScaleFn = (v: unknown) => number | undefined;

export interface Scale {
  map: ScaleFn;
  invert: (px: number) => number;
}

/** Recharts' default x-axis height (tick line, gap, one line of 14 px labels): kept so layouts stay put. */
export const X_AXIS_HEIGHT = 30;

/** The plot area of a `width` × `height` chart: inside the margins, the y axes' widths and the x axis. */
export function plotArea(width: number, height: number, margin: Margin, leftAxes: number, rightAxes: number): PlotArea {
  const x = margin.left + leftAxes;
  const y = margin.top;
  return {
    x,
    y,
    width: Math.max(0, width - x - margin.right - rightAxes),
    height: Math.max(0, height - y - margin.bottom - X_AXIS_HEIGHT),
  };
}

/**
 * `domain` onto [r0, r1], linearly or in log10 (d3's scaleLinear / scaleLog without clamping: a
 * value outside the domain maps outside the range, and the clip path trims it).
 */
export function makeScale(domain: readonly number[] | undefined, r0: number, r1: number, log: boolean): Scale | undefined {
  if (domain === undefined || domain.length < 2) return undefined;
  let d0 = domain[0];
  let d1 = domain[domain.length - 1];
  if (log) {
    if (!(d0 > 0) || !(d1 > 0)) return undefined;
    d0 = Math.log10(d0);
    d1 = Math.log10(d1);
  }
  if (!Number.isFinite(d0) || !Number.isFinite(d1)) return undefined;
  // A zero-width domain maps everything to the middle, as d3 does.
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const mid = (r0 + r1) / 2;
  const map: ScaleFn = (v) => {
    if (typeof v !== "number" || Number.isNaN(v)) return undefined;
    if (log && !(v > 0)) return undefined;
    const t = log ? Math.log10(v) : v;
    if (!Number.isFinite(t)) return undefined;
    return k === 0 ? mid : r0 + (t - d0) * k;
  };
  const invert = (px: number): number => {
    const t = k === 0 ? d0 : d0 + (px - r0) / k;
    return log ? 10 ** t : t;
  };
  return { map, invert };
}

/** Average width of a tick label's glyph (digits, separators, signs) per pixel of font size. */
const GLYPH_PER_FONT_PX = 8 / 14;
/** Space kept between two neighbouring tick labels. */
const TICK_GAP_PX = 8;
/** The page's tick font size (charts.css `--plot-tick-px`; larger in presentation mode). */
export const TICK_FONT_PX = 14;

/** The room a y tick label takes along its axis: one line. */
export const yLabelExtent = (fontPx = TICK_FONT_PX): number => fontPx + 2;

/** The room an x tick label takes along its axis, with the gap to the next. */
export const xLabelExtent = (label: string, fontPx = TICK_FONT_PX): number => label.length * GLYPH_PER_FONT_PX * fontPx + TICK_GAP_PX;

/**
 * Which ticks get a label: every k-th one counted back from the last (Recharts' "preserveEnd"), with
 * the smallest k that keeps neighbouring labels from touching. `px` are the ticks' pixel positions
 * along the axis, `extent` the room the widest label needs.
 */
export function labelledTicks(px: readonly number[], extent: number): boolean[] {
  const n = px.length;
  if (n <= 1) return px.map(() => true);
  let spacing = Number.POSITIVE_INFINITY;
  for (let i = 1; i < n; i++) spacing = Math.min(spacing, Math.abs(px[i] - px[i - 1]));
  const k = spacing <= 0 ? n : Math.max(1, Math.ceil(extent / spacing));
  return px.map((_, i) => (n - 1 - i) % k === 0);
}
