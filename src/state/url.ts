// The one URL codec: the whole playground state <-> a short, hand-editable query string.
//
//   ?lr=0.05&decay=step&stepSize=5&gamma=0.5&seed=3
//
// Keys and their text live in one table (url-keys.ts; the sweep's in url-sweep.ts). Defaults are
// omitted. `v` is the format version so later formats can read old links. Decoding never throws:
// every bad key or value becomes a Problem (field = URL key, problem-codes.ts) and falls back to its
// default, while every valid field is applied. A key given twice keeps its first value, with a
// notice, at the top level and inside a pin alike. Values are only ever parsed as numbers, booleans
// or members of fixed lists, never rendered as markup.

import {
  DEFAULT_OPTIMIZER,
  OPTIMIZER_FIELDS,
  OPTIMIZER_KINDS,
  POLICY_KINDS,
  defaultPolicy,
  policyFieldTable,
  validateField,
  validateOptimizer,
  validatePolicy,
  type OptimizerFieldName,
} from "../engine/config.ts";
import { atField, problem, type Problem } from "../engine/problem-codes.ts";
import { RUN_FIELDS, cloneRun, startProblem, DEFAULT_RUN, type RunConfig } from "../engine/run-config.ts";
import { boundsArray, boundsOf, boundsProblem, checkNoise, defaultCustom, expressionProblem, sameBounds } from "../engine/custom-config.ts";
import { SURFACE_PROBLEM_IDS } from "../engine/trainer.ts";
import type { OptimizerConfig, Policy, PolicyKind } from "../engine/types.ts";
import { numberOrText } from "../engine/value-text.ts";
import { findLesson, type LessonId } from "./lessons.ts";
import {
  CUSTOM_KEYS,
  KNOWN_KEYS,
  MAX_KEYS,
  MAX_PINS,
  OPT_KEYS,
  PAGE_KEYS,
  PIN_KEYS,
  POLICY_KEYS,
  RUN_KEYS,
  URL_VERSION,
  checkVersion,
  defaultUrlState,
  formatByField,
  formatNumber,
  keyOfPath,
  maxLengthOf,
  parseByField,
  policyKey,
  type UrlState,
} from "./url-keys.ts";
import { decodeSweep, sweepPairs } from "./url-sweep.ts";
import { viewBase } from "./views.ts";

export { defaultUrlState, type UrlState } from "./url-keys.ts";

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return Object.is(a, b) || a === b;
}

// ---------------------------------------------------------------------------------------------
// Encoding

/** What the main config's keys are relative to: the open lesson's config, else the defaults. */
function configBase(lesson: LessonId | null): RunConfig {
  return findLesson(lesson)?.config ?? DEFAULT_RUN;
}

/** Query pairs of a config, defaults omitted (relative to `base`, DEFAULT_RUN for the main config). */
function configPairs(config: RunConfig, base: RunConfig): [string, string][] {
  const out: [string, string][] = [];
  const o = config.optimizer;
  if (o.kind !== base.optimizer.kind) out.push(["opt", o.kind]);
  for (const f of Object.keys(OPT_KEYS) as OptimizerFieldName[]) {
    if (!OPTIMIZER_FIELDS[f].kinds.includes(o.kind)) continue;
    if (!sameValue(o[f], base.optimizer[f])) out.push([OPT_KEYS[f], formatByField(OPTIMIZER_FIELDS[f], o[f])]);
  }
  const p = config.policy;
  const samePolicyKind = p.kind === base.policy.kind;
  if (!samePolicyKind) out.push(["decay", p.kind]);
  const kindDefaults = (samePolicyKind ? base.policy : defaultPolicy(p.kind)) as unknown as Record<string, unknown>;
  const fields = policyFieldTable(p.kind);
  const values = p as unknown as Record<string, unknown>;
  for (const f of Object.keys(fields)) {
    if (!sameValue(values[f], kindDefaults[f])) out.push([policyKey(f), formatByField(fields[f], values[f])]);
  }
  if (p.unit !== base.policy.unit) out.push(["unit", p.unit]);
  const w = p.warmup;
  const bw = base.policy.warmup;
  if (w !== null && (bw === null || w.steps !== bw.steps || w.startFactor !== bw.startFactor)) {
    out.push(["warmup", formatNumber(w.steps)]);
    if (w.startFactor !== 0) out.push(["warmupStart", formatNumber(w.startFactor)]);
  } else if (w === null && bw !== null) out.push(["warmup", "0"]);
  for (const f of Object.keys(RUN_KEYS) as (keyof typeof RUN_KEYS)[]) {
    if (config[f] !== base[f]) out.push([RUN_KEYS[f], String(config[f])]);
  }
  // The 2-D start point: `start=x,y`; an empty value (pins only) means "the problem's own start".
  const s = config.start;
  const bs = base.start;
  if (s !== undefined && (bs === undefined || s[0] !== bs[0] || s[1] !== bs[1])) out.push(["start", `${formatNumber(s[0])},${formatNumber(s[1])}`]);
  else if (s === undefined && bs !== undefined) out.push(["start", ""]);
  // The Custom problem's surface: its expression whenever the base has another one (or none).
  const c = config.custom;
  if (c !== undefined) {
    const bc = base.custom;
    if (bc === undefined || c.f !== bc.f) out.push([CUSTOM_KEYS.f, c.f]);
    const ref = bc ?? defaultCustom();
    if (c.noise !== ref.noise) out.push([CUSTOM_KEYS.noise, formatNumber(c.noise)]);
    if (!sameBounds(c.bounds, ref.bounds)) out.push([CUSTOM_KEYS.bounds, boundsArray(c.bounds).map(formatNumber).join(",")]);
  }
  return out;
}

function pageKeyPairs(s: UrlState, group: "view" | "page"): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, k] of Object.entries(PAGE_KEYS)) {
    if (k.group !== group) continue;
    const text = k.encode(s);
    if (text !== null) out.push([key, text]);
  }
  return out;
}

/** The query string (without `?`) for a state; `""` for the default state. */
export function encodeState(s: UrlState): string {
  // With a lesson open, its config is the base: `?lesson=bias-correction` alone is that lesson as
  // written, and only what a user changed on top of it is spelled out (its view likewise).
  const pairs: [string, string][] = configPairs(s.config, configBase(s.lesson));
  pairs.push(...pageKeyPairs(s, "view"));
  for (const pin of s.pins.slice(0, MAX_PINS)) {
    pairs.push(["pin", configPairs(pin, s.config).map(([k, val]) => `${k}:${val}`).join(";")]);
  }
  pairs.push(...pageKeyPairs(s, "page"));
  if (s.sweep) pairs.push(...sweepPairs(s.sweep));
  if (pairs.length === 0) return "";
  pairs.unshift(["v", String(URL_VERSION)]);
  // Commas, colons and semicolons stay readable; everything else is percent-encoded.
  return pairs
    .map(([k, val]) => `${k}=${encodeURIComponent(val).replace(/%2C/g, ",").replace(/%3A/g, ":").replace(/%3B/g, ";")}`)
    .join("&");
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** Applies config pairs over `base`; problems carry the URL key as field (prefixed for pins). */
function decodeConfig(pairs: ReadonlyMap<string, string>, base: RunConfig, prefix: string): { config: RunConfig; problems: Problem[] } {
  const problems: Problem[] = [];
  const adopt = (p: Problem, key: string = keyOfPath(p.field)) => problems.push(atField(p, prefix + key));

  // Optimizer: start from the base's values, overlay the given keys, validate with the schema.
  // Fields that do not apply to the resulting kind keep their defaults (a valid config's canonical form).
  const optKind = pairs.get("opt");
  const kindAfter = OPTIMIZER_KINDS.find((k) => k === optKind) ?? base.optimizer.kind;
  const rawOpt: Record<string, unknown> = { kind: optKind ?? base.optimizer.kind };
  for (const f of Object.keys(OPT_KEYS) as OptimizerFieldName[]) {
    const applies = OPTIMIZER_FIELDS[f].kinds.includes(kindAfter);
    rawOpt[f] = applies ? base.optimizer[f] : DEFAULT_OPTIMIZER[f];
    const text = pairs.get(OPT_KEYS[f]);
    if (text !== undefined) rawOpt[f] = parseByField(OPTIMIZER_FIELDS[f], text);
  }
  const opt = validateOptimizer(rawOpt);
  // A bad value falls back to the base's (the main config's for a pin), not the schema default.
  const optimizer: OptimizerConfig = opt.value;
  for (const p of opt.problems) {
    adopt(p);
    const f = p.field.replace(/^optimizer\./, "");
    if (f === "kind") optimizer.kind = base.optimizer.kind;
    else if (f in OPT_KEYS) (optimizer as unknown as Record<string, unknown>)[f] = base.optimizer[f as OptimizerFieldName];
  }
  // Whatever happened above, fields that do not apply to the final kind hold their defaults.
  for (const f of Object.keys(OPT_KEYS) as OptimizerFieldName[]) {
    if (!OPTIMIZER_FIELDS[f].kinds.includes(optimizer.kind)) {
      (optimizer as unknown as Record<string, unknown>)[f] = DEFAULT_OPTIMIZER[f];
    }
  }

  // Policy: the kind first, then only that kind's fields; others are reported, not guessed.
  const kindText = pairs.get("decay");
  let kind: PolicyKind = base.policy.kind;
  if (kindText !== undefined) {
    const k = POLICY_KINDS.find((c) => c === kindText);
    if (k === undefined) adopt(problem("decay", kindText, { code: "notOneOf", values: POLICY_KINDS, quote: false }));
    else kind = k;
  }
  // Another kind starts from its defaults, keeping the base's unit and warmup (as the encoder assumes).
  const start = (kind === base.policy.kind
    ? base.policy
    : { ...defaultPolicy(kind), unit: base.policy.unit, warmup: base.policy.warmup }) as unknown as Record<string, unknown>;
  const rawPolicy: Record<string, unknown> = { ...start, kind };
  if (rawPolicy.kind === "cyclic" && rawPolicy.stepSizeDown === undefined) rawPolicy.stepSizeDown = null;
  const fields = policyFieldTable(kind);
  for (const [key, entry] of POLICY_KEYS) {
    const text = pairs.get(key);
    if (text === undefined) continue;
    if (!entry.kinds.includes(kind)) {
      adopt(problem(key, text, { code: "notForDecay", kind, kinds: entry.kinds }));
      continue;
    }
    rawPolicy[entry.field] = parseByField(fields[entry.field], text);
  }
  const unitText = pairs.get("unit");
  if (unitText !== undefined) rawPolicy.unit = unitText;
  const warmupText = pairs.get("warmup");
  const warmupStart = pairs.get("warmupStart");
  if (warmupText !== undefined) {
    const steps = numberOrText(warmupText);
    if (steps === 0) rawPolicy.warmup = null;
    else {
      const w: Record<string, unknown> = { steps };
      if (warmupStart !== undefined) w.startFactor = numberOrText(warmupStart);
      rawPolicy.warmup = w;
    }
  } else if (warmupStart !== undefined) {
    adopt(problem("warmupStart", warmupStart, { code: "needsWarmup" }));
  }
  const pol = validatePolicy(rawPolicy);
  const policy: Policy = pol.value;
  const policyValues = policy as unknown as Record<string, unknown>;
  for (const p of pol.problems) {
    adopt(p);
    const f = p.field.replace(/^policy\./, "");
    if (f.startsWith("warmup")) policyValues.warmup = start.warmup ?? null;
    else if (f in start) policyValues[f] = start[f];
  }

  const config: RunConfig = { ...cloneRun(base), optimizer, policy };
  for (const f of Object.keys(RUN_KEYS) as (keyof typeof RUN_KEYS)[]) {
    const key = RUN_KEYS[f];
    const text = pairs.get(key);
    if (text === undefined) continue;
    const checked = validateField(key, RUN_FIELDS[f], parseByField(RUN_FIELDS[f], text), key);
    for (const p of checked.problems) adopt(p, key);
    if (checked.problems.length === 0) (config as unknown as Record<string, unknown>)[f] = checked.value;
  }
  const startText = pairs.get("start");
  if (startText === "") config.start = undefined;
  else if (startText !== undefined) {
    const xy = startText.split(",").map(numberOrText);
    const bad = startProblem(xy);
    if (bad !== null) adopt({ ...bad, value: startText }, "start");
    else if (!SURFACE_PROBLEM_IDS.includes(config.problem)) {
      adopt(problem("start", startText, { code: "notForProblem", problem: config.problem, problems: SURFACE_PROBLEM_IDS }));
    } else config.start = [(xy[0] as number) + 0, (xy[1] as number) + 0];
  }
  decodeCustom(pairs, config, base, adopt);
  // A pin of another problem does not inherit the main run's start point.
  if (config.start === undefined || !SURFACE_PROBLEM_IDS.includes(config.problem)) delete config.start;
  return { config, problems };
}

/**
 * `f`, `noise`, `bounds` onto `config` (issue #17). They belong to `problem=custom`; an expression
 * the lexical check refuses is listed and the run falls back to the base's problem (the default
 * problem for a link), its surface keys dropped. The parser's own checks follow once its chunk has
 * loaded (state/custom-surface.ts on the page, `simulate --url` in the CLI), with the same fallback.
 */
function decodeCustom(pairs: ReadonlyMap<string, string>, config: RunConfig, base: RunConfig, adopt: (p: Problem, key?: string) => void): void {
  const given = Object.values(CUSTOM_KEYS).filter((k) => pairs.has(k));
  if (config.problem !== "custom") {
    for (const key of given) adopt(problem(key, pairs.get(key), { code: "notForProblem", problem: config.problem, problems: ["custom"] }), key);
    delete config.custom;
    return;
  }
  const surface = config.custom === undefined ? defaultCustom() : { ...config.custom, bounds: { ...config.custom.bounds } };
  const fText = pairs.get(CUSTOM_KEYS.f);
  if (fText !== undefined) {
    const bad = expressionProblem(fText, CUSTOM_KEYS.f);
    if (bad !== null) {
      adopt(bad, CUSTOM_KEYS.f);
      config.problem = base.problem === "custom" ? DEFAULT_RUN.problem : base.problem;
      delete config.custom;
      delete config.start;
      return;
    }
    surface.f = fText;
  }
  const noiseText = pairs.get(CUSTOM_KEYS.noise);
  if (noiseText !== undefined) {
    const v = numberOrText(noiseText);
    const bad = checkNoise(v, CUSTOM_KEYS.noise);
    if (bad !== null) adopt(bad, CUSTOM_KEYS.noise);
    else surface.noise = (v as number) + 0;
  }
  const boundsText = pairs.get(CUSTOM_KEYS.bounds);
  if (boundsText !== undefined) {
    const v = boundsText.split(",").map(numberOrText);
    const bad = boundsProblem(v, CUSTOM_KEYS.bounds, boundsText);
    if (bad !== null) adopt(bad, CUSTOM_KEYS.bounds);
    else surface.bounds = boundsOf(v as number[]);
  }
  config.custom = surface;
}

/**
 * Reads key/value pairs under one rule, at the top level and inside a pin: an unknown key (or one
 * not `allowed` there) and a too-long value are reported and skipped; a key given again keeps its
 * first value, with one notice. Repeated `pin` keys are collected, not single.
 */
function readPairs(
  entries: Iterable<[string, string]>,
  allowed: ReadonlySet<string>,
  prefix: string,
): { single: Map<string, string>; pins: string[]; problems: Problem[] } {
  const single = new Map<string, string>();
  const pins: string[] = [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const inPin = prefix !== "";
  for (const [key, value] of entries) {
    if (!allowed.has(key)) {
      problems.push(problem(prefix + key, value, { code: "unknownKey", inPin }, key));
      continue;
    }
    const limit = maxLengthOf(key);
    if (value.length > limit) {
      problems.push(problem(prefix + key, value.slice(0, 60) + "…", { code: "tooLong", length: value.length, max: limit }, key));
      continue;
    }
    if (key === "pin") {
      pins.push(value);
      continue;
    }
    if (single.has(key)) {
      if (!seen.has(key)) problems.push(problem(prefix + key, value, { code: "duplicateKey" }, key));
      seen.add(key);
    } else single.set(key, value);
  }
  return { single, pins, problems };
}

/** The pairs of a query, at most MAX_KEYS of them, and how many it has in all. */
function queryEntries(query: string): { entries: [string, string][]; count: number } {
  const parts = (query.startsWith("?") ? query.slice(1) : query).split("&").filter((s) => s !== "");
  // URLSearchParams does the decoding (`+`, percent escapes, malformed escapes kept as text).
  return { entries: [...new URLSearchParams(parts.slice(0, MAX_KEYS).join("&"))], count: parts.length };
}

/** A pin's `key:value;key:value` pairs. */
function pinEntries(text: string): [string, string][] {
  return text
    .split(";")
    .filter((part) => part !== "")
    .map((part) => {
      const colon = part.indexOf(":");
      return colon < 0 ? [part, ""] : [part.slice(0, colon), part.slice(colon + 1)];
    });
}

/**
 * Decodes a query string (with or without `?`). Never throws; returns the state with every valid
 * field applied and one Problem per bad key or value.
 */
export function decodeState(query: string): { state: UrlState; problems: Problem[] } {
  const state = defaultUrlState();
  let read: { entries: [string, string][]; count: number };
  try {
    read = queryEntries(query);
  } catch {
    return { state, problems: [problem("url", query, { code: "unreadable" }, "the link")] };
  }
  const { single, pins, problems } = readPairs(read.entries, KNOWN_KEYS, "");
  if (read.count > MAX_KEYS) problems.push(problem("url", read.count, { code: "tooManyKeys", count: read.count, max: MAX_KEYS }, "the link"));

  const version = single.get("v");
  if (version !== undefined) problems.push(...checkVersion(version));

  // The lesson first: its config and view are the base of the other keys.
  const lesson = single.get("lesson");
  if (lesson !== undefined) problems.push(...PAGE_KEYS.lesson.decode(lesson, state, "lesson"));
  state.view = viewBase(findLesson(state.lesson)?.view);
  const main = decodeConfig(single, configBase(state.lesson), "");
  state.config = main.config;
  problems.push(...main.problems);

  for (const [key, k] of Object.entries(PAGE_KEYS)) {
    const text = single.get(key);
    if (key !== "lesson" && text !== undefined) problems.push(...k.decode(text, state, key));
  }

  pins.slice(0, MAX_PINS).forEach((text, i) => {
    const prefix = `pin${i + 1}.`;
    const read = readPairs(pinEntries(text), PIN_KEYS, prefix);
    const pin = decodeConfig(read.single, state.config, prefix);
    const found = [...read.problems, ...pin.problems];
    problems.push(...found);
    // A comparison run is only worth drawing as written: one with a bad field would be a different
    // run under the same name, so it is left out (and said so) rather than patched. A repeated key
    // is only a notice, as at the top level: its first value is the pin's.
    if (found.some((p) => p.code !== "duplicateKey")) problems.push(problem(`pin${i + 1}`, text, { code: "pinDropped", index: i + 1 }));
    else state.pins.push(pin.config);
  });
  if (pins.length > MAX_PINS) problems.push(problem("pin", pins.length, { code: "tooManyPins", count: pins.length, max: MAX_PINS }));

  const sweep = decodeSweep(single);
  if (sweep.spec !== undefined) state.sweep = sweep.spec;
  problems.push(...sweep.problems);

  return { state, problems };
}

/** One line per problem in English, `field: message` (the CLI; the page words it in its language). */
export function describeProblem(p: Problem): string {
  return `${p.field}: ${p.message}`;
}

