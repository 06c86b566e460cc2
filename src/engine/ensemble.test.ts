import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun, type RunConfig } from "./run-config.ts";
import { simulate } from "./headless-run.ts";
import {
  BAND_SAMPLES,
  SeedRunner,
  bandSampleSteps,
  bandSeeds,
  computeBand,
  isSeedCount,
  quantileSorted,
  reduceBand,
  runSeed,
  seedsProblem,
  type SeedTrace,
} from "./ensemble.ts";

const short = (epochs: number, patch: Partial<RunConfig> = {}): RunConfig => ({ ...cloneRun(DEFAULT_RUN), epochs, ...patch });

/** Type 7 by its textbook definition (1-based order statistics, R's `quantile`), for finite values. */
function quantileR7(values: readonly number[], p: number): number {
  const x = [...values].sort((a, b) => a - b);
  const n = x.length;
  const h = (n - 1) * p + 1;
  const lo = Math.floor(h);
  const hi = Math.min(n, lo + 1);
  return x[lo - 1] + (h - lo) * (x[hi - 1] - x[lo - 1]);
}

const traces = (rows: number[][]): SeedTrace[] => rows.map((r, i) => ({ seed: i, loss: Float64Array.from(r), divergedAt: null }));

describe("sample steps", () => {
  it("are at most BAND_SAMPLES, strictly increasing, end at the last step and are evenly spaced", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000_000 }), (total) => {
        const s = bandSampleSteps(total);
        expect(s.length).toBe(Math.min(total, BAND_SAMPLES));
        expect(s[s.length - 1]).toBe(total);
        const gap = total / s.length;
        let ok = true;
        for (let k = 0; k < s.length; k++) {
          ok &&= Number.isInteger(s[k]) && (k === 0 || s[k] > s[k - 1]) && Math.abs(s[k] - (k + 1) * gap) < 1;
        }
        expect(ok).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("are every step for a short run", () => {
    expect(Array.from(bandSampleSteps(5))).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(bandSampleSteps(0))).toEqual([]);
  });
});

describe("seeds", () => {
  it("are seed, seed+1, … mod 2^32", () => {
    expect(bandSeeds(7, 3)).toEqual([7, 8, 9]);
    expect(bandSeeds(2 ** 32 - 2, 4)).toEqual([2 ** 32 - 2, 2 ** 32 - 1, 0, 1]);
  });

  it("a bad count names the field, the value and the range", () => {
    expect(seedsProblem("seeds", 16)).toBeNull();
    expect(isSeedCount(64)).toBe(true);
    for (const v of [0, 65, 999, 2.5, "abc", Number.NaN, null]) {
      expect(seedsProblem("seeds", v)?.message).toMatch(/^seeds must be an integer in \[1, 64\], got /);
    }
    expect(seedsProblem("seeds", "abc")?.message).toBe('seeds must be an integer in [1, 64], got "abc"');
  });
});

describe("quantiles (type 7)", () => {
  it("match R's definition on finite data", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 64 }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, p) => {
        const sorted = Float64Array.from(xs).sort();
        const got = quantileSorted(sorted, p);
        const want = quantileR7(xs, p);
        expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
      }),
    );
    expect(quantileSorted(Float64Array.of(1, 2, 3, 4), 0.1)).toBeCloseTo(1.3, 12);
    expect(quantileSorted(Float64Array.of(1, 2, 3, 4), 0.5)).toBe(2.5);
    expect(quantileSorted(Float64Array.of(1, 2, 3, 4), 0.9)).toBeCloseTo(3.7, 12);
  });

  it("handle diverged seeds (+Infinity) without NaN", () => {
    const x = Float64Array.of(0.5, 0.6, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
    expect(quantileSorted(x, 0.1)).toBeCloseTo(0.53, 12);
    expect(quantileSorted(x, 0.5)).toBe(Number.POSITIVE_INFINITY);
    expect(quantileSorted(x, 0.9)).toBe(Number.POSITIVE_INFINITY);
    expect(quantileSorted(Float64Array.of(Number.POSITIVE_INFINITY), 0.5)).toBe(Number.POSITIVE_INFINITY);
  });

  const value = fc.oneof(fc.double({ min: 0, max: 1e3, noNaN: true }), fc.constant(Number.POSITIVE_INFINITY));
  const matrix = fc.integer({ min: 1, max: 16 }).chain((samples) => fc.array(fc.array(value, { minLength: samples, maxLength: samples }), { minLength: 1, maxLength: 20 }));

  it("reduceBand: q10 <= q50 <= q90, inside [min, max], never NaN", () => {
    fc.assert(
      fc.property(matrix, (rows) => {
        const s = rows[0].length;
        const band = reduceBand(traces(rows), bandSampleSteps(s), 1, 1);
        for (let k = 0; k < s; k++) {
          const col = rows.map((r) => r[k]);
          const lo = Math.min(...col);
          const hi = Math.max(...col);
          for (const q of [band.q10[k], band.q50[k], band.q90[k]]) {
            expect(Number.isNaN(q)).toBe(false);
            expect(q).toBeGreaterThanOrEqual(lo);
            expect(q).toBeLessThanOrEqual(hi);
          }
          expect(band.q10[k]).toBeLessThanOrEqual(band.q50[k]);
          expect(band.q50[k]).toBeLessThanOrEqual(band.q90[k]);
        }
      }),
    );
  });

  it("reduceBand: the order of the seeds does not matter", () => {
    fc.assert(
      fc.property(
        matrix.chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows.map((_, i) => i), { minLength: rows.length, maxLength: rows.length }))),
        ([rows, order]) => {
          const s = rows[0].length;
          const a = reduceBand(traces(rows), bandSampleSteps(s), 1, 1);
          const b = reduceBand(traces(order.map((i) => rows[i])), bandSampleSteps(s), 1, 1);
          expect(Array.from(b.q10)).toEqual(Array.from(a.q10));
          expect(Array.from(b.q50)).toEqual(Array.from(a.q50));
          expect(Array.from(b.q90)).toEqual(Array.from(a.q90));
        },
      ),
    );
  });

  it("one seed: q10 = q50 = q90 = that seed's loss", () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 30 }), (row) => {
        const band = reduceBand(traces([row]), bandSampleSteps(row.length), 1, 1);
        expect(Array.from(band.q10)).toEqual(row);
        expect(Array.from(band.q50)).toEqual(row);
        expect(Array.from(band.q90)).toEqual(row);
      }),
    );
  });
});

describe("runs", () => {
  it("one seed's trace is the run's loss at the sample steps, bit for bit", () => {
    const config = short(4, { seed: 5 });
    const full = simulate(config);
    const trace = runSeed(config, 5);
    const steps = bandSampleSteps(full.totalSteps);
    expect(trace.loss).toHaveLength(steps.length);
    steps.forEach((st, k) => expect(trace.loss[k]).toBe(full.columns.loss[st - 1]));
    expect(trace.divergedAt).toBeNull();
  });

  it("N = 1 gives the run itself; the band's seeds are the config's seed and the next ones", () => {
    const config = short(2, { seed: 3 });
    const band = computeBand(config, 1);
    const full = simulate(config);
    expect(band.seeds).toBe(1);
    expect(Array.from(band.q50)).toEqual(Array.from(band.step, (st) => full.columns.loss[st - 1]));
    expect(Array.from(band.q10)).toEqual(Array.from(band.q50));
    const three = computeBand(config, 3);
    const others = [3, 4, 5].map((s) => simulate({ ...config, seed: s }).columns.loss);
    three.step.forEach((st, k) => {
      const col = others.map((l) => l[st - 1]).sort((a, b) => a - b);
      expect(three.q50[k]).toBe(col[1]);
    });
  });

  it("different seeds change the data, the init and the noise", () => {
    const a = runSeed(short(1), 1).loss;
    const b = runSeed(short(1), 2).loss;
    expect(a[0]).not.toBe(b[0]);
  });

  it("a diverged seed is +Infinity from its divergence on and is counted", () => {
    const config = short(2, { optimizer: { ...DEFAULT_RUN.optimizer, lr: 10, kind: "sgd" } });
    const trace = runSeed(config, 1);
    expect(trace.divergedAt).not.toBeNull();
    expect(trace.loss[trace.loss.length - 1]).toBe(Number.POSITIVE_INFINITY);
    const band = computeBand(config, 2);
    expect(band.diverged).toBe(2);
    expect(band.q50[band.q50.length - 1]).toBe(Number.POSITIVE_INFINITY);
  });

  it("records only the sample steps: a long run's trace has at most BAND_SAMPLES numbers", () => {
    const runner = new SeedRunner(short(10_000), 1);
    expect(runner.trainer.totalSteps).toBe(2_000_000);
    expect(runner.sampleSteps).toHaveLength(BAND_SAMPLES);
    runner.advance(1_000);
    expect(runner.trace()).toBeNull();
  });
});
