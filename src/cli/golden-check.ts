// Checks golden-vector files (SPEC.md §3) against the engine: every schedule case through
// `lrAt`, every optimizer case through `createOptimizer`. Each case is validated through the one
// config schema (`engine/config.ts`) in strict mode first, so an unknown kind or field, `metrics`
// on a non-plateau schedule or `decoupled` on sgd fails loudly instead of being skipped.

import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { OPTIMIZER_FIELDS, formatValue, validateNumberField, validateOptimizer, validatePolicy } from "../engine/config.ts";
import { createOptimizer } from "../engine/optimizers.ts";
import { lrAt } from "../engine/policies.ts";

const GOLDEN_FORMAT = "lr-decay-golden/1";

const TOP_KEYS = ["format", "source", "schedules", "optimizers"];
const SCHEDULE_KEYS = ["name", "baseLr", "schedule", "metrics", "lr"];
const OPTIMIZER_KEYS = ["name", "optimizer", "x0", "grads", "lr", "x", "y"];

/** SPEC.md §3 tolerances. */
const lrClose = (got: number, want: number): boolean => Math.abs(got - want) <= 1e-9 * Math.abs(want) + 1e-15;
const xClose = (got: number, want: number): boolean => Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want));

export interface GoldenReport {
  /** One `FAIL ...` line per failing case (and `ok ...` lines when verbose), in file order. */
  lines: string[];
  passed: number;
  failed: number;
  /** Set when the folder itself is unusable (missing, not a folder, no `*.json`): exit 2. */
  error: string | null;
}

export interface GoldenOptions {
  verbose?: boolean;
}

type Outcome = { ok: true } | { ok: false; message: string };

interface CaseResult {
  name: string;
  outcome: Outcome;
}

export function summaryLine(report: Pick<GoldenReport, "passed" | "failed">): string {
  return `${report.passed} passed, ${report.failed} failed`;
}

export function checkGoldenFolder(folder: string, options: GoldenOptions = {}): GoldenReport {
  const report: GoldenReport = { lines: [], passed: 0, failed: 0, error: null };
  let names: string[];
  if (!existsSync(folder)) return { ...report, error: `folder not found: ${folder}` };
  try {
    if (!statSync(folder).isDirectory()) return { ...report, error: `not a folder: ${folder}` };
    names = readdirSync(folder)
      .filter((name) => name.endsWith(".json") && statSync(join(folder, name)).isFile())
      .sort();
  } catch (error) {
    return { ...report, error: `cannot read folder ${folder}: ${errorText(error)}` };
  }
  if (names.length === 0) return { ...report, error: `no *.json files in ${folder}` };
  for (const name of names) {
    let text: string;
    try {
      text = readFileSync(join(folder, name), "utf8");
    } catch (error) {
      report.lines.push(`FAIL ${name}: cannot read file: ${errorText(error)}`);
      report.failed += 1;
      continue;
    }
    const file = checkGoldenText(name, text, options);
    report.lines.push(...file.lines);
    report.passed += file.passed;
    report.failed += file.failed;
  }
  return report;
}

/** Checks one file's text; file-level problems (bad JSON, format, unknown keys) count as failures. */
export function checkGoldenText(file: string, text: string, options: GoldenOptions = {}): Omit<GoldenReport, "error"> {
  const lines: string[] = [];
  let passed = 0;
  let failed = 0;
  const fileFail = (message: string): void => {
    lines.push(`FAIL ${file}: ${message}`);
    failed += 1;
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    fileFail(`invalid JSON: ${errorText(error)}`);
    return { lines, passed, failed };
  }
  if (!isRecord(data)) {
    fileFail(`top level must be an object, got ${formatValue(data)}`);
    return { lines, passed, failed };
  }
  if (data.format !== GOLDEN_FORMAT) {
    fileFail(`format must be ${JSON.stringify(GOLDEN_FORMAT)}, got ${formatValue(data.format)}`);
    return { lines, passed, failed };
  }
  for (const key of unknownKeys(data, TOP_KEYS)) fileFail(`unknown top-level field ${formatValue(key)}`);
  if (has(data, "source") && typeof data.source !== "string") {
    fileFail(`source must be a string, got ${formatValue(data.source)}`);
  }
  const results: CaseResult[] = [];
  let cases = 0;
  for (const [section, check] of [["schedules", checkScheduleCase], ["optimizers", checkOptimizerCase]] as const) {
    if (!has(data, section)) continue;
    const list = data[section];
    if (!Array.isArray(list)) {
      fileFail(`${section} must be an array, got ${formatValue(list)}`);
      continue;
    }
    cases += list.length;
    list.forEach((raw: unknown, i: number) => results.push(check(raw, `${section}[${i}]`)));
  }
  if (cases === 0) fileFail("no cases: schedules and optimizers are both missing or empty");
  for (const { name, outcome } of results) {
    if (outcome.ok) {
      passed += 1;
      if (options.verbose) lines.push(`ok ${file} ${name}`);
    } else {
      failed += 1;
      lines.push(`FAIL ${file} ${name}: ${outcome.message}`);
    }
  }
  return { lines, passed, failed };
}

function checkScheduleCase(raw: unknown, where: string): CaseResult {
  if (!isRecord(raw)) return { name: where, outcome: fail(`case must be an object, got ${formatValue(raw)}`) };
  const { name, problems } = caseHeader(raw, where, SCHEDULE_KEYS, "schedule");
  const baseLr = requiredNumber(raw, "baseLr", problems);
  const policy = validatePolicy(has(raw, "schedule") ? raw.schedule : undefined, { path: "schedule", strict: true });
  if (!has(raw, "schedule")) problems.push("schedule is required");
  else problems.push(...policy.problems.map((p) => p.message));
  const want = numberList(raw, "lr", problems);
  if (want !== null && want.length === 0) problems.push("lr must not be empty");
  let metrics: number[] | undefined;
  const kind = policy.value.kind;
  // With a bad kind the value fell back to the default policy; its kind says nothing about metrics.
  const kindKnown = has(raw, "schedule") && !policy.problems.some((p) => p.field === "schedule.kind");
  if (has(raw, "metrics") && kindKnown) {
    if (kind !== "plateau") {
      problems.push(`metrics is only allowed for decay kind "plateau", not ${JSON.stringify(kind)}`);
    } else {
      metrics = numberList(raw, "metrics", problems) ?? undefined;
      if (metrics !== undefined && want !== null && metrics.length !== want.length && metrics.length !== want.length - 1) {
        problems.push(`metrics must have ${want.length} or ${want.length - 1} entries (one per lr tick), got ${metrics.length}`);
      }
    }
  } else if (kind === "plateau" && !has(raw, "metrics")) {
    problems.push('metrics is required for decay kind "plateau"');
  }
  if (problems.length > 0 || want === null || baseLr === null) return { name, outcome: fail(problems.join("; ")) };
  return {
    name,
    outcome: guarded(() => {
      for (let t = 0; t < want.length; t++) {
        const got = lrAt(policy.value, baseLr, t, metrics);
        if (!lrClose(got, want[t])) return mismatch(t, `t = ${t}`, got, want[t]);
      }
      return { ok: true };
    }),
  };
}

function checkOptimizerCase(raw: unknown, where: string): CaseResult {
  if (!isRecord(raw)) return { name: where, outcome: fail(`case must be an object, got ${formatValue(raw)}`) };
  const { name, problems } = caseHeader(raw, where, OPTIMIZER_KEYS, "optimizer");
  const config = validateOptimizer(has(raw, "optimizer") ? raw.optimizer : undefined, { path: "optimizer", strict: true });
  if (!has(raw, "optimizer")) problems.push("optimizer is required");
  else problems.push(...config.problems.map((p) => p.message));
  const x0 = numberList(raw, "x0", problems);
  const lr = numberList(raw, "lr", problems);
  const grads = numberMatrix(raw, "grads", problems);
  const xs = numberMatrix(raw, "x", problems);
  // Schedule-free cases (SPEC.md §5) also carry the gradient point y after each step; x is then the
  // evaluation point. Other kinds have no y.
  const kindKnown = has(raw, "optimizer") && !config.problems.some((p) => p.field === "optimizer.kind");
  const twoPoints = config.value.kind === "scheduleFree";
  let ys: number[][] | null = null;
  if (twoPoints && kindKnown) ys = numberMatrix(raw, "y", problems);
  else if (has(raw, "y") && kindKnown) problems.push(`y is only allowed for optimizer kind "scheduleFree", not ${JSON.stringify(config.value.kind)}`);
  if (x0 !== null && x0.length === 0) problems.push("x0 must not be empty");
  if (x0 !== null && grads !== null && lr !== null && xs !== null) {
    const steps = grads.length;
    if (steps === 0) problems.push("grads must not be empty");
    if (lr.length !== steps) problems.push(`lr must have ${steps} entries (one per grads entry), got ${lr.length}`);
    const points: [string, number[][]][] = [["x", xs]];
    if (ys !== null) points.push(["y", ys]);
    for (const [label, rows] of points) {
      if (rows.length !== steps) problems.push(`${label} must have ${steps} entries (one per grads entry), got ${rows.length}`);
    }
    for (const [label, rows] of [["grads", grads], ...points] as const) {
      const bad = rows.findIndex((row) => row.length !== x0.length);
      if (bad >= 0) problems.push(`${label}[${bad}] must have ${x0.length} numbers (like x0), got ${rows[bad].length}`);
    }
  }
  if (problems.length > 0 || x0 === null || lr === null || grads === null || xs === null) {
    return { name, outcome: fail(problems.join("; ")) };
  }
  return {
    name,
    outcome: guarded(() => {
      const optimizer = createOptimizer(config.value, x0.length);
      // The optimizer's own array: the parameters, or schedule-free's gradient point y.
      const params = Float64Array.from(x0);
      const evalX = new Float64Array(x0.length);
      for (let k = 0; k < grads.length; k++) {
        optimizer.step(params, Float64Array.from(grads[k]), lr[k]);
        if (optimizer.evalPoint !== undefined) optimizer.evalPoint(params, evalX);
        else evalX.set(params);
        for (let j = 0; j < evalX.length; j++) {
          if (!xClose(evalX[j], xs[k][j])) return mismatch(k, `step ${k + 1}, x[${j}]`, evalX[j], xs[k][j]);
        }
        if (ys === null) continue;
        for (let j = 0; j < params.length; j++) {
          if (!xClose(params[j], ys[k][j])) return mismatch(k, `step ${k + 1}, y[${j}]`, params[j], ys[k][j]);
        }
      }
      return { ok: true };
    }),
  };
}

/** Name and unknown-key problems shared by both case kinds. */
function caseHeader(
  raw: Record<string, unknown>,
  where: string,
  allowed: readonly string[],
  what: string,
): { name: string; problems: string[] } {
  const problems: string[] = [];
  let name = where;
  if (typeof raw.name === "string" && raw.name.length > 0) name = raw.name;
  else problems.push(`name must be a non-empty string, got ${formatValue(raw.name)}`);
  for (const key of unknownKeys(raw, allowed)) problems.push(`unknown ${what} case field ${formatValue(key)}`);
  return { name, problems };
}

function requiredNumber(raw: Record<string, unknown>, key: string, problems: string[]): number | null {
  if (!has(raw, key)) {
    problems.push(`${key} is required`);
    return null;
  }
  // The schedule's base rate is the lr slider, so it shares lr's range.
  const checked = validateNumberField(key, OPTIMIZER_FIELDS.lr, raw[key]);
  problems.push(...checked.problems.map((p) => p.message));
  return checked.problems.length === 0 ? checked.value : null;
}

/** A required array of finite numbers, or null with a problem. */
function numberList(raw: Record<string, unknown>, key: string, problems: string[]): number[] | null {
  if (!has(raw, key)) {
    problems.push(`${key} is required`);
    return null;
  }
  return toNumbers(raw[key], key, problems);
}

function toNumbers(value: unknown, label: string, problems: string[]): number[] | null {
  if (!Array.isArray(value)) {
    problems.push(`${label} must be an array of numbers, got ${formatValue(value)}`);
    return null;
  }
  const bad = value.findIndex((v: unknown) => typeof v !== "number" || !Number.isFinite(v));
  if (bad >= 0) {
    problems.push(`${label}[${bad}] must be a finite number, got ${formatValue(value[bad])}`);
    return null;
  }
  return value as number[];
}

function numberMatrix(raw: Record<string, unknown>, key: string, problems: string[]): number[][] | null {
  if (!has(raw, key)) {
    problems.push(`${key} is required`);
    return null;
  }
  const value = raw[key];
  if (!Array.isArray(value)) {
    problems.push(`${key} must be an array of arrays of numbers, got ${formatValue(value)}`);
    return null;
  }
  const rows: number[][] = [];
  for (let i = 0; i < value.length; i++) {
    const row = toNumbers(value[i], `${key}[${i}]`, problems);
    if (row === null) return null;
    rows.push(row);
  }
  return rows;
}

function mismatch(index: number, at: string, got: number, want: number): Outcome {
  return fail(`first mismatch at index ${index} (${at}), got ${String(got)}, want ${String(want)}`);
}

function guarded(run: () => Outcome): Outcome {
  try {
    return run();
  } catch (error) {
    return fail(`engine threw: ${errorText(error)}`);
  }
}

function fail(message: string): Outcome {
  return { ok: false, message };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function has(record: object, key: string): boolean {
  return Object.hasOwn(record, key);
}

function unknownKeys(record: object, allowed: readonly string[]): string[] {
  return Object.keys(record).filter((key) => !allowed.includes(key));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
