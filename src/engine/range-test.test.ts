import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_OPTIMIZER } from "./config.ts";
import {
  DEFAULT_RANGE_TEST,
  rangeRate,
  runRangeTest,
  steepIndex,
  suggest,
  validateRangeOptions,
  valleyIndex,
  valleyStretch,
} from "./range-test.ts";
import { DEFAULT_RUN, cloneRun, type RunConfig } from "./run-config.ts";

/** Plain SGD (no momentum) on a problem: on f = 0.5 h x^2 each step multiplies x by (1 - lr h). */
function sgdOn(problem: RunConfig["problem"], seed = 1): RunConfig {
  return { ...cloneRun(DEFAULT_RUN), problem, seed, optimizer: { ...DEFAULT_OPTIMIZER, kind: "sgd", lr: 0.1, momentum: 0 } };
}

describe("rangeRate", () => {
  it("grows geometrically from lrMin to lrMax", () => {
    const o = { lrMin: 1e-6, lrMax: 10, steps: 300 };
    expect(rangeRate(o, 0)).toBe(1e-6);
    expect(rangeRate(o, 299)).toBeCloseTo(10, 10);
    const q = rangeRate(o, 1) / rangeRate(o, 0);
    for (let i = 1; i < 299; i++) expect(rangeRate(o, i + 1) / rangeRate(o, i)).toBeCloseTo(q, 10);
  });
});

describe("runRangeTest on quadratics whose good rate is known", () => {
  // nqm2d: f = 0.5 (1 x^2 + 0.05 y^2). Plain SGD converges iff lr < 2 / hMax = 2 (best single rate
  // for the steep direction 1 / hMax = 1) and diverges above it. With gradient noise the stationary
  // loss ~ lr / (2 - lr h) already grows as lr nears 2, so the 4x rule may fire a little before 2.
  it("stops near lr = 2/h and suggests rates below it (nqm2d, SGD)", () => {
    // Measured over seeds 1-20: stops between lr 1.36 and 3.6, i.e. past the best rate 1/h, before 2 x (2/h).
    for (let seed = 1; seed <= 10; seed++) {
      const r = runRangeTest(sgdOn("nqm2d", seed));
      expect(r.stop.reason).toBe("diverged");
      expect(r.stop.lr).toBeGreaterThan(1);
      expect(r.stop.lr).toBeLessThan(4);
      const { steep, valley } = r.suggestions;
      expect(steep).not.toBeNull();
      expect(valley).not.toBeNull();
      for (const s of [steep, valley]) {
        // Between "too small to move in 300 steps" and the stability limit 2 / hMax.
        expect(s?.lr).toBeGreaterThan(1e-3);
        expect(s?.lr).toBeLessThan(2);
        // The curve there is below the start: the suggestion is on the descending part.
        expect(s?.loss).toBeLessThan(r.smoothed[0]);
      }
    }
  });

  it("the rotated bowl with hMax = 1 also stops near 2", () => {
    const r = runRangeTest(sgdOn("bowl"));
    expect(r.stop.reason).toBe("diverged");
    expect(r.stop.lr).toBeGreaterThan(1);
    expect(r.stop.lr).toBeLessThan(4);
    expect(r.suggestions.steep?.lr).toBeLessThan(2);
    expect(r.suggestions.valley?.lr).toBeLessThan(2);
  });

  it("runs to the end when lrMax is below the stability limit", () => {
    const r = runRangeTest(sgdOn("nqm2d"), { ...DEFAULT_RANGE_TEST, lrMax: 1.5 });
    expect(r.stop.reason).toBe("end");
    expect(r.lr.length).toBe(DEFAULT_RANGE_TEST.steps);
    expect(r.lr[r.lr.length - 1]).toBeCloseTo(1.5, 10);
  });

  it("works with Adam on the default problem and is deterministic", () => {
    const a = runRangeTest(cloneRun(DEFAULT_RUN));
    const b = runRangeTest(cloneRun(DEFAULT_RUN));
    expect(a).toEqual(b);
    expect(a.suggestions.steep).not.toBeNull();
    expect(a.suggestions.valley).not.toBeNull();
    expect(a.stop.reason).toBe("diverged");
  });
});

describe("suggestion rules", () => {
  it("steep finds the steepest drop per log-lr", () => {
    const lrs = [1e-4, 1e-3, 1e-2, 1e-1, 1];
    expect(steepIndex(lrs, [5, 4.9, 3, 2.5, 2.4])).toBe(1);
    expect(steepIndex(lrs, [5, 5, 5, 5, 1])).toBe(3);
  });

  it("valley follows fastai's longest descending stretch", () => {
    // Descends over indices 0..6 then rises: lds[6] = 7, start = 6 - 7 = -1, sections = 7/3.
    const losses = [10, 9, 8, 7, 6, 5, 4, 8, 20];
    expect(valleyIndex(losses)).toBe(-1 + 2 + 1);
    expect(valleyIndex([])).toBeNull();
  });

  it("valley is the middle of its stretch on the log-lr axis, as the panel says (not halfway down in loss)", () => {
    // A long slow shoulder then a steep drop, as on the default problem: the stretch covers both,
    // so its middle on the log-lr axis is high up the drop.
    const losses = [...Array.from({ length: 40 }, (_, i) => 10 - 0.01 * i), ...Array.from({ length: 10 }, (_, i) => 9.5 - 0.9 * i), 8, 30];
    const v = valleyStretch(losses);
    // fastai: start = 49 - 50 = -1, idx = -1 + floor(50/3) + floor(50/6) = 23, about the middle of 0..49.
    expect(v).toEqual({ index: 23, from: 0, to: 49 });
    const r = runRangeTest(cloneRun(DEFAULT_RUN));
    const valley = r.suggestions.valley;
    expect(valley?.stretch).toBeDefined();
    if (valley === null || valley.stretch === undefined) return;
    const { from, to } = valley.stretch;
    expect(from).toBeLessThan(valley.index);
    expect(to).toBeGreaterThan(valley.index);
    // The stretch descends (its end is the end of the longest decreasing subsequence).
    expect(r.smoothed[to]).toBeLessThan(r.smoothed[from]);
    // The mark is the middle of the stretch in log lr, within one step of the exponential sweep.
    const mid = (Math.log(r.lr[from]) + Math.log(r.lr[to])) / 2;
    const step = Math.log(r.lr[1] / r.lr[0]);
    expect(Math.abs(Math.log(valley.lr) - mid)).toBeLessThanOrEqual(step * 1.01);
    // And on this problem that is near the top of the drop in loss: the text must not say "halfway down".
    let lo = Infinity;
    for (let i = from; i <= to; i++) lo = Math.min(lo, r.smoothed[i]);
    const down = (r.smoothed[from] - valley.loss) / (r.smoothed[from] - lo);
    expect(down).toBeLessThan(0.25);
  });

  it("needs a few points after trimming", () => {
    expect(suggest([1, 2, 3], [3, 2, 1], 300)).toEqual({ steep: null, valley: null });
  });
});

describe("properties", () => {
  const curve = fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 60 });

  it("suggestions are indices of the curve and lrs on it", () => {
    fc.assert(
      fc.property(curve, fc.double({ min: 1e-8, max: 1e-2, noNaN: true }), (losses, lr0) => {
        const lrs = losses.map((_, i) => lr0 * 1.2 ** i);
        const s = steepIndex(lrs, losses);
        const v = valleyIndex(losses);
        expect(s).not.toBeNull();
        expect(s as number).toBeGreaterThanOrEqual(0);
        expect(s as number).toBeLessThan(losses.length - 1);
        expect(v as number).toBeGreaterThanOrEqual(0);
        expect(v as number).toBeLessThan(losses.length);
      }),
    );
  });

  it("steep is invariant to positive scaling and shifting of the loss; valley to any increasing map", () => {
    // Integer-valued curves, so the maps below cannot merge two values by rounding.
    const intCurve = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 60 });
    fc.assert(
      fc.property(intCurve, fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true }), (losses, a, b) => {
        const lrs = losses.map((_, i) => 1e-5 * 1.3 ** i);
        // Exact ties can flip under rounding of a*x + b; require distinct slopes for steep.
        const slopes = losses.slice(1).map((y, i) => y - losses[i]);
        const min = Math.min(...slopes);
        fc.pre(slopes.filter((s) => s === min).length === 1);
        expect(steepIndex(lrs, losses.map((y) => a * y + b))).toBe(steepIndex(lrs, losses));
        expect(valleyIndex(losses.map((y) => Math.sqrt(y) * 3 + 1))).toBe(valleyIndex(losses));
      }),
    );
  });

  it("a range test records finite, increasing rates and stops by its rule", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<RunConfig["problem"]>("nqm2d", "bowl", "saddle", "linreg"),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 20, max: 120 }),
        fc.double({ min: 1e-7, max: 1e-3, noNaN: true }),
        (problem, seed, steps, lrMin) => {
          const o = { ...DEFAULT_RANGE_TEST, steps, lrMin };
          const r = runRangeTest({ ...cloneRun(DEFAULT_RUN), problem, seed }, o);
          expect(r.lr.length).toBeLessThanOrEqual(steps);
          expect(r.lr.length).toBe(r.smoothed.length);
          for (let i = 0; i < r.lr.length; i++) {
            expect(Number.isFinite(r.loss[i]) && Number.isFinite(r.smoothed[i])).toBe(true);
            if (i > 0) expect(r.lr[i]).toBeGreaterThan(r.lr[i - 1]);
          }
          const best = Math.min(...r.smoothed);
          // Before the last point the curve never crossed the stop line.
          for (let i = 0; i + 1 < r.smoothed.length; i++) {
            expect(r.smoothed[i]).toBeLessThanOrEqual(o.divergeFactor * Math.min(...r.smoothed.slice(0, i + 1)));
          }
          if (r.stop.reason === "end") expect(r.lr.length).toBe(steps);
          else if (r.lr.length === r.stop.step) expect(r.smoothed[r.smoothed.length - 1]).toBeGreaterThan(o.divergeFactor * best - 1e-12);
          for (const s of [r.suggestions.steep, r.suggestions.valley]) {
            if (s !== null) expect(r.lr[s.index]).toBe(s.lr);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("validateRangeOptions names the field, value and range", () => {
    const r = validateRangeOptions({ lrMax: 20, steps: 3.5, lrMin: -1 });
    expect(r.value).toEqual(DEFAULT_RANGE_TEST);
    expect(r.problems.map((p) => p.message)).toEqual([
      "lrMax must be in (0, 10], got 20",
      "lrMin must be in (0, lrMax = 10), got -1",
      "steps must be an integer in [20, 5000], got 3.5",
    ]);
  });
});
