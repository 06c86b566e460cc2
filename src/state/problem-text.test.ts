import { describe, expect, it } from "vitest";
import {
  OPTIMIZER_FIELDS,
  POLICY_KINDS,
  UNIT_FIELD,
  WARMUP_FIELDS,
  formatRange,
  policyFieldTable,
  validateField,
  validateOptimizer,
  validatePolicy,
  validateWarmup,
  type FieldDescriptor,
} from "../engine/config.ts";
import { RUN_FIELDS } from "../engine/run-config.ts";
import { PROBLEM_CODES, problem, type DetailOf, type Problem, type ProblemCode } from "../engine/problem-codes.ts";
import { describeProblemIn, formatRangeZh, problemMessage } from "./problem-text.ts";
import { decodeState, describeProblem } from "./url.ts";

const problemMessageZh = (p: Problem): string => problemMessage(p, "zh");

const CJK = /[\u3400-\u9fff]/;

function zhOf(query: string): string[] {
  return decodeState(query).problems.map((p) => problemMessage(p, "zh"));
}

function zhByField(query: string): Record<string, string> {
  return Object.fromEntries(decodeState(query).problems.map((p) => [p.field, problemMessage(p, "zh")]));
}

/** Every field descriptor of the schema, by name. */
function allFields(): [string, FieldDescriptor][] {
  const out: [string, FieldDescriptor][] = [];
  for (const [n, f] of Object.entries(OPTIMIZER_FIELDS)) out.push([n, f]);
  for (const k of POLICY_KINDS) for (const [n, f] of Object.entries(policyFieldTable(k))) out.push([`${k}.${n}`, f]);
  for (const [n, f] of Object.entries(RUN_FIELDS)) out.push([n, f as FieldDescriptor]);
  for (const [n, f] of Object.entries(WARMUP_FIELDS)) out.push([`warmup.${n}`, f]);
  out.push(["unit", UNIT_FIELD]);
  return out;
}

describe("Chinese problem text", () => {
  it("names field, value and range for the common kinds", () => {
    const { lr, beta1, decay, foo } = zhByField("lr=abc&beta1=1.2&decay=zigzag&foo=%3Cimg%3E");
    expect(lr).toBe('lr 必须是数字，实际为 "abc"');
    expect(beta1).toBe("beta1 必须在 [0, 1) 范围内，实际为 1.2");
    expect(decay).toMatch(/^decay 必须是以下之一：constant, step, .*inverseSqrt，实际为 "zigzag"$/);
    expect(foo).toBe('未知参数 "foo"（值为 "<img>"）');
    expect(zhOf("stepSize=0.5")[0]).toBe("stepSize 必须是 [1, 1000000] 范围内的整数，实际为 0.5");
    expect(zhOf("decay=plateau&patience=-1")[0]).toBe("patience 必须是 ≥ 0 的整数，实际为 -1");
    expect(zhOf("eps=0")[0]).toBe("epsilon 必须在 (0, 100] 范围内，实际为 0");
    expect(zhOf("decay=cosine&gamma=0.5")[0]).toBe('gamma 不适用于衰减类型 cosine（它属于 step, multiStep, cyclic）（值为 "0.5"）');
    expect(zhOf("lang=fr")[0]).toBe('lang 必须是以下之一：en, zh，实际为 "fr"');
    expect(zhOf("logy=maybe")[0]).toBe('logy 必须为 1 或 0，实际为 "maybe"');
  });

  it("has a Chinese sentence (not the fallback) for every problem a bad link can produce", () => {
    const long = "9".repeat(300);
    const queries = [
      "lr=abc&beta1=1.2&beta2=-1&eps=1e999&wd=2&form=odd&amsgrad=yes&opt=rmsprop",
      "opt=sgd&momentum=1&nesterov=2&beta1=0.5",
      "decay=multiStep&milestones=5,3,1",
      "decay=multiStep&milestones=a,b",
      `decay=multiStep&milestones=${Array.from({ length: 60 }, (_, i) => i).join(",")}`,
      "decay=cyclic&stepSizeDown=0.5&mode=sine",
      "decay=oneCycle&totalSteps=1&pctStart=1&anneal=cubic&threePhase=x",
      "decay=plateau&factor=1&thresholdMode=x&plateauEps=-1",
      "warmup=0.5&warmupStart=2",
      "warmupStart=0.5",
      "unit=hour&batch=0&seed=-1&epochs=1e9&problem=mnist",
      "smooth=2&logx=3&x=time&lesson=%3Cb%3E&hide=a,%3Cb%3E&lock=!",
      `v=7&lr=0.1&lr=0.2&seed=${long}&what=1`,
      "pin=lr:abc;foo:1;lang:zh&pin=beta1:2&pin=&pin=&pin=",
      "decay=step&tMax=5",
    ];
    let count = 0;
    for (const q of queries) {
      for (const p of decodeState(q).problems) {
        count++;
        const zh = problemMessageZh(p);
        expect(zh, `${p.field}: ${p.message}`).not.toBeNull();
        expect(zh).toMatch(CJK);
        // The value the English message quotes is quoted in Chinese too.
        const got = /, got (.*?)(;|$)/.exec(p.message);
        if (got !== null) expect(zh).toContain(got[1]);
        expect(describeProblemIn(p, "zh").startsWith(`${p.field}：`)).toBe(true);
        expect(describeProblemIn(p, "en")).toBe(describeProblem(p));
      }
    }
    expect(count).toBeGreaterThan(35);
  });

  it("covers every field of the schema with bad values, and the object-level problems", () => {
    const bad: unknown[] = [Number.NaN, "x", -1e12, 1e12, 0.5, true, null, [1, "a"], {}];
    const problems: Problem[] = [];
    for (const [name, field] of allFields()) {
      for (const v of bad) problems.push(...validateField(name, field, v, name).problems);
    }
    problems.push(...validateOptimizer(3).problems, ...validateOptimizer({ kind: "sgd", beta1: 0.5, zz: 1 }).problems);
    problems.push(...validatePolicy([]).problems, ...validatePolicy({ kind: "step", zz: 1 }).problems);
    problems.push(...validatePolicy({ kind: "nope" }).problems, ...validateWarmup(5).problems);
    problems.push(...validateWarmup({ startFactor: 0.5, zz: 1 }).problems);
    expect(problems.length).toBeGreaterThan(200);
    for (const p of problems) {
      const zh = problemMessageZh(p);
      expect(zh, p.message).not.toBeNull();
      expect(zh).toMatch(CJK);
    }
  });

  it("words every range of the schema in Chinese", () => {
    for (const [name, field] of allFields()) {
      const range = field.type === "numberArray" ? field.element : field.type === "number" || field.type === "nullableNumber" ? field : null;
      if (range === null) continue;
      expect(formatRangeZh(range), name).toMatch(/范围内|整数|[≥>≤<] /);
      expect(formatRange(range), name).toMatch(/^(an integer )?(in [[(]|[<>]=? )/);
    }
    expect(formatRangeZh({ min: 0, max: Infinity, minInclusive: false, maxInclusive: true })).toBe("> 0");
    expect(formatRangeZh({ min: 1, max: Infinity, minInclusive: true, maxInclusive: true, integer: true })).toBe("是 ≥ 1 的整数");
    expect(formatRangeZh({ min: 0, max: 10, minInclusive: false, maxInclusive: false }, "lrMax")).toBe("在 (0, lrMax = 10) 范围内");
  });

  it("words a problem from its code and range: English is the message, Chinese from the same data", () => {
    const [p] = validateField("lr", OPTIMIZER_FIELDS.lr, 20, "lr").problems;
    expect(p).toMatchObject({ field: "lr", value: 20, code: "outOfRange", range: { min: 0, max: 10, minInclusive: false, maxInclusive: true } });
    expect(problemMessage(p, "en")).toBe("lr must be in (0, 10], got 20");
    expect(p.message).toBe("lr must be in (0, 10], got 20");
    expect(problemMessage(p, "zh")).toBe("lr 必须在 (0, 10] 范围内，实际为 20");
    // A link's key keeps the schema's sentence: `eps` is the key, `epsilon` the field it names.
    const [eps] = decodeState("eps=0").problems;
    expect(eps).toMatchObject({ field: "eps", name: "epsilon", code: "outOfRange" });
  });
});

/** One problem of every code, with its parameters: a new code without a sample does not compile. */
const SAMPLES: { [C in ProblemCode]: DetailOf<C> } = {
  notNumber: { code: "notNumber", nullable: true },
  outOfRange: { code: "outOfRange", range: { min: 0, max: 1, minInclusive: true, maxInclusive: false } },
  notBoolean: { code: "notBoolean" },
  notFlag: { code: "notFlag" },
  notOneOf: { code: "notOneOf", values: ["a", "b"], quote: true },
  notArray: { code: "notArray", of: "gamma" },
  entryCount: { code: "entryCount", count: 0, min: 1, max: 20 },
  notNonDecreasing: { code: "notNonDecreasing" },
  repeatsDropped: { code: "repeatsDropped", of: "gamma" },
  notObject: { code: "notObject", nullable: true },
  unreadable: { code: "unreadable", detail: "TypeError" },
  notForOptimizer: { code: "notForOptimizer", kind: "sgd" },
  notForDecay: { code: "notForDecay", kind: "cosine", kinds: ["step"] },
  unknownField: { code: "unknownField", scope: "sweep" },
  required: { code: "required", range: { min: 1, max: Infinity, minInclusive: true, maxInclusive: true, integer: true } },
  notPoint: { code: "notPoint", limit: 1000 },
  notForProblem: { code: "notForProblem", problem: "nqm", problems: ["rosenbrock"] },
  lrRatio: { code: "lrRatio", ratio: 1.01, lrMin: 0.1 },
  overBudget: { code: "overBudget", runs: 48, stepsPerRun: 200000000, total: 9600000000, max: 50000000 },
  tooManyRuns: { code: "tooManyRuns", lrCount: 40, valueCount: 11, seeds: 1, runs: 440, max: 400 },
  badFormat: { code: "badFormat", format: "min,max,count", example: "0.001,0.3,12" },
  unknownKey: { code: "unknownKey", inPin: true },
  tooLong: { code: "tooLong", length: 300, max: 200 },
  duplicateKey: { code: "duplicateKey" },
  badVersion: { code: "badVersion", version: 1 },
  needsWarmup: { code: "needsWarmup" },
  badIdList: { code: "badIdList", id: "!" },
  unknownIds: { code: "unknownIds", ids: ["betaOne"], valid: ["beta1"] },
  pinDropped: { code: "pinDropped", index: 2 },
  tooManyPins: { code: "tooManyPins", count: 5, max: 4 },
  tooManyKeys: { code: "tooManyKeys", count: 211111, max: 500 },
  badExpression: { code: "badExpression", error: { kind: "unknownName", token: "evaluate", position: 3 } },
  badBounds: { code: "badBounds", limit: 1000 },
};

describe("problem codes", () => {
  it("every code has an English and a Chinese sentence, with its parameters in both", () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...PROBLEM_CODES].sort());
    for (const code of PROBLEM_CODES) {
      const p = problem("field", 12345.5, SAMPLES[code]);
      const en = problemMessage(p, "en");
      const zh = problemMessage(p, "zh");
      expect(en, code).toBe(p.message);
      expect(en, code).toMatch(/^[\x20-\x7e×]+$/);
      expect(zh, code).toMatch(CJK);
      // Whatever number or name the English sentence gives, the Chinese one gives too.
      for (const token of en.match(/\d+(\.\d+)?(?!-D)|"[^"]*"|\bfield\b/g) ?? []) expect(zh, `${code}: ${token}`).toContain(token);
    }
  });
});
