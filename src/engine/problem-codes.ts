// What a validation problem is, as data: `{ field, value, code, ... }` plus the parameters its code
// needs (a range, the allowed values, a limit). Every checker (config.ts, run-config.ts, sweep.ts,
// range-test.ts, the URL codec) builds its problems with `problem()`, and each language words them
// from the code: English here (the `message` kept on every problem for the CLI, the golden checker
// and the workers' error text), Chinese in state/problem-text.ts. Nothing re-reads a message.

import type { NumberRange } from "./config-fields.ts";
import { expressionErrorEnglish, type ExpressionError } from "./expression/errors.ts";
import { formatRange, formatValue } from "./value-text.ts";
import { groupDigits } from "./step-budget.ts";

/** Each code and the parameters its sentence needs. */
export type ProblemDetail =
  /** Not a finite number (`nullable`: null was allowed too). */
  | { code: "notNumber"; nullable?: boolean }
  /** A number outside `range`; `maxName` names a bound that is another field's value (`lrMax = 10`). */
  | { code: "outOfRange"; range: NumberRange; nullable?: boolean; maxName?: string }
  | { code: "notBoolean" }
  /** A link's on/off key: `1` or `0`. */
  | { code: "notFlag" }
  /** Not one of `values`; `quote`: the values are written as JSON strings. */
  | { code: "notOneOf"; values: readonly string[]; quote: boolean }
  /** Not a list (`of`: the kind of its items, e.g. `gamma`). */
  | { code: "notArray"; of?: string }
  /** A list of `count` entries; it must have at most `max` (and at least `min`, when given). */
  | { code: "entryCount"; count: number; max: number; min?: number }
  | { code: "notNonDecreasing" }
  /** Repeated `of` values were dropped (a note: the list is still used). */
  | { code: "repeatsDropped"; of: string }
  | { code: "notObject"; nullable?: boolean }
  /** Could not be read at all (`detail`: the reason, as the runtime gave it). */
  | { code: "unreadable"; detail?: string }
  | { code: "notForOptimizer"; kind: string }
  /** A decay field given for another kind: `kinds` are the kinds it belongs to. */
  | { code: "notForDecay"; kind: string; kinds: readonly string[] }
  /** A field no part of the schema has; `scope` is the part, `kind` its decay kind. */
  | { code: "unknownField"; scope: "optimizer" | "decay" | "warmup" | "config" | "sweep"; kind?: string }
  | { code: "required"; range: NumberRange }
  /** Not two numbers (x, y) each within ±limit. */
  | { code: "notPoint"; limit: number }
  /** Applies only to `problems`, not to `problem`. */
  | { code: "notForProblem"; problem: string; problems: readonly string[] }
  /** The sweep's top rate must be at least `ratio` times its bottom rate `lrMin`. */
  | { code: "lrRatio"; ratio: number; lrMin: number }
  | { code: "tooManyRuns"; lrCount: number; valueCount: number; seeds: number; runs: number; max: number }
  | { code: "overBudget"; runs: number; stepsPerRun: number; total: number; max: number }
  /** Text of the wrong shape; `format` and `example` are literal syntax. */
  | { code: "badFormat"; format: string; example: string }
  // --- a link's keys (state/url.ts)
  | { code: "unknownKey"; inPin?: boolean }
  | { code: "tooLong"; length: number; max: number }
  /** Given more than once: the first value is used (at the top level and inside a pin alike). */
  | { code: "duplicateKey" }
  | { code: "badVersion"; version: number }
  | { code: "needsWarmup" }
  /** Not a comma-separated list of ids; `id` is the first malformed one. */
  | { code: "badIdList"; id: string }
  /** Well-formed ids no control has; `valid` lists the ones that exist. */
  | { code: "unknownIds"; ids: readonly string[]; valid: readonly string[] }
  | { code: "pinDropped"; index: number }
  | { code: "tooManyPins"; count: number; max: number }
  /** The link has `count` keys; only the first `max` were read. */
  | { code: "tooManyKeys"; count: number; max: number }
  // --- the Custom problem (issue #17)
  /** An expression for f(x, y) that was refused: why, where (expression/errors.ts). */
  | { code: "badExpression"; error: ExpressionError }
  /** Not four numbers xMin < xMax, yMin < yMax within ±limit. */
  | { code: "badBounds"; limit: number };

export type ProblemCode = ProblemDetail["code"];
export type DetailOf<C extends ProblemCode> = Extract<ProblemDetail, { code: C }>;

interface ProblemBase {
  /** Where: a dotted path (`optimizer.beta1`, `policy.warmup.steps`) or a link's key (`eps`, `pin2.lr`). */
  field: string;
  /** The offending value as given (may be of any type). */
  value: unknown;
  /** The subject the sentence names (`epsilon`, `warmup steps`, `values[1] (gamma)`). */
  name: string;
  /** English sentence from the code, naming the field, the value and the valid range (CLI, workers). */
  message: string;
}

/** A problem found while validating user input. Never thrown; always returned. */
export type Problem = ProblemBase & ProblemDetail;
type ProblemOf<C extends ProblemCode> = ProblemBase & DetailOf<C>;

/** The problem of `detail` at `field`, named `name` in sentences (the field by default). */
export function problem(field: string, value: unknown, detail: ProblemDetail, name: string = field): Problem {
  const p = { field, value, name, ...detail, message: "" } as Problem;
  p.message = problemEnglish(p);
  return p;
}

/** The same problem at another field (a link's key), its sentence unchanged. */
export function atField(p: Problem, field: string): Problem {
  return { ...p, field };
}

/** A list of values as a sentence shows it. */
export function listValues(values: readonly string[], quote: boolean): string {
  return values.map((v) => (quote ? JSON.stringify(v) : v)).join(", ");
}

/** How one language words each code: `n` is the subject, `v` the value as shown. */
export type Wording = { [C in ProblemCode]: (p: ProblemOf<C>, n: string, v: string) => string };

const EN: Wording = {
  notNumber: (p, n, v) => `${n} must be ${p.nullable ? "null or a number" : "a number"}, got ${v}`,
  outOfRange: (p, n, v) => `${n} must be ${p.nullable ? "null or " : ""}${formatRange(p.range, p.maxName)}, got ${v}`,
  notBoolean: (_p, n, v) => `${n} must be a boolean, got ${v}`,
  notFlag: (_p, n, v) => `${n} must be 1 or 0, got ${v}`,
  notOneOf: (p, n, v) => `${n} must be one of ${listValues(p.values, p.quote)}, got ${v}`,
  notArray: (p, n, v) => (p.of === undefined ? `${n} must be an array, got ${v}` : `${n} must be a list of ${p.of} values, got ${v}`),
  entryCount: (p, n) =>
    p.min === undefined ? `${n} must have at most ${p.max} entries, got ${p.count}` : `${n} must have ${p.min} to ${p.max} entries, got ${p.count}`,
  notNonDecreasing: (_p, n, v) => `${n} must be non-decreasing, got ${v}`,
  repeatsDropped: (p, n) => `${n} must be distinct; repeated ${p.of} values were dropped`,
  notObject: (p, n, v) => `${n} must be an object${p.nullable ? " or null" : ""}, got ${v}`,
  unreadable: (p, n) => `${n} could not be read${p.detail === undefined ? "" : `: ${p.detail}`}`,
  notForOptimizer: (p, n) => `${n} does not apply to optimizer kind ${JSON.stringify(p.kind)}`,
  notForDecay: (p, n) => `${n} does not apply to decay kind ${p.kind} (it belongs to ${p.kinds.join(", ")})`,
  unknownField: (p, n) =>
    p.scope === "decay" ? `unknown field ${formatValue(n)} for decay kind ${JSON.stringify(p.kind)}` : `unknown ${p.scope} field ${formatValue(n)}`,
  required: (p, n) => `${n} is required (${formatRange(p.range)})`,
  notPoint: (p, n, v) => `${n} must be two numbers (x, y), each in [-${p.limit}, ${p.limit}], got ${v}`,
  notForProblem: (p, n) => `${n} applies only to the 2-D problems (${p.problems.join(", ")}), not to problem ${p.problem}`,
  lrRatio: (p, n, v) => `${n} must be at least ${p.ratio} × lrMin (${p.lrMin}), got ${v}`,
  overBudget: (p) =>
    `the sweep is ${groupDigits(p.runs)} runs × ${groupDigits(p.stepsPerRun)} steps = ${groupDigits(p.total)} steps; ` +
    `at most ${groupDigits(p.max)} (fewer rates, values, seeds or epochs, or a larger batch)`,
  tooManyRuns: (p) =>
    `the sweep has ${p.lrCount} × ${p.valueCount} × ${p.seeds} = ${p.runs} runs; at most ${p.max} (fewer rates, values or seeds)`,
  badFormat: (p, n, v) => `${n} must be ${p.format} (e.g. ${p.example}), got ${v}`,
  unknownKey: (p, n) => `unknown key ${formatValue(n)}${p.inPin ? " in a pinned run" : ""}`,
  tooLong: (p, n) => `${n} is too long (${p.length} characters, at most ${p.max})`,
  duplicateKey: (_p, n) => `${n} is given more than once; the first value is used`,
  badVersion: (p, n, v) => `${n} must be ${p.version} (this link's format), got ${v}; reading it as version ${p.version}`,
  needsWarmup: (_p, n) => `${n} needs warmup (the number of warmup ticks) as well`,
  badIdList: (p, n) => `${n} must be a comma-separated list of control ids, got ${formatValue(p.id)}`,
  unknownIds: (p, n) =>
    `${n} names ${p.ids.length === 1 ? "an unknown control id" : "unknown control ids"} ${p.ids.map((id) => formatValue(id)).join(", ")}; valid ids are ${p.valid.join(", ")}`,
  pinDropped: (p) => `pinned run ${p.index} was not added: fix the fields listed for it`,
  tooManyPins: (p) => `at most ${p.max} pinned runs, got ${p.count}; the rest are dropped`,
  tooManyKeys: (p) => `the link has ${p.count} keys; only the first ${p.max} are read, the rest are ignored`,
  badExpression: (p, n, v) => `${n} = ${v} ${expressionErrorEnglish(p.error)}`,
  badBounds: (p, n, v) => `${n} must be four numbers xMin,xMax,yMin,yMax with xMin < xMax and yMin < yMax, each in [-${p.limit}, ${p.limit}], got ${v}`,
};

/** Words `p` by `wording` (one table per language). */
export function wordProblem(p: Problem, wording: Wording): string {
  const word = wording[p.code] as (q: Problem, n: string, v: string) => string;
  return word(p, p.name, formatValue(p.value));
}

/** The English sentence of a problem. */
export function problemEnglish(p: Problem): string {
  return wordProblem(p, EN);
}

/** Every code, in declaration order (for tests and catalogs). */
export const PROBLEM_CODES = Object.keys(EN) as ProblemCode[];
