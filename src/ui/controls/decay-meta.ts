// The decay editor's words and moves: human labels for the policy kinds and fields, the lesson's
// presets, switching kind or unit without losing the run's shape. Every policy produced here goes
// through the engine's `validatePolicy`, so the editor can only ever hand on a valid policy.

import { defaultPolicy, policyFieldTable, validatePolicy, type FieldDescriptor } from "../../engine/config.ts";
import type { Policy, PolicyKind, Unit } from "../../engine/types.ts";

export const POLICY_LABELS: { readonly [K in PolicyKind]: string } = {
  constant: "Constant (no decay)",
  step: "Step decay (StepLR)",
  multiStep: "Multi-step",
  exponential: "Exponential",
  inverseTime: "Inverse time",
  polynomial: "Polynomial / linear",
  cosine: "Cosine",
  cosineRestarts: "Cosine with warm restarts",
  oneCycle: "One-cycle",
  cyclic: "Cyclic",
  plateau: "Reduce on plateau",
};

/** Where each policy comes from (SPEC.md §2's reference column). */
export const POLICY_REFERENCES: { readonly [K in PolicyKind]: string } = {
  constant: "The rate stays at lr.",
  step: "PyTorch StepLR: lr · gamma^floor(t / stepSize).",
  multiStep: "PyTorch MultiStepLR: multiply by gamma at each milestone.",
  exponential: "TF exponential_decay: lr · decayRate^(t / decaySteps); PyTorch ExponentialLR is decaySteps 1.",
  inverseTime: "TF inverse_time_decay: lr / (1 + decayRate · t / decaySteps).",
  polynomial: "TF polynomial_decay: from lr to endLr over decaySteps; power 1 is linear decay.",
  cosine: "PyTorch CosineAnnealingLR: half a cosine from lr down to etaMin over tMax.",
  cosineRestarts: "PyTorch CosineAnnealingWarmRestarts (SGDR): cosine periods of t0, t0·tMult, …",
  oneCycle: "PyTorch OneCycleLR with max_lr = lr: warm up, then anneal far below the start.",
  cyclic: "PyTorch CyclicLR: between baseLr and lr, up and down.",
  plateau: "PyTorch ReduceLROnPlateau: multiply by factor when the loss stops improving.",
};

type Label = string | ((ticks: string) => string);

/** Field labels; `kind.field` overrides `field`. `ticks` is "epochs" or "steps". */
const FIELD_LABELS: Record<string, Label> = {
  stepSize: (u) => `Step size (${u} between decays)`,
  gamma: "gamma (multiply lr by)",
  "cyclic.gamma": "gamma (expRange shrink per tick)",
  milestones: (u) => `Milestones (${u}, comma-separated)`,
  decaySteps: (u) => `decaySteps (${u} per decay period)`,
  "polynomial.decaySteps": (u) => `decaySteps (${u} to reach endLr)`,
  "exponential.decayRate": "decayRate (factor per period)",
  "inverseTime.decayRate": "decayRate (growth of the divisor per period)",
  staircase: "Staircase (decay in whole periods)",
  endLr: "endLr (final rate)",
  power: "power (1 = linear)",
  cycle: "Cycle (restart after decaySteps)",
  tMax: (u) => `tMax (${u} to reach etaMin)`,
  etaMin: "etaMin (lowest rate)",
  t0: (u) => `t0 (${u} in the first period)`,
  tMult: "tMult (period growth factor)",
  totalSteps: (u) => `totalSteps (${u} in the cycle)`,
  pctStart: "pctStart (fraction spent rising)",
  divFactor: "divFactor (start rate = lr / divFactor)",
  finalDivFactor: "finalDivFactor (end rate = start / finalDivFactor)",
  annealStrategy: "Anneal strategy",
  threePhase: "Three phases",
  baseLr: "baseLr (cycle's lower bound; lr is the upper)",
  stepSizeUp: (u) => `stepSizeUp (${u} rising)`,
  stepSizeDown: (u) => `stepSizeDown (${u} falling)`,
  "cyclic.mode": "Mode",
  "plateau.mode": "Mode (min: the loss should fall)",
  factor: "factor (multiply lr by)",
  patience: (u) => `patience (${u} without improvement)`,
  threshold: "threshold (smallest improvement that counts)",
  thresholdMode: "Threshold mode",
  cooldown: (u) => `cooldown (${u} to wait after a cut)`,
  minLr: "minLr (lowest rate)",
  eps: "eps (smallest change applied)",
};

export function ticksWord(unit: Unit): string {
  return unit === "step" ? "steps" : "epochs";
}

export function fieldLabel(kind: PolicyKind, field: string, unit: Unit): string {
  const label = FIELD_LABELS[`${kind}.${field}`] ?? FIELD_LABELS[field] ?? field;
  return typeof label === "function" ? label(ticksWord(unit)) : label;
}

/** Fields counted in ticks, which change with the unit: (kind, field) pairs. */
const TICK_FIELDS: { readonly [K in PolicyKind]: readonly string[] } = {
  constant: [],
  step: ["stepSize"],
  multiStep: ["milestones"],
  exponential: ["decaySteps"],
  inverseTime: ["decaySteps"],
  polynomial: ["decaySteps"],
  cosine: ["tMax"],
  cosineRestarts: ["t0"],
  oneCycle: ["totalSteps"],
  cyclic: ["stepSizeUp", "stepSizeDown"],
  plateau: ["patience", "cooldown"],
};

export function isTickField(kind: PolicyKind, field: string): boolean {
  return TICK_FIELDS[kind].includes(field);
}

export interface RunShape {
  epochs: number;
  stepsPerEpoch: number;
}

/** Ticks in the whole run for a policy's unit. */
export function runTicks(unit: Unit, run: RunShape): number {
  return unit === "step" ? run.epochs * run.stepsPerEpoch : run.epochs;
}

function scaleTicks(field: FieldDescriptor, v: unknown, factor: number): unknown {
  const one = (x: number, integer: boolean | undefined, min: number): number => {
    const y = x * factor;
    return integer ? Math.max(min, Math.round(y)) : y;
  };
  if (field.type === "number" && typeof v === "number") return one(v, field.integer, field.min);
  if (field.type === "nullableNumber" && typeof v === "number") return one(v, field.integer, field.min);
  if (field.type === "numberArray" && Array.isArray(v)) {
    return v.map((x: unknown) => (typeof x === "number" ? one(x, field.element.integer, field.element.min) : x));
  }
  return v;
}

/**
 * The same schedule in another unit: tick counts (step sizes, periods, warmup) are multiplied or
 * divided by the steps per epoch, so the preview keeps its shape. Falls back to a plain unit change
 * if a converted count would leave its range.
 */
export function convertUnit(policy: Policy, to: Unit, stepsPerEpoch: number): Policy {
  if (policy.unit === to) return policy;
  const factor = to === "step" ? stepsPerEpoch : 1 / stepsPerEpoch;
  const table = policyFieldTable(policy.kind);
  const raw: Record<string, unknown> = { ...policy, unit: to };
  for (const name of TICK_FIELDS[policy.kind]) raw[name] = scaleTicks(table[name], raw[name], factor);
  if (policy.warmup !== null) {
    raw.warmup = { ...policy.warmup, steps: Math.max(1, Math.round(policy.warmup.steps * factor)) };
  }
  const converted = validatePolicy(raw);
  if (converted.problems.length === 0) return converted.value;
  return validatePolicy({ ...policy, unit: to }).value;
}

/** Stretches a policy's "whole run" lengths (polynomial, cosine, one-cycle) to the run. */
function fitToRun(policy: Policy, ticks: number): Policy {
  const n = Math.max(1, Math.round(ticks));
  switch (policy.kind) {
    case "polynomial":
      return { ...policy, decaySteps: n };
    case "cosine":
      return { ...policy, tMax: n };
    case "oneCycle":
      return { ...policy, totalSteps: Math.max(2, n) };
    default:
      return policy;
  }
}

/** A new kind at its defaults, keeping the unit and warmup, its run-long lengths fitted to the run. */
export function switchKind(policy: Policy, kind: PolicyKind, run: RunShape): Policy {
  let next: Policy = fitToRun(defaultPolicy(kind), run.epochs);
  if (policy.unit === "step") next = convertUnit(next, "step", run.stepsPerEpoch);
  const checked = validatePolicy({ ...next, warmup: policy.warmup });
  return checked.problems.length === 0 ? checked.value : next;
}

/** `policy` with one field replaced, or null when the schema rejects the result. */
export function withPolicyField(policy: Policy, name: string, value: unknown): Policy | null {
  const checked = validatePolicy({ ...policy, [name]: value });
  return checked.problems.length === 0 ? checked.value : null;
}

export interface DecayPreset {
  id: string;
  label: string;
  build(run: RunShape): Policy;
}

const valid = (raw: Record<string, unknown>): Policy => validatePolicy(raw).value;

/** The lesson's decays (SPEC.md §2): both of the article's are step decays. */
export const DECAY_PRESETS: readonly DecayPreset[] = [
  {
    id: "halve",
    label: "Halve every 5 epochs (step decay)",
    build: () => valid({ kind: "step", stepSize: 5, gamma: 0.5, unit: "epoch", warmup: null }),
  },
  {
    id: "tenth",
    label: "×0.1 every 5 epochs (step decay)",
    build: () => valid({ kind: "step", stepSize: 5, gamma: 0.1, unit: "epoch", warmup: null }),
  },
  {
    id: "linear",
    label: "Linear decay (polynomial, power 1)",
    // Step by step from lr down to 0 at the end of the run.
    build: (run) =>
      valid({ kind: "polynomial", decaySteps: runTicks("step", run), endLr: 0, power: 1, cycle: false, unit: "step", warmup: null }),
  },
  {
    id: "smooth",
    label: "Smooth exponential decay",
    // The halving of the first preset spread over every step: lr · 0.5^(t / (5 epochs)).
    build: (run) =>
      valid({ kind: "exponential", decaySteps: 5 * run.stepsPerEpoch, decayRate: 0.5, staircase: false, unit: "step", warmup: null }),
  },
  {
    id: "none",
    label: "No decay",
    build: () => valid({ kind: "constant", unit: "epoch", warmup: null }),
  },
];

/** Canonical JSON (sorted keys), so two policies compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const rec = value as Record<string, unknown>;
    return `{${Object.keys(rec)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(rec[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function samePolicy(a: Policy, b: Policy): boolean {
  return canonical(a) === canonical(b);
}
