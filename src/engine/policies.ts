// Learning-rate decay policies (SPEC.md §2): one pure function, `lrAt`, evaluates a policy at a tick
// for previews, charts, code export and training alike, so what the learner sees is what trains.
// `createScheduler` is the trainer's O(1)-per-tick form; it returns exactly lrAt's numbers.
//
// DOM-free, no Node APIs, plain float64. Formulas are evaluated in the reference implementations'
// order of operations (PyTorch `torch.optim.lr_scheduler` closed forms, TensorFlow 1
// `tf.train.*_decay`), so golden vectors match far inside SPEC.md's 1e-9 relative tolerance.
//
// A tick is an epoch or an optimizer step depending on `policy.unit`; that only changes how often the
// trainer advances the scheduler, never the formulas here.
//
// Rates are finite and positive for every valid policy whose "end" values are positive. Valid zeros:
//   - warmup `startFactor: 0` gives 0 at tick 0;
//   - `step`/`multiStep`/`exponential` with `gamma`/`decayRate` 0, or long decays that underflow;
//   - `polynomial` with `endLr: 0` gives 0 from `decaySteps` on (without `cycle`; with `cycle` at
//     each multiple of `decaySteps`);
//   - `cosine` with `etaMin: 0` gives 0 from `tMax` on (`cosineRestarts` never reaches `etaMin`);
//   - `cyclic` with `baseLr: 0` gives 0 at the start of every cycle;
//   - `plateau` with `minLr: 0` stays positive unless `eps: 0` lets repeated reductions underflow.
// Invalid parameters (left to the config validator) give NaN or Infinity rather than hang, except
// where a loop could not end: `cosineRestarts` with t0 <= 0 or tMult < 1 throws a RangeError.

import type { Policy, PolicyOf, PolicySpec, Warmup, WsdShape } from "./types.ts";
import { type PlateauSpec, plateauInit, plateauUpdate } from "./policies-plateau.ts";
// Deterministic pow/cos: Math.pow / ** and Math.cos differ in the last bit between V8 versions.
import { cos, pow } from "./det-math.ts";

export type { PlateauSpec } from "./policies-plateau.ts";
export { plateauInit, plateauUpdate } from "./policies-plateau.ts";

/** The policies whose rate depends on the tick alone. */
type StatelessSpec = Exclude<PolicySpec, { kind: "plateau" }>;

/**
 * Learning rate of tick `t` (integer >= 0) under `policy`, with the slider's rate `baseLr`.
 *
 * `metrics` is used by `plateau` only: `metrics[k]` is the metric reported at the end of tick k, so
 * tick t's rate depends on `metrics[0 .. t-1]`. With warmup (W ticks) the metrics of ticks < W are
 * dropped and the plateau state starts fresh at tick W (SPEC.md §2). Ticks without a metric (metrics
 * missing or shorter than t) leave the plateau state — and so the rate — unchanged; for previews,
 * no metrics means a constant rate after warmup. Cost: O(t) for plateau, O(1) otherwise (O(log t)
 * for cosineRestarts with tMult > 1, O(milestones) for multiStep).
 */
export function lrAt(policy: Policy, baseLr: number, t: number, metrics?: ArrayLike<number>): number {
  if (!Number.isInteger(t) || t < 0) throw new RangeError(`tick must be an integer >= 0, got ${t}`);
  const w = policy.warmup;
  if (w !== null && t < w.steps) return warmupAt(w, baseLr, t);
  const start = w === null ? 0 : w.steps;
  if (policy.kind === "plateau") return plateauAt(policy, baseLr, start, t, metrics);
  return statelessAt(policy, baseLr, t - start);
}

/** Rates of ticks 0 .. ticks-1, as lrAt would give them (plateau without metrics: constant). */
export function previewSeries(policy: Policy, baseLr: number, ticks: number): Float64Array {
  const out = new Float64Array(ticks);
  const s = createScheduler(policy, baseLr); // O(ticks) overall, same numbers as lrAt
  for (let t = 0; t < ticks; t++) {
    out[t] = s.lr;
    if (t + 1 < ticks) s.advance();
  }
  return out;
}

/** Incremental lrAt for the trainer. */
export interface Scheduler {
  /** The current tick (0 at creation). */
  readonly tick: number;
  /** The rate of the current tick; equals `lrAt(policy, baseLr, tick, metricsSoFar)` bit for bit. */
  readonly lr: number;
  /**
   * End the current tick and return the next tick's rate. `metric` (the tick's mean training loss)
   * is used by `plateau` only; omitting it leaves the plateau state unchanged, like a missing metric
   * in lrAt. O(1) except multiStep (O(milestones)) and cosineRestarts with tMult > 1 (O(log t)).
   */
  advance(metric?: number): number;
}

/**
 * The trainer's scheduler, starting at tick 0. Stateless policies re-evaluate lrAt at the next tick
 * (so the numbers are lrAt's by construction); plateau keeps the reducer state instead of refolding.
 */
export function createScheduler(policy: Policy, baseLr: number): Scheduler {
  if (policy.kind === "plateau") return plateauScheduler(policy, baseLr);
  let tick = 0;
  let lr = lrAt(policy, baseLr, 0);
  return {
    get tick() {
      return tick;
    },
    get lr() {
      return lr;
    },
    advance() {
      tick += 1;
      lr = lrAt(policy, baseLr, tick);
      return lr;
    },
  };
}

function plateauScheduler(policy: PolicyOf<"plateau">, baseLr: number): Scheduler {
  const w = policy.warmup;
  const start = w === null ? 0 : w.steps;
  let state = plateauInit(policy, baseLr);
  let tick = 0;
  const rate = (): number => (w !== null && tick < w.steps ? warmupAt(w, baseLr, tick) : state.lr);
  let lr = rate();
  return {
    get tick() {
      return tick;
    },
    get lr() {
      return lr;
    },
    advance(metric?: number) {
      // Same rule as plateauAt: only metrics of ticks >= W reach the reducer.
      if (tick >= start && metric !== undefined) state = plateauUpdate(policy, state, metric);
      tick += 1;
      lr = rate();
      return lr;
    },
  };
}

/**
 * Linear warmup, PyTorch `LinearLR(start_factor=s, total_iters=W)` in closed form (SPEC.md §2):
 * `lr * (s + (1 - s) * t / W)` for t < W. Unlike PyTorch 1.13, s = 0 is well defined (SPEC.md §4).
 */
function warmupAt(w: Warmup, baseLr: number, t: number): number {
  return baseLr * (w.startFactor + ((1 - w.startFactor) * t) / w.steps);
}

function plateauAt(
  policy: PlateauSpec,
  baseLr: number,
  start: number,
  t: number,
  metrics: ArrayLike<number> | undefined,
): number {
  let state = plateauInit(policy, baseLr);
  if (metrics === undefined) return state.lr;
  const end = Math.min(t, metrics.length);
  for (let k = start; k < end; k++) state = plateauUpdate(policy, state, metrics[k]);
  return state.lr;
}

/** The main (non-warmup) part of a stateless policy at tick `t` counted from its own start. */
function statelessAt(p: StatelessSpec, lr: number, t: number): number {
  switch (p.kind) {
    case "constant":
      return lr;
    case "step":
      // PyTorch `StepLR` closed form: base_lr * gamma ** (last_epoch // step_size).
      return lr * pow(p.gamma, Math.floor(t / p.stepSize));
    case "multiStep": {
      // PyTorch `MultiStepLR` closed form: gamma ** bisect_right(milestones, t); counting (rather than
      // bisecting) keeps repeated milestones counted once per occurrence.
      let n = 0;
      for (const m of p.milestones) if (m <= t) n += 1;
      return lr * pow(p.gamma, n);
    }
    case "exponential":
      // tf.train.exponential_decay: learning_rate * decay_rate ** p.
      return lr * pow(p.decayRate, decayProgress(t, p.decaySteps, p.staircase));
    case "inverseTime":
      // tf.train.inverse_time_decay: learning_rate / (1 + decay_rate * p).
      return lr / (1 + p.decayRate * decayProgress(t, p.decaySteps, p.staircase));
    case "polynomial":
      return polynomialAt(p, lr, t);
    case "cosine":
      // PyTorch `CosineAnnealingLR` closed form up to tMax; then hold etaMin (SPEC.md §4: PyTorch
      // would climb back up). The early return also keeps tMax = 0 from dividing by zero; at t = tMax
      // the formula would give etaMin exactly anyway, since cos(Math.PI) === -1.
      if (t >= p.tMax) return p.etaMin;
      return p.etaMin + ((lr - p.etaMin) * (1 + cos((Math.PI * t) / p.tMax))) / 2;
    case "cosineRestarts":
      return cosineRestartsAt(p, lr, t);
    case "oneCycle":
      return oneCycleAt(p, lr, t);
    case "cyclic":
      return cyclicAt(p, lr, t);
    case "wsd":
      return lr * wsdFactor(p, t);
    case "inverseSqrt":
      return inverseSqrtAt(p, lr, t);
    default:
      return unreachable(p);
  }
}

/** TF1's `p = global_step / decay_steps`, floored when `staircase`. */
function decayProgress(t: number, decaySteps: number, staircase: boolean): number {
  const p = t / decaySteps;
  return staircase ? Math.floor(p) : p;
}

/**
 * tf.train.polynomial_decay: `(lr - endLr) * (1 - s/D)^power + endLr`. Without cycle the step is
 * clamped to decaySteps (then endLr holds); with cycle D grows to the next multiple of decaySteps,
 * so the rate jumps back up right after each multiple (TF: `ceil(global_step / decay_steps)`, with
 * 1 at step 0).
 */
function polynomialAt(p: Extract<PolicySpec, { kind: "polynomial" }>, lr: number, t: number): number {
  let s: number;
  let d: number;
  if (p.cycle) {
    s = t;
    d = p.decaySteps * Math.max(1, Math.ceil(t / p.decaySteps));
  } else {
    s = Math.min(t, p.decaySteps);
    d = p.decaySteps;
  }
  return (lr - p.endLr) * pow(1 - s / d, p.power) + p.endLr;
}

/**
 * PyTorch `CosineAnnealingWarmRestarts`: periods of lengths t0, t0*tMult, t0*tMult^2, ...; `tc` ticks
 * into the current period of length `ti`. Found by walking the periods like PyTorch's own step()
 * does (integers, exact) — O(log t) when tMult > 1, a modulo when tMult = 1.
 */
function cosineRestartsAt(p: Extract<PolicySpec, { kind: "cosineRestarts" }>, lr: number, t: number): number {
  if (!(p.t0 > 0) || !(p.tMult >= 1)) {
    throw new RangeError(`cosineRestarts needs t0 > 0 and tMult >= 1, got t0 ${p.t0}, tMult ${p.tMult}`);
  }
  let tc = t;
  let ti = p.t0;
  if (p.tMult === 1) {
    tc = t % ti;
  } else {
    while (tc >= ti) {
      tc -= ti;
      ti *= p.tMult;
    }
  }
  return p.etaMin + ((lr - p.etaMin) * (1 + cos((Math.PI * tc) / ti))) / 2;
}

/**
 * PyTorch `OneCycleLR(max_lr=lr, cycle_momentum=False)`, phases exactly as in its constructor
 * (end ticks `pct_start * total_steps - 1` etc., not rounded). Ticks past totalSteps - 1 hold the
 * last value (SPEC.md §4; PyTorch extrapolates, then raises).
 */
function oneCycleAt(p: Extract<PolicySpec, { kind: "oneCycle" }>, lr: number, t: number): number {
  const initial = lr / p.divFactor; // PyTorch initial_lr = max_lr / div_factor
  const minLr = initial / p.finalDivFactor; // PyTorch min_lr = initial_lr / final_div_factor
  const up = p.pctStart * p.totalSteps;
  const last = p.totalSteps - 1;
  // [end tick, from, to] per phase.
  const phases: ReadonlyArray<readonly [number, number, number]> = p.threePhase
    ? [
        [up - 1, initial, lr],
        [2 * up - 2, lr, initial],
        [last, initial, minLr],
      ]
    : [
        [up - 1, initial, lr],
        [last, lr, minLr],
      ];
  const step = Math.min(t, last);
  let start = 0;
  for (let i = 0; i < phases.length; i++) {
    const [end, from, to] = phases[i];
    if (step <= end || i === phases.length - 1) {
      // A zero-length phase can only be chosen when step === end === start (the first phase with
      // pctStart * totalSteps === 1, at tick 0): PyTorch gets 0/0 = NaN there; its end value is
      // the natural answer, as the rate of every phase's end tick is its `to`.
      const pct = end > start ? (step - start) / (end - start) : 1;
      return p.annealStrategy === "cos" ? annealCos(from, to, pct) : annealLinear(from, to, pct);
    }
    start = end;
  }
  return minLr; // not reached: the last phase always matches
}

/** PyTorch `OneCycleLR._annealing_cos`, same order of operations. */
function annealCos(from: number, to: number, pct: number): number {
  const cosOut = cos(Math.PI * pct) + 1;
  return to + ((from - to) / 2) * cosOut;
}

/** PyTorch `OneCycleLR._annealing_linear`. */
function annealLinear(from: number, to: number, pct: number): number {
  return (to - from) * pct + from;
}

/** PyTorch `CyclicLR(base_lr=baseLr, max_lr=lr, cycle_momentum=False)`.get_lr, same operations. */
function cyclicAt(p: Extract<PolicySpec, { kind: "cyclic" }>, lr: number, t: number): number {
  const down = p.stepSizeDown ?? p.stepSizeUp;
  const size = p.stepSizeUp + down;
  const ratio = p.stepSizeUp / size;
  const cycle = Math.floor(1 + t / size);
  const x = 1 + t / size - cycle;
  const scale = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
  const height = (lr - p.baseLr) * scale;
  let f: number;
  switch (p.mode) {
    case "triangular":
      f = 1;
      break;
    case "triangular2":
      f = 1 / pow(2, cycle - 1); // scale_mode "cycle"
      break;
    case "expRange":
      f = pow(p.gamma, t); // scale_mode "iterations"
      break;
    default:
      return unreachable(p.mode);
  }
  return p.baseLr + height * f;
}

/**
 * Warmup–stable–decay (SPEC.md §5), transformers' `_get_wsd_scheduler_lambda` term by term, which
 * `LambdaLR` multiplies by the base rate: a warmup of W ticks from `m` to 1, S ticks at 1, a
 * cooldown of D ticks from 1 to `m`, then `m` (m = minLrRatio).
 */
function wsdFactor(p: Extract<PolicySpec, { kind: "wsd" }>, t: number): number {
  const w = p.warmupTicks;
  const m = p.minLrRatio;
  if (t < w) {
    const progress = t / Math.max(1, w);
    return Math.max(0, shapeUp(p.warmupShape, progress) * (1 - m) + m);
  }
  if (t < w + p.stableTicks) return 1;
  if (t < w + p.stableTicks + p.decayTicks) {
    const progress = (t - w - p.stableTicks) / Math.max(1, p.decayTicks);
    let d: number;
    switch (p.decayShape) {
      case "linear":
        d = 1 - progress;
        break;
      case "cosine":
        d = 0.5 * (1 + cos(Math.PI * p.numCycles * 2 * progress));
        break;
      case "1-sqrt":
        d = 1 - Math.sqrt(progress);
        break;
      default:
        return unreachable(p.decayShape);
    }
    return Math.max(0, d * (1 - m) + m);
  }
  return m;
}

/** WSD's warmup shapes, rising from 0 to 1 over progress 0..1. */
function shapeUp(shape: WsdShape, progress: number): number {
  switch (shape) {
    case "linear":
      return progress;
    case "cosine":
      return 0.5 * (1 - cos(Math.PI * progress));
    case "1-sqrt":
      return 1 - Math.sqrt(1 - progress);
    default:
      return unreachable(shape);
  }
}

/** transformers' default timescale: the warmup length, or 10000 without warmup (SPEC.md §5). */
export function inverseSqrtTimescale(p: Extract<PolicySpec, { kind: "inverseSqrt" }>): number {
  return p.timescale ?? (p.warmupTicks > 0 ? p.warmupTicks : 10000);
}

/**
 * The Transformer's inverse square root ("Noam"), transformers' `_get_inverse_sqrt_schedule_lr_lambda`:
 * linear from 0 over W ticks, then `1 / sqrt((t + timescale - W) / timescale)`, which is 1 at t = W.
 */
function inverseSqrtAt(p: Extract<PolicySpec, { kind: "inverseSqrt" }>, lr: number, t: number): number {
  const w = p.warmupTicks;
  if (t < w) return lr * (t / Math.max(1, w));
  const timescale = inverseSqrtTimescale(p);
  const shift = timescale - w;
  return lr * (1 / Math.sqrt((t + shift) / timescale));
}

function unreachable(x: never): never {
  throw new Error(`unknown decay policy: ${JSON.stringify(x)}`);
}
