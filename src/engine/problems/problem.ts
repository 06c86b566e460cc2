// The contract every toy problem meets, so the trainer, the CLI and the surface view can treat
// a 100-dimensional noisy quadratic and the Rosenbrock valley the same way.

import type { Rng } from "../rng.ts";

/** Ids shared by the registry, the URL and the golden files. */
export type ProblemId = "nqm" | "classify" | "linreg" | "rosenbrock" | "beale" | "saddle" | "bowl" | "nqm2d" | "custom";

export interface Bounds {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

export interface Grid {
  xs: Float64Array;
  ys: Float64Array;
  /** Row-major, `z[j * nx + i]` is the loss at `(xs[i], ys[j])`. */
  z: Float64Array;
}

export interface ToyProblem {
  readonly id: ProblemId;
  /** One sentence for the UI. */
  readonly description: string;
  readonly dim: number;
  /** Examples in the training set (NQM and 2-D surfaces: notional examples that define an epoch). */
  readonly nTrain: number;
  /** Seeded initial parameters (a fresh array each call). */
  init(): Float64Array;
  /**
   * True when `batchLossGrad` returns a real minibatch loss: the mean loss of the batch's examples
   * (the datasets). False for the models whose noise is added to the gradient alone (the noisy
   * quadratic, the 2-D surfaces): they have no examples, so they return the exact loss at `x`, and
   * the trainer reports no minibatch loss for them rather than pass that off as one.
   */
  readonly minibatchLoss: boolean;
  /**
   * The loss at `x` where this step's gradient is taken — over the examples `batch` (indices into
   * the training set) when `minibatchLoss`, else the exact loss — and the gradient, written into
   * `grad` (length `dim`, overwritten). `noise` is the stream for synthetic gradient noise (NQM,
   * 2-D surfaces); dataset problems take their noise from the sampling alone.
   */
  batchLossGrad(x: Float64Array, batch: Int32Array, grad: Float64Array, noise: Rng): number;
  /** Full training-set loss, without noise. */
  loss(x: Float64Array): number;
  /** Problems with a known gradient-noise covariance (the NQM): B_simple = tr(Sigma) / |G|^2 at `x`. */
  gradientNoiseScale?(x: Float64Array): number;
  /** 2-D problems only: the loss on an `nx` by `ny` grid spanning `bounds`, for contours. */
  grid?(nx: number, ny: number): Grid;
  readonly bounds?: Bounds;
}

export interface ProblemOptions {
  /** Data come from `new Rng(seed).fork("data")`, the start point from `fork("init")`. */
  seed: number;
}

/** Throws on a programming error (wrong lengths, empty batch, index out of range). */
export function checkCall(
  id: ProblemId,
  dim: number,
  nTrain: number,
  x: Float64Array,
  batch: Int32Array,
  grad: Float64Array,
): void {
  if (x.length !== dim || grad.length !== dim) {
    throw new RangeError(`${id}: x and grad need length ${dim}, got ${x.length} and ${grad.length}`);
  }
  if (batch.length === 0) throw new RangeError(`${id}: the minibatch is empty`);
  for (let k = 0; k < batch.length; k++) {
    const i = batch[k];
    if (i < 0 || i >= nTrain) throw new RangeError(`${id}: example index ${i} outside [0, ${nTrain})`);
  }
}

/** Evaluates `f` on an `nx` by `ny` grid spanning `b` (both ends included). */
export function sampleGrid(b: Bounds, nx: number, ny: number, f: (x: number, y: number) => number): Grid {
  if (!Number.isInteger(nx) || !Number.isInteger(ny) || nx < 2 || ny < 2) {
    throw new RangeError(`grid needs integer nx, ny >= 2, got ${nx} x ${ny}`);
  }
  const xs = new Float64Array(nx);
  const ys = new Float64Array(ny);
  // Computed from the index rather than accumulated, so the last node lands exactly on the bound.
  for (let i = 0; i < nx; i++) xs[i] = b.xMin + ((b.xMax - b.xMin) * i) / (nx - 1);
  for (let j = 0; j < ny; j++) ys[j] = b.yMin + ((b.yMax - b.yMin) * j) / (ny - 1);
  const z = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) z[j * nx + i] = f(xs[i], ys[j]);
  }
  return { xs, ys, z };
}

/** Fills defaults in, keeping only keys the caller actually set (an explicit `undefined` means "default"). */
export function withDefaults<T extends object>(defaults: T, given: Partial<T> | undefined): T {
  const out = { ...defaults };
  if (given) {
    for (const k of Object.keys(given) as (keyof T)[]) {
      const v = given[k];
      if (v !== undefined) out[k] = v as T[keyof T];
    }
  }
  return out;
}
