// The training loop: minibatches, epochs, the decay policy's ticks, divergence, manual decays.
// Pure computation over typed arrays; the worker, the CLI and the tests drive the same class.

import { defaultCustom } from "./custom-config.ts";
import { createOptimizer } from "./optimizers.ts";
import { createScheduler, type Scheduler } from "./policies.ts";
import { createProblem } from "./problems/index.ts";
import type { ProblemId, ToyProblem } from "./problems/problem.ts";
import type { SurfaceId } from "./problems/surfaces.ts";
import { Rng } from "./rng.ts";
import type { RunConfig } from "./run-config.ts";
import type { StepSample } from "./series.ts";
import type { Optimizer } from "./types.ts";

export interface EpochSample {
  /** Completed epochs (1 after the first). */
  epoch: number;
  /** The rate used during the epoch's last step. */
  lr: number;
  /**
   * Mean over the epoch's steps of the loss where each step's gradient was taken (before the step):
   * the minibatch loss on the datasets, the exact training loss on the noisy quadratic and the 2-D
   * surfaces (which have no minibatch loss). Reduce-on-plateau with `unit: "epoch"` watches this.
   */
  meanStepLoss: number;
  /** Full training-set loss at the end of the epoch. */
  loss: number;
}

export type TrainEvent =
  | {
      type: "decay";
      /** First step (1-based) that uses the new rate. */
      step: number;
      epoch: number;
      from: number;
      to: number;
      /** True for a rate changed by hand mid-run ("change live"). */
      manual: boolean;
    }
  | { type: "diverged"; step: number; epoch: number; reason: string }
  | { type: "done"; step: number; epoch: number };

export interface TrainerSink {
  /** The sample object is reused between calls: copy what you keep. */
  onStep?(s: Readonly<StepSample>): void;
  onEpoch?(e: EpochSample): void;
  onEvent?(e: TrainEvent): void;
}

export type TrainerStatus = "running" | "done" | "diverged";

/** A run ends as diverged when its loss exceeds this many times max(|initial loss|, 1). */
const DIVERGENCE_FACTOR = 1e6;

/** Why a run diverged, in the engine's words (the page words them in Chinese: state/divergence-text.ts). */
export const DIVERGENCE_REASONS = {
  gradient: "the gradient is not finite",
  parameters: "the parameters are no longer finite",
  loss: "the loss is not finite",
} as const;

/** The fourth reason: the loss grew past DIVERGENCE_FACTOR times its start. */
export function lossGrewReason(loss: number): string {
  return `the loss ${loss.toPrecision(3)} grew beyond ${DIVERGENCE_FACTOR.toExponential(0)}x its start`;
}

/**
 * For `unit: "step"` policies the rate may change every step (smooth decays). A decay event is
 * then recorded only once the rate has moved by this fraction since the last event, so a smooth
 * decay gives a readable handful of markers, not one per step. Epoch policies record every change.
 */
const STEP_EVENT_MIN_CHANGE = 0.25;

export class Trainer {
  readonly config: RunConfig;
  readonly problem: ToyProblem;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  private readonly optimizer: Optimizer;
  private readonly scheduler: Scheduler;
  private readonly x: Float64Array;
  private readonly grad: Float64Array;
  private readonly order: Rng;
  private readonly noise: Rng;
  private readonly perm: Int32Array;
  private readonly sink: TrainerSink;
  private readonly sample: StepSample = {
    step: 0,
    epoch: 0,
    lr: 0,
    lrT: 0,
    batchLoss: 0,
    loss: 0,
    gradNorm: 0,
    updateNorm: 0,
    lossAtY: 0,
  };
  /** Schedule-free only: the evaluation point, whose loss the run reports (`x` holds the gradient point y). */
  private readonly xEval: Float64Array | null;
  private readonly divergeAbove: number;
  /** Completed steps. */
  private done = 0;
  private epochStepLossSum = 0;
  private epochSteps = 0;
  /** Manual decays multiply the schedule: rate = schedule(t) * lrScale. */
  private lrScale = 1;
  private lastRate: number;
  private lastEventRate: number;
  private state: TrainerStatus = "running";
  readonly initialLoss: number;

  constructor(config: RunConfig, sink: TrainerSink = {}) {
    this.config = config;
    this.sink = sink;
    const root = new Rng(config.seed);
    this.problem = createRunProblem(config);
    this.order = root.fork("order");
    this.noise = root.fork("noise");
    this.x = this.problem.init();
    this.grad = new Float64Array(this.problem.dim);
    this.optimizer = createOptimizer(config.optimizer, this.problem.dim);
    this.xEval = this.optimizer.evalPoint === undefined ? null : this.x.slice();
    this.scheduler = createScheduler(config.policy, config.optimizer.lr);
    const batch = Math.min(config.batchSize, this.problem.nTrain);
    this.stepsPerEpoch = Math.ceil(this.problem.nTrain / batch);
    this.totalSteps = this.stepsPerEpoch * config.epochs;
    this.perm = Int32Array.from({ length: this.problem.nTrain }, (_, i) => i);
    this.initialLoss = this.problem.loss(this.x);
    this.divergeAbove = DIVERGENCE_FACTOR * Math.max(Math.abs(this.initialLoss), 1);
    this.lastRate = this.rate();
    this.lastEventRate = this.lastRate;
  }

  get step(): number {
    return this.done;
  }

  get epoch(): number {
    return this.done / this.stepsPerEpoch;
  }

  get status(): TrainerStatus {
    return this.state;
  }

  /** The rate the next step will use. */
  rate(): number {
    return this.scheduler.lr * this.lrScale;
  }

  /** A copy of the current parameters (for trajectory views): schedule-free's evaluation point. */
  params(): Float64Array {
    return (this.xEval ?? this.x).slice();
  }

  /** B_simple at the current parameters (ToyProblem.gradientNoiseScale); null where the problem has none. */
  gradientNoiseScale(): number | null {
    return this.problem.gradientNoiseScale?.(this.x) ?? null;
  }

  /** Parameter `i` now, without copying (the worker reads (x, y) of 2-D problems every step). */
  paramAt(i: number): number {
    return (this.xEval ?? this.x)[i];
  }

  /**
   * A manual decay: from the next step on the schedule is scaled so the rate is `newRate`.
   * Recorded as a decay event with `manual: true`. Ignored for non-positive or non-finite rates.
   */
  setRate(newRate: number): void {
    const current = this.rate();
    if (!(newRate > 0) || !Number.isFinite(newRate) || this.state !== "running" || newRate === current) return;
    this.lrScale *= newRate / current;
    const to = this.rate();
    this.emitDecay(current, to, true);
    this.lastRate = to;
  }

  /** Runs up to `n` steps; returns how many ran (fewer at the end of the run or on divergence). */
  run(n: number): number {
    let ran = 0;
    while (ran < n && this.state === "running") {
      this.oneStep();
      ran++;
    }
    return ran;
  }

  /** Runs to the end (or divergence). */
  runToEnd(): void {
    this.run(Number.POSITIVE_INFINITY);
  }

  private oneStep(): void {
    const spe = this.stepsPerEpoch;
    const inEpoch = this.done % spe;
    if (inEpoch === 0) this.order.shuffle(this.perm);
    const n = this.problem.nTrain;
    const start = Math.floor((inEpoch * n) / spe);
    const end = Math.floor(((inEpoch + 1) * n) / spe);
    const batch = this.perm.subarray(start, end);

    const lr = this.rate();
    // The loss where the gradient is taken: a minibatch's on the datasets, the exact one on the
    // models without examples (ToyProblem.minibatchLoss).
    const stepLoss = this.problem.batchLossGrad(this.x, batch, this.grad, this.noise);
    let g2 = 0;
    for (let i = 0; i < this.grad.length; i++) g2 += this.grad[i] * this.grad[i];
    const info = this.optimizer.step(this.x, this.grad, lr);
    let loss: number;
    let lossAtY = Number.NaN;
    if (this.xEval !== null) {
      // Schedule-free (SPEC.md §5): the run reports the loss at its evaluation point x; the loss at the
      // gradient point y, where `this.x` is, goes alongside.
      this.optimizer.evalPoint?.(this.x, this.xEval);
      loss = this.problem.loss(this.xEval);
      lossAtY = this.problem.loss(this.x);
    } else {
      loss = this.problem.loss(this.x);
    }
    const stepNo = this.done + 1;

    const reason = this.divergence(loss, stepLoss, g2, info.updateNorm);
    if (reason !== null) {
      this.state = "diverged";
      this.sink.onEvent?.({ type: "diverged", step: stepNo, epoch: stepNo / spe, reason });
      return;
    }

    this.done = stepNo;
    const s = this.sample;
    s.step = stepNo;
    s.epoch = stepNo / spe;
    s.lr = lr;
    s.lrT = info.lrT;
    // The exact loss before the step is not a minibatch loss (it is the previous row's `loss`):
    // models without one leave the column empty (NaN) instead of mislabelling it.
    s.batchLoss = this.problem.minibatchLoss ? stepLoss : Number.NaN;
    s.loss = loss;
    s.gradNorm = Math.sqrt(g2);
    s.updateNorm = info.updateNorm;
    s.lossAtY = lossAtY;
    this.sink.onStep?.(s);
    this.epochStepLossSum += stepLoss;
    this.epochSteps++;

    const policyUnit = this.config.policy.unit;
    // Reduce-on-plateau watches the loss where the gradients were taken (see EpochSample.meanStepLoss).
    if (policyUnit === "step") this.scheduler.advance(stepLoss);
    if (stepNo % spe === 0) {
      const meanStepLoss = this.epochStepLossSum / this.epochSteps;
      this.sink.onEpoch?.({ epoch: stepNo / spe, lr, meanStepLoss, loss });
      this.epochStepLossSum = 0;
      this.epochSteps = 0;
      if (policyUnit === "epoch") this.scheduler.advance(meanStepLoss);
    }

    if (stepNo >= this.totalSteps) {
      this.state = "done";
      this.sink.onEvent?.({ type: "done", step: stepNo, epoch: stepNo / spe });
      return;
    }
    const next = this.rate();
    if (next !== this.lastRate) {
      const coalesce = policyUnit === "step" && Math.abs(next / this.lastEventRate - 1) < STEP_EVENT_MIN_CHANGE;
      if (!coalesce) this.emitDecay(this.lastEventRate, next, false);
      this.lastRate = next;
    }
  }

  private emitDecay(from: number, to: number, manual: boolean): void {
    const step = this.done + 1;
    this.lastEventRate = to;
    this.sink.onEvent?.({ type: "decay", step, epoch: this.done / this.stepsPerEpoch, from, to, manual });
  }

  private divergence(loss: number, stepLoss: number, g2: number, updateNorm: number): string | null {
    if (!Number.isFinite(g2) || !Number.isFinite(stepLoss)) return DIVERGENCE_REASONS.gradient;
    if (!Number.isFinite(updateNorm)) return DIVERGENCE_REASONS.parameters;
    if (!Number.isFinite(loss)) return DIVERGENCE_REASONS.loss;
    if (loss > this.divergeAbove) return lossGrewReason(loss);
    return null;
  }
}

/** The 2-D surfaces, whose start point a config may set (`RunConfig.start`). */
export const SURFACE_PROBLEM_IDS: readonly ProblemId[] = ["rosenbrock", "beale", "saddle", "bowl", "nqm2d", "custom"] satisfies readonly SurfaceId[];

export function isSurfaceProblem(id: ProblemId): id is SurfaceId {
  return SURFACE_PROBLEM_IDS.includes(id);
}

/** The run's problem: `config.problem` from `config.seed`, starting at `config.start` on the surfaces. */
export function createRunProblem(config: RunConfig): ToyProblem {
  const id = config.problem;
  if (id === "custom") {
    const c = config.custom ?? defaultCustom();
    return createProblem("custom", config.seed, { expression: c.f, noiseScale: c.noise, bounds: c.bounds, start: config.start });
  }
  if (config.start !== undefined && isSurfaceProblem(id)) return createProblem<SurfaceId>(id, config.seed, { start: config.start });
  return createProblem(id, config.seed);
}
