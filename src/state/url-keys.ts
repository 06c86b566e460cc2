// The one table of a link's keys: every key the codec reads or writes, what it sets, how its text
// is parsed and formatted, and its limits. url.ts walks this table; nothing else knows a key.
//
// - Run keys set a field of the run config. Their text is parsed and formatted by the schema's own
//   descriptor (config-fields.ts), so a range or an enum is written down once, in the engine.
// - Page keys (the chart view incl. the bands' `seeds`, lang, lesson, teacher mode's hide/lock) each carry their own
//   parse/format and the base they are omitted against (a lesson's view is the base of the view keys).
// - `pin` (a comparison run, repeated), `v` (the format version) and the sweep keys (url-sweep.ts).

import {
  POLICY_FIELDS,
  POLICY_KINDS,
  validateField,
  type FieldDescriptor,
  type OptimizerFieldName,
} from "../engine/config.ts";
import { seedsProblem } from "../engine/ensemble.ts";
import { problem, type Problem } from "../engine/problem-codes.ts";
import { DEFAULT_RUN, cloneRun, type RunConfig } from "../engine/run-config.ts";
import type { SweepSpec } from "../engine/sweep.ts";
import type { PolicyKind } from "../engine/types.ts";
import { numberOrText } from "../engine/value-text.ts";
import { CONTROL_IDS, isControlId } from "./control-ids.ts";
import { LANGS, type Lang } from "./i18n.ts";
import { LESSONS, findLesson, type LessonId } from "./lessons.ts";
import { DEFAULT_VIEW, MAX_SMOOTHING, type ViewState, type XUnit } from "./url-view.ts";
import { SWEEP_KEYS } from "./url-sweep.ts";
import { viewBase } from "./views.ts";

export const URL_VERSION = 1;

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
  /** The embedded figure's keys (issue #16): `embed=1`, `charts`, `controls`, `origin`; absent = none given. */
  embed?: EmbedLink;
  /** Presentation mode for a projector (`present=1`). */
  present?: boolean;
}

/** The charts an embedded figure may show, in the order they are drawn. */
export const EMBED_CHARTS = ["loss", "lr"] as const;
export type EmbedChart = (typeof EMBED_CHARTS)[number];

/** An embedded figure: shown when `on`; its charts, the controls it offers, who may command it. */
export interface EmbedLink {
  on: boolean;
  charts: EmbedChart[];
  /** Control ids (control-ids.ts) offered in the figure; none by default. */
  controls: string[];
  /** The only origin whose postMessage commands are obeyed (`https://host[:port]`), or null: the parent page, whatever its origin. */
  origin: string | null;
}

export const DEFAULT_EMBED: Readonly<EmbedLink> = Object.freeze<EmbedLink>({ on: false, charts: ["loss"], controls: [], origin: null });

export function defaultUrlState(): UrlState {
  return { config: cloneRun(DEFAULT_RUN), view: { ...DEFAULT_VIEW }, pins: [], lang: "en", lesson: null, hide: [], lock: [] };
}

// ---------------------------------------------------------------------------------------------
// Limits

/** Longest value read; a pinned run carries several fields, so it may be longer. */
const MAX_VALUE_LENGTH = 200;
const MAX_PIN_LENGTH = 1000;
export const MAX_PINS = 4;
/** Keys read from one link; the rest are reported as one problem (a 2 MB link must not freeze the page). */
export const MAX_KEYS = 500;

// ---------------------------------------------------------------------------------------------
// Text <-> typed values, by the schema's descriptor

export function formatNumber(n: number): string {
  return String(n); // shortest round-trip form; always finite here (validated configs)
}

/** A value's text -> what the schema validates: numbers by the one grammar, anything else stays text. */
export function parseByField(field: FieldDescriptor, text: string): unknown {
  switch (field.type) {
    case "number":
      return numberOrText(text);
    case "nullableNumber":
      return text === "" ? null : numberOrText(text);
    case "boolean":
      return text === "1" || text === "true" ? true : text === "0" || text === "false" ? false : text;
    case "enum":
      return text;
    case "numberArray":
      return text === "" ? [] : text.split(",").map(numberOrText);
  }
}

export function formatByField(field: FieldDescriptor, v: unknown): string {
  if (field.type === "boolean") return v ? "1" : "0";
  if (field.type === "numberArray") return (v as number[]).map(formatNumber).join(",");
  if (v === null) return "";
  return typeof v === "number" ? formatNumber(v) : String(v);
}

// ---------------------------------------------------------------------------------------------
// Run keys: the key of every settable field of a run config

/** URL key of each optimizer field (`opt` is its kind). */
export const OPT_KEYS: { readonly [K in OptimizerFieldName]: string } = {
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
  warmupSteps: "sfWarmup",
  r: "sfR",
  weightLrPower: "sfLrPower",
};

/** Policy fields whose URL key differs from the field name (the rest use the name itself). */
const POLICY_KEY_RENAMES: Readonly<Record<string, string>> = { annealStrategy: "anneal", eps: "plateauEps" };
export const policyKey = (field: string): string => POLICY_KEY_RENAMES[field] ?? field;

/** URL key of each run-level field; `start` is `x,y` (an empty value, in a pin: the problem's own start). */
export const RUN_KEYS = { problem: "problem", batchSize: "batch", seed: "seed", epochs: "epochs" } as const;

/**
 * The Custom problem's keys (issue #17), by field of `RunConfig.custom`: `f` the expression
 * (URL-encoded; always written for a custom run, since the expression is the problem), `noise` its
 * gradient noise, `bounds` its view as `xMin,xMax,yMin,yMax` (both omitted at their defaults).
 */
export const CUSTOM_KEYS = { f: "f", noise: "noise", bounds: "bounds" } as const;

/** Every policy field of every kind, by URL key: the field and the kinds that have it. */
export const POLICY_KEYS: ReadonlyMap<string, { field: string; kinds: readonly PolicyKind[] }> = (() => {
  const m = new Map<string, { field: string; kinds: PolicyKind[] }>();
  for (const kind of POLICY_KINDS) {
    for (const field of Object.keys(POLICY_FIELDS[kind])) {
      const entry = m.get(policyKey(field)) ?? { field, kinds: [] };
      entry.kinds.push(kind);
      m.set(policyKey(field), entry);
    }
  }
  return m;
})();

/** The link key of a schema path (`optimizer.epsilon` -> `eps`, `policy.warmup.steps` -> `warmup`). */
export function keyOfPath(path: string): string {
  const [part, field = "", sub] = path.split(".");
  if (part === "optimizer") return field === "kind" || field === "" ? "opt" : OPT_KEYS[field as OptimizerFieldName] ?? field;
  if (part === "policy") {
    if (field === "kind" || field === "") return "decay";
    if (field === "warmup") return sub === "startFactor" ? "warmupStart" : "warmup";
    return policyKey(field);
  }
  if (part === "custom") return CUSTOM_KEYS[field as keyof typeof CUSTOM_KEYS] ?? "f";
  return RUN_KEYS[part as keyof typeof RUN_KEYS] ?? part;
}

const RUN_KEY_NAMES: readonly string[] = [
  "opt", ...Object.values(OPT_KEYS), "decay", "unit", "warmup", "warmupStart", ...POLICY_KEYS.keys(), ...Object.values(RUN_KEYS), "start", ...Object.values(CUSTOM_KEYS),
];

// ---------------------------------------------------------------------------------------------
// Page keys

interface PageKeySpec<T> {
  /** View keys are written before the pins, the others after (the order links have always had). */
  group: "view" | "page";
  get(s: UrlState): T;
  set(s: UrlState, v: T): void;
  /** The value at which the key is omitted. */
  base(s: UrlState): T;
  format(v: T): string;
  /** Text -> value (undefined: keep the base) and the problems found. */
  parse(text: string, key: string): { value?: T; problems: Problem[] };
  same?(a: T, b: T): boolean;
}

/** A page key, its value type hidden behind encode/decode. */
export interface PageKey {
  group: "view" | "page";
  /** The key's text in `s`, or null when it is at its base (omitted). */
  encode(s: UrlState): string | null;
  /** Applies the key's text to `s`; returns the problems. */
  decode(text: string, s: UrlState, key: string): Problem[];
}

function pageKey<T>(spec: PageKeySpec<T>): PageKey {
  const same = spec.same ?? ((a: T, b: T) => Object.is(a, b));
  return {
    group: spec.group,
    encode: (s) => (same(spec.get(s), spec.base(s)) ? null : spec.format(spec.get(s))),
    decode: (text, s, key) => {
      const { value, problems } = spec.parse(text, key);
      if (value !== undefined) spec.set(s, value);
      return problems;
    },
  };
}

const viewOf = (s: UrlState): ViewState => viewBase(findLesson(s.lesson)?.view);

const SMOOTHING_FIELD: FieldDescriptor = { type: "number", min: 0, max: MAX_SMOOTHING, minInclusive: true, maxInclusive: true, default: DEFAULT_VIEW.smoothing };

/** An on/off key: `1`/`true` or `0`/`false`. */
function parseFlag(text: string, key: string): { value?: boolean; problems: Problem[] } {
  return text === "1" || text === "true" ? { value: true, problems: [] }
    : text === "0" || text === "false" ? { value: false, problems: [] }
    : { problems: [problem(key, text, { code: "notFlag" })] };
}

function flagKey(prop: "logY" | "logX" | "fitY" | "theory"): PageKey {
  return pageKey<boolean>({
    group: "view",
    get: (s) => s.view[prop],
    set: (s, v) => (s.view[prop] = v),
    base: (s) => viewOf(s)[prop],
    format: (v) => (v ? "1" : "0"),
    parse: parseFlag,
  });
}

function oneOf<T extends string>(values: readonly T[], text: string, key: string): { value?: T; problems: Problem[] } {
  const found = values.find((v) => v === text);
  return found !== undefined ? { value: found, problems: [] } : { problems: [problem(key, text, { code: "notOneOf", values, quote: false })] };
}

const ID = /^[A-Za-z0-9_-]{1,40}$/;

/** `hide` / `lock`: comma-separated control ids; malformed and unknown ids are reported, known ones apply. */
function idListKey(prop: "hide" | "lock"): PageKey {
  return pageKey<string[]>({
    group: "page",
    get: (s) => s[prop],
    set: (s, v) => (s[prop] = v),
    base: () => [],
    format: (v) => v.join(","),
    same: (a, b) => a.length === b.length && a.every((x, i) => x === b[i]),
    parse: parseIdList,
  });
}

/** Comma-separated control ids; malformed and unknown ids are reported, known ones apply. */
function parseIdList(text: string, key: string): { value: string[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const ids = text.split(",").filter((s) => s !== "");
  const bad = ids.find((id) => !ID.test(id));
  if (bad !== undefined) problems.push(problem(key, text, { code: "badIdList", id: bad }));
  // Well-formed ids that no control has (a typo, an old name) are listed too; the known ones apply.
  const unknown = [...new Set(ids.filter((id) => ID.test(id) && !isControlId(id)))];
  if (unknown.length > 0) problems.push(problem(key, text, { code: "unknownIds", ids: unknown, valid: CONTROL_IDS }));
  return { value: [...new Set(ids.filter((id) => ID.test(id) && isControlId(id)))], problems };
}

/** `embed`, `charts`, `controls`, `origin`: read and written through `s.embed` (created on first use). */
function embedKey<K extends keyof EmbedLink>(prop: K, spec: Pick<PageKeySpec<EmbedLink[K]>, "format" | "parse" | "same">): PageKey {
  return pageKey<EmbedLink[K]>({
    group: "page",
    get: (s) => (s.embed ?? DEFAULT_EMBED)[prop],
    set: (s, v) => {
      s.embed = { ...(s.embed ?? DEFAULT_EMBED), [prop]: v };
    },
    base: () => DEFAULT_EMBED[prop],
    ...spec,
  });
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** An origin as the browser writes `event.origin`: scheme, host and port only. */
function parseOrigin(text: string, key: string): { value?: string | null; problems: Problem[] } {
  let origin: string | null = null;
  try {
    const u = new URL(text);
    if ((u.protocol === "https:" || u.protocol === "http:") && u.origin === text) origin = u.origin;
  } catch {
    origin = null;
  }
  return origin !== null
    ? { value: origin, problems: [] }
    : { problems: [problem(key, text, { code: "badFormat", format: "an origin, scheme://host[:port] without a path", example: "https://blog.example.org" })] };
}

const LESSON_IDS: readonly LessonId[] = LESSONS.map((l) => l.id);
const X_UNITS: readonly XUnit[] = ["step", "epoch"];

/** Every page key, in the order they are written and (lesson first) read. */
export const PAGE_KEYS: Readonly<Record<string, PageKey>> = {
  smooth: pageKey<number>({
    group: "view",
    get: (s) => s.view.smoothing,
    set: (s, v) => (s.view.smoothing = v),
    base: (s) => viewOf(s).smoothing,
    format: formatNumber,
    parse: (text, key) => {
      const c = validateField(key, SMOOTHING_FIELD, numberOrText(text), key);
      return c.problems.length === 0 ? { value: c.value as number, problems: [] } : { problems: c.problems };
    },
  }),
  logy: flagKey("logY"),
  logx: flagKey("logX"),
  fit: flagKey("fitY"),
  theory: flagKey("theory"),
  // The loss chart's seed bands (issue #14): `seeds=16`; 1 (no bands) unless a lesson opens with them.
  seeds: pageKey<number>({
    group: "view",
    get: (s) => s.view.seeds,
    set: (s, v) => (s.view.seeds = v),
    base: (s) => viewOf(s).seeds,
    format: formatNumber,
    parse: (text, key) => {
      const v = numberOrText(text);
      const bad = seedsProblem(key, v);
      return bad === null ? { value: v as number, problems: [] } : { problems: [bad] };
    },
  }),
  x: pageKey<XUnit>({
    group: "view",
    get: (s) => s.view.xUnit,
    set: (s, v) => (s.view.xUnit = v),
    base: (s) => viewOf(s).xUnit,
    format: String,
    parse: (text, key) => oneOf(X_UNITS, text, key),
  }),
  lang: pageKey<Lang>({
    group: "page",
    get: (s) => s.lang,
    set: (s, v) => (s.lang = v),
    base: () => "en",
    format: String,
    parse: (text, key) => oneOf(LANGS, text, key),
  }),
  lesson: pageKey<LessonId | null>({
    group: "page",
    get: (s) => s.lesson,
    set: (s, v) => (s.lesson = v),
    base: () => null,
    format: String,
    parse: (text, key) => oneOf(LESSON_IDS, text, key),
  }),
  hide: idListKey("hide"),
  lock: idListKey("lock"),
  // Issue #16: an embedded figure and presentation mode. `charts`, `controls` and `origin` only
  // matter with `embed=1`; the "Open in the playground" link drops all four.
  embed: embedKey("on", {
    format: (v) => (v ? "1" : "0"),
    parse: parseFlag,
  }),
  charts: embedKey("charts", {
    format: (v) => v.join(","),
    same: sameList,
    parse: (text, key) => {
      const names = text.split(",").filter((c) => c !== "");
      const bad = names.find((c) => !(EMBED_CHARTS as readonly string[]).includes(c));
      if (bad !== undefined || names.length === 0) return { problems: [problem(key, text, { code: "notOneOf", values: ["loss", "lr", "loss,lr"], quote: false })] };
      return { value: EMBED_CHARTS.filter((c) => names.includes(c)), problems: [] };
    },
  }),
  controls: embedKey("controls", {
    format: (v) => v.join(","),
    same: sameList,
    parse: (text, key) => parseIdList(text, key),
  }),
  origin: embedKey("origin", {
    format: (v) => v ?? "",
    parse: (text, key) => parseOrigin(text, key),
  }),
  present: pageKey<boolean>({
    group: "page",
    get: (s) => s.present ?? false,
    set: (s, v) => (s.present = v),
    base: () => false,
    format: (v) => (v ? "1" : "0"),
    parse: parseFlag,
  }),
};

/** The format version key: `v=1`. Any other value is read as this version, with a notice. */
export function checkVersion(text: string): Problem[] {
  return text === String(URL_VERSION) ? [] : [problem("v", text, { code: "badVersion", version: URL_VERSION })];
}

// ---------------------------------------------------------------------------------------------
// All keys

/** Every key a link may carry (a frozen set: the table above is the only source). */
export const KNOWN_KEYS: ReadonlySet<string> = Object.freeze(
  new Set<string>(["v", ...RUN_KEY_NAMES, ...Object.keys(PAGE_KEYS), "pin", ...SWEEP_KEYS]),
);

/** The keys a pinned run may carry: the run keys only. */
export const PIN_KEYS: ReadonlySet<string> = Object.freeze(new Set<string>(RUN_KEY_NAMES));

/** The longest value read for `key`. */
/** `f` has none here: its own check refuses a long expression (by its length alone, first) and falls back. */
export const maxLengthOf = (key: string): number =>
  key === "pin" ? MAX_PIN_LENGTH : key === CUSTOM_KEYS.f ? Infinity : MAX_VALUE_LENGTH;
