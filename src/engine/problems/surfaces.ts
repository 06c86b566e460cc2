// Two-dimensional loss surfaces, small enough to draw: the path of the optimizer over the contours
// shows what a learning rate does (overshoot across a valley, crawl along it, rattle around the
// minimum). There are no examples; `nTrain` is a notional size so that epochs exist, and
// stochasticity comes from Gaussian gradient noise whose std shrinks as 1 / sqrt(batch size).

import { cos, sin } from "../det-math.ts";
import { Rng } from "../rng.ts";
import {
  checkCall,
  sampleGrid,
  withDefaults,
  type Bounds,
  type Grid,
  type ProblemOptions,
  type ToyProblem,
} from "./problem.ts";

export type SurfaceId = "rosenbrock" | "beale" | "saddle" | "bowl" | "nqm2d" | "custom";

export interface SurfaceOptions extends ProblemOptions {
  /** Gradient-noise std per coordinate is noiseScale / sqrt(B) (nqm2d: sqrt(noiseScale * h_i / B)). */
  noiseScale: number;
  /** Notional examples per epoch. */
  nTrain: number;
  /** Start point before jitter. */
  start: readonly [number, number];
  /** Start = start + startJitter * N(0, I) from the init stream; 0 gives the same start for every seed. */
  startJitter: number;
  /** View box for contours. */
  bounds: Bounds;
}

/** f = (a - x)^2 + b (y - x^2)^2; minimum 0 at (a, a^2) at the bottom of a curved, flat valley. */
export interface RosenbrockOptions extends SurfaceOptions {
  a: number;
  b: number;
}

/** f = 0.5 (hMax u^2 + hMax / condition v^2), (u, v) = the point rotated by -angle; minimum 0 at the origin. */
export interface BowlOptions extends SurfaceOptions {
  condition: number;
  /** Radians between the x axis and the steep axis. */
  angle: number;
  hMax: number;
}

/** f = 0.5 (hx x^2 + hy y^2), the NQM in two dimensions: gradient-noise covariance noiseScale * H / B. */
export interface Nqm2dOptions extends SurfaceOptions {
  hx: number;
  hy: number;
}

/** Beale's function has no shape options. */
export type BealeOptions = SurfaceOptions;
/** The saddle has no shape options. */
export type SaddleOptions = SurfaceOptions;

// 40 steps an epoch at the default batch of 32: the default 25 epochs are 1,000 steps, long enough
// to see the path curve toward the minimum and tighten at each decay on the surface view.
export const NTRAIN = 1280;

export const ROSENBROCK_DEFAULTS: Readonly<Omit<RosenbrockOptions, "seed">> = {
  a: 1,
  b: 100,
  noiseScale: 1,
  nTrain: NTRAIN,
  start: [-1.2, 1],
  startJitter: 0,
  bounds: { xMin: -2, xMax: 2, yMin: -1, yMax: 3 },
};

export const BEALE_DEFAULTS: Readonly<Omit<BealeOptions, "seed">> = {
  noiseScale: 1,
  nTrain: NTRAIN,
  start: [1, 1.5],
  startJitter: 0,
  bounds: { xMin: -4.5, xMax: 4.5, yMin: -4.5, yMax: 4.5 },
};

export const SADDLE_DEFAULTS: Readonly<Omit<SaddleOptions, "seed">> = {
  noiseScale: 0.5,
  nTrain: NTRAIN,
  // Almost on the ridge line y = 0, so the run first heads for the saddle and must then escape it.
  start: [2, 0.01],
  startJitter: 0,
  bounds: { xMin: -2.5, xMax: 2.5, yMin: -2.5, yMax: 2.5 },
};

export const BOWL_DEFAULTS: Readonly<Omit<BowlOptions, "seed">> = {
  condition: 50,
  angle: Math.PI / 6,
  hMax: 1,
  noiseScale: 0.5,
  nTrain: NTRAIN,
  start: [-2.5, 2],
  startJitter: 0,
  bounds: { xMin: -3, xMax: 3, yMin: -3, yMax: 3 },
};

export const NQM2D_DEFAULTS: Readonly<Omit<Nqm2dOptions, "seed">> = {
  hx: 1,
  hy: 0.05,
  noiseScale: 1,
  nTrain: NTRAIN,
  start: [1.5, 1.8],
  startJitter: 0,
  bounds: { xMin: -2, xMax: 2, yMin: -2, yMax: 2 },
};

/** What distinguishes one surface from another. */
export interface SurfaceSpec {
  id: SurfaceId;
  description: string;
  f(x: number, y: number): number;
  /** Writes the exact gradient into out[0], out[1]. */
  grad(x: number, y: number, out: Float64Array): void;
  /** Gradient-noise std of each coordinate at batch size 1. */
  noiseRoot: readonly [number, number];
  /** The known global minima (x, y), for the surface view's marker. */
  minima: readonly (readonly [number, number])[];
}

function bad(id: SurfaceId, field: string, want: string, got: number): never {
  throw new RangeError(`${id}: ${field} must be ${want}, got ${got}`);
}

function validateCommon(id: SurfaceId, o: SurfaceOptions): void {
  if (!(o.noiseScale >= 0) || !Number.isFinite(o.noiseScale)) bad(id, "noiseScale", "finite and >= 0", o.noiseScale);
  if (!Number.isInteger(o.nTrain) || o.nTrain < 1) bad(id, "nTrain", "an integer >= 1", o.nTrain);
  if (!(o.startJitter >= 0) || !Number.isFinite(o.startJitter)) bad(id, "startJitter", "finite and >= 0", o.startJitter);
  if (!Number.isFinite(o.start[0]) || !Number.isFinite(o.start[1])) bad(id, "start", "finite", NaN);
  const b = o.bounds;
  if (!(b.xMin < b.xMax) || !(b.yMin < b.yMax) || ![b.xMin, b.xMax, b.yMin, b.yMax].every(Number.isFinite)) {
    bad(id, "bounds", "finite with xMin < xMax and yMin < yMax", NaN);
  }
}

export class SurfaceProblem implements ToyProblem {
  readonly id: SurfaceId;
  readonly description: string;
  readonly dim = 2;
  readonly nTrain: number;
  /** No examples, only gradient noise: `batchLossGrad` returns the exact loss (see ToyProblem). */
  readonly minibatchLoss = false;
  readonly bounds: Bounds;
  readonly options: Readonly<SurfaceOptions>;
  /** The known global minima (x, y). */
  readonly minima: readonly (readonly [number, number])[];
  private readonly spec: SurfaceSpec;
  private readonly start: Float64Array;

  constructor(spec: SurfaceSpec, o: SurfaceOptions) {
    validateCommon(spec.id, o);
    this.spec = spec;
    this.id = spec.id;
    this.description = spec.description;
    this.nTrain = o.nTrain;
    this.bounds = { ...o.bounds };
    this.options = o;
    this.minima = spec.minima;
    const init = new Rng(o.seed).fork("init");
    this.start = new Float64Array(2);
    for (let i = 0; i < 2; i++) this.start[i] = o.start[i] + o.startJitter * init.normal();
  }

  init(): Float64Array {
    return this.start.slice();
  }

  loss(x: Float64Array): number {
    return this.spec.f(x[0], x[1]);
  }

  /**
   * Exact gradient plus N(0, noiseRoot_i^2 / B) per coordinate; two normals are drawn even when
   * noiseScale is 0 so the noise stream advances the same for every setting. The returned loss
   * is the exact f: noise enters only through the gradient, as in the NQM.
   */
  batchLossGrad(x: Float64Array, batch: Int32Array, grad: Float64Array, noise: Rng): number {
    checkCall(this.id, 2, this.nTrain, x, batch, grad);
    this.spec.grad(x[0], x[1], grad);
    const perBatch = 1 / Math.sqrt(batch.length);
    grad[0] += this.spec.noiseRoot[0] * perBatch * noise.normal();
    grad[1] += this.spec.noiseRoot[1] * perBatch * noise.normal();
    // The exact loss at x, not a minibatch's: a surface has no examples (minibatchLoss is false).
    return this.spec.f(x[0], x[1]);
  }

  grid(nx: number, ny: number): Grid {
    return sampleGrid(this.bounds, nx, ny, this.spec.f);
  }
}

type Given<T> = ProblemOptions & Partial<T>;

export function createRosenbrock(given: Given<RosenbrockOptions>): SurfaceProblem {
  const o = withDefaults<RosenbrockOptions>({ ...ROSENBROCK_DEFAULTS, seed: given.seed }, given);
  const { a, b } = o;
  if (!Number.isFinite(a)) bad("rosenbrock", "a", "finite", a);
  if (!(b > 0) || !Number.isFinite(b)) bad("rosenbrock", "b", "finite and > 0", b);
  const spec: SurfaceSpec = {
    id: "rosenbrock",
    description: "Rosenbrock's banana valley: easy to fall into, slow to follow to the minimum at its far end.",
    // Squares as products: `**` goes through the engine's pow, whose bits are not pinned.
    f: (x, y) => (a - x) * (a - x) + b * ((y - x * x) * (y - x * x)),
    grad: (x, y, out) => {
      const r = y - x * x;
      out[0] = -2 * (a - x) - 4 * b * x * r;
      out[1] = 2 * b * r;
    },
    noiseRoot: [o.noiseScale, o.noiseScale],
    minima: [[a, a * a]],
  };
  return new SurfaceProblem(spec, o);
}

export function createBeale(given: Given<BealeOptions>): SurfaceProblem {
  const o = withDefaults<BealeOptions>({ ...BEALE_DEFAULTS, seed: given.seed }, given);
  // Beale (1958): sum of three squared residuals, minimum 0 at (3, 0.5); steep walls, flat floor.
  const spec: SurfaceSpec = {
    id: "beale",
    description: "Beale's function: a flat, curving floor between very steep walls, with its minimum at (3, 0.5).",
    f: (x, y) => {
      const t1 = 1.5 - x + x * y;
      const t2 = 2.25 - x + x * y * y;
      const t3 = 2.625 - x + x * y * y * y;
      return t1 * t1 + t2 * t2 + t3 * t3;
    },
    grad: (x, y, out) => {
      const y2 = y * y;
      const y3 = y2 * y;
      const t1 = 1.5 - x + x * y;
      const t2 = 2.25 - x + x * y2;
      const t3 = 2.625 - x + x * y3;
      out[0] = 2 * (t1 * (y - 1) + t2 * (y2 - 1) + t3 * (y3 - 1));
      out[1] = 2 * x * (t1 + 2 * t2 * y + 3 * t3 * y2);
    },
    noiseRoot: [o.noiseScale, o.noiseScale],
    minima: [[3, 0.5]],
  };
  return new SurfaceProblem(spec, o);
}

export function createSaddle(given: Given<SaddleOptions>): SurfaceProblem {
  const o = withDefaults<SaddleOptions>({ ...SADDLE_DEFAULTS, seed: given.seed }, given);
  // f = x^2 - y^2 + y^4/4 + 1 = x^2 + (y^2 - 2)^2 / 4: a saddle at the origin (f = 1) whose
  // quartic term bends the falling direction back up into two minima at (0, +-sqrt 2) with f = 0,
  // so escaping the saddle ends somewhere instead of diverging.
  const spec: SurfaceSpec = {
    id: "saddle",
    description: "A saddle point between two valleys: the gradient vanishes at the centre, so a run must be pushed off it.",
    f: (x, y) => x * x + 0.25 * ((y * y - 2) * (y * y - 2)),
    grad: (x, y, out) => {
      out[0] = 2 * x;
      out[1] = (y * y - 2) * y;
    },
    noiseRoot: [o.noiseScale, o.noiseScale],
    minima: [
      [0, Math.SQRT2],
      [0, -Math.SQRT2],
    ],
  };
  return new SurfaceProblem(spec, o);
}

export function createBowl(given: Given<BowlOptions>): SurfaceProblem {
  const o = withDefaults<BowlOptions>({ ...BOWL_DEFAULTS, seed: given.seed }, given);
  if (!(o.condition >= 1) || !Number.isFinite(o.condition)) bad("bowl", "condition", "finite and >= 1", o.condition);
  if (!(o.hMax > 0) || !Number.isFinite(o.hMax)) bad("bowl", "hMax", "finite and > 0", o.hMax);
  if (!Number.isFinite(o.angle)) bad("bowl", "angle", "finite", o.angle);
  const h1 = o.hMax;
  const h2 = o.hMax / o.condition;
  const c = cos(o.angle);
  const s = sin(o.angle);
  // Rotated so the steep axis is not a coordinate axis: per-coordinate methods like Adam cannot
  // simply rescale the problem away, which is what makes an ill-conditioned bowl instructive.
  const spec: SurfaceSpec = {
    id: "bowl",
    description: `A long, narrow, tilted bowl (one direction ${o.condition} times steeper than the other).`,
    f: (x, y) => {
      const u = c * x + s * y;
      const v = -s * x + c * y;
      return 0.5 * (h1 * u * u + h2 * v * v);
    },
    grad: (x, y, out) => {
      const gu = h1 * (c * x + s * y);
      const gv = h2 * (-s * x + c * y);
      out[0] = c * gu - s * gv;
      out[1] = s * gu + c * gv;
    },
    noiseRoot: [o.noiseScale, o.noiseScale],
    minima: [[0, 0]],
  };
  return new SurfaceProblem(spec, o);
}

export function createNqm2d(given: Given<Nqm2dOptions>): SurfaceProblem {
  const o = withDefaults<Nqm2dOptions>({ ...NQM2D_DEFAULTS, seed: given.seed }, given);
  if (!(o.hx > 0) || !Number.isFinite(o.hx)) bad("nqm2d", "hx", "finite and > 0", o.hx);
  if (!(o.hy > 0) || !Number.isFinite(o.hy)) bad("nqm2d", "hy", "finite and > 0", o.hy);
  const { hx, hy } = o;
  const spec: SurfaceSpec = {
    id: "nqm2d",
    description: "The noisy quadratic in two dimensions: one steep and one shallow direction, with noise that grows with steepness.",
    f: (x, y) => 0.5 * (hx * x * x + hy * y * y),
    grad: (x, y, out) => {
      out[0] = hx * x;
      out[1] = hy * y;
    },
    // Zhang et al. 2019: noise covariance proportional to the curvature, as in the full NQM.
    noiseRoot: [Math.sqrt(o.noiseScale * hx), Math.sqrt(o.noiseScale * hy)],
    minima: [[0, 0]],
  };
  return new SurfaceProblem(spec, o);
}
