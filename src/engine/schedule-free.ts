// Schedule-free AdamW (SPEC.md §5; Defazio et al. 2024, "The Road Less Scheduled";
// facebookresearch/schedule_free `AdamWScheduleFree.step`, operation by operation).
//
// Three sequences share one update: z takes plain Adam-normalised steps, x is a weighted running
// average of the z's, and gradients are taken at y = (1 - beta1)·z + beta1·x, between the two.
// Only y and z are stored (like the reference, which keeps y in the parameters); the evaluation
// point x = y + (1 - 1/beta1)·(z - y) is what a user deploys, and the run reports its loss.
//
// The trainer's parameter array holds y; `evalPoint` writes x. Pure computation, float64, no DOM.

import type { Optimizer, OptimizerConfig, StepInfo } from "./types.ts";
import { pow } from "./det-math.ts";

export class ScheduleFreeOptimizer implements Optimizer {
  readonly config: Readonly<OptimizerConfig>;
  readonly dim: number;
  /** k of SPEC.md §5: completed steps. */
  private k = 0;
  private lrMax = -1;
  private weightSum = 0;
  private readonly z: Float64Array;
  private readonly v: Float64Array;
  /** Whether z has been set from the first y (the reference clones y on its first step). */
  private started = false;

  constructor(config: Readonly<OptimizerConfig>, dim: number) {
    this.config = config;
    this.dim = dim;
    this.z = new Float64Array(dim);
    this.v = new Float64Array(dim);
  }

  get t(): number {
    return this.k;
  }

  reset(): void {
    this.k = 0;
    this.lrMax = -1;
    this.weightSum = 0;
    this.z.fill(0);
    this.v.fill(0);
    this.started = false;
  }

  /** `y` is updated in place (it is the gradient point); z and the averaging state advance. */
  step(y: Float64Array, g: Float64Array, lr: number): StepInfo {
    if (y.length !== this.dim || g.length !== this.dim) {
      throw new RangeError(`expected x and g of length ${this.dim}, got ${y.length} and ${g.length}`);
    }
    if (!this.started) {
      this.z.set(y);
      this.started = true;
    }
    const { beta1, beta2, epsilon: eps, weightDecay: decay, warmupSteps, r, weightLrPower } = this.config;
    const k = this.k;
    const sched = k < warmupSteps ? (k + 1) / warmupSteps : 1;
    const lrk = lr * sched * Math.sqrt(1 - pow(beta2, k + 1));
    this.lrMax = Math.max(lrk, this.lrMax);
    const weight = pow(k + 1, r) * pow(this.lrMax, weightLrPower);
    this.weightSum = this.weightSum + weight;
    const c = this.weightSum === 0 ? 0 : weight / this.weightSum;
    const yStep = lrk * (beta1 * (1 - c) - 1);
    const z = this.z;
    const v = this.v;
    let sq = 0;
    for (let i = 0; i < this.dim; i++) {
      const gi = g[i];
      const vi = beta2 * v[i] + (1 - beta2) * gi * gi;
      v[i] = vi;
      const yi = y[i];
      let d = gi / (Math.sqrt(vi) + eps);
      if (decay !== 0) d = d + decay * yi;
      const zi = z[i];
      const yn = yi + c * (zi - yi) + yStep * d;
      y[i] = yn;
      z[i] = zi - lrk * d;
      const dy = yn - yi;
      sq += dy * dy;
    }
    this.k = k + 1;
    return { lrT: lrk, updateNorm: Math.sqrt(sq) };
  }

  /** x = y + (1 - 1/beta1)·(z - y): the reference's `eval()` (`p.lerp_(z, 1 - 1/beta1)`). */
  evalPoint(y: Float64Array, out: Float64Array): void {
    if (!this.started) {
      out.set(y);
      return;
    }
    const w = 1 - 1 / this.config.beta1;
    const z = this.z;
    for (let i = 0; i < this.dim; i++) out[i] = y[i] + w * (z[i] - y[i]);
  }
}
