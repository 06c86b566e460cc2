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
import type { Problem } from "../engine/types.ts";
import { describeProblemIn, formatRangeZh, parseRange, problemMessage, problemMessageZh } from "./problem-text.ts";
import { decodeState, describeProblem } from "./url.ts";

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
    expect(decay).toMatch(/^decay 必须是以下之一：constant, step, .*plateau，实际为 "zigzag"$/);
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

  it("reads back every range of the schema exactly", () => {
    for (const [name, field] of allFields()) {
      const range = field.type === "numberArray" ? field.element : field.type === "number" || field.type === "nullableNumber" ? field : null;
      if (range === null) continue;
      const parsed = parseRange(formatRange(range));
      expect(parsed, name).not.toBeNull();
      if (parsed !== null) expect(formatRangeZh(parsed), name).toBe(formatRangeZh(range));
    }
    expect(formatRangeZh({ min: 0, max: Infinity, minInclusive: false, maxInclusive: true })).toBe("> 0");
    expect(formatRangeZh({ min: 1, max: Infinity, minInclusive: true, maxInclusive: true, integer: true })).toBe("是 ≥ 1 的整数");
  });

  it("prefers the caller's descriptor, keeps English as the schema's message, and falls back visibly", () => {
    const [p] = validateField("lr", OPTIMIZER_FIELDS.lr, 20, "lr").problems;
    expect(problemMessage(p, "en")).toBe("lr must be in (0, 10], got 20");
    expect(problemMessage(p, "zh")).toBe("lr 必须在 (0, 10] 范围内，实际为 20");
    expect(problemMessage(p, "zh", { min: 0, max: 5, minInclusive: true, maxInclusive: true })).toBe("lr 必须在 [0, 5] 范围内，实际为 20");
    const odd: Problem = { field: "lesson", value: "x", message: "no lesson is called x" };
    expect(problemMessage(odd, "zh")).toBe('lesson 的值 "x" 无效：no lesson is called x');
  });
});
