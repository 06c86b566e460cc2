// Validation of untrusted optimizer and decay-policy input against the one schema of
// `config-fields.ts`. Used by the URL codec, the UI's text boxes, the CLI and the golden checker.
//
// Never throws, whatever the input: every bad field falls back to its default and yields one
// Problem `{ field, value, message }` whose message names the field, the valid range and the value
// (`beta1 must be in [0, 1), got 1.2`). Only own properties are read, so keys such as
// `__proto__` or `constructor` are just unknown fields.

import {
  policyFieldTable,
  DEFAULT_OPTIMIZER,
  OPTIMIZER_FIELDS,
  OPTIMIZER_KINDS,
  POLICY_KINDS,
  UNIT_FIELD,
  WARMUP_FIELDS,
  defaultPolicy,
  type FieldDescriptor,
  type NumberArrayField,
  type NumberRange,
  type OptimizerFieldName,
} from "./config-fields.ts";
import type { OptimizerConfig, OptimizerKind, Policy, PolicyKind, Problem, Validated, Warmup } from "./types.ts";

export * from "./config-fields.ts";

const MAX_SHOWN = 60;

/** A value as shown in messages: JSON, except `NaN`, `Infinity`, `undefined` literally; cut at 60 chars. */
export function formatValue(value: unknown): string {
  let text: string;
  if (typeof value === "number") text = Object.is(value, -0) ? "-0" : String(value);
  else if (typeof value === "bigint") text = `${String(value)}n`;
  else if (value === undefined || typeof value === "symbol" || typeof value === "function") {
    text = typeof value === "function" ? "a function" : String(value);
  } else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Array.isArray(value) ? "an array" : "an object";
    }
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/** The valid range in words: `in [0, 1)`, `an integer in [1, 1000000]`, `an integer >= 0`, `> 0`. */
export function formatRange(range: NumberRange): string {
  const lo = Number.isFinite(range.min);
  const hi = Number.isFinite(range.max);
  const prefix = range.integer ? "an integer " : "";
  if (lo && hi) {
    const open = range.minInclusive ? "[" : "(";
    const close = range.maxInclusive ? "]" : ")";
    return `${prefix}in ${open}${String(range.min)}, ${String(range.max)}${close}`;
  }
  if (lo) return `${prefix}${range.minInclusive ? ">=" : ">"} ${String(range.min)}`;
  if (hi) return `${prefix}${range.maxInclusive ? "<=" : "<"} ${String(range.max)}`;
  return range.integer ? "an integer" : "a finite number";
}

/** Whether a finite number lies in `range` (and is an integer when required). */
export function inRange(range: NumberRange, x: number): boolean {
  if (!Number.isFinite(x)) return false;
  if (range.integer && !Number.isInteger(x)) return false;
  const aboveMin = range.minInclusive ? x >= range.min : x > range.min;
  const belowMax = range.maxInclusive ? x <= range.max : x < range.max;
  return aboveMin && belowMax;
}

/** Why `value` is not a valid number of `range`, as a message tail (`must be ...`), or null if valid. */
function numberError(range: NumberRange, value: unknown, nullable: boolean): string | null {
  if (nullable && value === null) return null;
  const orNull = nullable ? "null or " : "";
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return `must be ${nullable ? "null or a number" : "a number"}, got ${formatValue(value)}`;
  }
  return inRange(range, value) ? null : `must be ${orNull}${formatRange(range)}, got ${formatValue(value)}`;
}

function problem(field: string, value: unknown, message: string): Problem {
  return { field, value, message };
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
  return { value: descriptor.default, problems: [problem(path, value, `${name} ${error ?? "is invalid"}`)] };
}

function validateNumberArray(name: string, field: NumberArrayField, value: unknown, path: string): Validated<number[]> {
  const fallback = (message: string): Validated<number[]> => ({
    value: [...field.default],
    problems: [problem(path, value, message)],
  });
  if (!Array.isArray(value)) return fallback(`${name} must be an array, got ${formatValue(value)}`);
  if (value.length > field.maxLength) {
    return fallback(`${name} must have at most ${field.maxLength} entries, got ${value.length}`);
  }
  const out: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    const error = numberError(field.element, item, false);
    if (error !== null || typeof item !== "number") return fallback(`${name}[${i}] ${error ?? "is invalid"}`);
    out.push(item + 0);
  }
  if (field.nonDecreasing && out.some((x, i) => i > 0 && x < out[i - 1])) {
    return fallback(`${name} must be non-decreasing, got ${formatValue(value)}`);
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
      return { value: field.default, problems: [problem(path, value, `${name} ${error}`)] };
    }
    case "boolean":
      if (typeof value === "boolean") return { value, problems: [] };
      return {
        value: field.default,
        problems: [problem(path, value, `${name} must be a boolean, got ${formatValue(value)}`)],
      };
    case "enum":
      if (typeof value === "string" && field.values.includes(value)) return { value, problems: [] };
      return {
        value: field.default,
        problems: [problem(path, value, `${name} must be one of ${quoteList(field.values)}, got ${formatValue(value)}`)],
      };
    case "numberArray":
      return validateNumberArray(name, field, value, path);
  }
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
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
    return { value: { ...DEFAULT_OPTIMIZER }, problems: [problem(base, raw, `${base} could not be read: ${String(error)}`)] };
  }
}

function validateOptimizerUnsafe(raw: unknown, base: string, strict: boolean): Validated<OptimizerConfig> {
  if (!isRecord(raw)) {
    return {
      value: { ...DEFAULT_OPTIMIZER },
      problems: [problem(base, raw, `${base} must be an object, got ${formatValue(raw)}`)],
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
        problem(`${base}.kind`, k, `optimizer kind must be one of ${quoteList(OPTIMIZER_KINDS)}, got ${formatValue(k)}`),
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
        problems.push(problem(path, given, `${name} does not apply to optimizer kind ${JSON.stringify(kind)}`));
      }
      continue;
    }
    const checked = validateField(name, field, given, path);
    value[name] = checked.value;
    problems.push(...checked.problems);
  }
  for (const key of Object.keys(input)) {
    if (key !== "kind" && !has(fields, key)) {
      problems.push(problem(`${base}.${key}`, input[key], `unknown optimizer field ${formatValue(key)}`));
    }
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
    return { value: defaultPolicy("step"), problems: [problem(base, raw, `${base} could not be read: ${String(error)}`)] };
  }
}

export const DEFAULT_POLICY_KIND: PolicyKind = "step";

function validatePolicyUnsafe(raw: unknown, base: string): Validated<Policy> {
  if (!isRecord(raw)) {
    return {
      value: defaultPolicy(DEFAULT_POLICY_KIND),
      problems: [problem(base, raw, `${base} must be an object, got ${formatValue(raw)}`)],
    };
  }
  const input = ownEntries(raw);
  const problems: Problem[] = [];
  const k = input.kind;
  const kind = POLICY_KINDS.find((candidate) => candidate === k);
  const value: Record<string, unknown> = { ...defaultPolicy(kind ?? DEFAULT_POLICY_KIND) };
  if (kind === undefined) {
    problems.push(
      problem(`${base}.kind`, k, `decay kind must be one of ${quoteList(POLICY_KINDS)}, got ${formatValue(k)}`),
    );
  } else {
    const fields = policyFieldTable(kind);
    for (const key of Object.keys(input)) {
      if (key === "kind" || key === "unit" || key === "warmup") continue;
      const path = `${base}.${key}`;
      if (!has(fields, key)) {
        problems.push(
          problem(path, input[key], `unknown field ${formatValue(key)} for decay kind ${JSON.stringify(kind)}`),
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
      problems: [problem(path, raw, `warmup must be an object or null, got ${formatValue(raw)}`)],
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
      problem(`${path}.steps`, undefined, `warmup steps is required (${formatRange(WARMUP_FIELDS.steps)})`),
    );
  }
  if (has(input, "startFactor")) {
    const checked = validateNumberField("startFactor", WARMUP_FIELDS.startFactor, input.startFactor, `${path}.startFactor`);
    value.startFactor = checked.value;
    problems.push(...checked.problems);
  }
  for (const key of Object.keys(input)) {
    if (!has(WARMUP_FIELDS, key)) {
      problems.push(problem(`${path}.${key}`, input[key], `unknown warmup field ${formatValue(key)}`));
    }
  }
  return { value, problems };
}

/** Problems as one line, `; `-separated (CLI and golden output). */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => p.message).join("; ");
}
