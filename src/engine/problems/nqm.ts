// Noisy quadratic model (Zhang et al. 2019, "Which algorithmic choices matter at which batch
// sizes? Insights from a noisy quadratic model", section 2): a diagonal quadratic whose minibatch
// gradient carries Gaussian noise with covariance proportional to the curvature H and to 1/B.
// It is the smallest model that shows the article's lesson: at a fixed rate, noise holds the loss
// above the optimum by an amount that grows with the rate, and decaying the rate removes it.

import { pow } from "../det-math.ts";
import { Rng } from "../rng.ts";
import { checkCall, withDefaults, type ProblemOptions, type ToyProblem } from "./problem.ts";

type NqmSpectrum = "inverse" | "logspace";

export interface NqmOptions extends ProblemOptions {
  /** Number of parameters. */
  dim: number;
  /** `inverse`: h_i = hMax / i, the paper's spectrum. `logspace`: h from hMax down to hMin, geometric. */
  spectrum: NqmSpectrum;
  /** Largest curvature h_1. */
  hMax: number;
  /** Smallest curvature h_dim (`logspace` only; `inverse` ends at hMax / dim). */
  hMin: number;
  /** Gradient-noise covariance is noiseScale * H / B (paper: C = H, i.e. noiseScale 1). */
  noiseScale: number;
  /** Constant added to the loss: the irreducible part a real dataset would have. */
  floor: number;
  /**
   * Start point x0 = c + initScale * z, z a standard normal truncated at 2 (values beyond are
   * redrawn, like TF's `truncated_normal_initializer`). Truncating keeps the start's distance —
   * which sets how long a small constant rate takes to get down — from varying wildly by seed.
   */
  initScale: number;
  /** Optimum c ~ N(0, optimumScale^2 I) from the data stream; 0 puts it at the origin. */
  optimumScale: number;
  /** Virtual examples per epoch (the default with batch 32 gives 200 steps per epoch). */
  nTrain: number;
}

export const NQM_DEFAULTS: Readonly<Omit<NqmOptions, "seed">> = {
  dim: 100,
  spectrum: "logspace",
  hMax: 1,
  hMin: 0.1,
  noiseScale: 20,
  floor: 0.51,
  initScale: 1.75,
  optimumScale: 0,
  nTrain: 6400,
};

/** Curvatures h_1 >= ... >= h_dim > 0 for the chosen spectrum. */
function nqmCurvatures(o: Pick<NqmOptions, "dim" | "spectrum" | "hMax" | "hMin">): Float64Array {
  const h = new Float64Array(o.dim);
  for (let i = 0; i < o.dim; i++) {
    h[i] =
      o.spectrum === "inverse"
        ? o.hMax / (i + 1)
        : o.dim === 1
          ? o.hMax
          : o.hMax * pow(o.hMin / o.hMax, i / (o.dim - 1));
  }
  return h;
}

function validate(o: NqmOptions): void {
  const bad = (field: string, want: string, got: number): never => {
    throw new RangeError(`nqm: ${field} must be ${want}, got ${got}`);
  };
  if (!Number.isInteger(o.dim) || o.dim < 1) bad("dim", "an integer >= 1", o.dim);
  if (!Number.isInteger(o.nTrain) || o.nTrain < 1) bad("nTrain", "an integer >= 1", o.nTrain);
  if (!(o.hMax > 0) || !Number.isFinite(o.hMax)) bad("hMax", "finite and > 0", o.hMax);
  if (!(o.hMin > 0) || !(o.hMin <= o.hMax)) bad("hMin", "in (0, hMax]", o.hMin);
  for (const [field, v] of [
    ["noiseScale", o.noiseScale],
    ["initScale", o.initScale],
    ["optimumScale", o.optimumScale],
  ] as const) {
    if (!(v >= 0) || !Number.isFinite(v)) bad(field, "finite and >= 0", v);
  }
  if (!Number.isFinite(o.floor)) bad("floor", "finite", o.floor);
}

export class NqmProblem implements ToyProblem {
  readonly id = "nqm";
  /** No examples, only gradient noise: `batchLossGrad` returns the exact loss (see below). */
  readonly minibatchLoss = false;
  readonly description: string;
  readonly dim: number;
  readonly nTrain: number;
  readonly options: Readonly<NqmOptions>;
  /** Diagonal of H. */
  readonly curvatures: Float64Array;
  /** The minimiser c. */
  readonly optimum: Float64Array;
  /** sqrt(noiseScale * h_i); divided by sqrt(B) per call. */
  private readonly noiseRoot: Float64Array;
  private readonly start: Float64Array;

  constructor(given: ProblemOptions & Partial<NqmOptions>) {
    const o = withDefaults<NqmOptions>({ ...NQM_DEFAULTS, seed: given.seed }, given);
    validate(o);
    this.options = o;
    this.dim = o.dim;
    this.nTrain = o.nTrain;
    this.description =
      `A noisy quadratic: ${o.dim} directions of different steepness, with gradient noise that shrinks as the batch grows.`;
    this.curvatures = nqmCurvatures(o);
    const root = new Rng(o.seed);
    const data = root.fork("data");
    this.optimum = new Float64Array(o.dim);
    for (let i = 0; i < o.dim; i++) this.optimum[i] = o.optimumScale * data.normal();
    const init = root.fork("init");
    this.start = new Float64Array(o.dim);
    for (let i = 0; i < o.dim; i++) this.start[i] = this.optimum[i] + o.initScale * truncatedNormal(init);
    this.noiseRoot = new Float64Array(o.dim);
    for (let i = 0; i < o.dim; i++) this.noiseRoot[i] = Math.sqrt(o.noiseScale * this.curvatures[i]);
  }

  init(): Float64Array {
    return this.start.slice();
  }

  loss(x: Float64Array): number {
    let s = 0;
    for (let i = 0; i < this.dim; i++) {
      const r = x[i] - this.optimum[i];
      s += this.curvatures[i] * r * r;
    }
    return this.options.floor + 0.5 * s;
  }

  /**
   * The simple gradient noise scale B_simple = tr(Sigma) / |G|^2 at `x` (McCandlish et al. 2018,
   * "An Empirical Model of Large-Batch Training", section 2.2): Sigma is one example's gradient
   * covariance, noiseScale * H, and G = H (x - c) the true gradient. Batches much smaller than
   * B_simple are noise-dominated: doubling the batch nearly halves the steps needed. Much larger
   * ones spend examples for little gain. Infinity at the optimum.
   */
  gradientNoiseScale(x: Float64Array): number {
    let tr = 0;
    let g2 = 0;
    for (let i = 0; i < this.dim; i++) {
      tr += this.options.noiseScale * this.curvatures[i];
      const g = this.curvatures[i] * (x[i] - this.optimum[i]);
      g2 += g * g;
    }
    return g2 === 0 ? Number.POSITIVE_INFINITY : tr / g2;
  }

  /**
   * Gradient: H(x - c) + eps with eps_i ~ N(0, noiseScale * h_i / B), B = batch.length; which
   * examples are in the batch does not matter, only how many. One normal is drawn per coordinate
   * even when noiseScale is 0, so the noise stream advances identically for every setting.
   *
   * Returned loss: the exact loss(x), which is why `minibatchLoss` is false and the trainer reports
   * no minibatch loss for this model. A minibatch loss consistent with the noisy gradient exists,
   * but at the default settings it would bury the lesson's curve, so it is not computed:
   * - the smallest-spread one, an unbiased estimate of loss(x) whose gradient is exactly the noisy
   *   one, is loss(x) + eps.(x - c); its standard deviation is sqrt(2 noiseScale (loss - floor) / B).
   *   Measured on the default run (seeds 1-3, epochs 2-5, where the loss rattles in 0.7-0.9 with
   *   sd 0.03): sd 0.56-0.58, values from -1.6 to 2.7, 29% of steps below the floor 0.51;
   * - the loss of a batch of examples each with its own optimum c_j (cov noiseScale / h_i, which
   *   gives this gradient noise) adds sum(eps_i^2 / h_i)/2 and the batch's own spread: sd > 4.
   * The paper, too, studies the expected loss.
   */
  batchLossGrad(x: Float64Array, batch: Int32Array, grad: Float64Array, noise: Rng): number {
    checkCall(this.id, this.dim, this.nTrain, x, batch, grad);
    const perBatch = 1 / Math.sqrt(batch.length);
    let s = 0;
    for (let i = 0; i < this.dim; i++) {
      const r = x[i] - this.optimum[i];
      const hr = this.curvatures[i] * r;
      s += hr * r;
      grad[i] = hr + this.noiseRoot[i] * perBatch * noise.normal();
    }
    return this.options.floor + 0.5 * s;
  }
}

/** A standard normal draw redrawn until it lies within 2 standard deviations. */
function truncatedNormal(rng: Rng): number {
  for (;;) {
    const z = rng.normal();
    if (Math.abs(z) <= 2) return z;
  }
}

export function createNqm(options: ProblemOptions & Partial<NqmOptions>): NqmProblem {
  return new NqmProblem(options);
}
