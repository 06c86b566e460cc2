// A learning-rate sweep (issue #7): a grid of log-spaced learning rates × one setting of the decay
// (the step decay's `gamma` or `stepSize`, or the share of the run a WSD schedule spends cooling down,
// issue #15), optionally several seeds per cell, every run derived from one base RunConfig. Pure and deterministic: the same spec and base give the same runs, so a link
// that carries both reproduces the whole heat map.
//
// Why these axes: a cell's config differs from the base in exactly `optimizer.lr` and one setting of
// a step (or WSD) policy. Loading a cell into the playground therefore leaves the sweep it came
// from unchanged (the base's other fields are untouched), so the link stays reproducible after a
// click. "No decay" is the value gamma = 1 (lr · 1^k = lr), or a cooldown of 0.

import { OPTIMIZER_FIELDS, POLICY_FIELDS, defaultPolicy, inRange, ownEntries, problem, rangeOf, type NumberField } from "./config.ts";
import type { NumberRange } from "./config-fields.ts";
import type { ProblemDetail } from "./problem-codes.ts";
import { RUN_FIELDS, cloneRun, type RunConfig } from "./run-config.ts";
import { STEP_BUDGET, runSteps } from "./step-budget.ts";
import { Trainer } from "./trainer.ts";
import type { Policy, PolicyOf, Problem, Validated } from "./types.ts";
import { exp, log } from "./det-math.ts";

/** `cooldown`: the fraction of the run (after its warmup) a WSD schedule spends cooling down. */
export type SweepAxisKind = "gamma" | "stepSize" | "cooldown";
export const SWEEP_AXIS_KINDS: readonly SweepAxisKind[] = ["gamma", "stepSize", "cooldown"];

export interface SweepSpec {
  lrMin: number;
  lrMax: number;
  /** Learning rates, log-spaced from lrMin to lrMax inclusive. */
  lrCount: number;
  axis: SweepAxisKind;
  /** The axis' values, ascending and distinct. */
  values: number[];
  /** Runs per cell, with seeds base.seed, base.seed + 1, … */
  seeds: number;
}

/** Limits: a sweep must finish in seconds on a laptop and its heat map stay readable. */
export const SWEEP_LIMITS = {
  lrCount: { min: 2, max: 40 },
  values: { min: 1, max: 20 },
  seeds: { min: 1, max: 10 },
  runs: 400,
} as const;

/** The 12 × 4 grid of the issue: rates around the default 0.025, from no decay (1) to ×0.1. */
export const DEFAULT_SWEEP: Readonly<SweepSpec> = Object.freeze({
  lrMin: 0.001,
  lrMax: 0.3,
  lrCount: 12,
  axis: "gamma",
  values: [0.1, 0.25, 0.5, 1],
  seeds: 1,
});

export const DEFAULT_AXIS_VALUES: Readonly<Record<SweepAxisKind, readonly number[]>> = {
  gamma: [0.1, 0.25, 0.5, 1],
  stepSize: [2, 5, 10, 25],
  cooldown: [0, 0.1, 0.2, 0.5],
};

/** A WSD cooldown's share of the run: 0 (none: a constant rate) to 1 (cooling down from the start). */
const COOLDOWN_FIELD: NumberField = { type: "number", min: 0, max: 1, minInclusive: true, maxInclusive: true, default: 0.2 };

/** The range each axis value must lie in: the schema's own range of that step-policy field. */
function axisField(axis: SweepAxisKind): NumberField {
  return axis === "cooldown" ? COOLDOWN_FIELD : (POLICY_FIELDS.step[axis] as NumberField);
}

/** lrMax / lrMin must be at least this, so every grid of up to 40 rates is strictly increasing. */
export const MIN_LR_RATIO = 1.01;

const LR_FIELD = OPTIMIZER_FIELDS.lr as NumberField;

const LR_RANGE = rangeOf(LR_FIELD);
const intRange = (min: number, max: number): NumberRange => ({ min, max, minInclusive: true, maxInclusive: true, integer: true });

function cloneSweep(s: Readonly<SweepSpec>): SweepSpec {
  return { ...s, values: [...s.values] };
}

export function sweepRunCount(s: Readonly<SweepSpec>): number {
  return s.lrCount * s.values.length * s.seeds;
}

/** Optimizer steps of the whole sweep on `base`: every run has the base's problem, batch and epochs. */
function sweepSteps(s: Readonly<SweepSpec>, base: Readonly<RunConfig>): number {
  return sweepRunCount(s) * runSteps(base);
}

/**
 * The sweep's work against the step budget (a run count alone lets 400 runs of 2×10⁸ steps
 * through): null when within it, else a Problem naming the total and the limit.
 */
export function sweepBudgetProblem(s: Readonly<SweepSpec>, base: Readonly<RunConfig>): Problem | null {
  const total = sweepSteps(s, base);
  if (total <= STEP_BUDGET) return null;
  return problem("sweep.steps", total, { code: "overBudget", runs: sweepRunCount(s), stepsPerRun: runSteps(base), total, max: STEP_BUDGET });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function intIn(v: unknown, min: number, max: number): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
}

/**
 * Validates untrusted sweep input (`{ lrMin, lrMax, lrCount, axis, values, seeds }`, every field
 * optional). Never throws. Each bad field falls back to DEFAULT_SWEEP's value with one Problem naming
 * the field, the value and the valid range; values are sorted ascending and duplicates dropped
 * (reported). A spec over SWEEP_LIMITS.runs runs is replaced by the default, with a Problem.
 */
export function validateSweep(raw: unknown): Validated<SweepSpec> {
  const problems: Problem[] = [];
  const value = cloneSweep(DEFAULT_SWEEP);
  const add = (field: string, v: unknown, detail: ProblemDetail, name = field) => problems.push(problem(`sweep.${field}`, v, detail, name));
  if (!isRecord(raw)) {
    add("spec", raw, { code: "notObject" }, "sweep");
    return { value, problems };
  }
  const input = ownEntries(raw);
  for (const key of Object.keys(input)) {
    if (!["lrMin", "lrMax", "lrCount", "axis", "values", "seeds"].includes(key)) {
      add(key, input[key], { code: "unknownField", scope: "sweep" });
    }
  }
  const has = (k: string) => Object.hasOwn(input, k);
  for (const k of ["lrMin", "lrMax"] as const) {
    if (!has(k)) continue;
    const v = input[k];
    if (typeof v === "number" && inRange(LR_FIELD, v)) value[k] = v + 0;
    else add(k, v, { code: "outOfRange", range: LR_RANGE });
  }
  if (!(value.lrMax >= value.lrMin * MIN_LR_RATIO)) {
    add("lrMax", value.lrMax, { code: "lrRatio", ratio: MIN_LR_RATIO, lrMin: value.lrMin });
    value.lrMin = DEFAULT_SWEEP.lrMin;
    value.lrMax = DEFAULT_SWEEP.lrMax;
  }
  if (has("lrCount")) {
    const { min, max } = SWEEP_LIMITS.lrCount;
    if (intIn(input.lrCount, min, max)) value.lrCount = input.lrCount;
    else add("lrCount", input.lrCount, { code: "outOfRange", range: intRange(min, max) });
  }
  if (has("axis")) {
    const a = input.axis;
    if (typeof a === "string" && (SWEEP_AXIS_KINDS as readonly string[]).includes(a)) value.axis = a as SweepAxisKind;
    else add("axis", a, { code: "notOneOf", values: SWEEP_AXIS_KINDS, quote: true });
  }
  // Values default to the chosen axis' defaults, so `{ axis: "stepSize" }` alone is a valid spec.
  value.values = [...DEFAULT_AXIS_VALUES[value.axis]];
  if (has("values")) {
    const checked = validateAxisValues(value.axis, input.values);
    problems.push(...checked.problems);
    if (checked.value !== null) value.values = checked.value;
  }
  if (has("seeds")) {
    const { min, max } = SWEEP_LIMITS.seeds;
    if (intIn(input.seeds, min, max)) value.seeds = input.seeds;
    else add("seeds", input.seeds, { code: "outOfRange", range: intRange(min, max) });
  }
  const runs = sweepRunCount(value);
  if (runs > SWEEP_LIMITS.runs) {
    add("runs", runs, {
      code: "tooManyRuns", lrCount: value.lrCount, valueCount: value.values.length, seeds: value.seeds, runs, max: SWEEP_LIMITS.runs,
    });
    return { value: cloneSweep(DEFAULT_SWEEP), problems };
  }
  return { value, problems };
}

/** The axis' values, sorted and distinct, or null (with problems) when unusable. */
function validateAxisValues(axis: SweepAxisKind, raw: unknown): { value: number[] | null; problems: Problem[] } {
  const field = axisField(axis);
  const { min, max } = SWEEP_LIMITS.values;
  const fail = (detail: ProblemDetail, v: unknown = raw, name = "values") => ({ value: null, problems: [problem("sweep.values", v, detail, name)] });
  if (!Array.isArray(raw)) return fail({ code: "notArray", of: axis });
  if (raw.length < min || raw.length > max) {
    return fail({ code: "entryCount", count: raw.length, min, max });
  }
  for (let i = 0; i < raw.length; i++) {
    const v: unknown = raw[i];
    if (typeof v !== "number" || !inRange(field, v)) {
      return fail({ code: "outOfRange", range: rangeOf(field) }, v, `values[${i}] (${axis})`);
    }
  }
  const sorted = [...new Set((raw as number[]).map((v) => v + 0))].sort((a, b) => a - b);
  const problems: Problem[] =
    sorted.length < raw.length
      ? [problem("sweep.values", raw, { code: "repeatsDropped", of: axis }, "values")]
      : [];
  return { value: sorted, problems };
}

/**
 * `count` learning rates log-spaced from lrMin to lrMax, both ends exact. Interior rates are rounded
 * to 4 significant digits (so a loaded cell reads `0.00282`, not `0.0028183829312644537`) unless
 * that would break strict monotonicity, in which case the exact log-spaced values are kept.
 */
export function lrGrid(lrMin: number, lrMax: number, count: number): number[] {
  if (count <= 1) return [lrMin];
  const a = log(lrMin);
  const step = (log(lrMax) - a) / (count - 1);
  const exact = Array.from({ length: count }, (_, i) => (i === 0 ? lrMin : i === count - 1 ? lrMax : exp(a + i * step)));
  const rounded = exact.map((x, i) => (i === 0 || i === count - 1 ? x : Number(x.toPrecision(4))));
  const monotone = rounded.every((x, i) => i === 0 || x > rounded[i - 1]);
  return monotone ? rounded : exact;
}

/**
 * The base's policy with one decay setting changed. gamma / stepSize: a step policy with the base's
 * step fields (or the schema's defaults), unit and warmup kept. cooldown: a WSD policy whose cooldown
 * is that share of the ticks after its warmup (`ticks`: the run's ticks in the policy's unit), keeping
 * a WSD base's warmup, shapes and floor; any other base becomes the "WSD, 1-sqrt cooldown" preset's
 * shape, per step.
 */
export function axisPolicy(base: Readonly<Policy>, axis: SweepAxisKind, value: number, run?: Readonly<RunConfig>): Policy {
  if (axis === "cooldown") return cooldownPolicy(base, value, run);
  const stepSize = base.kind === "step" ? base.stepSize : (POLICY_FIELDS.step.stepSize as NumberField).default;
  const gamma = base.kind === "step" ? base.gamma : (POLICY_FIELDS.step.gamma as NumberField).default;
  const warmup = base.warmup === null ? null : { ...base.warmup };
  return {
    kind: "step",
    stepSize: axis === "stepSize" ? value : stepSize,
    gamma: axis === "gamma" ? value : gamma,
    unit: base.unit,
    warmup,
  };
}

function cooldownPolicy(base: Readonly<Policy>, fraction: number, run: Readonly<RunConfig> | undefined): Policy {
  const wsd: PolicyOf<"wsd"> =
    base.kind === "wsd"
      ? { ...base, warmup: base.warmup === null ? null : { ...base.warmup } }
      : { ...(defaultPolicy("wsd") as PolicyOf<"wsd">), unit: "step" };
  const steps = run === undefined ? 0 : runSteps(run);
  const epochs = run?.epochs ?? 0;
  const ticks = wsd.unit === "step" ? steps : epochs;
  const shared = wsd.warmup === null ? 0 : wsd.warmup.steps;
  const available = Math.max(1, ticks - shared - wsd.warmupTicks);
  // A cooldown of 0 still needs one tick (decayTicks >= 1): the last tick, whose factor 1 - d(0) is 1.
  const decayTicks = Math.max(1, Math.round(fraction * available));
  return { ...wsd, decayTicks, stableTicks: Math.max(0, available - decayTicks) };
}

/** One cell of the grid: row = axis value index, column = lr index. */
export interface SweepCell {
  lrIndex: number;
  valueIndex: number;
  lr: number;
  value: number;
}

/** One run of the sweep (a cell × a seed), in a fixed order: value-major, then lr, then seed. */
export interface SweepRun {
  /** Position in `enumerateRuns`' list; results are keyed by it. */
  index: number;
  /** Index of the cell in `sweepCells`' list. */
  cell: number;
  seedIndex: number;
  config: RunConfig;
}

export function sweepCells(spec: Readonly<SweepSpec>): SweepCell[] {
  const lrs = lrGrid(spec.lrMin, spec.lrMax, spec.lrCount);
  const cells: SweepCell[] = [];
  spec.values.forEach((value, valueIndex) => {
    lrs.forEach((lr, lrIndex) => cells.push({ lrIndex, valueIndex, lr, value }));
  });
  return cells;
}

/** The config a cell loads into the playground: the base with the cell's lr and axis value (the base's seed). */
export function cellConfig(spec: Readonly<SweepSpec>, base: Readonly<RunConfig>, cell: Readonly<SweepCell>, seedIndex = 0): RunConfig {
  const config = cloneRun(base);
  config.optimizer.lr = cell.lr;
  config.policy = axisPolicy(base.policy, spec.axis, cell.value, base);
  config.seed = seedOf(base.seed, seedIndex);
  return config;
}

/** Seeds base, base + 1, …, wrapping inside the schema's seed range. */
function seedOf(baseSeed: number, seedIndex: number): number {
  const span = RUN_FIELDS.seed.max + 1;
  return (baseSeed + seedIndex) % span;
}

/** Every run of the sweep, fully specified. */
export function enumerateRuns(spec: Readonly<SweepSpec>, base: Readonly<RunConfig>): SweepRun[] {
  const runs: SweepRun[] = [];
  sweepCells(spec).forEach((cell, c) => {
    for (let s = 0; s < spec.seeds; s++) {
      runs.push({ index: runs.length, cell: c, seedIndex: s, config: cellConfig(spec, base, cell, s) });
    }
  });
  return runs;
}

// ---------------------------------------------------------------------------------------------
// Outcomes

/** How one run ended: its final loss (mean training loss over the last epoch's steps), or divergence. */
export type RunOutcome =
  | { status: "done"; finalLoss: number; steps: number }
  | { status: "diverged"; step: number; epoch: number; reason: string };

/**
 * Final loss of a finished run: the mean of the full training-set loss over the last epoch's steps
 * (the quantity the loss chart draws; averaging one epoch smooths the rattle the lesson is about).
 */
export function summarizeLosses(stepLoss: ArrayLike<number>, stepsPerEpoch: number): number {
  const n = Math.min(stepsPerEpoch, stepLoss.length);
  if (n <= 0) return Number.NaN;
  let sum = 0;
  for (let i = stepLoss.length - n; i < stepLoss.length; i++) sum += stepLoss[i];
  return sum / n;
}

/**
 * Runs one config to its end, keeping only what the outcome needs (the last epoch's loss sum), so
 * a worker can run hundreds of cells without storing their series. Same numbers as
 * `summarizeLosses(simulate(config).columns.loss, stepsPerEpoch)`.
 */
export class CellRunner {
  readonly trainer: Trainer;
  private epochSum = 0;
  private epochCount = 0;
  private lastEpochMean = Number.NaN;
  private diverged: { step: number; epoch: number; reason: string } | null = null;

  constructor(config: RunConfig) {
    this.trainer = new Trainer(config, {
      onStep: (s) => {
        this.epochSum += s.loss;
        this.epochCount++;
        if (this.epochCount === this.trainer.stepsPerEpoch) {
          this.lastEpochMean = this.epochSum / this.epochCount;
          this.epochSum = 0;
          this.epochCount = 0;
        }
      },
      onEvent: (e) => {
        if (e.type === "diverged") this.diverged = { step: e.step, epoch: e.epoch, reason: e.reason };
      },
    });
  }

  /** Runs up to `steps` more steps; true while the run is not over. */
  advance(steps: number): boolean {
    this.trainer.run(steps);
    return this.trainer.status === "running";
  }

  outcome(): RunOutcome | null {
    if (this.diverged !== null) return { status: "diverged", ...this.diverged };
    if (this.trainer.status !== "done") return null;
    return { status: "done", finalLoss: this.lastEpochMean, steps: this.trainer.step };
  }
}

/** Runs `config` to the end in one go (Node, tests). */
export function runCell(config: RunConfig): RunOutcome {
  const runner = new CellRunner(config);
  while (runner.advance(Number.POSITIVE_INFINITY));
  const out = runner.outcome();
  // A Trainer stops only when done or diverged, so `out` is always set here.
  return out ?? { status: "diverged", step: runner.trainer.step, epoch: runner.trainer.epoch, reason: "the run stopped early" };
}

/** A cell's result over its seeds: the mean final loss, or diverged when any seed diverged (earliest step). */
export type CellResult =
  | { status: "done"; finalLoss: number; seeds: number }
  | { status: "diverged"; step: number; divergedSeeds: number; seeds: number };

export function aggregateCell(outcomes: readonly RunOutcome[]): CellResult | null {
  if (outcomes.length === 0) return null;
  const diverged = outcomes.filter((o): o is Extract<RunOutcome, { status: "diverged" }> => o.status === "diverged");
  if (diverged.length > 0) {
    return { status: "diverged", step: Math.min(...diverged.map((d) => d.step)), divergedSeeds: diverged.length, seeds: outcomes.length };
  }
  let sum = 0;
  for (const o of outcomes) if (o.status === "done") sum += o.finalLoss;
  return { status: "done", finalLoss: sum / outcomes.length, seeds: outcomes.length };
}

/** The cell with the lowest finished loss, or null. */
export function bestCell(results: readonly (CellResult | null)[]): number | null {
  let best: number | null = null;
  results.forEach((r, i) => {
    if (r?.status !== "done") return;
    const b = best === null ? null : results[best];
    if (b === null || b?.status !== "done" || r.finalLoss < b.finalLoss) best = i;
  });
  return best;
}
