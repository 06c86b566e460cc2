// Turns a run's bounded step columns into what Recharts draws: about a thousand finite points per
// line, smoothed like TensorBoard, in steps or epochs, with log axes' non-positive values dropped,
// and one labelled marker per decay event. Pure and DOM-free, so it is unit-tested in Node.

import { lowerBound, smoothEma, type StepColumns, type StepField } from "../engine/series.ts";
import type { TrainEvent } from "../engine/trainer.ts";
import type { ChartOptions, ChartRun } from "./types.ts";
import { translator, type Lang } from "../state/i18n.ts";
import { chartMessages } from "./chart-messages.ts";
import { MAX_SMOOTHING } from "../state/url-view.ts";

/** Points per drawn line (before the event samples that are always kept). */
export const TARGET_POINTS = 1000;


export interface XY {
  x: number;
  y: number;
}

export interface EventMarker {
  x: number;
  label: string;
  manual: boolean;
}

export interface LineOptions {
  xUnit: ChartOptions["xUnit"];
  logX: boolean;
  logY: boolean;
  /** EMA weight applied to the full series before decimation; 0 (the default) draws raw values. */
  smoothing?: number;
  /** Points to aim for; TARGET_POINTS by default. */
  target?: number;
}

type DecayEvent = Extract<TrainEvent, { type: "decay" }>;

export function decayEvents(events: readonly TrainEvent[]): DecayEvent[] {
  return events.filter((e): e is DecayEvent => e.type === "decay");
}

/** Clamps a smoothing weight into [0, MAX_SMOOTHING]; anything non-finite means no smoothing. */
export function clampSmoothing(w: number): number {
  if (!Number.isFinite(w) || w <= 0) return 0;
  return Math.min(w, MAX_SMOOTHING);
}

/**
 * One line of a run: `field` against steps or epochs. Smoothing runs over the full stored series
 * (so decimation cannot change what the average sees), then non-finite values and, on log axes,
 * non-positive ones are dropped, then the rest is decimated to about `target` points keeping each
 * bucket's extremes, the ends, and the samples on both sides of every decay event.
 */
export function lineSeries(columns: StepColumns, field: StepField, events: readonly TrainEvent[], options: LineOptions): XY[] {
  const xs = options.xUnit === "step" ? columns.step : columns.epoch;
  const raw = columns[field];
  const n = Math.min(xs.length, raw.length, columns.step.length);
  const weight = clampSmoothing(options.smoothing ?? 0);
  const ys = weight > 0 ? smoothEma(raw.subarray(0, n), weight) : raw;

  // Positions (into the stored rows) of the drawable samples, in step order. Typed arrays and plain
  // loops: this runs over up to 100,000 rows per line on every redraw while streaming.
  const rowBuf = new Int32Array(n);
  let m = 0;
  const logX = options.logX;
  const logY = options.logY;
  for (let i = 0; i < n; i++) {
    const x = xs[i];
    const y = ys[i];
    // NaN fails every comparison, so `x - x === 0` is false exactly for NaN and ±Infinity.
    if (x - x !== 0 || y - y !== 0) continue;
    if (logX && x <= 0) continue;
    if (logY && y <= 0) continue;
    rowBuf[m++] = i;
  }
  const rows = rowBuf.subarray(0, m);
  const values = new Float64Array(m);
  for (let k = 0; k < m; k++) values[k] = ys[rows[k]];

  const keep: number[] = [];
  const steps = columns.step.subarray(0, n);
  for (const e of events) {
    if (e.type !== "decay") continue;
    // First stored row at or after the event's step, then the drawable samples either side of it.
    const row = lowerBound(steps, e.step);
    const at = lowerBound(rows, row);
    if (at < m) keep.push(at);
    if (at > 0) keep.push(at - 1);
  }

  const picked = decimate(values, options.target ?? TARGET_POINTS, keep);
  const out: XY[] = new Array(picked.length);
  for (let k = 0; k < picked.length; k++) {
    const p = picked[k];
    out[k] = { x: xs[rows[p]], y: values[p] };
  }
  return out;
}

/**
 * The same selection as the engine's `decimateIndices` (each of `target / 2` buckets keeps its
 * minimum and maximum, plus both ends and every `keep` index), without a Set: candidates go into a
 * typed array, are sorted numerically and deduplicated.
 */
function decimate(y: Float64Array, target: number, keep: readonly number[]): Int32Array {
  const n = y.length;
  if (n <= target || target < 4) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const buckets = Math.max(1, Math.floor(target / 2));
  const cand = new Int32Array(2 + 2 * buckets + keep.length);
  let c = 0;
  cand[c++] = 0;
  cand[c++] = n - 1;
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    if (end <= start) continue;
    let lo = start;
    let hi = start;
    let loV = y[start];
    let hiV = loV;
    for (let i = start + 1; i < end; i++) {
      const v = y[i];
      if (v < loV) {
        lo = i;
        loV = v;
      }
      if (v > hiV) {
        hi = i;
        hiV = v;
      }
    }
    cand[c++] = lo;
    cand[c++] = hi;
  }
  for (const k of keep) if (k >= 0 && k < n) cand[c++] = k;
  const sorted = cand.subarray(0, c).sort();
  let u = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[u++] = sorted[i];
  return sorted.slice(0, u);
}

/** A ratio to 2 significant digits without trailing zeros: 0.5, 0.1, 2, 0.33, 1e-7. */
export function formatRatio(r: number): string {
  return String(Number(r.toPrecision(2)));
}

/** A learning rate for labels: 3 significant digits, exponent form when tiny. */
export function formatRate(r: number): string {
  if (r === 0) return "0";
  const a = Math.abs(r);
  if (a < 1e-3 || a >= 1e4) return r.toExponential(2).replace(/\.?0+e/, "e");
  return String(Number(r.toPrecision(3)));
}

/** `lr ×0.5`, `lr ×2`, `lr ×0.5 (manual)`; `lr 0 → 0.002` when there is no finite ratio. */
export function decayLabel(from: number, to: number, manual: boolean, lang: Lang = "en"): string {
  const ratio = to / from;
  const core = Number.isFinite(ratio) && ratio > 0 ? `lr ×${formatRatio(ratio)}` : `lr ${formatRate(from)} → ${formatRate(to)}`;
  return manual ? translator(chartMessages, lang)("manual", { label: core }) : core;
}

/** Where the decay events of a run go on the x axis, with their labels. */
export function decayMarkers(events: readonly TrainEvent[], options: Pick<ChartOptions, "xUnit" | "logX">, lang: Lang = "en"): EventMarker[] {
  const out: EventMarker[] = [];
  for (const e of decayEvents(events)) {
    const x = options.xUnit === "step" ? e.step : e.epoch;
    if (!Number.isFinite(x) || (options.logX && x <= 0)) continue;
    out.push({ x, label: decayLabel(e.from, e.to, e.manual, lang), manual: e.manual });
  }
  return thinMarkers(out, MAX_MARKERS);
}

/**
 * Most scheduled decay markers drawn per run. A schedule that changes the rate more often than this
 * (a per-step cosine or warmup, a step decay every few steps) is a curve, not a handful of events:
 * its markers would hatch the plot with grey lines, so only its manual changes are drawn and the
 * learning-rate chart shows the schedule itself.
 */
export const MAX_MARKERS = 12;

/** Every manual marker; the scheduled ones only when there are at most `max` of them. */
function thinMarkers(markers: EventMarker[], max: number): EventMarker[] {
  const scheduled = markers.filter((m) => !m.manual);
  return scheduled.length <= max ? markers : markers.filter((m) => m.manual);
}

/** The last finite value of a column, or null. */
export function lastFinite(values: ArrayLike<number>): number | null {
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (Number.isFinite(v)) return v;
  }
  return null;
}

/** Where a run's divergence goes on the x axis, or null (none, or not drawable on this axis). */
export function divergedX(run: ChartRun, options: Pick<ChartOptions, "xUnit" | "logX">): number | null {
  if (run.diverged === null) return null;
  const x = options.xUnit === "step" ? run.diverged.step : run.diverged.epoch;
  return Number.isFinite(x) && !(options.logX && x <= 0) ? x : null;
}

/** The runs drawn in full (not pinned), in order. */
export function liveRuns(runs: readonly ChartRun[]): ChartRun[] {
  return runs.filter((r) => !r.pinned);
}

/**
 * One number on its own (the hover readout, an axis whose ticks Recharts picks): 3 significant
 * digits without trailing zeros, exponent form ("2.5e-4", "1.5e4") outside [1e-3, 1e4). An axis
 * with known ticks labels them all alike with tick-format.ts's `axisTickFormatter` instead.
 */
export function formatTick(v: number): string {
  if (!Number.isFinite(v)) return "";
  if (v === 0) return "0";
  const a = Math.abs(v);
  // toExponential(2) then trimmed: 25000 is "2.5e4" (toExponential(0) rounded it to "3e+4").
  if (a < 1e-3 || a >= 1e4) return v.toExponential(2).replace(/\.?0+e/, "e").replace("e+", "e");
  return String(Number(v.toPrecision(3)));
}

export interface NiceAxis {
  domain: [number, number];
  ticks: number[];
}

/** Round ticks (steps of 1, 2, 2.5 or 5 times a power of ten) covering [lo, hi], about `count` of them. */
export function niceAxis(lo: number, hi: number, count = 5): NiceAxis {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { domain: [0, 1], ticks: [0, 0.5, 1] };
  if (hi < lo) [lo, hi] = [hi, lo];
  // A span too thin to tick (or none) is widened around its value.
  if (hi - lo <= Math.max(Math.abs(lo), Math.abs(hi)) * 1e-9 || hi - lo < 1e-290) {
    const pad = Math.abs(lo) > 1e-12 ? Math.abs(lo) * 0.1 : 1;
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * mag;
  const start = Math.floor(lo / step + 1e-9) * step;
  const end = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let k = 0; start + k * step <= end + step * 1e-9 && k < 50; k++) ticks.push(Number((start + k * step).toPrecision(12)));
  // The domain is the outer ticks, not the data's extremes: while a run streams it then changes only
  // when a tick does, so the chart's axes (and Recharts' layout) are not rebuilt on every refresh.
  // (Ticks rounded to 12 digits may sit a hair inside the data; only then does the data's own end count.)
  return { domain: [Math.min(ticks[0], lo), Math.max(ticks[ticks.length - 1], hi)], ticks };
}

/**
 * A linear y range that ignores outliers, like TensorBoard's "ignore outliers in chart scaling":
 * from the lowest value to the `upper` quantile (the first plunge from a high initial loss would
 * otherwise flatten everything after it). `include` values (the lesson's band) are always in range.
 */
export function robustRange(values: readonly number[], upper = 0.95, include: readonly number[] = []): [number, number] | null {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  const sorted = Float64Array.from(finite).sort();
  const lo = Math.min(sorted[0], ...include);
  const q = sorted[Math.min(sorted.length - 1, Math.floor(upper * (sorted.length - 1)))];
  const hi = Math.max(q, ...include);
  return [lo, hi];
}

/**
 * The x a set of runs will reach when they finish (their planned length, in steps or epochs), so
 * the x axis is laid out once per run instead of growing with every refresh.
 */
export function plannedEnd(runs: readonly ChartRun[], xUnit: ChartOptions["xUnit"]): number {
  let end = 0;
  for (const r of runs) {
    const x = xUnit === "step" ? r.plannedSteps : r.plannedSteps / Math.max(1, r.stepsPerEpoch);
    if (Number.isFinite(x) && x > end) end = x;
  }
  return end;
}

/**
 * A linear x axis from 0 to the furthest point of any line or `atLeast` (the runs' planned end),
 * on round ticks; null when there is nothing to show.
 */
export function linearXAxis(lines: readonly (readonly XY[])[], count = 6, atLeast = 0): NiceAxis | null {
  let hi = Number.NEGATIVE_INFINITY;
  for (const line of lines) if (line.length > 0) hi = Math.max(hi, line[line.length - 1].x);
  if (!Number.isFinite(hi)) return null;
  if (atLeast > hi) hi = atLeast;
  return niceAxis(Math.min(0, hi), hi, count);
}

/** A linear y axis over the lines' values: the robust range when `ignoreOutliers`, else everything. */
export function linearYAxis(lines: readonly (readonly XY[])[], ignoreOutliers: boolean, prev: NiceAxis | null = null): NiceAxis | null {
  const values: number[] = [];
  for (const line of lines) for (const p of line) values.push(p.y);
  const range = robustRange(values, ignoreOutliers ? 0.95 : 1);
  if (range === null) return null;
  return keepAxis(prev, range[0], range[1], false) ? prev : niceAxis(range[0], range[1]);
}

/** Share of the previous axis the data must still fill for that axis to be kept. */
const KEEP_FILL = 0.5;

/**
 * Whether `prev` still suits data spanning [lo, hi]: it covers the data, and the data fills at
 * least half of it (in log terms on a log axis). Keeping the axis while a run streams means its
 * ticks — and Recharts' layout of them, the costliest part of a redraw — stay put; the axis is
 * rebuilt only when the data leaves it or shrinks to a corner of it.
 */
export function keepAxis(prev: NiceAxis | null, lo: number, hi: number, log: boolean): prev is NiceAxis {
  if (prev === null) return false;
  const [a, b] = prev.domain;
  if (!(lo >= a && hi <= b)) return false;
  if (log) return a > 0 && lo > 0 && Math.log(hi / lo) >= KEEP_FILL * Math.log(b / a);
  return hi - lo >= KEEP_FILL * (b - a);
}

/** Smallest and largest positive finite `key` over the lines, or null. */
function positiveExtent(lines: readonly (readonly XY[])[], key: "x" | "y"): [number, number] | null {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const line of lines) {
    for (const p of line) {
      const v = p[key];
      if (v > 0 && Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null;
}

/**
 * A log axis spanning the lines' positive values: ticks at powers of ten, with 2 and 5 (or 3) times
 * them when few decades are shown, and round linear ticks within a single decade.
 */
export function logAxis(lines: readonly (readonly XY[])[], key: "x" | "y", atLeast = 0, prev: NiceAxis | null = null): NiceAxis | null {
  const extent = positiveExtent(lines, key);
  if (extent === null) return null;
  let [lo, hi] = extent;
  if (atLeast > hi) hi = atLeast;
  if (keepAxis(prev, lo, hi, true)) return prev;
  if (hi / lo < 1 + 1e-9) {
    lo /= 1.5;
    hi *= 1.5;
  }
  // Snap the ends out to 1, 2 or 5 times a power of ten: the domain then moves in steps, not on
  // every refresh of a streaming run.
  lo = niceLogFloor(lo);
  hi = Math.min(niceLogCeil(hi), Number.MAX_VALUE);
  const decades = Math.log10(hi / lo);
  let ticks: number[];
  if (decades < 1) {
    ticks = niceAxis(lo, hi, 5).ticks.filter((t) => t >= lo && t <= hi);
  } else {
    const mult = decades <= 2.5 ? [1, 2, 5] : decades <= 4 ? [1, 3] : [1];
    const every = Math.max(1, Math.ceil(decades / 8));
    ticks = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
      if (e % every !== 0) continue;
      for (const m of mult) {
        const t = Number((m * 10 ** e).toPrecision(12));
        if (t >= lo && t <= hi) ticks.push(t);
      }
    }
  }
  if (ticks.length < 2) ticks = [lo, hi].map((t) => Number(t.toPrecision(2)));
  return { domain: [lo, hi], ticks };
}

const LOG_MANTISSAS = [1, 2, 5, 10];

/** The largest 1, 2 or 5 × 10^k at or below v (v > 0). */
export function niceLogFloor(v: number): number {
  const e = Math.floor(Math.log10(v));
  let best = 10 ** e;
  for (const m of LOG_MANTISSAS) {
    const t = Number((m * 10 ** e).toPrecision(12));
    if (t <= v) best = t;
  }
  const floor = best > v ? Number((10 ** (e - 1) * 5).toPrecision(12)) : best;
  // Below ~1e-323 the powers of ten underflow to 0, and log10(0) = -Infinity would make logAxis's
  // decade loop endless (a link with lr=3e-323 froze the page): keep the value itself then.
  return floor > 0 ? floor : v;
}

/** The smallest 1, 2 or 5 × 10^k at or above v (v > 0). */
export function niceLogCeil(v: number): number {
  const e = Math.floor(Math.log10(v));
  for (const m of LOG_MANTISSAS) {
    const t = Number((m * 10 ** e).toPrecision(12));
    // Near the top of the double range the next round value overflows: keep the value itself.
    if (t >= v) return Number.isFinite(t) ? t : v;
  }
  return v;
}

/** Pixel coordinates past this are clamped, so a wild outlier cannot overflow SVG path parsing. */
const PATH_LIMIT = 1e6;

/**
 * An SVG path through the points mapped by `sx`/`sy` (the chart's axis scales); points the scales
 * cannot place start a new segment. `step` draws each value flat until the next x (stepAfter).
 */
export function svgPath(
  points: readonly XY[],
  sx: (v: number) => number | undefined,
  sy: (v: number) => number | undefined,
  step = false,
): string {
  let d = "";
  let pen = false;
  for (const p of points) {
    const px = sx(p.x);
    const py = sy(p.y);
    if (px === undefined || py === undefined || !Number.isFinite(px) || !Number.isFinite(py)) {
      pen = false;
      continue;
    }
    const x = Math.round(Math.max(-PATH_LIMIT, Math.min(PATH_LIMIT, px)) * 10) / 10;
    const y = Math.round(Math.max(-PATH_LIMIT, Math.min(PATH_LIMIT, py)) * 10) / 10;
    if (!pen) d += `M${x},${y}`;
    else if (step) d += `H${x}V${y}`;
    else d += `L${x},${y}`;
    pen = true;
  }
  return d;
}

/** The index of the point whose x is nearest `x` in an x-sorted line, or -1 when it is empty. */
export function nearestIndex(points: readonly XY[], x: number): number {
  if (points.length === 0) return -1;
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid].x < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(points[lo - 1].x - x) <= Math.abs(points[lo].x - x)) return lo - 1;
  return lo;
}
