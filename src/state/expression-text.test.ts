import { describe, expect, it } from "vitest";
import { customRunProblem } from "../engine/custom-check.ts";
import { compileNow } from "../engine/expression/compile-now.ts";
import { expressionErrorEnglish } from "../engine/expression/errors.ts";
import { HOSTILE_EXPRESSIONS } from "../engine/expression/hostile.ts";
import { DEFAULT_RUN, cloneRun, type RunConfig } from "../engine/run-config.ts";
import { expressionErrorZh } from "./expression-text.ts";

function customRun(f: string, start: [number, number]): RunConfig {
  return { ...cloneRun(DEFAULT_RUN), problem: "custom", custom: { f, noise: 0.5, bounds: { xMin: -3, xMax: 3, yMin: -3, yMax: 3 } }, start };
}

describe("an expression's refusal in Chinese", () => {
  it("words every refusal in English and Chinese with the same numbers and tokens", () => {
    for (const h of HOSTILE_EXPRESSIONS) {
      const p = customRunProblem(customRun(h.text, [-1, 0.5]), compileNow);
      if (p === null || p.code !== "badExpression") throw new Error(h.text);
      const en = expressionErrorEnglish(p.error);
      const zh = expressionErrorZh(p.error);
      expect(zh).toMatch(/[\u3400-\u9fff]/);
      for (const token of en.match(/\d+(\.\d+)?|"[^"]*"/g) ?? []) expect(zh, `${h.text}: ${token}`).toContain(token);
    }
  });
});
