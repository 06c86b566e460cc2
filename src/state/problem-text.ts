// Validation problems in the interface language. The engine's schema (config.ts) and the URL codec
// (url.ts) word every Problem in English, `{ field, value, message }` with the message naming the
// field, the valid range and the value. English shows that message as it is; Chinese is rebuilt
// here from the message's known shapes, so it still names the field, the value and the valid range.
// A message of a shape not listed here is still shown, wrapped in a Chinese sentence naming the
// field and the value, so nothing ever disappears.
//
// Pure functions, no store, no DOM: rendered as text by the caller.

import { formatValue, type NumberRange } from "../engine/config.ts";
import type { Problem } from "../engine/types.ts";
import type { Lang } from "./i18n.ts";

/** Names the engine's messages use that read better translated; any other name (a field id) stays. */
const NAME_ZH: Record<string, string> = {
  "optimizer kind": "优化器类型",
  "decay kind": "衰减类型",
  optimizer: "优化器",
  policy: "衰减策略",
  "warmup steps": "预热长度 (warmup steps)",
};

const nameZh = (name: string): string => NAME_ZH[name] ?? name;

/** A valid range in Chinese: `在 [0, 1) 范围内`, `是 [1, 1000000] 范围内的整数`, `是 ≥ 0 的整数`, `> 0`. */
export function formatRangeZh(range: NumberRange): string {
  const lo = Number.isFinite(range.min);
  const hi = Number.isFinite(range.max);
  const integer = range.integer === true;
  if (lo && hi) {
    const interval = `${range.minInclusive ? "[" : "("}${String(range.min)}, ${String(range.max)}${range.maxInclusive ? "]" : ")"}`;
    return integer ? `是 ${interval} 范围内的整数` : `在 ${interval} 范围内`;
  }
  let bound: string | null = null;
  if (lo) bound = `${range.minInclusive ? "≥" : ">"} ${String(range.min)}`;
  else if (hi) bound = `${range.maxInclusive ? "≤" : "<"} ${String(range.max)}`;
  if (bound === null) return integer ? "是整数" : "是有限的数";
  return integer ? `是 ${bound} 的整数` : bound;
}

/** The English range words of `formatRange` (config.ts) read back into a NumberRange, or null. */
export function parseRange(text: string): NumberRange | null {
  let rest = text.trim();
  let integer = false;
  if (rest.startsWith("an integer")) {
    integer = true;
    rest = rest.slice("an integer".length).trim();
    if (rest === "") return { min: -Infinity, max: Infinity, minInclusive: false, maxInclusive: false, integer };
  }
  if (rest === "a finite number") return { min: -Infinity, max: Infinity, minInclusive: false, maxInclusive: false };
  const interval = /^in ([[(])(\S+), (\S+?)([\])])$/.exec(rest);
  if (interval !== null) {
    const [, open, a, b, close] = interval;
    const min = Number(a);
    const max = Number(b);
    if (Number.isNaN(min) || Number.isNaN(max)) return null;
    return { min, max, minInclusive: open === "[", maxInclusive: close === "]", integer };
  }
  const bound = /^(>=|>|<=|<) (\S+)$/.exec(rest);
  if (bound !== null) {
    const [, op, x] = bound;
    const n = Number(x);
    if (Number.isNaN(n)) return null;
    if (op.startsWith(">")) return { min: n, max: Infinity, minInclusive: op === ">=", maxInclusive: true, integer };
    return { min: -Infinity, max: n, minInclusive: true, maxInclusive: op === "<=", integer };
  }
  return null;
}

type Rule = readonly [RegExp, (m: RegExpExecArray, p: Problem, range: NumberRange | undefined) => string | null];

/** The value as the message quoted it, or as the schema formats values. */
const valueOf = (p: Problem): string => formatValue(p.value);

/** "(值为 X)" for messages that do not quote the value themselves. */
const withValue = (p: Problem): string => (p.value === undefined ? "" : `（值为 ${valueOf(p)}）`);

const RULES: readonly Rule[] = [
  // --- the schema (config.ts)
  [/^(.+?) must be a number, got (.*)$/s, (m) => `${nameZh(m[1])} 必须是数字，实际为 ${m[2]}`],
  [/^(.+?) must be null or a number, got (.*)$/s, (m) => `${nameZh(m[1])} 必须为空或数字，实际为 ${m[2]}`],
  [/^(.+?) must be an array, got (.*)$/s, (m) => `${nameZh(m[1])} 必须是数字列表，实际为 ${m[2]}`],
  [/^(.+?) must be a boolean, got (.*)$/s, (m) => `${nameZh(m[1])} 必须是布尔值（true 或 false），实际为 ${m[2]}`],
  [/^(.+?) must be an object, got (.*)$/s, (m) => `${nameZh(m[1])} 必须是对象，实际为 ${m[2]}`],
  [/^(.+?) must be an object or null, got (.*)$/s, (m) => `${nameZh(m[1])} 必须是对象或 null，实际为 ${m[2]}`],
  [/^(.+?) must be non-decreasing, got (.*)$/s, (m) => `${nameZh(m[1])} 必须按从小到大排列，实际为 ${m[2]}`],
  [/^(.+?) must have at most (\d+) entries, got (\d+)$/s, (m) => `${nameZh(m[1])} 最多 ${m[2]} 项，实际有 ${m[3]} 项`],
  [/^(.+?) must be one of (.+), got (.*)$/s, (m) => `${nameZh(m[1])} 必须是以下之一：${m[2]}，实际为 ${m[3]}`],
  [/^(\S+) must be 1 or 0, got (.*)$/s, (m) => `${m[1]} 必须为 1 或 0，实际为 ${m[2]}`],
  [
    /^(.+?) must be (null or )?(.+), got (.*)$/s,
    (m, _p, given) => {
      const range = given ?? parseRange(m[3]);
      if (range === null) return null;
      return `${nameZh(m[1])} 必须${m[2] === undefined ? "" : "为空或"}${formatRangeZh(range)}，实际为 ${m[4]}`;
    },
  ],
  [/^(.+?) is invalid$/s, (m, p) => `${nameZh(m[1])} 的值无效${withValue(p)}`],
  [
    /^(.+?) does not apply to optimizer kind (.+)$/s,
    (m, p) => `${nameZh(m[1])} 不适用于优化器类型 ${m[2]}${withValue(p)}`,
  ],
  [/^unknown optimizer field (.+)$/s, (m, p) => `未知的优化器字段 ${m[1]}${withValue(p)}`],
  [/^unknown field (.+) for decay kind (.+)$/s, (m, p) => `衰减类型 ${m[2]} 没有字段 ${m[1]}${withValue(p)}`],
  [/^unknown warmup field (.+)$/s, (m, p) => `未知的预热字段 ${m[1]}${withValue(p)}`],
  [
    /^warmup steps is required \((.+)\)$/s,
    (m) => {
      const range = parseRange(m[1]);
      return `预热需要给出长度 steps（必须${range === null ? m[1] : formatRangeZh(range)}）`;
    },
  ],
  [/^(.+?) could not be read: (.*)$/s, (m) => `无法读取 ${nameZh(m[1])}：${m[2]}`],
  // --- the URL codec (url.ts)
  [/^pinned run (\d+) was not added: fix the fields listed for it$/s, (m) => `第 ${m[1]} 个对照运行未添加：请先修正上面列出的参数`],
  [/^unknown key (.+) in a pinned run$/s, (m, p) => `对照运行中有未知参数 ${m[1]}${withValue(p)}`],
  [/^unknown key (.+)$/s, (m, p) => `未知参数 ${m[1]}${withValue(p)}`],
  [
    /^(\S+) is too long \((\d+) characters, at most (\d+)\)$/s,
    (m, p) => `${m[1]} 的值过长（${m[2]} 个字符，最多 ${m[3]} 个）${withValue(p)}`,
  ],
  [
    /^(\S+) is given more than once; the first value is used$/s,
    (m, p) => `${m[1]} 出现了不止一次，使用第一个值${withValue(p)}`,
  ],
  [
    /^v must be (\d+) \(this link's format\), got (.+); reading it as version (\d+)$/s,
    (m) => `v 必须为 ${m[1]}（本链接的格式版本），实际为 ${m[2]}；按版本 ${m[3]} 读取`,
  ],
  [
    /^(\S+) does not apply to decay kind (\S+) \(it belongs to (.+)\)$/s,
    (m, p) => `${m[1]} 不适用于衰减类型 ${m[2]}（它属于 ${m[3]}）${withValue(p)}`,
  ],
  [/^warmupStart needs warmup .*$/s, (_m, p) => `warmupStart 还需要同时给出 warmup（预热的刻度数）${withValue(p)}`],
  [
    /^lesson must be a lesson id \(letters, digits, - or _\), got (.*)$/s,
    (m) => `lesson 必须是课程 id（字母、数字、- 或 _），实际为 ${m[1]}`,
  ],
  [
    /^(\S+) must be a comma-separated list of control ids, got (.*)$/s,
    (m) => `${m[1]} 必须是以逗号分隔的控件 id 列表，实际为 ${m[2]}`,
  ],
  [
    /^(\S+) names (?:an unknown control id|unknown control ids) (.+); valid ids are (.+)$/s,
    (m) => `${m[1]} 中有未知的控件 id：${m[2]}（有效的 id：${m[3]}）`,
  ],
  [
    /^at most (\d+) pinned runs, got (\d+); the rest are dropped$/s,
    (m) => `最多 ${m[1]} 个对照运行，实际有 ${m[2]} 个；多出的已舍弃`,
  ],
  [/^the link could not be read$/s, () => "无法读取该链接"],
];

/** A Chinese sentence for one problem, or null when its message has none of the known shapes. */
export function problemMessageZh(p: Problem, range?: NumberRange): string | null {
  for (const [pattern, render] of RULES) {
    const m = pattern.exec(p.message);
    if (m === null) continue;
    const text = render(m, p, range);
    if (text !== null) return text;
  }
  return null;
}

/**
 * The problem's sentence in `lang`: the schema's English message, or its Chinese rendering. `range`
 * (the field's descriptor, when the caller has it) is preferred over the range read from the text.
 */
export function problemMessage(p: Problem, lang: Lang, range?: NumberRange): string {
  if (lang === "en") return p.message;
  return problemMessageZh(p, range) ?? `${p.field} 的值 ${valueOf(p)} 无效：${p.message}`;
}

/** One line per problem for a list, `field: message` (as url.ts's `describeProblem` in English). */
export function describeProblemIn(p: Problem, lang: Lang): string {
  return lang === "en" ? `${p.field}: ${p.message}` : `${p.field}：${problemMessage(p, lang)}`;
}
