// Validation problems in the interface language. Every Problem carries a code and the parameters its
// sentence needs (engine/problem-codes.ts); English is the engine's own wording (also kept as
// `message` for the CLI), Chinese is worded here from the same code and parameters, naming the
// field, the value and the valid range. Both tables are typed over every code, so a new code
// without a sentence in either language does not compile.
//
// Pure functions, no store, no DOM: rendered as text by the caller.

import type { NumberRange } from "../engine/config-fields.ts";
import { expressionErrorZh } from "./expression-text.ts";
import { listValues, problemEnglish, wordProblem, type Problem, type Wording } from "../engine/problem-codes.ts";
import { formatValue } from "../engine/value-text.ts";
import { groupDigits } from "../engine/step-budget.ts";
import type { Lang } from "./i18n.ts";

/** Subjects the engine names in words that read better translated; any other name (a field id) stays. */
const NAME_ZH: Readonly<Record<string, string>> = {
  "optimizer kind": "优化器类型",
  "decay kind": "衰减类型",
  optimizer: "优化器",
  policy: "衰减策略",
  "warmup steps": "预热长度 (warmup steps)",
  "the link": "该链接",
};

const nameZh = (name: string): string => NAME_ZH[name] ?? name;

/** A valid range in Chinese: `在 [0, 1) 范围内`, `是 [1, 1000000] 范围内的整数`, `是 ≥ 0 的整数`, `> 0`. */
export function formatRangeZh(range: NumberRange, maxName?: string): string {
  const lo = Number.isFinite(range.min);
  const hi = Number.isFinite(range.max);
  const integer = range.integer === true;
  const max = maxName === undefined ? String(range.max) : `${maxName} = ${String(range.max)}`;
  if (lo && hi) {
    const interval = `${range.minInclusive ? "[" : "("}${String(range.min)}, ${max}${range.maxInclusive ? "]" : ")"}`;
    return integer ? `是 ${interval} 范围内的整数` : `在 ${interval} 范围内`;
  }
  let bound: string | null = null;
  if (lo) bound = `${range.minInclusive ? "≥" : ">"} ${String(range.min)}`;
  else if (hi) bound = `${range.maxInclusive ? "≤" : "<"} ${max}`;
  if (bound === null) return integer ? "是整数" : "是有限的数";
  return integer ? `是 ${bound} 的整数` : bound;
}

/** "（值为 X）" for sentences that do not quote the value themselves. */
const withValue = (p: Problem, v: string): string => (p.value === undefined ? "" : `（值为 ${v}）`);

const UNKNOWN_FIELD_ZH = { optimizer: "优化器字段", warmup: "预热字段", config: "配置字段", sweep: "扫描字段" } as const;

const ZH: Wording = {
  notNumber: (p, n, v) => `${nameZh(n)} 必须${p.nullable ? "为空或数字" : "是数字"}，实际为 ${v}`,
  outOfRange: (p, n, v) => `${nameZh(n)} 必须${p.nullable ? "为空或" : ""}${formatRangeZh(p.range, p.maxName)}，实际为 ${v}`,
  notBoolean: (_p, n, v) => `${nameZh(n)} 必须是布尔值（true 或 false），实际为 ${v}`,
  notFlag: (_p, n, v) => `${n} 必须为 1 或 0，实际为 ${v}`,
  notOneOf: (p, n, v) => `${nameZh(n)} 必须是以下之一：${listValues(p.values, p.quote)}，实际为 ${v}`,
  notArray: (p, n, v) => `${nameZh(n)} 必须是${p.of === undefined ? "数字" : ` ${p.of} 值的`}列表，实际为 ${v}`,
  entryCount: (p, n) =>
    p.min === undefined ? `${nameZh(n)} 最多 ${p.max} 项，实际有 ${p.count} 项` : `${nameZh(n)} 必须有 ${p.min} 到 ${p.max} 项，实际有 ${p.count} 项`,
  notNonDecreasing: (_p, n, v) => `${nameZh(n)} 必须按从小到大排列，实际为 ${v}`,
  repeatsDropped: (p, n) => `${nameZh(n)} 中重复的 ${p.of} 值已去掉`,
  notObject: (p, n, v) => `${nameZh(n)} 必须是对象${p.nullable ? "或 null" : ""}，实际为 ${v}`,
  unreadable: (p, n) => `无法读取${nameZh(n)}${p.detail === undefined ? "" : `：${p.detail}`}`,
  notForOptimizer: (p, n, v) => `${nameZh(n)} 不适用于优化器类型 ${JSON.stringify(p.kind)}${withValue(p, v)}`,
  notForDecay: (p, n, v) => `${n} 不适用于衰减类型 ${p.kind}（它属于 ${p.kinds.join(", ")}）${withValue(p, v)}`,
  unknownField: (p, n, v) =>
    p.scope === "decay"
      ? `衰减类型 ${JSON.stringify(p.kind)} 没有字段 ${formatValue(n)}${withValue(p, v)}`
      : `未知的${UNKNOWN_FIELD_ZH[p.scope]} ${formatValue(n)}${withValue(p, v)}`,
  required: (p, n) => `必须给出 ${nameZh(n)}（${formatRangeZh(p.range)}）`,
  notPoint: (p, n, v) => `${n} 必须是两个数 (x, y)，各在 [-${p.limit}, ${p.limit}] 范围内，实际为 ${v}`,
  notForProblem: (p, n) => `${n} 只适用于二维问题（${p.problems.join(", ")}），不适用于问题 ${p.problem}`,
  lrRatio: (p, n, v) => `${n} 必须至少是 lrMin（${p.lrMin}）的 ${p.ratio} 倍，实际为 ${v}`,
  overBudget: (p) =>
    `该扫描有 ${groupDigits(p.runs)} 次运行 × 每次 ${groupDigits(p.stepsPerRun)} 步 = ${groupDigits(p.total)} 步；最多 ${groupDigits(p.max)} 步（请减少学习率、取值、种子数或轮数，或增大批量）`,
  tooManyRuns: (p) =>
    `该扫描有 ${p.lrCount} × ${p.valueCount} × ${p.seeds} = ${p.runs} 次运行；最多 ${p.max} 次（请减少学习率、取值或种子数）`,
  badFormat: (p, n, v) => `${n} 的格式必须是 ${p.format}（例如 ${p.example}），实际为 ${v}`,
  unknownKey: (p, n, v) => `${p.inPin ? "对照运行中有未知参数" : "未知参数"} ${formatValue(n)}${withValue(p, v)}`,
  tooLong: (p, n, v) => `${n} 的值过长（${p.length} 个字符，最多 ${p.max} 个）${withValue(p, v)}`,
  duplicateKey: (p, n, v) => `${n} 出现了不止一次，使用第一个值${withValue(p, v)}`,
  badVersion: (p, n, v) => `${n} 必须为 ${p.version}（本链接的格式版本），实际为 ${v}；按版本 ${p.version} 读取`,
  needsWarmup: (p, n, v) => `${n} 还需要同时给出 warmup（预热的刻度数）${withValue(p, v)}`,
  badIdList: (p, n) => `${n} 必须是以逗号分隔的控件 id 列表，实际为 ${formatValue(p.id)}`,
  unknownIds: (p, n) => `${n} 中有未知的控件 id：${p.ids.map((id) => formatValue(id)).join(", ")}（有效的 id：${p.valid.join(", ")}）`,
  pinDropped: (p) => `第 ${p.index} 个对照运行未添加：请先修正上面列出的参数`,
  tooManyPins: (p) => `最多 ${p.max} 个对照运行，实际有 ${p.count} 个；多出的已舍弃`,
  tooManyKeys: (p) => `该链接有 ${p.count} 个参数；只读取前 ${p.max} 个，其余已忽略`,
  badExpression: (p, n, v) => `${n} = ${v} ${expressionErrorZh(p.error)}`,
  badBounds: (p, n, v) => `${n} 必须是四个数 xMin,xMax,yMin,yMax，且 xMin < xMax、yMin < yMax，各在 [-${p.limit}, ${p.limit}] 范围内，实际为 ${v}`,
};

/** The problem's sentence in `lang`, worded from its code. */
export function problemMessage(p: Problem, lang: Lang): string {
  return lang === "zh" ? wordProblem(p, ZH) : problemEnglish(p);
}

/** One line per problem for a list, `field: sentence` (`field：sentence` in Chinese). */
export function describeProblemIn(p: Problem, lang: Lang): string {
  return lang === "zh" ? `${p.field}：${problemMessage(p, lang)}` : `${p.field}: ${problemMessage(p, lang)}`;
}
