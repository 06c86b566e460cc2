import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lrAt } from "../engine/policies.ts";
import { STEP_FIELDS, type StepColumns } from "../engine/series.ts";
import type { TrainEvent } from "../engine/trainer.ts";
import {
  MAX_MARKERS,
  TARGET_POINTS,
  clampSmoothing,
  decayLabel,
  decayMarkers,
  formatRatio,
  lastFinite,
  lineSeries,
  keepAxis,
  niceLogCeil,
  niceLogFloor,
  linearYAxis,
  formatTick,
  logAxis,
  niceAxis,
  type XY,
  robustRange,
} from "./chart-data.ts";
import { schedulePoints } from "./schedule-points.ts";

const SPE = 50;

/** Columns of `n` steps with `loss` given by `f(step)` and the other fields derived from it. */
function columns(n: number, f: (step: number, i: number) => number): StepColumns {
  const out = {} as StepColumns;
  for (const name of STEP_FIELDS) out[name] = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const step = i + 1;
    out.step[i] = step;
    out.epoch[i] = step / SPE;
    out.loss[i] = f(step, i);
    out.batchLoss[i] = f(step, i) * 1.1;
    out.lr[i] = 0.01;
    out.lrT[i] = 0.01;
    out.gradNorm[i] = 1;
    out.updateNorm[i] = 0.001;
  }
  return out;
}

function decay(step: number, from: number, to: number, manual = false): TrainEvent {
  return { type: "decay", step, epoch: (step - 1) / SPE, from, to, manual };
}

const wiggly = (s: number): number => 1 + Math.sin(s / 7) * 0.3 + Math.cos(s * 1.3) * 0.2;

describe("lineSeries decimation", () => {
  it("keeps short series whole", () => {
    const pts = lineSeries(columns(300, wiggly), "loss", [], { xUnit: "step", logX: false, logY: false });
    expect(pts).toHaveLength(300);
    expect(pts[0]).toEqual({ x: 1, y: wiggly(1) });
  });

  it("bounds the size, keeps the ends, the global extremes and both sides of every event", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20_000 }),
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 64 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 20_000 }), { maxLength: 8 }),
        (n, pattern, eventSteps) => {
          const cols = columns(n, (_s, i) => pattern[i % pattern.length] + i * 1e-9);
          const events = eventSteps.filter((s) => s <= n).map((s) => decay(s, 0.01, 0.005));
          const pts = lineSeries(cols, "loss", events, { xUnit: "step", logX: false, logY: false });
          expect(pts.length).toBeLessThanOrEqual(TARGET_POINTS + 2 + 2 * events.length);
          expect(pts[0].x).toBe(1);
          expect(pts[pts.length - 1].x).toBe(n);
          const drawnY = new Set(pts.map((p) => p.y));
          expect(drawnY.has(cols.loss.reduce((a, b) => Math.min(a, b)))).toBe(true);
          expect(drawnY.has(cols.loss.reduce((a, b) => Math.max(a, b)))).toBe(true);
          const drawnX = new Set(pts.map((p) => p.x));
          for (const e of events) {
            expect(drawnX.has(e.step)).toBe(true);
            if (e.step > 1) expect(drawnX.has(e.step - 1)).toBe(true);
          }
          expect(pts.every((p, i) => i === 0 || p.x > pts[i - 1].x)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("uses epochs on the x axis when asked", () => {
    const pts = lineSeries(columns(100, wiggly), "loss", [], { xUnit: "epoch", logX: false, logY: false });
    expect(pts[0].x).toBeCloseTo(1 / SPE);
    expect(pts[pts.length - 1].x).toBeCloseTo(2);
  });
});

describe("lineSeries smoothing", () => {
  it("is debiased: a constant stays that constant at every weight", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.integer({ min: 1, max: 5000 }),
        (c, w, n) => {
          const pts = lineSeries(columns(n, () => c), "loss", [], { xUnit: "step", logX: false, logY: false, smoothing: w });
          const worst = pts.reduce((m, p) => Math.max(m, Math.abs(p.y - c)), 0);
          expect(worst).toBeLessThanOrEqual(1e-9 * c);
        },
      ),
      { numRuns: 80 },
    );
  });

  it("smooths before decimating: the result follows the full-series EMA", () => {
    const n = 50_000;
    const cols = columns(n, (s) => (s % 2 === 0 ? 2 : 0));
    const pts = lineSeries(cols, "loss", [], { xUnit: "step", logX: false, logY: false, smoothing: 0.99 });
    // A heavily smoothed alternating 0/2 settles near 1 everywhere past the warm-up.
    for (const p of pts.filter((q) => q.x > 1000)) expect(Math.abs(p.y - 1)).toBeLessThan(0.02);
  });

  it("treats 0 and non-finite weights as no smoothing and clamps high ones", () => {
    expect(clampSmoothing(0)).toBe(0);
    expect(clampSmoothing(Number.NaN)).toBe(0);
    expect(clampSmoothing(-1)).toBe(0);
    expect(clampSmoothing(5)).toBe(0.999);
  });
});

describe("lineSeries never emits non-finite values", () => {
  it("drops NaN and ±Infinity in x or y, whatever the options", () => {
    const special = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -1, 1e308);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: -10, max: 10, noNaN: true }), special), { minLength: 0, maxLength: 3000 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom<"step" | "epoch">("step", "epoch"),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (ys, logX, logY, xUnit, smoothing) => {
          const cols = columns(ys.length, (_s, i) => ys[i]);
          if (ys.length > 2) cols.epoch[1] = Number.NaN;
          const pts = lineSeries(cols, "loss", [decay(2, 1, 0.5)], { xUnit, logX, logY, smoothing, target: 200 });
          expect(pts.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("lineSeries on log axes", () => {
  it("drops non-positive y on a log y axis and keeps them on a linear one", () => {
    const cols = columns(10, (_s, i) => [1, 0, -2, 3, 0.5, 0, 4, -0.1, 2, 1][i]);
    const logPts = lineSeries(cols, "loss", [], { xUnit: "step", logX: false, logY: true });
    expect(logPts.map((p) => p.y)).toEqual([1, 3, 0.5, 4, 2, 1]);
    const linPts = lineSeries(cols, "loss", [], { xUnit: "step", logX: false, logY: false });
    expect(linPts).toHaveLength(10);
  });

  it("drops non-positive x on a log x axis", () => {
    const cols = columns(5, () => 1);
    cols.step.set([0, 1, 2, 3, 4]);
    const pts = lineSeries(cols, "loss", [], { xUnit: "step", logX: true, logY: false });
    expect(pts.map((p) => p.x)).toEqual([1, 2, 3, 4]);
  });

  it("drops markers that cannot sit on a log x axis", () => {
    const events: TrainEvent[] = [{ type: "decay", step: 1, epoch: 0, from: 0, to: 0.01, manual: false }, decay(101, 0.01, 0.005)];
    expect(decayMarkers(events, { xUnit: "epoch", logX: true }).map((m) => m.x)).toEqual([2]);
    expect(decayMarkers(events, { xUnit: "epoch", logX: false })).toHaveLength(2);
  });
});

describe("decay markers", () => {
  it("labels ratios to 2 significant digits", () => {
    expect(decayLabel(0.02, 0.01, false)).toBe("lr ×0.5");
    expect(decayLabel(0.02, 0.002, false)).toBe("lr ×0.1");
    expect(decayLabel(0.01, 0.02, false)).toBe("lr ×2");
    expect(decayLabel(0.03, 0.01, false)).toBe("lr ×0.33");
    expect(decayLabel(0.02, 0.01, true)).toBe("lr ×0.5 (manual)");
    expect(decayLabel(0, 0.002, false)).toBe("lr 0 → 0.002");
    expect(formatRatio(0.1 * 3)).toBe("0.3");
  });

  it("places markers in steps or epochs and skips other events", () => {
    const events: TrainEvent[] = [
      decay(251, 0.02, 0.01),
      { type: "diverged", step: 300, epoch: 6, reason: "the loss is not finite" },
      decay(280, 0.01, 0.005, true),
      { type: "done", step: 400, epoch: 8 },
    ];
    expect(decayMarkers(events, { xUnit: "step", logX: false })).toEqual([
      { x: 251, label: "lr ×0.5", manual: false },
      { x: 280, label: "lr ×0.5 (manual)", manual: true },
    ]);
    expect(decayMarkers(events, { xUnit: "epoch", logX: false }).map((m) => m.x)).toEqual([5, 279 / SPE]);
  });

  it("finds the last finite value", () => {
    expect(lastFinite([1, 2, Number.NaN])).toBe(2);
    expect(lastFinite([])).toBeNull();
  });
});

describe("schedulePoints", () => {
  it("draws every tick of a short run and samples long ones with the same engine rates", () => {
    const policy = { kind: "step", stepSize: 5, gamma: 0.5, unit: "epoch", warmup: null } as const;
    const short = schedulePoints(policy, 0.02, 25);
    expect(short).toHaveLength(25);
    expect(short[24].lr).toBeCloseTo(0.02 * 0.5 ** 4);
    const long = schedulePoints({ ...policy, unit: "step", stepSize: 1000 }, 0.02, 5_000_000, 500);
    expect(long.length).toBeLessThanOrEqual(500);
    expect(long[0].t).toBe(0);
    expect(long[long.length - 1].t).toBe(4_999_999);
    for (const p of long) expect(p.lr).toBe(lrAt({ ...policy, unit: "step", stepSize: 1000 }, 0.02, p.t));
  });
});

describe("axes", () => {
  it("makes round ticks covering the range", () => {
    expect(niceAxis(0, 0.025)).toEqual({ domain: [0, 0.025], ticks: [0, 0.005, 0.01, 0.015, 0.02, 0.025] });
    expect(niceAxis(0.43, 1.02).domain).toEqual([0.4, 1.2]);
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), (lo, span) => {
        const a = niceAxis(lo, lo + span);
        expect(a.domain[0]).toBeLessThanOrEqual(lo);
        expect(a.domain[1]).toBeGreaterThanOrEqual(lo + span);
        expect(a.ticks.length).toBeGreaterThanOrEqual(2);
        expect(a.ticks.length).toBeLessThanOrEqual(12);
      }),
    );
  });

  it("ignores the top outliers but keeps the band", () => {
    const values = [60, 40, 20, ...Array.from({ length: 97 }, (_, i) => 0.8 + (i % 5) * 0.02)];
    const [lo, hi] = robustRange(values, 0.95, [0.7, 0.9]) ?? [0, 0];
    expect(lo).toBe(0.7);
    expect(hi).toBeCloseTo(0.9);
    expect(robustRange([])).toBeNull();
  });
});

describe("log axes", () => {
  it("ticks at powers of ten over many decades and finer over few", () => {
    const line = (a: number, b: number): XY[] => [{ x: a, y: a }, { x: b, y: b }];
    expect(logAxis([line(1, 5000)], "x")?.ticks).toEqual([1, 3, 10, 30, 100, 300, 1000, 3000]);
    expect(logAxis([line(0.5, 60)], "y")?.ticks).toEqual([0.5, 1, 2, 5, 10, 20, 50, 100]);
    // The ends snap out to 1, 2 or 5 × 10^k, so a streaming run moves the domain only in steps.
    expect(logAxis([line(0.37, 61)], "y")?.domain).toEqual([0.2, 100]);
    expect(logAxis([line(3, 7)], "x", 25)?.domain).toEqual([2, 50]);
    expect(logAxis([line(1e-12, 1)], "y")?.ticks).toEqual([1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1]);
    expect(logAxis([line(0.52, 0.9)], "y")?.ticks).toEqual([0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(logAxis([line(-1, 0)], "y")).toBeNull();
    const flat = logAxis([line(0.02, 0.02)], "y");
    expect(flat?.ticks.length).toBeGreaterThanOrEqual(2);
  });
});

describe("sticky axes", () => {
  const line = (ys: number[]): XY[] => ys.map((y, i) => ({ x: i, y }));
  it("keeps the previous axis while the data stays inside it and fills at least half of it", () => {
    const first = linearYAxis([line([0.6, 0.95])], false);
    expect(first).not.toBeNull();
    // Data moving around inside: the same object comes back (so the chart's axis props do not change).
    expect(linearYAxis([line([0.62, 0.93])], false, first)).toBe(first);
    // Data leaving the axis: a new one that covers it.
    const wider = linearYAxis([line([0.5, 1.3])], false, first);
    expect(wider).not.toBe(first);
    expect(wider!.domain[1]).toBeGreaterThanOrEqual(1.3);
    // Data shrinking into a corner: rebuilt to fit.
    const tight = linearYAxis([line([0.7, 0.72])], false, wider);
    expect(tight).not.toBe(wider);
    expect(tight!.domain[1] - tight!.domain[0]).toBeLessThan(0.1);
  });

  it("works the same on log axes, in log terms", () => {
    const first = logAxis([line([0.01, 1])], "y");
    expect(logAxis([line([0.02, 0.9])], "y", 0, first)).toBe(first);
    expect(logAxis([line([0.5, 0.6])], "y", 0, first)).not.toBe(first);
    expect(keepAxis(null, 0, 1, false)).toBe(false);
    expect(keepAxis({ domain: [0, 1], ticks: [0, 1] }, -0.1, 0.5, false)).toBe(false);
  });
});

describe("decay markers on a busy schedule", () => {
  it("draws no scheduled markers for a schedule that changes more than MAX_MARKERS times, but every manual change", () => {
    const events: TrainEvent[] = [];
    for (let i = 1; i <= 2000; i++) events.push({ type: "decay", step: i * 20, epoch: i * 5, from: 1, to: 0.5, manual: false });
    events.push({ type: "decay", step: 30_001, epoch: 7500.25, from: 1, to: 2, manual: true });
    expect(decayMarkers(events, { xUnit: "step", logX: false }).map((m) => [m.x, m.manual])).toEqual([[30_001, true]]);
    // At the limit they are all drawn, in order.
    const few = events.slice(0, MAX_MARKERS).concat(events.slice(-1));
    const markers = decayMarkers(few, { xUnit: "step", logX: false });
    expect(markers).toHaveLength(MAX_MARKERS + 1);
    for (let i = 1; i < markers.length; i++) expect(markers[i].x).toBeGreaterThan(markers[i - 1].x);
  });
});

describe("log axes at the ends of the double range", () => {
  it("snap subnormal values without running off to 0 (a decayed 3e-323 rate once hung the page)", () => {
    expect(niceLogFloor(3e-323)).toBeGreaterThan(0);
    expect(niceLogFloor(3e-323)).toBeLessThanOrEqual(3e-323);
    const axis = logAxis([[{ x: 1, y: 5e-324 }, { x: 2, y: 3e-323 }]], "y");
    expect(axis).not.toBeNull();
    expect(axis!.ticks.length).toBeLessThan(60);
    expect(niceLogCeil(1e308)).toBe(1e308);
    expect(niceLogCeil(1.5e308)).toBe(1.5e308);
    const top = logAxis([[{ x: 1, y: 1.6e308 }, { x: 2, y: 1.6e308 }]], "y");
    expect(Number.isFinite(top!.domain[1])).toBe(true);
  });
});

describe("formatTick", () => {
  it("labels one number with 3 significant digits, exponent form outside [1e-3, 1e4)", () => {
    expect(formatTick(0.025)).toBe("0.025");
    expect(formatTick(13.5)).toBe("13.5");
    expect(formatTick(1 / 3)).toBe("0.333");
    expect(formatTick(0)).toBe("0");
    expect(formatTick(Number.NaN)).toBe("");
    // The exponent form keeps its digits (toExponential(0) made 25000 "3e+4") and drops the "+".
    expect(formatTick(25_000)).toBe("2.5e4");
    expect(formatTick(2.5e-4)).toBe("2.5e-4");
    expect(formatTick(1e-4)).toBe("1e-4");
    expect(formatTick(-1.25e6)).toBe("-1.25e6");
  });
});
