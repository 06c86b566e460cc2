// The seed bands' SVG paths (issue #14): the 10–90% area as one closed path (upper edge forward,
// lower edge back) and the median as a line. Pure functions of the band's columns and the axis
// scales, so they are tested without a DOM.
//
// A diverged seed's loss is +Infinity (engine/ensemble.ts): an edge at +Infinity is drawn at the
// plot's top (`top`, in pixels), so the area runs up out of view, as the spread does. The median
// at +Infinity lifts the pen (nothing to draw). Samples outside a log axis (<= 0) are skipped.

import type { ChartBand } from "./types.ts";

/** A pixel far outside any plot, so a clamped value stays off-screen (the plot's clip cuts it). */
const PIXEL_LIMIT = 1e6;

const round = (v: number): number => Math.round(Math.max(-PIXEL_LIMIT, Math.min(PIXEL_LIMIT, v)) * 10) / 10;

type Scale = (v: number) => number | undefined;

/** The x positions of a band's samples in the chart's unit. */
export function bandXs(band: ChartBand, xUnit: "step" | "epoch"): Float64Array {
  return xUnit === "step" ? band.step : band.epoch;
}

/** The y pixel of a quantile: +Infinity at `top`, undefined when it cannot be drawn. */
function yPixel(v: number, sy: Scale, top: number, logY: boolean): number | undefined {
  if (v === Number.POSITIVE_INFINITY) return top;
  if (!Number.isFinite(v) || (logY && v <= 0)) return undefined;
  const p = sy(v);
  return p === undefined || !Number.isFinite(p) ? undefined : p;
}

/** The closed 10–90% area; "" when fewer than two samples can be drawn. */
export function bandAreaPath(xs: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>, sx: Scale, sy: Scale, top: number, logX = false, logY = false): string {
  const upper: string[] = [];
  const lower: string[] = [];
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k];
    if (logX && x <= 0) continue;
    const px = sx(x);
    const a = yPixel(lo[k], sy, top, logY);
    const b = yPixel(hi[k], sy, top, logY);
    if (px === undefined || !Number.isFinite(px) || a === undefined || b === undefined) continue;
    upper.push(`${round(px)},${round(b)}`);
    lower.push(`${round(px)},${round(a)}`);
  }
  if (upper.length < 2) return "";
  lower.reverse();
  return `M${upper.join("L")}L${lower.join("L")}Z`;
}

/** The median line; the pen lifts over samples that cannot be drawn (+Infinity included). */
export function bandLinePath(xs: ArrayLike<number>, ys: ArrayLike<number>, sx: Scale, sy: Scale, logX = false, logY = false): string {
  let d = "";
  let pen = false;
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k];
    const y = ys[k];
    const px = logX && x <= 0 ? undefined : sx(x);
    const py = !Number.isFinite(y) || (logY && y <= 0) ? undefined : sy(y);
    if (px === undefined || py === undefined || !Number.isFinite(px) || !Number.isFinite(py)) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${round(px)},${round(py)}`;
    pen = true;
  }
  return d;
}
