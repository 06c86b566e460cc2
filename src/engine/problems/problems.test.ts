import "../testing/custom-surfaces.ts";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Rng } from "../rng.ts";
import {
  ClassifyProblem,
  NqmProblem,
  PROBLEM_DEFAULTS,
  PROBLEM_IDS,
  createClassify,
  createNqm,
  createProblem,
  isProblemId,
  type ProblemId,
  type SurfaceId,
  type ToyProblem,
} from "./index.ts";

const DATASET_IDS: readonly ProblemId[] = ["classify", "linreg"];
const SURFACE_IDS: readonly SurfaceId[] = ["rosenbrock", "beale", "saddle", "bowl", "nqm2d"];

/** The problem with its synthetic gradient noise switched off (dataset problems have none). */
function noiseFree(id: ProblemId, seed: number): ToyProblem {
  switch (id) {
    case "classify":
    case "linreg":
      return createProblem(id, seed);
    default:
      return createProblem(id, seed, { noiseScale: 0 });
  }
}

function allExamples(p: ToyProblem): Int32Array {
  return Int32Array.from({ length: p.nTrain }, (_, i) => i);
}

/** A point to test at: inside the view box for surfaces, near the start (scale 0.5) otherwise. */
function randomPoint(p: ToyProblem, r: Rng): Float64Array {
  if (p.bounds) {
    const b = p.bounds;
    return Float64Array.from([b.xMin + (b.xMax - b.xMin) * r.uniform(), b.yMin + (b.yMax - b.yMin) * r.uniform()]);
  }
  const x = p.init();
  for (let i = 0; i < x.length; i++) x[i] += 0.5 * r.normal();
  return x;
}

function randomBatch(p: ToyProblem, r: Rng): Int32Array {
  const size = 1 + r.int(Math.min(p.nTrain, 64));
  return Int32Array.from({ length: size }, () => r.int(p.nTrain));
}

const CASES: { name: string; make: (seed: number) => ToyProblem }[] = [
  ...PROBLEM_IDS.map((id) => ({ name: id, make: (seed: number) => noiseFree(id, seed) })),
  {
    name: "nqm, inverse spectrum, random optimum, floor",
    make: (seed: number) => createProblem("nqm", seed, { spectrum: "inverse", optimumScale: 1, floor: 0.3, noiseScale: 0 }),
  },
  { name: "classify as logistic regression", make: (seed: number) => createProblem("classify", seed, { hidden: 0 }) },
  { name: "linreg with one feature", make: (seed: number) => createProblem("linreg", seed, { features: 1 }) },
];

describe("registry", () => {
  it("builds every id with a matching id, sizes and start point", () => {
    expect(new Set(PROBLEM_IDS).size).toBe(9);
    for (const id of PROBLEM_IDS) {
      const p = createProblem(id, 1);
      expect(p.id).toBe(id);
      expect(isProblemId(id)).toBe(true);
      expect(p.description.length).toBeGreaterThan(10);
      expect(Number.isInteger(p.dim) && p.dim > 0).toBe(true);
      expect(Number.isInteger(p.nTrain) && p.nTrain > 0).toBe(true);
      expect(p.init()).toHaveLength(p.dim);
      expect(Number.isFinite(p.loss(p.init()))).toBe(true);
      expect(PROBLEM_DEFAULTS[id]).toBeDefined();
    }
    expect(isProblemId("mnist")).toBe(false);
  });

  it("init returns a fresh array each time", () => {
    const p = createProblem("nqm", 1);
    const a = p.init();
    a[0] = 1e9;
    expect(p.init()[0]).not.toBe(1e9);
  });

  it("rejects invalid options and calls with RangeError", () => {
    expect(() => createProblem("nqm", 1, { dim: 0 })).toThrow(RangeError);
    expect(() => createProblem("nqm", 1, { hMin: 2, hMax: 1 })).toThrow(RangeError);
    expect(() => createProblem("classify", 1, { labelNoise: 0.7 })).toThrow(RangeError);
    expect(() => createProblem("linreg", 1, { featureSpread: 0.5 })).toThrow(RangeError);
    expect(() => createProblem("bowl", 1, { condition: 0.5 })).toThrow(RangeError);
    expect(() => createProblem("rosenbrock", 1, { noiseScale: -1 })).toThrow(RangeError);
    const p = createProblem("linreg", 1);
    const g = new Float64Array(p.dim);
    const rng = new Rng(0);
    expect(() => p.batchLossGrad(p.init(), new Int32Array(0), g, rng)).toThrow(RangeError);
    expect(() => p.batchLossGrad(p.init(), Int32Array.of(p.nTrain), g, rng)).toThrow(RangeError);
    expect(() => p.batchLossGrad(new Float64Array(1), Int32Array.of(0), g, rng)).toThrow(RangeError);
  });
});

describe("gradients match central finite differences (noise off)", () => {
  it.each(CASES)("$name", ({ make }) => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer(), (problemSeed, pointSeed) => {
        const p = make(problemSeed);
        const r = new Rng(pointSeed);
        const x = randomPoint(p, r);
        const batch = randomBatch(p, r);
        const noise = new Rng(0);
        const g = new Float64Array(p.dim);
        const scratch = new Float64Array(p.dim);
        p.batchLossGrad(x, batch, g, noise);
        let gMax = 0;
        for (const v of g) gMax = Math.max(gMax, Math.abs(v));
        const xp = x.slice();
        for (let i = 0; i < p.dim; i++) {
          const h = 1e-5 * Math.max(1, Math.abs(x[i]));
          xp[i] = x[i] + h;
          const up = p.batchLossGrad(xp, batch, scratch, noise);
          xp[i] = x[i] - h;
          const down = p.batchLossGrad(xp, batch, scratch, noise);
          xp[i] = x[i];
          const fd = (up - down) / (2 * h);
          // Relative to the largest component, so near-zero components are not held to 1e-5 of 0.
          expect(Math.abs(g[i] - fd)).toBeLessThanOrEqual(1e-5 * Math.max(1, gMax));
        }
      }),
      { numRuns: 15 },
    );
  });
});

describe("full-batch consistency", () => {
  it.each(PROBLEM_IDS)("%s: loss(x) is the batch loss over all examples", (id) => {
    const p = noiseFree(id, 3);
    const x = randomPoint(p, new Rng(4));
    const g = new Float64Array(p.dim);
    const lossAll = p.batchLossGrad(x, allExamples(p), g, new Rng(0));
    expect(lossAll).toBeCloseTo(p.loss(x), 12);
  });

  it.each(DATASET_IDS)("%s: full gradient is the mean of the gradients of equal parts", (id) => {
    const p = createProblem(id, 5);
    const x = randomPoint(p, new Rng(6));
    const all = allExamples(p);
    const full = new Float64Array(p.dim);
    p.batchLossGrad(x, all, full, new Rng(0));
    const parts = 8;
    const size = p.nTrain / parts;
    const sum = new Float64Array(p.dim);
    const g = new Float64Array(p.dim);
    for (let k = 0; k < parts; k++) {
      p.batchLossGrad(x, all.subarray(k * size, (k + 1) * size), g, new Rng(0));
      for (let i = 0; i < p.dim; i++) sum[i] += g[i] / parts;
    }
    for (let i = 0; i < p.dim; i++) expect(sum[i]).toBeCloseTo(full[i], 12);
  });
});

describe("determinism", () => {
  it.each(PROBLEM_IDS)("%s: the same seed gives the same data and start", (id) => {
    const a = createProblem(id, 17);
    const b = createProblem(id, 17);
    expect(Array.from(a.init())).toEqual(Array.from(b.init()));
    const x = randomPoint(a, new Rng(1));
    expect(a.loss(x)).toBe(b.loss(x));
    const ga = new Float64Array(a.dim);
    const gb = new Float64Array(b.dim);
    const batch = Int32Array.of(0, 1, 2);
    expect(a.batchLossGrad(x, batch, ga, new Rng(9))).toBe(b.batchLossGrad(x, batch, gb, new Rng(9)));
    expect(Array.from(ga)).toEqual(Array.from(gb));
  });

  it.each(["nqm", ...DATASET_IDS] as ProblemId[])("%s: a different seed gives different data or start", (id) => {
    const a = createProblem(id, 17);
    const b = createProblem(id, 18);
    expect(a.loss(a.init())).not.toBe(b.loss(b.init()));
  });

  it("dataset problems: a different seed gives a different dataset", () => {
    for (const id of DATASET_IDS) {
      const x = createProblem(id, 1).init();
      expect(createProblem(id, 1).loss(x)).not.toBe(createProblem(id, 2).loss(x));
    }
  });

  it.each(SURFACE_IDS)("%s: fixed start by default, seeded start with startJitter", (id) => {
    expect(Array.from(createProblem(id, 1).init())).toEqual(Array.from(createProblem(id, 2).init()));
    const a = createProblem(id, 1, { startJitter: 0.1 }).init();
    const b = createProblem(id, 2, { startJitter: 0.1 }).init();
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });
});

describe("2-D surfaces", () => {
  it.each(SURFACE_IDS)("%s: grid has the right shape, spans the bounds and is finite", (id) => {
    const p = createProblem(id, 1);
    const b = p.bounds;
    expect(b).toBeDefined();
    expect(p.grid).toBeDefined();
    if (!b || !p.grid) return;
    const { xs, ys, z } = p.grid(31, 21);
    expect(xs).toHaveLength(31);
    expect(ys).toHaveLength(21);
    expect(z).toHaveLength(31 * 21);
    expect([xs[0], xs[30], ys[0], ys[20]]).toEqual([b.xMin, b.xMax, b.yMin, b.yMax]);
    expect(z.every(Number.isFinite)).toBe(true);
    expect(z[7 * 31 + 5]).toBe(p.loss(Float64Array.of(xs[5], ys[7])));
    expect(() => p.grid?.(1, 10)).toThrow(RangeError);
  });

  it("dataset problems and the NQM have no grid", () => {
    for (const id of ["nqm", ...DATASET_IDS] as ProblemId[]) {
      const p = createProblem(id, 1);
      expect(p.grid).toBeUndefined();
      expect(p.bounds).toBeUndefined();
    }
  });

  it.each([
    ["rosenbrock", 1, 1, 0],
    ["beale", 3, 0.5, 0],
    ["saddle", 0, Math.SQRT2, 0],
    ["saddle", 0, -Math.SQRT2, 0],
    ["saddle", 0, 0, 1],
    ["bowl", 0, 0, 0],
    ["nqm2d", 0, 0, 0],
  ] as [ProblemId, number, number, number][])("%s: stationary point (%d, %d) with loss %d", (id, x, y, f) => {
    const p = noiseFree(id, 1);
    const g = new Float64Array(2);
    const at = Float64Array.of(x, y);
    expect(p.batchLossGrad(at, Int32Array.of(0), g, new Rng(0))).toBeCloseTo(f, 12);
    expect(Math.hypot(g[0], g[1])).toBeLessThan(1e-12);
  });

  it("the bowl has the requested condition number along its rotated axes", () => {
    const angle = 0.4;
    const p = createProblem("bowl", 1, { condition: 50, angle, hMax: 2 });
    const steep = p.loss(Float64Array.of(Math.cos(angle), Math.sin(angle)));
    const flat = p.loss(Float64Array.of(-Math.sin(angle), Math.cos(angle)));
    expect(steep).toBeCloseTo(1, 12);
    expect(steep / flat).toBeCloseTo(50, 9);
  });

  it("every surface start point lies inside its view box", () => {
    for (const id of SURFACE_IDS) {
      const p = createProblem(id, 1);
      const [x, y] = p.init();
      const b = p.bounds;
      expect(b && x >= b.xMin && x <= b.xMax && y >= b.yMin && y <= b.yMax).toBe(true);
    }
  });
});

describe("gradient noise", () => {
  /** Mean and variance of (noisy - exact) / expectedStd over many calls, pooled over coordinates. */
  function standardisedNoise(p: ToyProblem, exact: ToyProblem, expectedStd: Float64Array, batchSize: number, calls: number) {
    const x = p.init();
    const batch = Int32Array.from({ length: batchSize }, (_, i) => i);
    const g = new Float64Array(p.dim);
    const g0 = new Float64Array(p.dim);
    exact.batchLossGrad(x, batch, g0, new Rng(0));
    const noise = new Rng(21);
    let s = 0;
    let q = 0;
    let n = 0;
    for (let c = 0; c < calls; c++) {
      p.batchLossGrad(x, batch, g, noise);
      for (let i = 0; i < p.dim; i++) {
        const z = (g[i] - g0[i]) / expectedStd[i];
        s += z;
        q += z * z;
        n++;
      }
    }
    return { mean: s / n, variance: q / n };
  }

  it("nqm: covariance is noiseScale * H / B (Zhang et al. 2019)", () => {
    const B = 16;
    const p = createNqm({ seed: 0, noiseScale: 3, floor: 0 });
    const exact = createNqm({ seed: 0, noiseScale: 0, floor: 0 });
    const want = p.curvatures.map((h) => Math.sqrt((3 * h) / B));
    const { mean, variance } = standardisedNoise(p, exact, want, B, 500);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
  });

  it("surfaces: std noiseScale / sqrt(B); nqm2d: sqrt(noiseScale * h / B)", () => {
    const B = 8;
    const r = standardisedNoise(
      createProblem("rosenbrock", 0, { noiseScale: 2 }),
      createProblem("rosenbrock", 0, { noiseScale: 0 }),
      Float64Array.of(2 / Math.sqrt(B), 2 / Math.sqrt(B)),
      B,
      20_000,
    );
    expect(Math.abs(r.mean)).toBeLessThan(0.02);
    expect(Math.abs(r.variance - 1)).toBeLessThan(0.03);
    const q = standardisedNoise(
      createProblem("nqm2d", 0, { noiseScale: 2, hx: 1, hy: 0.1 }),
      createProblem("nqm2d", 0, { noiseScale: 0, hx: 1, hy: 0.1 }),
      Float64Array.of(Math.sqrt(2 / B), Math.sqrt(0.2 / B)),
      B,
      20_000,
    );
    expect(Math.abs(q.variance - 1)).toBeLessThan(0.03);
  });

  it("the noise stream advances the same whatever noiseScale is", () => {
    for (const id of ["nqm", ...SURFACE_IDS] as ProblemId[]) {
      const quiet = noiseFree(id, 1);
      const loud = createProblem(id, 1);
      const a = new Rng(5);
      const b = new Rng(5);
      const g = new Float64Array(quiet.dim);
      quiet.batchLossGrad(quiet.init(), Int32Array.of(0), g, a);
      loud.batchLossGrad(loud.init(), Int32Array.of(0), g, b);
      expect(a.uniform()).toBe(b.uniform());
    }
  });
});

describe("nqm dynamics", () => {
  /** Plain SGD x <- x - lr * g with batches of B, returning the full loss after every step. */
  function sgd(p: ToyProblem, lr: number, B: number, steps: number): Float64Array {
    const x = p.init();
    const g = new Float64Array(p.dim);
    const noise = new Rng(p.dim).fork("noise");
    const batch = Int32Array.from({ length: B }, (_, i) => i);
    const out = new Float64Array(steps);
    for (let t = 0; t < steps; t++) {
      p.batchLossGrad(x, batch, g, noise);
      for (let i = 0; i < p.dim; i++) x[i] -= lr * g[i];
      out[t] = p.loss(x);
    }
    return out;
  }

  it("gradient descent with the default options reduces the loss", () => {
    const p = createProblem("nqm", 1);
    const losses = sgd(p, 0.5, 32, 2000);
    const tail = losses.subarray(1500);
    const tailMean = tail.reduce((s, v) => s + v, 0) / tail.length;
    expect(tailMean).toBeLessThan(p.loss(p.init()));
  });

  it("without noise it converges to the floor", () => {
    const p = createNqm({ seed: 2, noiseScale: 0, floor: 0.25, spectrum: "logspace", hMin: 0.1 });
    const losses = sgd(p, 1, 32, 1000);
    expect(losses[losses.length - 1] - 0.25).toBeLessThan(1e-12);
  });

  it("SGD's steady-state excess loss matches the AR(1) prediction", () => {
    // For x_i <- (1 - lr h_i) x_i - lr eps_i with Var eps_i = s h_i / B, the stationary variance
    // is lr s / (B (2 - lr h_i)), so E[loss] = floor + sum_i h_i lr s / (2 B (2 - lr h_i)).
    const s = 2;
    const B = 8;
    const lr = 0.5;
    const p = createNqm({ seed: 3, noiseScale: s, floor: 0.1, spectrum: "logspace", hMax: 1, hMin: 0.1, dim: 50 });
    let want = 0.1;
    for (const h of p.curvatures) want += (h * lr * s) / (2 * B * (2 - lr * h));
    const losses = sgd(p, lr, B, 20_000);
    const tail = losses.subarray(2000);
    const mean = tail.reduce((a, v) => a + v, 0) / tail.length;
    expect(Math.abs(mean - want) / (want - 0.1)).toBeLessThan(0.05);
  });

  it("exposes its curvatures in decreasing order and a zero optimum by default", () => {
    const p = createProblem("nqm", 1);
    expect(p).toBeInstanceOf(NqmProblem);
    if (!(p instanceof NqmProblem)) return;
    expect(p.curvatures).toHaveLength(p.dim);
    for (let i = 1; i < p.dim; i++) expect(p.curvatures[i]).toBeLessThan(p.curvatures[i - 1]);
    expect(p.optimum.every((c) => c === 0)).toBe(true);
  });
});

describe("classify data", () => {
  it("flips exactly round(labelNoise * nTrain) labels and keeps classes balanced", () => {
    const p = createClassify({ seed: 4, nTrain: 400, labelNoise: 0.1 });
    expect(p).toBeInstanceOf(ClassifyProblem);
    let flipped = 0;
    let ones = 0;
    for (let n = 0; n < p.nTrain; n++) {
      const clean = n < p.nTrain / 2 ? 0 : 1;
      if (p.labels[n] !== clean) flipped++;
      ones += p.labels[n];
    }
    expect(flipped).toBe(40);
    expect(Math.abs(ones - 200)).toBeLessThanOrEqual(40);
  });

  it("the untrained network predicts near chance and the loss is near log 2", () => {
    const p = createClassify({ seed: 5 });
    const l = p.loss(p.init());
    expect(l).toBeGreaterThan(0.4);
    expect(l).toBeLessThan(1.2);
    const prob = p.predict(p.init(), 0, 0);
    expect(prob > 0 && prob < 1).toBe(true);
  });
});
