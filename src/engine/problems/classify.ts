// Binary classification of two interleaved half-moons with a tiny tanh MLP (2-H-1), trained with
// binary cross-entropy. Label noise gives the loss a floor it cannot go below (about the entropy
// of the flip rate), which is the real-data situation the learning-rate lesson is about.

import { cos, exp, log1p, sin, tanh } from "../det-math.ts";
import { Rng } from "../rng.ts";
import { checkCall, withDefaults, type ProblemOptions, type ToyProblem } from "./problem.ts";

export interface ClassifyOptions extends ProblemOptions {
  nTrain: number;
  /** Hidden tanh units; 0 means plain logistic regression on the two coordinates. */
  hidden: number;
  /** Std of the Gaussian jitter added to every point of the moons. */
  jitter: number;
  /** Fraction of labels flipped (exactly round(labelNoise * nTrain) of them, chosen at random). */
  labelNoise: number;
  /** Weights start at initScale * N(0, 1 / fanIn) (LeCun normal); biases at 0. */
  initScale: number;
}

export const CLASSIFY_DEFAULTS: Readonly<Omit<ClassifyOptions, "seed">> = {
  nTrain: 512,
  hidden: 8,
  jitter: 0.15,
  labelNoise: 0.05,
  initScale: 1,
};

/** log(1 + e^z) without overflow for large |z|. */
function softplus(z: number): number {
  return Math.max(z, 0) + log1p(exp(-Math.abs(z)));
}

/** 1 / (1 + e^-z), evaluated on the side where the exponential cannot overflow. */
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + exp(-z));
  const e = exp(z);
  return e / (1 + e);
}

function validate(o: ClassifyOptions): void {
  const bad = (field: string, want: string, got: number): never => {
    throw new RangeError(`classify: ${field} must be ${want}, got ${got}`);
  };
  if (!Number.isInteger(o.nTrain) || o.nTrain < 2) bad("nTrain", "an integer >= 2", o.nTrain);
  if (!Number.isInteger(o.hidden) || o.hidden < 0) bad("hidden", "an integer >= 0", o.hidden);
  if (!(o.jitter >= 0) || !Number.isFinite(o.jitter)) bad("jitter", "finite and >= 0", o.jitter);
  if (!(o.labelNoise >= 0 && o.labelNoise <= 0.5)) bad("labelNoise", "in [0, 0.5]", o.labelNoise);
  if (!(o.initScale >= 0) || !Number.isFinite(o.initScale)) bad("initScale", "finite and >= 0", o.initScale);
}

/**
 * Parameter layout, hidden H > 0: W1 (H x 2, row-major) | b1 (H) | w2 (H) | b2, so dim = 4H + 1.
 * H = 0: w (2) | b, dim = 3.
 */
export class ClassifyProblem implements ToyProblem {
  readonly id = "classify";
  /** `batchLossGrad` returns the mean loss of the batch's examples. */
  readonly minibatchLoss = true;
  readonly description: string;
  readonly dim: number;
  readonly nTrain: number;
  readonly options: Readonly<ClassifyOptions>;
  /** Inputs, row-major nTrain x 2. */
  readonly points: Float64Array;
  /** Labels 0 or 1, after label noise. */
  readonly labels: Float64Array;
  private readonly hidden: number;
  private readonly start: Float64Array;
  // Per-example hidden activations, reused across calls to avoid allocating in the hot loop.
  private readonly act: Float64Array;

  constructor(given: ProblemOptions & Partial<ClassifyOptions>) {
    const o = withDefaults<ClassifyOptions>({ ...CLASSIFY_DEFAULTS, seed: given.seed }, given);
    validate(o);
    this.options = o;
    this.nTrain = o.nTrain;
    this.hidden = o.hidden;
    this.dim = o.hidden > 0 ? 4 * o.hidden + 1 : 3;
    this.description =
      o.hidden > 0
        ? `Separate two interleaved half-moons with a small neural network (2-${o.hidden}-1, tanh); ${Math.round(o.labelNoise * 100)}% of labels are wrong.`
        : `Separate two interleaved half-moons with logistic regression; ${Math.round(o.labelNoise * 100)}% of labels are wrong.`;
    this.act = new Float64Array(Math.max(o.hidden, 1));

    const root = new Rng(o.seed);
    const data = root.fork("data");
    this.points = new Float64Array(2 * o.nTrain);
    this.labels = new Float64Array(o.nTrain);
    const nUpper = Math.ceil(o.nTrain / 2);
    for (let n = 0; n < o.nTrain; n++) {
      // Moons as in scikit-learn's make_moons, with the angle drawn at random instead of evenly
      // spaced, then shifted by (-0.5, -0.25) so the cloud is centred and zero biases are a fair start.
      const t = Math.PI * data.uniform();
      const upper = n < nUpper;
      const px = upper ? cos(t) : 1 - cos(t);
      const py = upper ? sin(t) : 0.5 - sin(t);
      this.points[2 * n] = px - 0.5 + o.jitter * data.normal();
      this.points[2 * n + 1] = py - 0.25 + o.jitter * data.normal();
      this.labels[n] = upper ? 0 : 1;
    }
    const order = new Int32Array(o.nTrain);
    for (let n = 0; n < o.nTrain; n++) order[n] = n;
    data.shuffle(order);
    const nFlip = Math.round(o.labelNoise * o.nTrain);
    for (let k = 0; k < nFlip; k++) this.labels[order[k]] = 1 - this.labels[order[k]];

    const init = root.fork("init");
    this.start = new Float64Array(this.dim);
    if (o.hidden > 0) {
      const h = o.hidden;
      for (let k = 0; k < 2 * h; k++) this.start[k] = o.initScale * Math.SQRT1_2 * init.normal();
      const w2 = 3 * h;
      for (let j = 0; j < h; j++) this.start[w2 + j] = (o.initScale / Math.sqrt(h)) * init.normal();
    } else {
      for (let k = 0; k < 2; k++) this.start[k] = o.initScale * Math.SQRT1_2 * init.normal();
    }
  }

  init(): Float64Array {
    return this.start.slice();
  }

  loss(x: Float64Array): number {
    let s = 0;
    for (let n = 0; n < this.nTrain; n++) s += this.example(x, n, null);
    return s / this.nTrain;
  }

  /** Mean cross-entropy over the batch; no synthetic noise (sampling the batch is the noise). */
  batchLossGrad(x: Float64Array, batch: Int32Array, grad: Float64Array, _noise: Rng): number {
    checkCall(this.id, this.dim, this.nTrain, x, batch, grad);
    grad.fill(0);
    let s = 0;
    for (let k = 0; k < batch.length; k++) s += this.example(x, batch[k], grad);
    const inv = 1 / batch.length;
    for (let i = 0; i < this.dim; i++) grad[i] *= inv;
    return s * inv;
  }

  /** Predicted probability of class 1 at a point (for drawing the decision boundary). */
  predict(x: Float64Array, px: number, py: number): number {
    return sigmoid(this.logit(x, px, py));
  }

  private logit(x: Float64Array, px: number, py: number): number {
    const h = this.hidden;
    if (h === 0) return x[0] * px + x[1] * py + x[2];
    let z = x[4 * h];
    for (let j = 0; j < h; j++) {
      const a = tanh(x[2 * j] * px + x[2 * j + 1] * py + x[2 * h + j]);
      this.act[j] = a;
      z += x[3 * h + j] * a;
    }
    return z;
  }

  /** Cross-entropy of example n; adds its (unscaled) gradient into `grad` when given. */
  private example(x: Float64Array, n: number, grad: Float64Array | null): number {
    const px = this.points[2 * n];
    const py = this.points[2 * n + 1];
    const y = this.labels[n];
    const z = this.logit(x, px, py);
    // BCE from the logit: -y log s(z) - (1-y) log(1-s(z)) = softplus(z) - y z.
    const lossN = softplus(z) - y * z;
    if (grad === null) return lossN;
    const dz = sigmoid(z) - y;
    const h = this.hidden;
    if (h === 0) {
      grad[0] += dz * px;
      grad[1] += dz * py;
      grad[2] += dz;
      return lossN;
    }
    grad[4 * h] += dz;
    for (let j = 0; j < h; j++) {
      const a = this.act[j];
      grad[3 * h + j] += dz * a;
      const da = dz * x[3 * h + j] * (1 - a * a);
      grad[2 * j] += da * px;
      grad[2 * j + 1] += da * py;
      grad[2 * h + j] += da;
    }
    return lossN;
  }
}

export function createClassify(options: ProblemOptions & Partial<ClassifyOptions>): ClassifyProblem {
  return new ClassifyProblem(options);
}
