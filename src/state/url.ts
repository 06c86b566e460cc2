// The one URL codec: the whole playground state <-> a short, hand-editable query string.
//
//   ?lr=0.05&decay=step&stepSize=5&gamma=0.5&seed=3
//
// Keys are the schema's field names (SPEC.md's), a few shortened where a name alone would clash or
// read badly (`opt`, `form`, `wd`, `batch`, `anneal`, `plateauEps`, `warmup`/`warmupStart`).
// Defaults are omitted. `v` is the format version so later formats can read old links. Decoding
// never throws: every bad key or value becomes a Problem `{ field, value, message }` (field = URL
// key) and falls back to its default, while every valid field is applied. Values are only ever
// parsed as numbers, booleans or members of fixed lists, never rendered as markup.

import {
  DEFAULT_OPTIMIZER,
  OPTIMIZER_FIELDS,
  OPTIMIZER_KINDS,
  POLICY_FIELDS,
  POLICY_KINDS,
  defaultPolicy,
  formatValue,
  validateField,
  validateOptimizer,
  validatePolicy,
  type FieldDescriptor,
  type OptimizerFieldName, policyFieldTable } from "../engine/config.ts";
import { DEFAULT_RUN, RUN_FIELDS, cloneRun, type RunConfig } from "../engine/run-config.ts";
import { startError } from "../engine/run-config.ts";
import { SURFACE_PROBLEM_IDS } from "../engine/trainer.ts";
import { SWEEP_AXIS_KINDS, validateSweep, type SweepSpec } from "../engine/sweep.ts";
import type { OptimizerConfig, Policy, PolicyKind, Problem } from "../engine/types.ts";

export const URL_VERSION = 1;

import { isLang, type Lang } from "./i18n.ts";
import { DEFAULT_VIEW, type ViewState, type XUnit } from "./url-view.ts";
import { LESSONS, findLesson, type LessonId } from "./lessons.ts";
import { viewBase } from "./views.ts";
import { CONTROL_IDS, isControlId } from "./control-ids.ts";

export type { Lang };
export { DEFAULT_VIEW, type ViewState, type XUnit };
/** Everything a link carries. */
export interface UrlState {
  config: RunConfig;
  view: ViewState;
  /** Pinned comparison runs, each a full config (encoded as its difference from `config`). */
  pins: RunConfig[];
  lang: Lang;
  lesson: LessonId | null;
  /** Teacher mode: control ids hidden from the class. */
  hide: string[];
  /** Teacher mode: control ids shown but locked (e.g. `epochs`). */
  lock: string[];
  /** A learning-rate sweep to open in the Sweep tool (issue #7); absent when the link has none. */
  sweep?: SweepSpec | null;
}

export function defaultUrlState(): UrlState {
  return { config: cloneRun(DEFAULT_RUN), view: { ...DEFAULT_VIEW }, pins: [], lang: "en", lesson: null, hide: [], lock: [] };
}

// ---------------------------------------------------------------------------------------------
// Key tables

/** URL key of each optimizer field. */
const OPT_KEYS: { [K in OptimizerFieldName]: string } = {
  lr: "lr",
  beta1: "beta1",
  beta2: "beta2",
  epsilon: "eps",
  epsilonForm: "form",
  amsgrad: "amsgrad",
  weightDecay: "wd",
  decoupled: "decoupled",
  momentum: "momentum",
  nesterov: "nesterov",
};

/** Policy fields whose URL key differs from the field name (the rest use the name itself). */
const POLICY_KEY_RENAMES: Record<string, string> = { annealStrategy: "anneal", eps: "plateauEps" };
const policyKey = (field: string): string => POLICY_KEY_RENAMES[field] ?? field;

const RUN_KEYS = { problem: "problem", batchSize: "batch", seed: "seed", epochs: "epochs" } as const;

/** Every policy field of every kind, by URL key: the kinds that use it. */
const POLICY_KEYS: Map<string, { field: string; kinds: PolicyKind[] }> = (() => {
  const m = new Map<string, { field: string; kinds: PolicyKind[] }>();
  for (const kind of POLICY_KINDS) {
    for (const field of Object.keys(POLICY_FIELDS[kind])) {
      const key = policyKey(field);
      const entry = m.get(key) ?? { field, kinds: [] };
      entry.kinds.push(kind);
      m.set(key, entry);
    }
  }
  return m;
})();

const VIEW_SMOOTHING: FieldDescriptor = {
  type: "number", min: 0, max: 0.999, minInclusive: true, maxInclusive: true, default: DEFAULT_VIEW.smoothing,
};
const ID_LIST = /^[A-Za-z0-9_-]{1,40}$/;
/** Longest value read; a pinned run carries several fields, so it may be longer. */
const MAX_VALUE_LENGTH = 200;
const MAX_PIN_LENGTH = 1000;
const MAX_PINS = 4;

const KNOWN_KEYS = new Set<string>([
  "v", "opt", ...Object.values(OPT_KEYS), "decay", "unit", "warmup", "warmupStart", ...POLICY_KEYS.keys(),
  ...Object.values(RUN_KEYS), "smooth", "logy", "logx", "fit", "x", "pin", "lang", "lesson", "hide", "lock", "start",
]);

// ---------------------------------------------------------------------------------------------
// Value text <-> typed values

function formatNumber(n: number): string {
  return String(n); // shortest round-trip form; always finite here (validated configs)
}

function parseValue(field: FieldDescriptor, text: string): unknown {
  switch (field.type) {
    case "number":
    case "nullableNumber":
      if (field.type === "nullableNumber" && text === "") return null;
      return parseNumber(text);
    case "boolean":
      return text === "1" || text === "true" ? true : text === "0" || text === "false" ? false : text;
    case "enum":
      return text;
    case "numberArray":
      return text === "" ? [] : text.split(",").map(parseNumber);
  }
}

/** Number text -> number; anything that is not plainly a number stays text so the schema names it. */
function parseNumber(text: string): unknown {
  const t = text.trim();
  if (t === "" || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?Infinity$|^NaN$/.test(t)) return text;
  return Number(t);
}

function formatValueFor(field: FieldDescriptor, v: unknown): string {
  if (field.type === "boolean") return v ? "1" : "0";
  if (field.type === "numberArray") return (v as number[]).map(formatNumber).join(",");
  if (v === null) return "";
  return typeof v === "number" ? formatNumber(v) : String(v);
}

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
    if (!sameValue(o[f], base.optimizer[f])) out.push([OPT_KEYS[f], formatValueFor(OPTIMIZER_FIELDS[f], o[f])]);
  }
  const p = config.policy;
  const samePolicyKind = p.kind === base.policy.kind;
  if (!samePolicyKind) out.push(["decay", p.kind]);
  const kindDefaults = (samePolicyKind ? base.policy : defaultPolicy(p.kind)) as unknown as Record<string, unknown>;
  const fields = policyFieldTable(p.kind);
  const values = p as unknown as Record<string, unknown>;
  for (const f of Object.keys(fields)) {
    if (!sameValue(values[f], kindDefaults[f])) out.push([policyKey(f), formatValueFor(fields[f], values[f])]);
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
  return out;
}

/** The view's on/off keys and the fields they set. */
const VIEW_FLAGS = [["logy", "logY"], ["logx", "logX"], ["fit", "fitY"]] as const;

/** The query string (without `?`) for a state; `""` for the default state. */
export function encodeState(s: UrlState): string {
  // With a lesson open, its config is the base: `?lesson=bias-correction` alone is that lesson as
  // written, and only what a user changed on top of it is spelled out.
  const pairs: [string, string][] = configPairs(s.config, configBase(s.lesson));
  // Likewise a lesson's view (lesson 4 is read in steps on log x) is the base of the view keys.
  const v = s.view;
  const vb = viewBase(findLesson(s.lesson)?.view);
  if (v.smoothing !== vb.smoothing) pairs.push(["smooth", formatNumber(v.smoothing)]);
  for (const [key, prop] of VIEW_FLAGS) if (v[prop] !== vb[prop]) pairs.push([key, v[prop] ? "1" : "0"]);
  if (v.xUnit !== vb.xUnit) pairs.push(["x", v.xUnit]);
  for (const pin of s.pins.slice(0, MAX_PINS)) {
    pairs.push(["pin", configPairs(pin, s.config).map(([k, val]) => `${k}:${val}`).join(";")]);
  }
  if (s.lang !== "en") pairs.push(["lang", s.lang]);
  if (s.lesson !== null) pairs.push(["lesson", s.lesson]);
  if (s.hide.length > 0) pairs.push(["hide", s.hide.join(",")]);
  if (s.lock.length > 0) pairs.push(["lock", s.lock.join(",")]);
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

function shown(text: string): string {
  return text.length > 60 ? JSON.stringify(text.slice(0, 60)) + "…" : JSON.stringify(text);
}

/** Applies config pairs over `base`; problems carry the URL key as field (prefixed for pins). */
function decodeConfig(pairs: Map<string, string>, base: RunConfig, prefix: string): { config: RunConfig; problems: Problem[] } {
  const problems: Problem[] = [];
  const add = (key: string, value: unknown, message: string) => problems.push({ field: prefix + key, value, message });
  const adopt = (key: string, ps: Problem[]) => {
    for (const p of ps) add(key, p.value, p.message);
  };

  // Optimizer: start from the base's values, overlay the given keys, validate with the schema.
  // Fields that do not apply to the resulting kind keep their defaults (a valid config's canonical form).
  const optKind = pairs.get("opt");
  const kindAfter = OPTIMIZER_KINDS.find((k) => k === optKind) ?? base.optimizer.kind;
  const rawOpt: Record<string, unknown> = { kind: optKind ?? base.optimizer.kind };
  for (const f of Object.keys(OPT_KEYS) as OptimizerFieldName[]) {
    const applies = OPTIMIZER_FIELDS[f].kinds.includes(kindAfter);
    rawOpt[f] = applies ? base.optimizer[f] : DEFAULT_OPTIMIZER[f];
    const text = pairs.get(OPT_KEYS[f]);
    if (text !== undefined) rawOpt[f] = parseValue(OPTIMIZER_FIELDS[f], text);
  }
  const opt = validateOptimizer(rawOpt);
  // A bad value falls back to the base's (the main config's for a pin), not the schema default.
  const optimizer: OptimizerConfig = opt.value;
  for (const p of opt.problems) {
    const f = p.field.replace(/^optimizer\./, "") as OptimizerFieldName | "kind";
    add(f === "kind" ? "opt" : (OPT_KEYS[f] ?? f), p.value, p.message);
    if (f === "kind") optimizer.kind = base.optimizer.kind;
    else if (f in OPT_KEYS) (optimizer as unknown as Record<string, unknown>)[f] = base.optimizer[f];
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
    if (k === undefined) add("decay", kindText, `decay must be one of ${POLICY_KINDS.join(", ")}, got ${shown(kindText)}`);
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
      add(key, text, `${key} does not apply to decay kind ${kind} (it belongs to ${entry.kinds.join(", ")})`);
      continue;
    }
    rawPolicy[entry.field] = parseValue(fields[entry.field], text);
  }
  const unitText = pairs.get("unit");
  if (unitText !== undefined) rawPolicy.unit = unitText;
  const warmupText = pairs.get("warmup");
  const warmupStart = pairs.get("warmupStart");
  if (warmupText !== undefined) {
    const steps = parseNumber(warmupText);
    if (steps === 0) rawPolicy.warmup = null;
    else {
      const w: Record<string, unknown> = { steps };
      if (warmupStart !== undefined) w.startFactor = parseNumber(warmupStart);
      rawPolicy.warmup = w;
    }
  } else if (warmupStart !== undefined) {
    add("warmupStart", warmupStart, "warmupStart needs warmup (the number of warmup ticks) as well");
  }
  const pol = validatePolicy(rawPolicy);
  const policy: Policy = pol.value;
  const policyValues = policy as unknown as Record<string, unknown>;
  for (const p of pol.problems) {
    const f = p.field.replace(/^policy\./, "");
    const key = f === "warmup.steps" ? "warmup" : f === "warmup.startFactor" ? "warmupStart" : policyKey(f);
    add(key, p.value, p.message);
    if (f.startsWith("warmup")) policyValues.warmup = start.warmup ?? null;
    else if (f in start) policyValues[f] = start[f];
  }

  const config: RunConfig = { ...cloneRun(base), optimizer, policy };
  for (const f of Object.keys(RUN_KEYS) as (keyof typeof RUN_KEYS)[]) {
    const key = RUN_KEYS[f];
    const text = pairs.get(key);
    if (text === undefined) continue;
    const field = RUN_FIELDS[f];
    const checked = validateField(key, field, field.type === "enum" ? text : parseNumber(text), key);
    adopt(key, checked.problems);
    if (checked.problems.length === 0) (config as unknown as Record<string, unknown>)[f] = checked.value;
  }
  const startText = pairs.get("start");
  if (startText === "") config.start = undefined;
  else if (startText !== undefined) {
    const xy = startText.split(",").map(parseNumber);
    const error = startError(xy);
    if (error !== null) add("start", startText, error);
    else if (!SURFACE_PROBLEM_IDS.includes(config.problem)) {
      add("start", startText, `start applies only to the 2-D problems (${SURFACE_PROBLEM_IDS.join(", ")}), not to problem ${config.problem}`);
    } else config.start = [(xy[0] as number) + 0, (xy[1] as number) + 0];
  }
  // A pin of another problem does not inherit the main run's start point.
  if (config.start === undefined || !SURFACE_PROBLEM_IDS.includes(config.problem)) delete config.start;
  return { config, problems };
}

/**
 * Decodes a query string (with or without `?`). Never throws; returns the state with every valid
 * field applied and one Problem per bad key or value.
 */
export function decodeState(query: string): { state: UrlState; problems: Problem[] } {
  const state = defaultUrlState();
  const problems: Problem[] = [];
  const add = (field: string, value: unknown, message: string) => problems.push({ field, value, message });
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(query.startsWith("?") ? query.slice(1) : query);
  } catch {
    return { state, problems: [{ field: "url", value: query, message: "the link could not be read" }] };
  }
  const single = new Map<string, string>();
  const pins: string[] = [];
  const counts = new Map<string, number>();
  for (const [key, value] of params) {
    if (!KNOWN_KEYS.has(key)) {
      add(key, value, `unknown key ${shown(key)}`);
      continue;
    }
    const limit = key === "pin" ? MAX_PIN_LENGTH : MAX_VALUE_LENGTH;
    if (value.length > limit) {
      add(key, value.slice(0, 60) + "…", `${key} is too long (${value.length} characters, at most ${limit})`);
      continue;
    }
    if (key === "pin") {
      pins.push(value);
      continue;
    }
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (counts.get(key) === 2) add(key, value, `${key} is given more than once; the first value is used`);
    if (!single.has(key)) single.set(key, value);
  }

  const version = single.get("v");
  if (version !== undefined && version !== String(URL_VERSION)) {
    add("v", version, `v must be ${URL_VERSION} (this link's format), got ${shown(version)}; reading it as version ${URL_VERSION}`);
  }

  const lesson = single.get("lesson");
  if (lesson !== undefined) {
    const found = findLesson(lesson);
    if (found !== undefined) state.lesson = found.id;
    else add("lesson", lesson, `lesson must be one of ${LESSONS.map((l) => l.id).join(", ")}, got ${shown(lesson)}`);
  }

  state.view = viewBase(findLesson(state.lesson)?.view);
  const main = decodeConfig(single, configBase(state.lesson), "");
  state.config = main.config;
  problems.push(...main.problems);

  const smooth = single.get("smooth");
  if (smooth !== undefined) {
    const c = validateField("smooth", VIEW_SMOOTHING, parseNumber(smooth), "smooth");
    if (c.problems.length === 0) state.view.smoothing = c.value as number;
    problems.push(...c.problems);
  }
  for (const [key, prop] of VIEW_FLAGS) {
    const text = single.get(key);
    if (text === undefined) continue;
    const b = parseValue({ type: "boolean", default: false }, text);
    if (typeof b === "boolean") state.view[prop] = b;
    else add(key, text, `${key} must be 1 or 0, got ${shown(text)}`);
  }
  const x = single.get("x");
  if (x !== undefined) {
    if (x === "step" || x === "epoch") state.view.xUnit = x;
    else add("x", x, `x must be one of step, epoch, got ${shown(x)}`);
  }
  const lang = single.get("lang");
  if (lang !== undefined) {
    if (isLang(lang)) state.lang = lang;
    else add("lang", lang, `lang must be one of en, zh, got ${shown(lang)}`);
  }
  for (const key of ["hide", "lock"] as const) {
    const text = single.get(key);
    if (text === undefined) continue;
    const ids = text.split(",").filter((s) => s !== "");
    const bad = ids.filter((id) => !ID_LIST.test(id));
    if (bad.length > 0) add(key, text, `${key} must be a comma-separated list of control ids, got ${shown(bad[0])}`);
    // Well-formed ids that no control has (a typo, an old name) are listed too; the known ones apply.
    const unknown = [...new Set(ids.filter((id) => ID_LIST.test(id) && !isControlId(id)))];
    if (unknown.length > 0) {
      const what = unknown.length === 1 ? "an unknown control id" : "unknown control ids";
      add(key, text, `${key} names ${what} ${unknown.map(shown).join(", ")}; valid ids are ${CONTROL_IDS.join(", ")}`);
    }
    state[key] = [...new Set(ids.filter((id) => ID_LIST.test(id) && isControlId(id)))];
  }

  pins.slice(0, MAX_PINS).forEach((text, i) => {
    const pairs = new Map<string, string>();
    const prefix = `pin${i + 1}.`;
    const before = problems.length;
    for (const part of text.split(";")) {
      if (part === "") continue;
      const colon = part.indexOf(":");
      const key = colon < 0 ? part : part.slice(0, colon);
      const value = colon < 0 ? "" : part.slice(colon + 1);
      if (!KNOWN_KEYS.has(key) || NOT_IN_PINS.has(key)) {
        add(prefix + key, value, `unknown key ${shown(key)} in a pinned run`);
      } else pairs.set(key, value);
    }
    const pin = decodeConfig(pairs, state.config, prefix);
    problems.push(...pin.problems);
    // A comparison run is only worth drawing as written: one with a bad field would be a different
    // run under the same name, so it is left out (and said so) rather than patched.
    if (problems.length > before) add(`pin${i + 1}`, text, `pinned run ${i + 1} was not added: fix the fields listed for it`);
    else state.pins.push(pin.config);
  });
  if (pins.length > MAX_PINS) add("pin", pins.length, `at most ${MAX_PINS} pinned runs, got ${pins.length}; the rest are dropped`);

  if (SWEEP_KEYS.some((k) => single.has(k))) {
    const sweep = decodeSweep(single);
    state.sweep = sweep.spec;
    problems.push(...sweep.problems);
  }

  return { state, problems };
}

/** One line per problem, for notices and the CLI. */
export function describeProblem(p: Problem): string {
  return `${p.field}: ${p.message}`;
}

export { formatValue };

// ---------------------------------------------------------------------------------------------
// Sweep (issue #7): `sweep=gamma&sweepLr=0.001,0.3,12&sweepValues=0.1,0.25,0.5,1&sweepSeeds=2`.
// `sweep` is the axis (a step-decay field); `sweepLr` the log-spaced rates as min,max,count. Any of
// the keys alone opens a sweep, the others taking DEFAULT_SWEEP's values; the engine's
// validateSweep checks every value and range. The main config is the sweep's base.

const SWEEP_KEYS = ["sweep", "sweepLr", "sweepValues", "sweepSeeds"] as const;

/** Keys of the page, not of a run: a pinned run may not carry them. */
const NOT_IN_PINS: ReadonlySet<string> = new Set(["v", "pin", "smooth", "logy", "logx", "fit", "x", "lang", "lesson", "hide", "lock", ...SWEEP_KEYS]);
for (const k of SWEEP_KEYS) KNOWN_KEYS.add(k);

/** URL key of each sweep field, for problems. */
const SWEEP_FIELD_KEYS: Record<string, string> = {
  "sweep.axis": "sweep",
  "sweep.lrMin": "sweepLr",
  "sweep.lrMax": "sweepLr",
  "sweep.lrCount": "sweepLr",
  "sweep.values": "sweepValues",
  "sweep.seeds": "sweepSeeds",
  "sweep.runs": "sweep",
};

function sweepPairs(s: SweepSpec): [string, string][] {
  const out: [string, string][] = [
    ["sweep", s.axis],
    ["sweepLr", `${formatNumber(s.lrMin)},${formatNumber(s.lrMax)},${formatNumber(s.lrCount)}`],
    ["sweepValues", s.values.map(formatNumber).join(",")],
  ];
  if (s.seeds !== 1) out.push(["sweepSeeds", formatNumber(s.seeds)]);
  return out;
}

function decodeSweep(pairs: Map<string, string>): { spec: SweepSpec; problems: Problem[] } {
  const problems: Problem[] = [];
  const raw: Record<string, unknown> = {};
  const axis = pairs.get("sweep");
  if (axis !== undefined) {
    if ((SWEEP_AXIS_KINDS as readonly string[]).includes(axis)) raw.axis = axis;
    else problems.push({ field: "sweep", value: axis, message: `sweep must be one of ${SWEEP_AXIS_KINDS.join(", ")} (the axis beside the learning rate), got ${shown(axis)}` });
  }
  const lr = pairs.get("sweepLr");
  if (lr !== undefined) {
    const parts = lr.split(",");
    if (parts.length !== 3) {
      problems.push({ field: "sweepLr", value: lr, message: `sweepLr must be min,max,count (e.g. 0.001,0.3,12), got ${shown(lr)}` });
    } else {
      [raw.lrMin, raw.lrMax, raw.lrCount] = parts.map(parseNumber);
    }
  }
  const values = pairs.get("sweepValues");
  if (values !== undefined) raw.values = values === "" ? [] : values.split(",").map(parseNumber);
  const seeds = pairs.get("sweepSeeds");
  if (seeds !== undefined) raw.seeds = parseNumber(seeds);
  const checked = validateSweep(raw);
  for (const p of checked.problems) problems.push({ field: SWEEP_FIELD_KEYS[p.field] ?? "sweep", value: p.value, message: p.message });
  return { spec: checked.value, problems };
}
