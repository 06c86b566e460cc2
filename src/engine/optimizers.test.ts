import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { adamLrT, createOptimizer } from "./optimizers.ts";
import type { OptimizerConfig } from "./types.ts";
// A JSON import rather than node:fs + import.meta.url: tsconfig.engine.json includes src/engine
// (tests too) with `types: []` and lib ES2022, so Node APIs, URL and import.meta.url do not
// type-check there; resolveJsonModule makes this import valid in both the engine and node projects.
import reference from "../../../shared/golden/reference.json";

// ---------------------------------------------------------------------------------------------
// Golden vectors (SPEC.md §3): PyTorch 1.13 float64 and the TF1 formulas in NumPy float64.

/** SPEC.md §1 defaults for fields a golden `optimizer` object may omit. */
const DEFAULTS: OptimizerConfig = {
  kind: "adam",
  lr: 0.001,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  epsilonForm: "hat",
  amsgrad: false,
  weightDecay: 0,
  decoupled: false,
  momentum: 0,
  nesterov: false,
  warmupSteps: 0,
  r: 0,
  weightLrPower: 2,
};

interface GoldenCase {
  name: string;
  optimizer: OptimizerConfig;
  x0: number[];
  grads: number[][];
  lr: number[];
  x: number[][];
}

function isRecord(u: unknown): u is Record<string, unknown> {
  return typeof u === "object" && u !== null && !Array.isArray(u);
}

function numbers(u: unknown, what: string): number[] {
  if (!Array.isArray(u) || !u.every((e): e is number => typeof e === "number")) {
    throw new Error(`${what} must be an array of numbers`);
  }
  return u;
}

function matrix(u: unknown, what: string): number[][] {
  if (!Array.isArray(u)) throw new Error(`${what} must be an array of arrays`);
  return u.map((row, k) => numbers(row, `${what}[${k}]`));
}

/** Applies the defaults; unknown or mistyped fields fail loudly, as SPEC §3 requires. */
function parseOptimizer(u: unknown, where: string): OptimizerConfig {
  if (!isRecord(u)) throw new Error(`${where}.optimizer must be an object`);
  const cfg: OptimizerConfig = { ...DEFAULTS };
  for (const [key, val] of Object.entries(u)) {
    switch (key) {
      case "kind":
        if (val !== "adam" && val !== "sgd") throw new Error(`${where}: unknown kind ${String(val)}`);
        cfg.kind = val;
        break;
      case "epsilonForm":
        if (val !== "hat" && val !== "paper") throw new Error(`${where}: bad epsilonForm ${String(val)}`);
        cfg.epsilonForm = val;
        break;
      case "amsgrad":
      case "decoupled":
      case "nesterov":
        if (typeof val !== "boolean") throw new Error(`${where}: ${key} must be boolean`);
        cfg[key] = val;
        break;
      case "lr":
      case "beta1":
      case "beta2":
      case "epsilon":
      case "weightDecay":
      case "momentum":
        if (typeof val !== "number") throw new Error(`${where}: ${key} must be a number`);
        cfg[key] = val;
        break;
      default:
        throw new Error(`${where}: unknown optimizer field ${key}`);
    }
  }
  return cfg;
}

function loadGolden(): GoldenCase[] {
  // Treated as untrusted: the file's inferred literal type is deliberately not relied on.
  const doc: unknown = reference;
  if (!isRecord(doc) || !Array.isArray(doc.optimizers)) throw new Error("golden file has no optimizers");
  return doc.optimizers.map((c: unknown, i: number): GoldenCase => {
    if (!isRecord(c)) throw new Error(`optimizers[${i}] must be an object`);
    const name = typeof c.name === "string" ? c.name : `optimizers[${i}]`;
    return {
      name,
      optimizer: parseOptimizer(c.optimizer, name),
      x0: numbers(c.x0, `${name}.x0`),
      grads: matrix(c.grads, `${name}.grads`),
      lr: numbers(c.lr, `${name}.lr`),
      x: matrix(c.x, `${name}.x`),
    };
  });
}

const golden = loadGolden();

describe("optimizers: golden vectors", () => {
  it("has optimizer cases", () => {
    expect(golden.length).toBeGreaterThan(0);
  });

  it.each(golden.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(c.grads.length).toBe(c.lr.length);
    expect(c.x.length).toBe(c.lr.length);
    const dim = c.x0.length;
    const opt = createOptimizer(c.optimizer, dim);
    const x = Float64Array.from(c.x0);
    let worst = 0;
    let worstAt = "";
    for (let k = 0; k < c.lr.length; k++) {
      opt.step(x, Float64Array.from(c.grads[k]), c.lr[k]);
      for (let i = 0; i < dim; i++) {
        const want = c.x[k][i];
        // SPEC §3 parameter tolerance: |got - want| <= 1e-9 * max(1, |want|).
        const excess = Math.abs(x[i] - want) / (1e-9 * Math.max(1, Math.abs(want)));
        if (!(excess <= worst)) {
          worst = excess;
          worstAt = `step ${k + 1}, x[${i}]: got ${x[i]}, want ${want}`;
        }
      }
    }
    expect(worst, worstAt).toBeLessThanOrEqual(1);
    expect(opt.t).toBe(c.lr.length);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties.

/**
 * Finite gradients kept away from the subnormal range: tiny gradients times tiny betas over a few
 * dozen steps would make m or v subnormal, and subnormals lose relative precision in any formula.
 */
const gradEntry = fc
  .double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true })
  .map((v) => (Math.abs(v) < 1e-6 ? 0 : v));

const gradSeq = (dim: number, maxSteps: number) =>
  fc.array(fc.array(gradEntry, { minLength: dim, maxLength: dim }), { minLength: 1, maxLength: maxSteps });

const lrArb = fc.double({ min: 1e-6, max: 1, noNaN: true });
const beta1Arb = fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 0.999, noNaN: true }));
const beta2Arb = fc.double({ min: 0.5, max: 0.9999, noNaN: true });
const epsArb = fc.double({ min: 1e-10, max: 1, noNaN: true });

const configArb: fc.Arbitrary<OptimizerConfig> = fc.record({
  kind: fc.constantFrom("adam" as const, "sgd" as const),
  lr: lrArb,
  beta1: beta1Arb,
  beta2: beta2Arb,
  epsilon: epsArb,
  epsilonForm: fc.constantFrom("hat" as const, "paper" as const),
  amsgrad: fc.boolean(),
  weightDecay: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.5, noNaN: true })),
  decoupled: fc.boolean(),
  momentum: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.99, noNaN: true })),
  nesterov: fc.boolean(),
  warmupSteps: fc.constant(0),
  r: fc.constant(0),
  weightLrPower: fc.constant(2),
});

const DIM = 4;
const xArb = fc.array(gradEntry, { minLength: DIM, maxLength: DIM });

function close(got: number, want: number, rel: number): boolean {
  return Math.abs(got - want) <= rel * Math.max(Math.abs(got), Math.abs(want));
}

describe("optimizers: properties", () => {
  it("hat epsilon equals paper epsilon / sqrt(1 - beta2^t), step by step", () => {
    fc.assert(
      fc.property(lrArb, beta1Arb, beta2Arb, epsArb, fc.boolean(), gradSeq(DIM, 30), (lr, b1, b2, eps, ams, grads) => {
        const cfg: OptimizerConfig = { ...DEFAULTS, lr, beta1: b1, beta2: b2, epsilon: eps, amsgrad: ams };
        const opt = createOptimizer(cfg, DIM);
        // Hand-kept paper-form state (PyTorch's formula) with the per-step equivalent epsilon.
        const m = new Float64Array(DIM);
        const v = new Float64Array(DIM);
        const vmax = new Float64Array(DIM);
        for (let k = 0; k < grads.length; k++) {
          const t = k + 1;
          const g = Float64Array.from(grads[k]);
          // Without weight decay the update does not depend on x, so stepping from x = 0 yields
          // exactly -update with no cancellation against a large x.
          const x = new Float64Array(DIM);
          opt.step(x, g, lr);
          const bc1 = 1 - Math.pow(b1, t);
          const bc2 = 1 - Math.pow(b2, t);
          const epsPaper = eps / Math.sqrt(bc2);
          for (let i = 0; i < DIM; i++) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            vmax[i] = Math.max(vmax[i], v[i]);
            const vd = ams ? vmax[i] : v[i];
            const mhat = m[i] / bc1;
            const vhat = vd / bc2;
            const update = (lr * mhat) / (Math.sqrt(vhat) + epsPaper);
            if (!close(-x[i], update, 1e-12)) {
              throw new Error(`t=${t} i=${i}: hat ${-x[i]} vs paper ${update}`);
            }
          }
        }
      }),
    );
  });

  it("lrT at t = 1 is lr * sqrt(1 - beta2) / (1 - beta1) and tends to lr", () => {
    fc.assert(
      fc.property(lrArb, beta1Arb, beta2Arb, xArb, (lr, b1, b2, g) => {
        const want1 = (lr * Math.sqrt(1 - b2)) / (1 - b1);
        expect(adamLrT(lr, b1, b2, 1)).toBe(want1);
        const opt = createOptimizer({ ...DEFAULTS, lr, beta1: b1, beta2: b2 }, DIM);
        expect(opt.step(Float64Array.from(g), Float64Array.from(g), lr).lrT).toBe(want1);
        // Once beta^t < 1e-17 both corrections round to 1 - tiny.
        const big = Math.ceil(Math.log(1e-17) / Math.log(Math.max(b1, b2)));
        expect(close(adamLrT(lr, b1, b2, big), lr, 1e-15)).toBe(true);
        expect(close(adamLrT(lr, b1, b2, 10 * big), lr, 1e-15)).toBe(true);
      }),
    );
  });

  it("sgd reports the scheduled rate as lrT", () => {
    fc.assert(
      fc.property(configArb, lrArb, xArb, xArb, (cfg, lr, x, g) => {
        const opt = createOptimizer({ ...cfg, kind: "sgd" }, DIM);
        expect(opt.step(Float64Array.from(x), Float64Array.from(g), lr).lrT).toBe(lr);
      }),
    );
  });

  it("adam without weight decay leaves x unchanged under zero gradients", () => {
    fc.assert(
      fc.property(configArb, xArb, fc.array(lrArb, { minLength: 1, maxLength: 20 }), (cfg, x0, lrs) => {
        const opt = createOptimizer({ ...cfg, kind: "adam", weightDecay: 0 }, DIM);
        const x = Float64Array.from(x0);
        const g = new Float64Array(DIM);
        for (const lr of lrs) {
          expect(opt.step(x, g, lr).updateNorm).toBe(0);
        }
        expect(Array.from(x)).toEqual(x0);
      }),
    );
  });

  it("never mutates the gradient", () => {
    fc.assert(
      fc.property(configArb, xArb, gradSeq(DIM, 10), (cfg, x0, grads) => {
        const opt = createOptimizer(cfg, DIM);
        const x = Float64Array.from(x0);
        for (const row of grads) {
          const g = Float64Array.from(row);
          opt.step(x, g, cfg.lr);
          expect(Array.from(g)).toEqual(row);
        }
      }),
    );
  });

  it("updateNorm equals the measured norm of the change (decoupled decay included)", () => {
    fc.assert(
      fc.property(configArb, xArb, gradSeq(DIM, 10), (cfg, x0, grads) => {
        const opt = createOptimizer(cfg, DIM);
        const x = Float64Array.from(x0);
        for (const row of grads) {
          const before = Float64Array.from(x);
          const { updateNorm } = opt.step(x, Float64Array.from(row), cfg.lr);
          let sq = 0;
          for (let i = 0; i < DIM; i++) sq += (x[i] - before[i]) ** 2;
          const want = Math.sqrt(sq);
          expect(Math.abs(updateNorm - want)).toBeLessThanOrEqual(1e-12 * want);
        }
      }),
    );
  });

  it("reset() restores the fresh state", () => {
    fc.assert(
      fc.property(configArb, xArb, gradSeq(DIM, 8), gradSeq(DIM, 8), (cfg, x0, warm, grads) => {
        const used = createOptimizer(cfg, DIM);
        const scratch = Float64Array.from(x0);
        for (const row of warm) used.step(scratch, Float64Array.from(row), cfg.lr);
        expect(used.t).toBe(warm.length);
        used.reset();
        expect(used.t).toBe(0);
        const fresh = createOptimizer(cfg, DIM);
        const xa = Float64Array.from(x0);
        const xb = Float64Array.from(x0);
        for (const row of grads) {
          const a = used.step(xa, Float64Array.from(row), cfg.lr);
          const b = fresh.step(xb, Float64Array.from(row), cfg.lr);
          expect(a).toEqual(b);
        }
        expect(Array.from(xa)).toEqual(Array.from(xb));
      }),
    );
  });

  it("sgd with momentum 0 is plain gradient descent (with L2 decay if set)", () => {
    fc.assert(
      fc.property(configArb, xArb, gradSeq(DIM, 10), (cfg, x0, grads) => {
        const opt = createOptimizer({ ...cfg, kind: "sgd", momentum: 0 }, DIM);
        const x = Float64Array.from(x0);
        const want = Float64Array.from(x0);
        for (const row of grads) {
          opt.step(x, Float64Array.from(row), cfg.lr);
          for (let i = 0; i < DIM; i++) want[i] -= cfg.lr * (row[i] + cfg.weightDecay * want[i]);
          expect(Array.from(x)).toEqual(Array.from(want));
        }
      }),
    );
  });

  it("copies the config and checks array lengths", () => {
    const cfg: OptimizerConfig = { ...DEFAULTS };
    const opt = createOptimizer(cfg, 2);
    cfg.beta1 = 0.5;
    expect(opt.config.beta1).toBe(0.9);
    expect(opt.dim).toBe(2);
    expect(() => opt.step(new Float64Array(3), new Float64Array(2), 0.1)).toThrow(RangeError);
    expect(() => createOptimizer(cfg, -1)).toThrow(RangeError);
  });
});
