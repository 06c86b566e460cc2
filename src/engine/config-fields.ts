// The one config schema's field tables (SPEC.md §1, §2): every user-settable field of the
// optimizer and of each decay policy, with its type, valid range, default and a slider hint.
// The UI (sliders), the URL codec, the CLI and the golden checker all read these tables, so a
// range or default is written down exactly once. Validation lives in `config.ts`.
//
// Ranges are the widest values for which the formulas of SPEC.md are meaningful (and PyTorch or
// TensorFlow would accept), capped where an unbounded value only breeds overflow:
//   lr (0, 10]; beta1, beta2, momentum [0, 1); epsilon (0, 100] (TF's docs suggest up to 1.0);
//   weightDecay [0, 1]; gamma (0, 10] (growth allowed, as in PyTorch); decayRate (0, 10] for
//   exponential, [0, 1e6] for inverseTime; decaySteps (0, 1e9] (TF allows fractions);
//   stepSize integer [1, 1e6]; tick counts (tMax, t0, stepSizeUp/Down, warmup steps) integer >= 1;
//   totalSteps integer >= 2; plateau factor (0, 1) (PyTorch requires factor < 1).
// Values a schedule holds as rates (endLr, etaMin, cyclic baseLr) share lr's scale: [0, 10].

import type { OptimizerConfig, OptimizerKind, PolicyCommon, PolicyKind, PolicyOf, Warmup } from "./types.ts";

/** Bounds of a number; `max: Infinity` means unbounded above (the value must still be finite). */
export interface NumberRange {
  min: number;
  max: number;
  minInclusive: boolean;
  maxInclusive: boolean;
  integer?: boolean;
}

/** Suggested slider span for the UI; validation uses the field's range, not this. */
export interface SliderHint {
  min: number;
  max: number;
}

export interface NumberField extends NumberRange {
  type: "number";
  default: number;
  scale?: "log" | "linear";
  slider?: SliderHint;
}

/** A number that may also be `null` (e.g. cyclic `stepSizeDown`: null means "same as stepSizeUp"). */
interface NullableNumberField extends NumberRange {
  type: "nullableNumber";
  default: number | null;
  scale?: "log" | "linear";
  slider?: SliderHint;
}

export interface BooleanField {
  type: "boolean";
  default: boolean;
}

export interface EnumField<V extends string = string> {
  type: "enum";
  values: readonly V[];
  default: V;
}

/** An array of numbers (multiStep `milestones`). */
export interface NumberArrayField {
  type: "numberArray";
  element: NumberRange;
  maxLength: number;
  nonDecreasing: boolean;
  default: readonly number[];
}

export type FieldDescriptor = NumberField | NullableNumberField | BooleanField | EnumField | NumberArrayField;

/** The descriptor type that fits a value type (non-distributive, so `"a" | "b"` stays one enum). */
type FieldFor<T> = [T] extends [boolean]
  ? BooleanField
  : [T] extends [number]
    ? NumberField
    : [T] extends [number | null]
      ? NullableNumberField
      : [T] extends [number[]]
        ? NumberArrayField
        : [T] extends [string]
          ? EnumField<T>
          : never;

// ---------------------------------------------------------------------------------------------
// Optimizer (SPEC.md §1)

export type OptimizerFieldName = Exclude<keyof OptimizerConfig, "kind">;

export type OptimizerFieldTable = {
  [K in OptimizerFieldName]: FieldFor<OptimizerConfig[K]> & { kinds: readonly OptimizerKind[] };
};

export const OPTIMIZER_KINDS: readonly OptimizerKind[] = ["adam", "sgd", "scheduleFree"];

const ALL: readonly OptimizerKind[] = ["adam", "sgd", "scheduleFree"];
/** Fields of Adam's moments, which schedule-free AdamW shares (SPEC.md §5). */
const ADAM_LIKE: readonly OptimizerKind[] = ["adam", "scheduleFree"];
const ADAM: readonly OptimizerKind[] = ["adam"];
const SGD: readonly OptimizerKind[] = ["sgd"];
const SF: readonly OptimizerKind[] = ["scheduleFree"];

const unitInterval = { min: 0, max: 1, minInclusive: true, maxInclusive: false } as const;

export const OPTIMIZER_FIELDS: OptimizerFieldTable = {
  lr: {
    type: "number", min: 0, max: 10, minInclusive: false, maxInclusive: true,
    default: 0.001, scale: "log", slider: { min: 1e-5, max: 1 }, kinds: ALL,
  },
  // Schedule-free needs beta1 > 0 as well (its evaluation point divides by it): config.ts checks that.
  beta1: { type: "number", ...unitInterval, default: 0.9, scale: "linear", slider: { min: 0, max: 0.999 }, kinds: ADAM_LIKE },
  beta2: { type: "number", ...unitInterval, default: 0.999, scale: "linear", slider: { min: 0.9, max: 0.99999 }, kinds: ADAM_LIKE },
  epsilon: {
    type: "number", min: 0, max: 100, minInclusive: false, maxInclusive: true,
    default: 1e-8, scale: "log", slider: { min: 1e-10, max: 1 }, kinds: ADAM_LIKE,
  },
  epsilonForm: { type: "enum", values: ["hat", "paper"], default: "hat", kinds: ADAM },
  amsgrad: { type: "boolean", default: false, kinds: ADAM },
  weightDecay: {
    type: "number", min: 0, max: 1, minInclusive: true, maxInclusive: true,
    default: 0, scale: "linear", slider: { min: 0, max: 0.1 }, kinds: ALL,
  },
  decoupled: { type: "boolean", default: false, kinds: ADAM },
  momentum: { type: "number", ...unitInterval, default: 0, scale: "linear", slider: { min: 0, max: 0.99 }, kinds: SGD },
  nesterov: { type: "boolean", default: false, kinds: SGD },
  // Schedule-free AdamW (SPEC.md §5, facebookresearch/schedule_free AdamWScheduleFree's arguments).
  warmupSteps: {
    type: "number", min: 0, max: 1e9, minInclusive: true, maxInclusive: true, integer: true,
    default: 0, scale: "linear", slider: { min: 0, max: 2000 }, kinds: SF,
  },
  r: { type: "number", min: 0, max: 10, minInclusive: true, maxInclusive: true, default: 0, scale: "linear", slider: { min: 0, max: 2 }, kinds: SF },
  weightLrPower: {
    type: "number", min: 0, max: 10, minInclusive: true, maxInclusive: true,
    default: 2, scale: "linear", slider: { min: 0, max: 4 }, kinds: SF,
  },
};

/** Schedule-free's beta1 range: (0, 1), since its evaluation point uses 1/beta1 (SPEC.md §5). */
export const SCHEDULE_FREE_BETA1: NumberRange = { min: 0, max: 1, minInclusive: false, maxInclusive: false };

export const DEFAULT_OPTIMIZER: Readonly<OptimizerConfig> = Object.freeze({
  kind: "adam",
  lr: 0.001,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  epsilonForm: "hat",
  amsgrad: false,
  weightDecay: 0,
  decoupled: false,
  momentum: 0,
  nesterov: false,
  warmupSteps: 0,
  r: 0,
  weightLrPower: 2,
});

/** Whether an optimizer field means anything for `kind` (e.g. `momentum` only for sgd). */
export function optimizerFieldApplies(field: OptimizerFieldName, kind: OptimizerKind): boolean {
  return OPTIMIZER_FIELDS[field].kinds.includes(kind);
}

// ---------------------------------------------------------------------------------------------
// Decay policies (SPEC.md §2)

/** In SPEC.md's order. */
export const POLICY_KINDS: readonly PolicyKind[] = [
  "constant", "step", "multiStep", "exponential", "inverseTime", "polynomial",
  "cosine", "cosineRestarts", "oneCycle", "cyclic", "plateau", "wsd", "inverseSqrt",
];

/** `wsd`'s shapes (SPEC.md §5); its decay defaults to 1-sqrt (Hägele et al. 2024), its warmup to linear. */
const WSD_SHAPES = ["linear", "cosine", "1-sqrt"] as const;

function int(min: number, max: number, dflt: number, slider: SliderHint): NumberField {
  return { type: "number", min, max, minInclusive: true, maxInclusive: true, integer: true, default: dflt, scale: "linear", slider };
}

function real(
  min: number, minInclusive: boolean, max: number, maxInclusive: boolean,
  dflt: number, scale: "log" | "linear", slider: SliderHint,
): NumberField {
  return { type: "number", min, max, minInclusive, maxInclusive, default: dflt, scale, slider };
}

const rate = (dflt: number): NumberField => real(0, true, 10, true, dflt, "log", { min: 0, max: 0.1 });
const gamma = (dflt: number): NumberField => real(0, false, 10, true, dflt, "linear", { min: 0.01, max: 1 });
const decaySteps = (dflt: number): NumberField => real(0, false, 1e9, true, dflt, "linear", { min: 1, max: 100 });
const ticks = (dflt: number): NumberField => int(1, Infinity, dflt, { min: 1, max: 200 });
const flag = (dflt: boolean): BooleanField => ({ type: "boolean", default: dflt });

// Not annotated with a per-kind mapped type: relating this literal to one costs tsc about two minutes
// per project. config.test.ts checks each table against defaultPolicy instead.
export const POLICY_FIELDS = {
  constant: {},
  step: { stepSize: int(1, 1e6, 5, { min: 1, max: 100 }), gamma: gamma(0.5) },
  multiStep: {
    milestones: {
      type: "numberArray",
      element: { min: 0, max: Infinity, minInclusive: true, maxInclusive: true, integer: true },
      maxLength: 50,
      nonDecreasing: true,
      default: [5, 10, 15],
    },
    gamma: gamma(0.5),
  },
  exponential: {
    decaySteps: decaySteps(1),
    decayRate: real(0, false, 10, true, 0.5, "linear", { min: 0.01, max: 1 }),
    staircase: flag(false),
  },
  inverseTime: {
    decaySteps: decaySteps(1),
    decayRate: real(0, true, 1e6, true, 0.5, "linear", { min: 0, max: 5 }),
    staircase: flag(false),
  },
  polynomial: {
    decaySteps: decaySteps(25),
    endLr: rate(0.0001),
    power: real(0, false, 10, true, 1, "linear", { min: 0.1, max: 5 }),
    cycle: flag(false),
  },
  cosine: { tMax: ticks(25), etaMin: rate(0) },
  cosineRestarts: { t0: ticks(5), tMult: int(1, Infinity, 1, { min: 1, max: 4 }), etaMin: rate(0) },
  oneCycle: {
    totalSteps: int(2, Infinity, 25, { min: 2, max: 200 }),
    pctStart: real(0, false, 1, false, 0.3, "linear", { min: 0.01, max: 0.99 }),
    divFactor: real(0, false, Infinity, true, 25, "log", { min: 1, max: 1000 }),
    finalDivFactor: real(0, false, Infinity, true, 1e4, "log", { min: 1, max: 1e6 }),
    annealStrategy: { type: "enum", values: ["cos", "linear"], default: "cos" },
    threePhase: flag(false),
  },
  cyclic: {
    baseLr: rate(1e-4),
    stepSizeUp: ticks(5),
    stepSizeDown: {
      type: "nullableNumber", min: 1, max: Infinity, minInclusive: true, maxInclusive: true,
      integer: true, default: null, scale: "linear", slider: { min: 1, max: 200 },
    },
    mode: { type: "enum", values: ["triangular", "triangular2", "expRange"], default: "triangular" },
    gamma: gamma(1),
  },
  plateau: {
    mode: { type: "enum", values: ["min", "max"], default: "min" },
    factor: real(0, false, 1, false, 0.1, "linear", { min: 0.01, max: 0.99 }),
    patience: int(0, Infinity, 10, { min: 0, max: 50 }),
    threshold: real(0, true, Infinity, true, 1e-4, "log", { min: 0, max: 0.1 }),
    thresholdMode: { type: "enum", values: ["rel", "abs"], default: "rel" },
    cooldown: int(0, Infinity, 0, { min: 0, max: 50 }),
    minLr: real(0, true, Infinity, true, 0, "log", { min: 0, max: 0.01 }),
    eps: real(0, true, Infinity, true, 1e-8, "log", { min: 0, max: 1e-4 }),
  },
  // SPEC.md §5. Defaults fit the default 25-epoch run: 20 stable epochs, a 5-epoch (20%) cooldown.
  wsd: {
    warmupTicks: int(0, Infinity, 0, { min: 0, max: 50 }),
    stableTicks: int(0, Infinity, 20, { min: 0, max: 200 }),
    decayTicks: ticks(5),
    warmupShape: { type: "enum", values: WSD_SHAPES, default: "linear" },
    decayShape: { type: "enum", values: ["1-sqrt", "linear", "cosine"], default: "1-sqrt" },
    minLrRatio: real(0, true, 1, true, 0, "linear", { min: 0, max: 1 }),
    numCycles: real(0, true, 1e6, true, 0.5, "linear", { min: 0, max: 2 }),
  },
  inverseSqrt: {
    warmupTicks: int(0, Infinity, 0, { min: 0, max: 50 }),
    // null: transformers' default, the warmup length (10000 without warmup).
    timescale: {
      type: "nullableNumber", min: 0, max: 1e12, minInclusive: false, maxInclusive: true,
      default: null, scale: "log", slider: { min: 1, max: 10000 },
    },
  },
};

/** Fields every policy may carry besides its kind's own (SPEC.md §2, "Every policy may also carry"). */
export const UNIT_FIELD: EnumField<PolicyCommon["unit"]> = { type: "enum", values: ["epoch", "step"], default: "epoch" };

/** `warmup` is null (none) by default; these are the fields of a warmup object once given. */
export const WARMUP_FIELDS: { [K in keyof Warmup]: NumberField } = {
  steps: int(1, Infinity, 5, { min: 1, max: 50 }),
  startFactor: real(0, true, 1, true, 0, "linear", { min: 0, max: 1 }),
};

/**
 * A kind's field table, widened to a plain record for code that walks the fields. Widened through
 * `unknown`: letting tsc check the per-kind table type against a Record costs it minutes.
 */
export function policyFieldTable(kind: PolicyKind): Record<string, FieldDescriptor> {
  return POLICY_FIELDS[kind] as unknown as Record<string, FieldDescriptor>;
}

/** The policy of `kind` with every field at its default, unit "epoch", no warmup. */
export function defaultPolicy<K extends PolicyKind>(kind: K): PolicyOf<K> {
  const table = policyFieldTable(kind);
  const out: Record<string, unknown> = { kind };
  for (const [name, field] of Object.entries(table)) {
    out[name] = field.type === "numberArray" ? [...field.default] : field.default;
  }
  out.unit = UNIT_FIELD.default;
  out.warmup = null;
  // config.test.ts checks that each kind's table has exactly PolicyOf<K>'s fields.
  // Through `unknown`: relating a Record to the generic PolicyOf<K> costs tsc about 40 s.
  return out as unknown as PolicyOf<K>;
}
