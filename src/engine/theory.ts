// Expected loss of a run on the noisy quadratic model, computed, not sampled.
//
// The NQM is linear in its noise: coordinate i has curvature h_i, gradient g = h_i r + eps with
// r = x_i - c_i and eps ~ N(0, c_i / B), c_i = noiseScale * h_i. So the second moments of each
// coordinate's state follow a deterministic recursion (Zhang et al. 2019, "Which algorithmic
// choices matter at which batch sizes? Insights from a noisy quadratic model", section 3):
// without momentum,
//
//     E[r^2]_{t+1} = (1 - a_t h)^2 E[r^2]_t + a_t^2 c / B,
//
// and with momentum the same for the 2x2 second-moment matrix of the pair (r, momentum buffer).
// That gives the expected loss `floor + 1/2 sum_i h_i E[r_i^2]_t` step by step for any schedule,
// and at a constant rate the stationary value (the "noise floor"): `sum_i a c_i / (2B(2 - a h_i))`
// above the constant for plain SGD.
//
// For SGD (with or without momentum, Nesterov, L2 weight decay) this is exact. Adam has no closed
// form: its per-coordinate rate depends on v, which depends on the noise. The "frozen
// preconditioner" approximation used here replaces v by its expectation, tracked along the same
// recursion (E v_t = beta2 E v_{t-1} + (1 - beta2) E g_t^2, E g^2 = h^2 E r^2 + c / B), and treats
// Adam as SGD with momentum beta1 (EMA form) and per-coordinate rate lr_t / (sqrt(E v) + epsilon).
// How close that comes to the mean of real runs is measured in theory.test.ts and reported to the
// page, which only calls it "expected loss" when the agreement holds (see ADAM_AGREEMENT).
//
// Pure computation, DOM-free: the page runs it in a worker, the CLI and the tests in Node.

import { createScheduler } from "./policies.ts";
import { NqmProblem } from "./problems/nqm.ts";
import { NQM2D_DEFAULTS } from "./problems/surfaces.ts";
import type { RunConfig } from "./run-config.ts";
import type { ProblemId } from "./problems/problem.ts";
import { adamLrT } from "./optimizers.ts";
import { pow } from "./det-math.ts";

/** A diagonal noisy quadratic, as the theory sees it. */
export interface NoisyQuadratic {
  /** Curvatures h_i (the loss is floor + 1/2 sum h_i r_i^2). */
  h: Float64Array;
  /** Gradient-noise variance of coordinate i at batch size 1 (c_i): c_i / B at batch B. */
  noise: Float64Array;
  /** E[r_i^2] at the start, r = x - optimum. */
  start2: Float64Array;
  /** The loss's constant. */
  floor: number;
  nTrain: number;
}

/**
 * Variance of a standard normal truncated to [-2, 2] (the NQM's start, nqm.ts):
 * 1 - 2 * 2 phi(2) / (2 Phi(2) - 1), with phi(2) = e^-2 / sqrt(2 pi) and 2 Phi(2) - 1 = erf(sqrt 2).
 */
export const TRUNCATED_NORMAL_VAR = 1 - (4 * (Math.exp(-2) / Math.sqrt(2 * Math.PI))) / 0.9544997361036416;

/** The problems the theory covers: the noisy quadratic and its 2-D version. */
export const THEORY_PROBLEMS: readonly ProblemId[] = ["nqm", "nqm2d"];

/** The run's problem as a noisy quadratic, or null when it is not one (only `nqm` and `nqm2d` are). */
export function noisyQuadraticOf(config: Pick<RunConfig, "problem" | "seed" | "start">): NoisyQuadratic | null {
  if (config.problem === "nqm") {
    const p = new NqmProblem({ seed: config.seed });
    const o = p.options;
    const h = p.curvatures.slice();
    return {
      h,
      noise: h.map((hi) => o.noiseScale * hi),
      start2: new Float64Array(p.dim).fill(o.initScale * o.initScale * TRUNCATED_NORMAL_VAR),
      floor: o.floor,
      nTrain: o.nTrain,
    };
  }
  if (config.problem === "nqm2d") {
    const o = NQM2D_DEFAULTS;
    const start = config.start ?? o.start;
    const h = Float64Array.of(o.hx, o.hy);
    const j2 = o.startJitter * o.startJitter;
    return {
      h,
      noise: h.map((hi) => o.noiseScale * hi),
      start2: Float64Array.of(start[0] * start[0] + j2, start[1] * start[1] + j2),
      floor: 0,
      nTrain: o.nTrain,
    };
  }
  return null;
}

type TheoryModel =
  /** SGD, with or without momentum: the recursion is exact. */
  | "exact"
  /** Adam through the frozen-preconditioner approximation. */
  | "adamApprox";

export type TheoryUnsupported = { supported: false; reason: "problem" | "plateau" };

export interface TheoryCurve {
  supported: true;
  model: TheoryModel;
  /** The steps asked for (1-based: the loss after that step, like the run's `loss` column). */
  steps: Float64Array;
  /** Expected loss after each of `steps`. */
  loss: Float64Array;
  /** The stationary loss ("noise floor") at the rate each of `steps` used. */
  floorAtRate: Float64Array;
  /** Stretches of constant scheduled rate with their floor, in order. */
  stages: FloorStage[];
}

interface FloorStage {
  /** First and last step (1-based, inclusive) of the stretch. */
  fromStep: number;
  toStep: number;
  lr: number;
  /** Stationary expected loss at this rate; Infinity when the rate is unstable. */
  floor: number;
}

/**
 * One coordinate's linear dynamics with state (r, b), b the momentum buffer (SGD's `buf`, Adam's m):
 *     b' = mu b + kappa g,   r' = delta r - a (rho g + nu b'),   g = k r + eps,  k = h + l2.
 * Plain SGD: mu 0, kappa 1, rho 1, nu 0. Heavy ball: rho 0, nu 1. Nesterov: rho 1, nu mu.
 * Adam (frozen v): mu beta1, kappa 1 - beta1, rho 0, nu 1, a = the coordinate's rate.
 * So (r, b)' = A (r, b) + u eps with
 *     A = [[delta - a k (rho + nu kappa), -a nu mu], [kappa k, mu]],  u = (-a (rho + nu kappa), kappa).
 */
interface Dynamics {
  mu: number;
  kappa: number;
  rho: number;
  nu: number;
  /** L2 weight decay added to the gradient's curvature (0 for decoupled decay). */
  l2: number;
  /** Decoupled weight decay: r is first scaled by 1 - lr * wd (0 without). */
  decoupledWd: number;
}

function dynamicsOf(config: RunConfig): Dynamics {
  const o = config.optimizer;
  const wd = o.weightDecay;
  if (o.kind === "sgd") {
    const mu = o.momentum;
    if (mu === 0) return { mu: 0, kappa: 1, rho: 1, nu: 0, l2: wd, decoupledWd: 0 };
    return o.nesterov ? { mu, kappa: 1, rho: 1, nu: mu, l2: wd, decoupledWd: 0 } : { mu, kappa: 1, rho: 0, nu: 1, l2: wd, decoupledWd: 0 };
  }
  const decoupled = o.decoupled && wd !== 0;
  return { mu: o.beta1, kappa: 1 - o.beta1, rho: 0, nu: 1, l2: decoupled ? 0 : wd, decoupledWd: decoupled ? wd : 0 };
}

/**
 * The stationary E r^2 of one coordinate (curvature k, noise variance s2, rate a, decoupled factor
 * delta): the fixed point s = M s + q of the second-moment map, a 3x3 linear system in
 * (E r^2, E r b, E b^2), solved by Cramer's rule. Infinity when the dynamics are unstable (an
 * eigenvalue of A on or outside the unit circle: Jury's test).
 */
function stationaryR2(d: Dynamics, k: number, delta: number, a: number, s2: number): number {
  const c = d.rho + d.nu * d.kappa;
  const A11 = delta - a * k * c;
  const A12 = -a * d.nu * d.mu;
  const A21 = d.kappa * k;
  const A22 = d.mu;
  const det = A11 * A22 - A12 * A21;
  const tr = A11 + A22;
  if (!(Math.abs(det) < 1 && Math.abs(tr) < 1 + det)) return Number.POSITIVE_INFINITY;
  const u1 = -a * c;
  const u2 = d.kappa;
  // I - M, row by row, and q.
  const a11 = 1 - A11 * A11, a12 = -2 * A11 * A12, a13 = -A12 * A12;
  const a21 = -A11 * A21, a22 = 1 - (A11 * A22 + A12 * A21), a23 = -A12 * A22;
  const a31 = -A21 * A21, a32 = -2 * A21 * A22, a33 = 1 - A22 * A22;
  const q1 = u1 * u1 * s2, q2 = u1 * u2 * s2, q3 = u2 * u2 * s2;
  const D = a11 * (a22 * a33 - a23 * a32) - a12 * (a21 * a33 - a23 * a31) + a13 * (a21 * a32 - a22 * a31);
  const D1 = q1 * (a22 * a33 - a23 * a32) - a12 * (q2 * a33 - a23 * q3) + a13 * (q2 * a32 - a22 * q3);
  const r2 = D1 / D;
  return r2 >= 0 && Number.isFinite(r2) ? r2 : Number.POSITIVE_INFINITY;
}

/**
 * Adam's rate at step t (1-based) as `num / (sqrt(v) * vScale + epsilon)`: TF1's hat form is
 * lr_t / (sqrt(v) + eps); the paper form lr / (1 - beta1^t) / (sqrt(v) / sqrt(1 - beta2^t) + eps).
 */
function adamRateParts(config: RunConfig, lr: number, t: number): { num: number; vScale: number } {
  const o = config.optimizer;
  if (o.epsilonForm === "paper") return { num: lr / (1 - pow(o.beta1, t)), vScale: 1 / Math.sqrt(1 - pow(o.beta2, t)) };
  return { num: adamLrT(lr, o.beta1, o.beta2, t), vScale: 1 };
}

/** Batch sizes of the steps of one epoch, exactly as the trainer cuts them. */
function epochBatches(nTrain: number, batchSize: number): Int32Array {
  const b = Math.min(batchSize, nTrain);
  const spe = Math.ceil(nTrain / b);
  const out = new Int32Array(spe);
  for (let k = 0; k < spe; k++) out[k] = Math.floor(((k + 1) * nTrain) / spe) - Math.floor((k * nTrain) / spe);
  return out;
}

/**
 * The stationary expected loss ("noise floor") of `config`'s optimizer held at rate `lr` forever,
 * on `q` with batch `batch`. For Adam: t -> infinity (lr_t = lr) and v at its own fixed point.
 */
export function noiseFloor(config: RunConfig, q: NoisyQuadratic, lr: number, batch: number): number {
  const d = dynamicsOf(config);
  const delta = 1 - lr * d.decoupledWd;
  const eps = config.optimizer.epsilon;
  let excess = 0;
  for (let i = 0; i < q.h.length; i++) {
    const k = q.h[i] + d.l2;
    const s2 = q.noise[i] / batch;
    let r2: number;
    if (config.optimizer.kind === "sgd") {
      r2 = stationaryR2(d, k, delta, lr, s2);
    } else {
      // v = k^2 E r^2 + s2 at a rate lr / (sqrt(v) + eps) (both epsilon forms once the bias
      // corrections are 1) that depends on v: iterate from the noise alone, which dominates.
      let v = s2;
      r2 = 0;
      for (let it = 0; it < 200; it++) {
        r2 = stationaryR2(d, k, delta, lr / (Math.sqrt(v) + eps), s2);
        if (!Number.isFinite(r2)) break;
        const next = k * k * r2 + s2;
        const done = Math.abs(next - v) <= 1e-13 * next;
        v = next;
        if (done) break;
      }
    }
    excess += q.h[i] * r2;
  }
  return q.floor + 0.5 * excess;
}

/**
 * The expected loss of `config` after each of `sampleSteps` (1-based, ascending, <= the run's
 * steps), with the noise floor at each sampled step's rate and the stages of constant rate that
 * last at least an epoch (a smooth schedule has none). Unsupported for problems that are not noisy
 * quadratics and for reduce-on-plateau (its rate depends on the run's own losses).
 * Cost: O(steps x dimensions); the default run (5,000 steps x 100) takes ~10-20 ms in Node.
 */
export function expectedLoss(config: RunConfig, sampleSteps: ArrayLike<number>): TheoryCurve | TheoryUnsupported {
  const q = noisyQuadraticOf(config);
  if (q === null) return { supported: false, reason: "problem" };
  if (config.policy.kind === "plateau") return { supported: false, reason: "plateau" };
  const o = config.optimizer;
  const batches = epochBatches(q.nTrain, config.batchSize);
  const spe = batches.length;
  const n = q.h.length;
  const adam = o.kind !== "sgd";
  const d = dynamicsOf(config);
  const c = d.rho + d.nu * d.kappa;
  const { mu, kappa, nu } = d;
  // Per coordinate: E r^2, E r b, E b^2, E v (Adam), max E v (AMSGrad).
  const rr = Float64Array.from(q.start2);
  const rb = new Float64Array(n);
  const bb = new Float64Array(n);
  const v = new Float64Array(n);
  const vmax = new Float64Array(n);
  const k = q.h.map((hi) => hi + d.l2);
  const scheduler = createScheduler(config.policy, o.lr);
  const byStep = config.policy.unit === "step";
  const nominalBatch = q.nTrain / spe;
  const floorOf = new Map<number, number>();
  const floorFor = (lr: number): number => {
    let f = floorOf.get(lr);
    if (f === undefined) {
      f = noiseFloor(config, q, lr, nominalBatch);
      floorOf.set(lr, f);
    }
    return f;
  };

  const steps = Float64Array.from(sampleSteps);
  const loss = new Float64Array(steps.length).fill(Number.NaN);
  const floorAtRate = new Float64Array(steps.length).fill(Number.NaN);
  const stretches: { fromStep: number; toStep: number; lr: number }[] = [];
  let next = 0;
  const last = steps.length === 0 ? 0 : Math.min(spe * config.epochs, steps[steps.length - 1]);
  for (let t = 1; t <= last; t++) {
    const lr = scheduler.lr;
    const open = stretches[stretches.length - 1];
    if (open !== undefined && open.lr === lr) open.toStep = t;
    else stretches.push({ fromStep: t, toStep: t, lr });
    const batch = batches[(t - 1) % spe];
    const delta = 1 - lr * d.decoupledWd;
    const rate = adam ? adamRateParts(config, lr, t) : { num: lr, vScale: 0 };
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const s2 = q.noise[i] / batch;
      const ki = k[i];
      let a = lr;
      if (adam) {
        v[i] = o.beta2 * v[i] + (1 - o.beta2) * (ki * ki * rr[i] + s2);
        let vd = v[i];
        if (o.amsgrad) vd = vmax[i] = Math.max(vmax[i], vd);
        a = rate.num / (Math.sqrt(vd) * rate.vScale + o.epsilon);
      }
      const A11 = delta - a * ki * c;
      const A12 = -a * nu * mu;
      const A21 = kappa * ki;
      const u1 = -a * c;
      const r0 = rr[i];
      const x0 = rb[i];
      const b0 = bb[i];
      rr[i] = A11 * A11 * r0 + 2 * A11 * A12 * x0 + A12 * A12 * b0 + u1 * u1 * s2;
      rb[i] = A11 * A21 * r0 + (A11 * mu + A12 * A21) * x0 + A12 * mu * b0 + u1 * kappa * s2;
      bb[i] = A21 * A21 * r0 + 2 * A21 * mu * x0 + mu * mu * b0 + kappa * kappa * s2;
      sum += q.h[i] * rr[i];
    }
    while (next < steps.length && steps[next] === t) {
      loss[next] = q.floor + 0.5 * sum;
      floorAtRate[next] = floorFor(lr);
      next++;
    }
    if (byStep || t % spe === 0) scheduler.advance();
  }
  const stages = stretches.filter((s) => s.toStep - s.fromStep + 1 >= spe).map((s) => ({ ...s, floor: floorFor(s.lr) }));
  return { supported: true, model: adam ? "adamApprox" : "exact", steps, loss, floorAtRate, stages };
}

/**
 * The steps a drawn theory curve is sampled at: `points` evenly spaced steps from 1 to `total`
 * (both included; every step when the run is shorter).
 */
function theorySteps(total: number, points: number): Float64Array {
  const n = Math.max(1, Math.min(total, Math.floor(points)));
  if (n === 1) return Float64Array.of(total);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = 1 + Math.round((i * (total - 1)) / (n - 1));
  return out;
}

/** `expectedLoss` at `points` evenly spaced steps of the whole run (what the page draws). */
export function expectedLossCurve(config: RunConfig, points: number): TheoryCurve | TheoryUnsupported {
  const q = noisyQuadraticOf(config);
  if (q === null) return { supported: false, reason: "problem" };
  const total = epochBatches(q.nTrain, config.batchSize).length * config.epochs;
  return expectedLoss(config, theorySteps(total, points));
}
