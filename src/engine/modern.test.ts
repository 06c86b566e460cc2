// SPEC.md §5: warmup–stable–decay, the inverse square root and schedule-free AdamW. The golden
// vectors of ../shared/golden-modern through the engine directly, and properties the formulas imply.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { validateOptimizer, validatePolicy } from "./config.ts";
import { createOptimizer } from "./optimizers.ts";
import { lrAt } from "./policies.ts";
import type { OptimizerConfig, Policy, PolicyOf } from "./types.ts";
import modern from "../../../shared/golden-modern/modern.json";

const lrClose = (got: number, want: number) => Math.abs(got - want) <= 1e-9 * Math.abs(want) + 1e-15;
const xClose = (got: number, want: number) => Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want));

describe("golden-modern vectors, through the engine", () => {
  for (const c of modern.schedules) {
    it(`schedule ${c.name}`, () => {
      const policy = validatePolicy(c.schedule, { strict: true });
      expect(policy.problems).toEqual([]);
      c.lr.forEach((want, t) => expect(lrClose(lrAt(policy.value, c.baseLr, t), want), `t = ${t}`).toBe(true));
    });
  }
  for (const c of modern.optimizers) {
    it(`optimizer ${c.name}: both the evaluation point x and the gradient point y`, () => {
      const config = validateOptimizer(c.optimizer, { strict: true });
      expect(config.problems).toEqual([]);
      const opt = createOptimizer(config.value, c.x0.length);
      const y = Float64Array.from(c.x0);
      const x = new Float64Array(c.x0.length);
      c.grads.forEach((g, k) => {
        opt.step(y, Float64Array.from(g), c.lr[k]);
        opt.evalPoint?.(y, x);
        c.x[k].forEach((want, j) => expect(xClose(x[j], want), `step ${k + 1} x[${j}]`).toBe(true));
        c.y[k].forEach((want, j) => expect(xClose(y[j], want), `step ${k + 1} y[${j}]`).toBe(true));
      });
    });
  }
});

const int = (min: number, max: number) => fc.integer({ min, max });
const shape = fc.constantFrom("linear" as const, "cosine" as const, "1-sqrt" as const);

const wsdArb: fc.Arbitrary<PolicyOf<"wsd">> = fc.record({
  kind: fc.constant("wsd" as const),
  warmupTicks: int(0, 40),
  stableTicks: int(0, 80),
  decayTicks: int(1, 80),
  warmupShape: shape,
  decayShape: shape,
  minLrRatio: fc.double({ min: 0, max: 1, noNaN: true }),
  // Up to half a wave: more cycles make the cosine cooldown climb again, by design.
  numCycles: fc.double({ min: 0, max: 0.5, noNaN: true }),
  unit: fc.constant("epoch" as const),
  warmup: fc.constant(null),
});
const lrArb = fc.double({ min: 1e-5, max: 1, noNaN: true });

describe("wsd properties", () => {
  it("every rate lies in [minLrRatio·lr, lr]; lr through the stable phase; minLrRatio·lr after the cooldown", () => {
    fc.assert(
      fc.property(wsdArb, lrArb, (p, lr) => {
        const end = p.warmupTicks + p.stableTicks + p.decayTicks;
        for (let t = 0; t < end + 20; t++) {
          const r = lrAt(p, lr, t);
          expect(r).toBeGreaterThanOrEqual(p.minLrRatio * lr * (1 - 1e-12));
          expect(r).toBeLessThanOrEqual(lr * (1 + 1e-12));
          if (t >= p.warmupTicks && t < p.warmupTicks + p.stableTicks) expect(r).toBe(lr);
          if (t >= end) expect(r).toBe(lr * p.minLrRatio);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("rises through the warmup and never rises again from the end of the warmup on", () => {
    fc.assert(
      fc.property(wsdArb, lrArb, (p, lr) => {
        const end = p.warmupTicks + p.stableTicks + p.decayTicks;
        for (let t = 1; t < end + 5; t++) {
          const [a, b] = [lrAt(p, lr, t - 1), lrAt(p, lr, t)];
          if (t <= p.warmupTicks) expect(b).toBeGreaterThanOrEqual(a);
          else expect(b).toBeLessThanOrEqual(a * (1 + 1e-15));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a later cooldown is the same run up to the earlier cooldown's start (the rates are the same numbers)", () => {
    fc.assert(
      fc.property(wsdArb, int(1, 50), lrArb, (p, extra, lr) => {
        const longer: Policy = { ...p, stableTicks: p.stableTicks + extra };
        for (let t = 0; t < p.warmupTicks + p.stableTicks; t++) expect(Object.is(lrAt(longer, lr, t), lrAt(p, lr, t))).toBe(true);
      }),
    );
  });
});

describe("inverseSqrt properties", () => {
  const arb = fc.record({
    kind: fc.constant("inverseSqrt" as const),
    warmupTicks: int(0, 200),
    timescale: fc.option(fc.double({ min: 1, max: 1e5, noNaN: true }), { nil: null }),
    unit: fc.constant("epoch" as const),
    warmup: fc.constant(null),
  });

  it("is continuous at the end of the warmup: lr at W, lr·(W-1)/W just before", () => {
    fc.assert(
      fc.property(arb, lrArb, (p, lr) => {
        const w = p.warmupTicks;
        // Exactly lr with the default timescale (W: (W + 0) / W = 1); to rounding otherwise.
        if (p.timescale === null) expect(lrAt(p, lr, w)).toBe(lr);
        else expect(lrClose(lrAt(p, lr, w), lr)).toBe(true);
        if (w > 0) expect(lrClose(lrAt(p, lr, w - 1), (lr * (w - 1)) / w)).toBe(true);
      }),
    );
  });

  it("falls as lr·√(timescale / (t - W + timescale)) after the warmup", () => {
    fc.assert(
      fc.property(arb, lrArb, int(0, 10000), (p, lr, k) => {
        const ts = p.timescale ?? (p.warmupTicks > 0 ? p.warmupTicks : 10000);
        const t = p.warmupTicks + k;
        expect(Math.abs(lrAt(p, lr, t) - lr * Math.sqrt(ts / (k + ts)))).toBeLessThanOrEqual(1e-12 * lr);
        expect(lrAt(p, lr, t + 1)).toBeLessThan(lrAt(p, lr, t));
      }),
    );
  });

  it("defaults its timescale to the warmup, or 10,000 without warmup (SPEC.md §5)", () => {
    const p = validatePolicy({ kind: "inverseSqrt" }).value;
    expect(p).toMatchObject({ kind: "inverseSqrt", warmupTicks: 0, timescale: null });
    expect(lrAt(p, 1, 30000)).toBeCloseTo(Math.sqrt(10000 / 40000), 15);
    const w = validatePolicy({ kind: "inverseSqrt", warmupTicks: 100 }).value;
    expect(lrAt(w, 1, 300)).toBeCloseTo(Math.sqrt(100 / 300), 15);
  });
});

// ---------------------------------------------------------------------------------------------
// Schedule-free AdamW

const sfArb: fc.Arbitrary<OptimizerConfig> = fc
  .record({
    beta1: fc.double({ min: 0.05, max: 0.99, noNaN: true }),
    beta2: fc.double({ min: 0.5, max: 0.9999, noNaN: true }),
    epsilon: fc.double({ min: 1e-10, max: 0.1, noNaN: true }),
    warmupSteps: int(0, 10),
    r: fc.double({ min: 0, max: 2, noNaN: true }),
    weightLrPower: fc.double({ min: 0, max: 3, noNaN: true }),
    weightDecay: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.1, noNaN: true })),
  })
  .map((f) => validateOptimizer({ kind: "scheduleFree", lr: 0.01, ...f }).value);

const DIM = 3;
const vec = fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: DIM, maxLength: DIM });

/** Runs the optimizer; after each step the evaluation point x, the gradient point y and z recovered from them. */
function trace(cfg: OptimizerConfig, x0: number[], grads: number[][], lr: number) {
  const opt = createOptimizer(cfg, DIM);
  const y = Float64Array.from(x0);
  const x = new Float64Array(DIM);
  return grads.map((g) => {
    opt.step(y, Float64Array.from(g), lr);
    opt.evalPoint?.(y, x);
    // x = y + (1 - 1/beta1)(z - y)  =>  z = y + (x - y) / (1 - 1/beta1)
    const z = Array.from(y, (yi, i) => yi + (x[i] - yi) / (1 - 1 / cfg.beta1));
    return { x: Array.from(x), y: Array.from(y), z };
  });
}

describe("schedule-free AdamW properties", () => {
  it("after the first step x, y and z coincide at x0 - lr_1·g/(√v + ε), lr_1 = lr·sched·√(1 - beta2)", () => {
    fc.assert(
      fc.property(sfArb, vec, vec, (cfg, x0, g) => {
        const [s] = trace(cfg, x0, [g], 0.01);
        const sched = cfg.warmupSteps > 0 ? 1 / cfg.warmupSteps : 1;
        const lr1 = 0.01 * sched * Math.sqrt(1 - cfg.beta2);
        for (let i = 0; i < DIM; i++) {
          const d = g[i] / (Math.sqrt((1 - cfg.beta2) * g[i] * g[i]) + cfg.epsilon) + cfg.weightDecay * x0[i];
          const want = x0[i] - lr1 * d;
          expect(Math.abs(s.y[i] - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
          expect(Math.abs(s.x[i] - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
        }
      }),
    );
  });

  it("with r = 0 and weightLrPower = 0 (equal weights) the evaluation point is the running mean of the z's", () => {
    fc.assert(
      fc.property(sfArb, vec, fc.array(vec, { minLength: 1, maxLength: 30 }), (cfg0, x0, grads) => {
        const cfg = { ...cfg0, r: 0, weightLrPower: 0 };
        const steps = trace(cfg, x0, grads, 0.01);
        const sum = new Array<number>(DIM).fill(0);
        steps.forEach((s, k) => {
          for (let i = 0; i < DIM; i++) {
            sum[i] += s.z[i];
            expect(Math.abs(s.x[i] - sum[i] / (k + 1))).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(s.x[i])));
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it("y stays between z and x: y = (1 - beta1)·z + beta1·x", () => {
    fc.assert(
      fc.property(sfArb, vec, fc.array(vec, { minLength: 1, maxLength: 20 }), (cfg, x0, grads) => {
        for (const s of trace(cfg, x0, grads, 0.01)) {
          for (let i = 0; i < DIM; i++) {
            const want = (1 - cfg.beta1) * s.z[i] + cfg.beta1 * s.x[i];
            expect(Math.abs(s.y[i] - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(s.y[i])));
          }
        }
      }),
    );
  });

  it("beta1 0 is refused for schedule-free only (its evaluation point divides by beta1)", () => {
    const sf = validateOptimizer({ kind: "scheduleFree", beta1: 0 });
    expect(sf.value.beta1).toBe(0.9);
    expect(sf.problems.map((p) => p.message)).toEqual(["beta1 must be in (0, 1), got 0"]);
    expect(validateOptimizer({ kind: "adam", beta1: 0 }).problems).toEqual([]);
    expect(validateOptimizer({ kind: "scheduleFree", warmupSteps: 2.5 }).problems.map((p) => p.message)).toEqual([
      "warmupSteps must be an integer in [0, 1000000000], got 2.5",
    ]);
    expect(validateOptimizer({ kind: "scheduleFree", weightLrPower: -1 }).problems.map((p) => p.message)).toEqual([
      "weightLrPower must be in [0, 10], got -1",
    ]);
  });
});

describe("validation of the new policy fields", () => {
  const messages = (raw: unknown) => validatePolicy(raw).problems.map((p) => p.message);
  it("names field, value and range", () => {
    expect(messages({ kind: "wsd", decayTicks: 0 })).toEqual(["decayTicks must be an integer >= 1, got 0"]);
    expect(messages({ kind: "wsd", minLrRatio: 1.5 })).toEqual(["minLrRatio must be in [0, 1], got 1.5"]);
    expect(messages({ kind: "wsd", decayShape: "sqrt" })).toEqual(['decayShape must be one of "1-sqrt", "linear", "cosine", got "sqrt"']);
    expect(messages({ kind: "inverseSqrt", timescale: 0 })).toEqual(["timescale must be null or in (0, 1000000000000], got 0"]);
    expect(messages({ kind: "inverseSqrt", stableTicks: 3 })).toEqual(['unknown field "stableTicks" for decay kind "inverseSqrt"']);
  });
});
