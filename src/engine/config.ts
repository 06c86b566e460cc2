// Validation of untrusted optimizer and decay-policy input against the one schema of
// `config-fields.ts`. Used by the URL codec, the UI's text boxes, the CLI and the golden checker.
//
// Never throws, whatever the input: every bad field falls back to its default and yields one
// Problem `{ field, value, code, range?, ... }` (problem-codes.ts) whose English `message` names the
// field, the valid range and the value (`beta1 must be in [0, 1), got 1.2`). Only own properties are read, so keys such as
// `__proto__` or `constructor` are just unknown fields.

import {
  policyFieldTable,
  DEFAULT_OPTIMIZER,
  OPTIMIZER_FIELDS,
  OPTIMIZER_KINDS,
  POLICY_KINDS,
  SCHEDULE_FREE_BETA1,
  UNIT_FIELD,
  WARMUP_FIELDS,
  defaultPolicy,
  type FieldDescriptor,
  type NumberArrayField,
  type NumberRange,
  type OptimizerFieldName,
} from "./config-fields.ts";
import { problem, type Problem, type ProblemDetail } from "./problem-codes.ts";
import type { OptimizerConfig, OptimizerKind, Policy, PolicyKind, Validated, Warmup } from "./types.ts";
import { inRange, rangeOf } from "./value-text.ts";

export * from "./config-fields.ts";

export { formatRange, formatValue, inRange, rangeOf } from "./value-text.ts";
export { problem, type Problem } from "./problem-codes.ts";

/** Why `value` is not a valid number of `range`, or null if valid. */
function numberError(range: NumberRange, value: unknown, nullable: boolean): ProblemDetail | null {
  if (nullable && value === null) return null;
  const orNull = nullable ? { nullable: true } : {};
  if (typeof value !== "number" || !Number.isFinite(value)) return { code: "notNumber", ...orNull };
  return inRange(range, value) ? null : { code: "outOfRange", range: rangeOf(range), ...orNull };
}

/**
 * Checks one number against a number descriptor. `name` is the short name used in the message,
 * `path` the Problem's dotted field (defaults to `name`). Bad values give the descriptor's default.
 */
export function validateNumberField(
  name: string,
  descriptor: NumberRange & { default: number },
  value: unknown,
  path: string = name,
): Validated<number> {
  const error = numberError(descriptor, value, false);
  // `+ 0` turns -0 into 0, so a value survives JSON and URL round trips unchanged.
  if (error === null && typeof value === "number") return { value: value + 0, problems: [] };
  return { value: descriptor.default, problems: [problem(path, value, error ?? { code: "notNumber" }, name)] };
}

function validateNumberArray(name: string, field: NumberArrayField, value: unknown, path: string): Validated<number[]> {
  const fallback = (detail: ProblemDetail, v: unknown = value, n: string = name): Validated<number[]> => ({
    value: [...field.default],
    problems: [problem(path, v, detail, n)],
  });
  if (!Array.isArray(value)) return fallback({ code: "notArray" });
  if (value.length > field.maxLength) {
    return fallback({ code: "entryCount", count: value.length, max: field.maxLength });
  }
  const out: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    const error = numberError(field.element, item, false);
    if (error !== null || typeof item !== "number") return fallback(error ?? { code: "notNumber" }, item, `${name}[${i}]`);
    out.push(item + 0);
  }
  if (field.nonDecreasing && out.some((x, i) => i > 0 && x < out[i - 1])) {
    return fallback({ code: "notNonDecreasing" });
  }
  return { value: out, problems: [] };
}

/** Validates any field of the schema; `name` is the short name, `path` the dotted one. */
export function validateField(name: string, field: FieldDescriptor, value: unknown, path: string): Validated<unknown> {
  switch (field.type) {
    case "number":
      return validateNumberField(name, field, value, path);
    case "nullableNumber": {
      const error = numberError(field, value, true);
      if (error === null) return { value: typeof value === "number" ? value + 0 : value, problems: [] };
      return { value: field.default, problems: [problem(path, value, error, name)] };
    }
    case "boolean":
      if (typeof value === "boolean") return { value, problems: [] };
      return {
        value: field.default,
        problems: [problem(path, value, { code: "notBoolean" }, name)],
      };
    case "enum":
      if (typeof value === "string" && field.values.includes(value)) return { value, problems: [] };
      return {
        value: field.default,
        problems: [problem(path, value, { code: "notOneOf", values: field.values, quote: true }, name)],
      };
    case "numberArray":
      return validateNumberArray(name, field, value, path);
  }
}

type RawRecord = Record<string, unknown>;

function isRecord(value: unknown): value is object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Own enumerable string-keyed data properties only: no getters run, no prototype lookups.
 * A property holding `undefined` counts as missing (JSON cannot carry it; spreads often do).
 */
export function ownEntries(value: object): RawRecord {
  const out: RawRecord = Object.create(null) as RawRecord;
  for (const key of Object.keys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor !== undefined && "value" in descriptor && descriptor.value !== undefined) {
      out[key] = descriptor.value;
    }
  }
  return out;
}

/** Own keys only: `__proto__`, `constructor` or `toString` in JSON are fields like any other. */
function has(record: object, key: string): boolean {
  return Object.hasOwn(record, key);
}

export interface ValidateOptions {
  /** Prefix of Problem.field; `optimizer` / `policy` by default. */
  path?: string;
  /**
   * Strict (golden files): a field that does not apply to the optimizer kind is a problem whenever
   * present. Otherwise it is one only when it differs from its default, so a flat, fully specified
   * OptimizerConfig (which carries every field) re-validates cleanly.
   */
  strict?: boolean;
}

/** Validates an optimizer config (SPEC.md §1); missing fields take DEFAULT_OPTIMIZER's values. */
export function validateOptimizer(raw: unknown, options: ValidateOptions = {}): Validated<OptimizerConfig> {
  const base = options.path ?? "optimizer";
  try {
    return validateOptimizerUnsafe(raw, base, options.strict === true);
  } catch (error) {
    // Only exotic objects (proxies whose traps throw) get here.
    return { value: { ...DEFAULT_OPTIMIZER }, problems: [problem(base, raw, { code: "unreadable", detail: String(error) })] };
  }
}

function validateOptimizerUnsafe(raw: unknown, base: string, strict: boolean): Validated<OptimizerConfig> {
  if (!isRecord(raw)) {
    return {
      value: { ...DEFAULT_OPTIMIZER },
      problems: [problem(base, raw, { code: "notObject" })],
    };
  }
  const input = ownEntries(raw);
  const problems: Problem[] = [];
  let kind: OptimizerKind = DEFAULT_OPTIMIZER.kind;
  if (has(input, "kind")) {
    const k = input.kind;
    const found = OPTIMIZER_KINDS.find((candidate) => candidate === k);
    if (found === undefined) {
      problems.push(
        problem(`${base}.kind`, k, { code: "notOneOf", values: OPTIMIZER_KINDS, quote: true }, "optimizer kind"),
      );
    } else {
      kind = found;
    }
  }
  const value: Record<string, unknown> = { ...DEFAULT_OPTIMIZER, kind };
  const fields: Record<string, FieldDescriptor & { kinds: readonly OptimizerKind[] }> = OPTIMIZER_FIELDS;
  for (const [name, field] of Object.entries(fields)) {
    if (!has(input, name)) continue;
    const given = input[name];
    const path = `${base}.${name}`;
    if (!field.kinds.includes(kind)) {
      if (strict || given !== field.default) {
        problems.push(problem(path, given, { code: "notForOptimizer", kind }, name));
      }
      continue;
    }
    const checked = validateField(name, field, given, path);
    value[name] = checked.value;
    problems.push(...checked.problems);
  }
  for (const key of Object.keys(input)) {
    if (key !== "kind" && !has(fields, key)) {
      problems.push(problem(`${base}.${key}`, input[key], { code: "unknownField", scope: "optimizer" }, key));
    }
  }
  // Schedule-free's evaluation point divides by beta1 (SPEC.md §5), so 0 is out for it alone.
  if (kind === "scheduleFree" && !inRange(SCHEDULE_FREE_BETA1, value.beta1 as number)) {
    problems.push(problem(`${base}.beta1`, value.beta1, { code: "outOfRange", range: rangeOf(SCHEDULE_FREE_BETA1) }, "beta1"));
    value.beta1 = DEFAULT_OPTIMIZER.beta1;
  }
  return { value: fromTable<OptimizerConfig>(value), problems };
}

/**
 * The one unchecked step: a record built from a default value whose fields were each replaced by
 * a value its descriptor accepted. The tables are typed per field (FieldFor<T>), so it has T's shape.
 */
function fromTable<T>(record: Record<string, unknown>): T {
  return record as T;
}

/** The optimizer fields that mean something for `kind`, in table order. */
export function optimizerFieldsFor(kind: OptimizerKind): OptimizerFieldName[] {
  const names = Object.keys(OPTIMIZER_FIELDS) as OptimizerFieldName[];
  return names.filter((name) => OPTIMIZER_FIELDS[name].kinds.includes(kind));
}

/**
 * Validates a decay policy in SPEC.md's JSON shape `{ kind, ...fields, unit?, warmup? }`.
 * Missing fields take their defaults; a missing or unknown kind falls back to the default
 * policy (`step`, stepSize 5, gamma 0.5).
 */
export function validatePolicy(raw: unknown, options: ValidateOptions = {}): Validated<Policy> {
  const base = options.path ?? "policy";
  try {
    return validatePolicyUnsafe(raw, base);
  } catch (error) {
    return { value: defaultPolicy("step"), problems: [problem(base, raw, { code: "unreadable", detail: String(error) })] };
  }
}

const DEFAULT_POLICY_KIND: PolicyKind = "step";

function validatePolicyUnsafe(raw: unknown, base: string): Validated<Policy> {
  if (!isRecord(raw)) {
    return {
      value: defaultPolicy(DEFAULT_POLICY_KIND),
      problems: [problem(base, raw, { code: "notObject" })],
    };
  }
  const input = ownEntries(raw);
  const problems: Problem[] = [];
  const k = input.kind;
  const kind = POLICY_KINDS.find((candidate) => candidate === k);
  const value: Record<string, unknown> = { ...defaultPolicy(kind ?? DEFAULT_POLICY_KIND) };
  if (kind === undefined) {
    problems.push(
      problem(`${base}.kind`, k, { code: "notOneOf", values: POLICY_KINDS, quote: true }, "decay kind"),
    );
  } else {
    const fields = policyFieldTable(kind);
    for (const key of Object.keys(input)) {
      if (key === "kind" || key === "unit" || key === "warmup") continue;
      const path = `${base}.${key}`;
      if (!has(fields, key)) {
        problems.push(
          problem(path, input[key], { code: "unknownField", scope: "decay", kind }, key),
        );
        continue;
      }
      const checked = validateField(key, fields[key], input[key], path);
      value[key] = checked.value;
      problems.push(...checked.problems);
    }
  }
  // unit and warmup mean the same for every kind, so they are checked even when the kind is bad.
  if (has(input, "unit")) {
    const checked = validateField("unit", UNIT_FIELD, input.unit, `${base}.unit`);
    value.unit = checked.value;
    problems.push(...checked.problems);
  }
  if (has(input, "warmup")) {
    const checked = validateWarmup(input.warmup, `${base}.warmup`);
    value.warmup = checked.value;
    problems.push(...checked.problems);
  }
  return { value: fromTable<Policy>(value), problems };
}

/** `null` / missing means no warmup; otherwise `{ steps, startFactor? }` with `steps` required. */
export function validateWarmup(raw: unknown, path = "warmup"): Validated<Warmup | null> {
  if (raw === null || raw === undefined) return { value: null, problems: [] };
  if (!isRecord(raw)) {
    return {
      value: null,
      problems: [problem(path, raw, { code: "notObject", nullable: true }, "warmup")],
    };
  }
  const input = ownEntries(raw);
  const problems: Problem[] = [];
  const value: Warmup = { steps: WARMUP_FIELDS.steps.default, startFactor: WARMUP_FIELDS.startFactor.default };
  if (has(input, "steps")) {
    const checked = validateNumberField("steps", WARMUP_FIELDS.steps, input.steps, `${path}.steps`);
    value.steps = checked.value;
    problems.push(...checked.problems);
  } else {
    problems.push(
      problem(`${path}.steps`, undefined, { code: "required", range: rangeOf(WARMUP_FIELDS.steps) }, "warmup steps"),
    );
  }
  if (has(input, "startFactor")) {
    const checked = validateNumberField("startFactor", WARMUP_FIELDS.startFactor, input.startFactor, `${path}.startFactor`);
    value.startFactor = checked.value;
    problems.push(...checked.problems);
  }
  for (const key of Object.keys(input)) {
    if (!has(WARMUP_FIELDS, key)) {
      problems.push(problem(`${path}.${key}`, input[key], { code: "unknownField", scope: "warmup" }, key));
    }
  }
  return { value, problems };
}

/** Problems as one line, `; `-separated (CLI and golden output). */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => p.message).join("; ");
}
