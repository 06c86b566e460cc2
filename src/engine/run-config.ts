// A whole run: optimizer + decay policy + problem + batch size + seed + length, validated by the
// same schema as its parts, and the calibrated presets of the lesson.

import { DEFAULT_OPTIMIZER, ownEntries, problem, validateField, validateOptimizer, validatePolicy, type EnumField, type NumberField } from "./config.ts";
import { cloneCustom, defaultCustom, validateCustom, type CustomSurface } from "./custom-config.ts";
import { pow } from "./det-math.ts";
import { PROBLEM_IDS } from "./problems/index.ts";
import type { ProblemId } from "./problems/problem.ts";
import type { OptimizerConfig, Policy, Problem, Validated } from "./types.ts";

export interface RunConfig {
  optimizer: OptimizerConfig;
  policy: Policy;
  problem: ProblemId;
  batchSize: number;
  seed: number;
  epochs: number;
  /**
   * 2-D surfaces only: the start point (x, y) before jitter, overriding the problem's default
   * (set by clicking the loss-surface view). Absent = the problem's own start; ignored elsewhere.
   */
  start?: readonly [number, number];
  /**
   * Problem `custom` only, and always there for it: the user's f(x, y), its gradient noise and its
   * view (issue #17). Absent for every other problem.
   */
  custom?: CustomSurface;
}

/** Largest |x| or |y| a start point may have: far beyond every surface's view box, still safe from overflow. */
export const START_LIMIT = 1000;

/** Checks a start point; null when valid, else the problem (at `field`, `start` by default). */
export function startProblem(v: unknown, field = "start"): Problem | null {
  const ok = Array.isArray(v) && v.length === 2 && v.every((c) => typeof c === "number" && Number.isFinite(c) && Math.abs(c) <= START_LIMIT);
  return ok ? null : problem(field, v, { code: "notPoint", limit: START_LIMIT }, "start");
}

type RunScalar = "problem" | "batchSize" | "seed" | "epochs";

export const RUN_FIELDS = {
  problem: { type: "enum", values: PROBLEM_IDS, default: "nqm" } as EnumField<ProblemId>,
  batchSize: {
    type: "number",
    min: 1,
    max: 4096,
    minInclusive: true,
    maxInclusive: true,
    integer: true,
    default: 32,
    scale: "log",
  } as NumberField,
  seed: {
    type: "number",
    min: 0,
    max: 2 ** 32 - 1,
    minInclusive: true,
    maxInclusive: true,
    integer: true,
    default: 1,
  } as NumberField,
  epochs: {
    type: "number",
    min: 1,
    max: 1_000_000,
    minInclusive: true,
    maxInclusive: true,
    integer: true,
    default: 25,
  } as NumberField,
} satisfies { [K in RunScalar]: EnumField<ProblemId> | NumberField };

/**
 * The calibrated default (what the page shows with no URL): Adam in TF1's epsilon-hat form on the
 * 100-coordinate noisy quadratic, batch 32 (200 steps an epoch), lr 0.025, halved every 5 epochs.
 * `src/engine/calibration.test.ts` checks the lesson's criteria on seeds 1–20.
 */
export const DEFAULT_RUN: Readonly<RunConfig> = Object.freeze<RunConfig>({
  optimizer: { ...DEFAULT_OPTIMIZER, lr: 0.025 },
  policy: { kind: "step", stepSize: 5, gamma: 0.5, unit: "epoch", warmup: null },
  problem: "nqm",
  batchSize: 32,
  seed: 1,
  epochs: 25,
});

export type PresetId = "default" | "no-decay" | "low-lr";
export const PRESET_IDS: readonly PresetId[] = ["default", "no-decay", "low-lr"];

/** The rate the default run ends with: lr * gamma^floor((epochs - 1) / stepSize). */
export function finalStepRate(run: RunConfig): number {
  const p = run.policy;
  if (p.kind !== "step") return run.optimizer.lr;
  return run.optimizer.lr * pow(p.gamma, Math.floor((run.epochs - 1) / p.stepSize));
}

/**
 * The lesson's three runs on the same data, noise and seed: `default` (decay), `no-decay`
 * (the same rate held constant) and `low-lr` (a constant rate equal to the decayed run's final rate).
 */
export function preset(id: PresetId, seed: number = DEFAULT_RUN.seed): RunConfig {
  const base = cloneRun({ ...DEFAULT_RUN, seed });
  switch (id) {
    case "default":
      return base;
    case "no-decay":
      return { ...base, policy: { kind: "constant", unit: "epoch", warmup: null } };
    case "low-lr":
      return {
        ...base,
        optimizer: { ...base.optimizer, lr: finalStepRate(base) },
        policy: { kind: "constant", unit: "epoch", warmup: null },
      };
  }
}

export function cloneRun(run: Readonly<RunConfig>): RunConfig {
  const copy: RunConfig = {
    ...run,
    optimizer: { ...run.optimizer },
    policy: structuredCloneNumbers(run.policy),
  };
  if (run.custom !== undefined) copy.custom = cloneCustom(run.custom);
  return copy;
}

/**
 * The canonical form of a config's problem part: `custom` exactly when the problem is Custom (the
 * default surface when it has none yet), `start` only on a 2-D surface (`surface` says which).
 */
export function withProblemParts(config: RunConfig, surface: boolean): RunConfig {
  const out = { ...config };
  if (out.problem === "custom") out.custom = out.custom ?? defaultCustom();
  else delete out.custom;
  if (!surface) delete out.start;
  return out;
}

function structuredCloneNumbers(p: Policy): Policy {
  const copy = { ...p } as Policy;
  if (copy.kind === "multiStep") copy.milestones = [...copy.milestones];
  if (p.warmup) copy.warmup = { ...p.warmup };
  return copy;
}

/**
 * Validates `{ optimizer, policy, problem, batchSize, seed, epochs }`; missing parts take
 * DEFAULT_RUN's values, bad ones fall back to them with a Problem each. Never throws.
 */
export function validateRunConfig(raw: unknown): Validated<RunConfig> {
  const problems: Problem[] = [];
  const value = cloneRun(DEFAULT_RUN);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { value, problems: [problem("config", raw, { code: "notObject" })] };
  }
  // Own data properties only (no getters run, no prototype read): a JSON `__proto__` key is a
  // field here, reported as unknown like any other, not a way to set defaults from a prototype.
  const input = ownEntries(raw);
  for (const key of Object.keys(input)) {
    const v = input[key];
    if (key === "optimizer") {
      const checked = validateOptimizer({ ...DEFAULT_RUN.optimizer, ...asRecord(v) });
      value.optimizer = checked.value;
      problems.push(...(isRecordLike(v) ? checked.problems : [notObject(key, v)]));
    } else if (key === "policy") {
      const checked = validatePolicy(v);
      value.policy = checked.value;
      problems.push(...checked.problems);
    } else if (key === "start") {
      const error = v === undefined ? null : startProblem(v);
      if (error !== null) problems.push(error);
      else if (v !== undefined) value.start = [(v as number[])[0] + 0, (v as number[])[1] + 0];
    } else if (key === "custom") {
      const checked = validateCustom(v);
      value.custom = checked.value;
      problems.push(...checked.problems);
    } else if (key === "problem" || key === "batchSize" || key === "seed" || key === "epochs") {
      const checked = validateField(key, RUN_FIELDS[key], v, key);
      (value as unknown as Record<string, unknown>)[key] = checked.value;
      problems.push(...checked.problems);
    } else {
      problems.push(problem(key, v, { code: "unknownField", scope: "config" }));
    }
  }
  // The surface belongs to the Custom problem: given for another one, it is reported and dropped.
  if (value.problem !== "custom" && value.custom !== undefined) {
    problems.push(problem("custom", input.custom, { code: "notForProblem", problem: value.problem, problems: ["custom"] }));
    delete value.custom;
  }
  if (value.problem === "custom" && value.custom === undefined) value.custom = defaultCustom();
  return { value, problems };
}

function isRecordLike(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function asRecord(v: unknown): Record<string, unknown> {
  return isRecordLike(v) ? v : {};
}

function notObject(key: string, v: unknown): Problem {
  return problem(key, v, { code: "notObject" });
}
