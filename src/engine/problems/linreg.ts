// Linear regression y = w.x + b + noise with half mean squared error. Convex, with a known floor
// (about noiseStd^2 / 2), and features of different scales so the problem is ill-conditioned the
// way real inputs are — which is where Adam's per-coordinate scaling earns its keep.

import { pow } from "../det-math.ts";
import { Rng } from "../rng.ts";
import { checkCall, withDefaults, type ProblemOptions, type ToyProblem } from "./problem.ts";

export interface LinregOptions extends ProblemOptions {
  nTrain: number;
  /** Number of input features d; the model has d weights and a bias, so dim = d + 1. */
  features: number;
  /** Feature j has std featureSpread^(-j / (d - 1)): from 1 down to 1 / featureSpread. */
  featureSpread: number;
  /** Std of the Gaussian noise on the targets. */
  noiseStd: number;
  /** True weights and bias ~ N(0, weightScale^2). */
  weightScale: number;
  /** Start point ~ N(0, initScale^2); 0 starts at the origin. */
  initScale: number;
}

export const LINREG_DEFAULTS: Readonly<Omit<LinregOptions, "seed">> = {
  nTrain: 512,
  features: 8,
  featureSpread: 5,
  noiseStd: 0.5,
  weightScale: 1,
  initScale: 0,
};

function validate(o: LinregOptions): void {
  const bad = (field: string, want: string, got: number): never => {
    throw new RangeError(`linreg: ${field} must be ${want}, got ${got}`);
  };
  if (!Number.isInteger(o.nTrain) || o.nTrain < 1) bad("nTrain", "an integer >= 1", o.nTrain);
  if (!Number.isInteger(o.features) || o.features < 1) bad("features", "an integer >= 1", o.features);
  if (!(o.featureSpread >= 1) || !Number.isFinite(o.featureSpread)) bad("featureSpread", "finite and >= 1", o.featureSpread);
  for (const [field, v] of [
    ["noiseStd", o.noiseStd],
    ["weightScale", o.weightScale],
    ["initScale", o.initScale],
  ] as const) {
    if (!(v >= 0) || !Number.isFinite(v)) bad(field, "finite and >= 0", v);
  }
}

/** Parameter layout: w (features) | b. */
export class LinregProblem implements ToyProblem {
  readonly id = "linreg";
  /** `batchLossGrad` returns the mean loss of the batch's examples. */
  readonly minibatchLoss = true;
  readonly description: string;
  readonly dim: number;
  readonly nTrain: number;
  readonly options: Readonly<LinregOptions>;
  /** Inputs, row-major nTrain x features. */
  readonly inputs: Float64Array;
  readonly targets: Float64Array;
  /** The weights and bias that generated the targets (layout as the parameters). */
  readonly trueParams: Float64Array;
  private readonly start: Float64Array;

  constructor(given: ProblemOptions & Partial<LinregOptions>) {
    const o = withDefaults<LinregOptions>({ ...LINREG_DEFAULTS, seed: given.seed }, given);
    validate(o);
    this.options = o;
    const d = o.features;
    this.nTrain = o.nTrain;
    this.dim = d + 1;
    this.description = `Fit a straight-line model to ${o.nTrain} noisy examples with ${d} features of different scales.`;

    const root = new Rng(o.seed);
    const data = root.fork("data");
    this.trueParams = new Float64Array(d + 1);
    for (let j = 0; j <= d; j++) this.trueParams[j] = o.weightScale * data.normal();
    this.inputs = new Float64Array(o.nTrain * d);
    this.targets = new Float64Array(o.nTrain);
    for (let n = 0; n < o.nTrain; n++) {
      let y = this.trueParams[d];
      for (let j = 0; j < d; j++) {
        const scale = d === 1 ? 1 : pow(o.featureSpread, -j / (d - 1));
        const v = scale * data.normal();
        this.inputs[n * d + j] = v;
        y += this.trueParams[j] * v;
      }
      this.targets[n] = y + o.noiseStd * data.normal();
    }

    const init = root.fork("init");
    this.start = new Float64Array(d + 1);
    for (let j = 0; j <= d; j++) this.start[j] = o.initScale * init.normal();
  }

  init(): Float64Array {
    return this.start.slice();
  }

  loss(x: Float64Array): number {
    let s = 0;
    for (let n = 0; n < this.nTrain; n++) {
      const r = this.residual(x, n);
      s += r * r;
    }
    return (0.5 * s) / this.nTrain;
  }

  /** Half mean squared error over the batch; no synthetic noise (sampling the batch is the noise). */
  batchLossGrad(x: Float64Array, batch: Int32Array, grad: Float64Array, _noise: Rng): number {
    checkCall(this.id, this.dim, this.nTrain, x, batch, grad);
    const d = this.dim - 1;
    grad.fill(0);
    let s = 0;
    for (let k = 0; k < batch.length; k++) {
      const n = batch[k];
      const r = this.residual(x, n);
      s += r * r;
      const row = n * d;
      for (let j = 0; j < d; j++) grad[j] += r * this.inputs[row + j];
      grad[d] += r;
    }
    const inv = 1 / batch.length;
    for (let i = 0; i <= d; i++) grad[i] *= inv;
    return 0.5 * s * inv;
  }

  /** Prediction minus target for example n. */
  private residual(x: Float64Array, n: number): number {
    const d = this.dim - 1;
    const row = n * d;
    let p = x[d];
    for (let j = 0; j < d; j++) p += x[j] * this.inputs[row + j];
    return p - this.targets[n];
  }
}

export function createLinreg(options: ProblemOptions & Partial<LinregOptions>): LinregProblem {
  return new LinregProblem(options);
}
