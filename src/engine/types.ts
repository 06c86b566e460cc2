// Shared shapes of the engine. Field names follow SPEC.md (PyTorch's argument names, camelCased,
// TensorFlow 1's where PyTorch lacks the schedule), so config, URL, golden files, code export and
// UI labels never translate names by hand.

import type { Problem } from "./problem-codes.ts";

export type { Problem };

/** Result of validating untrusted input: always a usable value, plus every problem found. */
export interface Validated<T> {
  value: T;
  problems: Problem[];
}

// ---------------------------------------------------------------------------------------------
// Optimizers (SPEC.md §1). One flat, fully-specified shape so switching kind keeps the values.

export type OptimizerKind = "adam" | "sgd" | "scheduleFree";
export type EpsilonForm = "hat" | "paper";

export interface OptimizerConfig {
  kind: OptimizerKind;
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  epsilonForm: EpsilonForm;
  amsgrad: boolean;
  weightDecay: number;
  /** Adam only: AdamW's decoupled decay `x <- x * (1 - lr * weightDecay)`. */
  decoupled: boolean;
  /** SGD only. */
  momentum: number;
  /** SGD only. */
  nesterov: boolean;
  /** Schedule-free only (SPEC.md §5): steps of its own linear warmup. */
  warmupSteps: number;
  /** Schedule-free only: the averaging weight's power of the step count, `(k+1)^r`. */
  r: number;
  /** Schedule-free only: the averaging weight's power of the largest rate so far, `lrMax^weightLrPower`. */
  weightLrPower: number;
}

/** What one optimizer step reports besides updating the parameters in place. */
export interface StepInfo {
  /** Adam's bias-corrected rate `lr * sqrt(1 - beta2^t) / (1 - beta1^t)`; the plain `lr` for SGD. */
  lrT: number;
  /** Euclidean norm of the change applied to the parameters in this step. */
  updateNorm: number;
}

export interface Optimizer {
  readonly config: Readonly<OptimizerConfig>;
  readonly dim: number;
  /** Completed steps. */
  readonly t: number;
  /** Updates `x` in place with gradient `g` at scheduled rate `lr`. */
  step(x: Float64Array, g: Float64Array, lr: number): StepInfo;
  reset(): void;
  /**
   * Only for optimizers whose gradients are taken at another point than the one they report
   * (schedule-free: `x` holds its gradient point y): writes the evaluation point for `x` into `out`.
   */
  evalPoint?(x: Float64Array, out: Float64Array): void;
}

// ---------------------------------------------------------------------------------------------
// Decay policies (SPEC.md §2).

export type Unit = "epoch" | "step";

export interface Warmup {
  /** W, integer >= 1. */
  steps: number;
  /** s in [0, 1]. */
  startFactor: number;
}

export type PolicyKind =
  | "constant"
  | "step"
  | "multiStep"
  | "exponential"
  | "inverseTime"
  | "polynomial"
  | "cosine"
  | "cosineRestarts"
  | "oneCycle"
  | "cyclic"
  | "plateau"
  | "wsd"
  | "inverseSqrt";

/** `wsd`'s warmup and decay shapes (SPEC.md §5). */
export type WsdShape = "linear" | "cosine" | "1-sqrt";

export type PolicySpec =
  | { kind: "constant" }
  | { kind: "step"; stepSize: number; gamma: number }
  | { kind: "multiStep"; milestones: number[]; gamma: number }
  | { kind: "exponential"; decaySteps: number; decayRate: number; staircase: boolean }
  | { kind: "inverseTime"; decaySteps: number; decayRate: number; staircase: boolean }
  | { kind: "polynomial"; decaySteps: number; endLr: number; power: number; cycle: boolean }
  | { kind: "cosine"; tMax: number; etaMin: number }
  | { kind: "cosineRestarts"; t0: number; tMult: number; etaMin: number }
  | {
      kind: "oneCycle";
      totalSteps: number;
      pctStart: number;
      divFactor: number;
      finalDivFactor: number;
      annealStrategy: "cos" | "linear";
      threePhase: boolean;
    }
  | {
      kind: "cyclic";
      baseLr: number;
      stepSizeUp: number;
      /** null means "same as stepSizeUp". */
      stepSizeDown: number | null;
      mode: "triangular" | "triangular2" | "expRange";
      gamma: number;
    }
  | {
      kind: "plateau";
      mode: "min" | "max";
      factor: number;
      patience: number;
      threshold: number;
      thresholdMode: "rel" | "abs";
      cooldown: number;
      minLr: number;
      eps: number;
    }
  | {
      kind: "wsd";
      warmupTicks: number;
      stableTicks: number;
      decayTicks: number;
      warmupShape: WsdShape;
      decayShape: WsdShape;
      minLrRatio: number;
      numCycles: number;
    }
  | {
      kind: "inverseSqrt";
      warmupTicks: number;
      /** null means "the warmup length, or 10000 without warmup" (transformers' default). */
      timescale: number | null;
    };

export interface PolicyCommon {
  unit: Unit;
  /** null = no warmup. */
  warmup: Warmup | null;
}

/** A fully-specified decay policy: kind-specific fields plus unit and warmup. */
export type Policy = PolicySpec & PolicyCommon;

export type PolicyOf<K extends PolicyKind> = Extract<PolicySpec, { kind: K }> & PolicyCommon;
