import { describe, expect, it } from "vitest";
import { decodeState, encodeState, defaultUrlState } from "./url.ts";
import { problemMessage } from "./problem-text.ts";

describe("the seeds link key", () => {
  it("round-trips every valid count, omitted at its base", () => {
    for (let n = 1; n <= 64; n++) {
      const s = defaultUrlState();
      s.view.seeds = n;
      const q = encodeState(s);
      expect(q).toBe(n === 1 ? "" : `v=1&seeds=${n}`);
      expect(decodeState(q)).toEqual({ state: s, problems: [] });
    }
  });

  it("lessons 1 and 2 open with bands of 8 seeds; 1 turns them off and is written out", () => {
    for (const lesson of ["plateau", "halve-vs-tenth"]) {
      expect(decodeState(`lesson=${lesson}`).state.view.seeds).toBe(8);
      const off = decodeState(`lesson=${lesson}&seeds=1`);
      expect(off.state.view.seeds).toBe(1);
      expect(encodeState(off.state)).toBe(`v=1&seeds=1&lesson=${lesson}`);
      expect(encodeState(decodeState(`lesson=${lesson}&seeds=8`).state)).toBe(`v=1&lesson=${lesson}`);
    }
    expect(decodeState("lesson=epsilon-hat").state.view.seeds).toBe(1);
  });

  it("a bad value names the field, the value and the range 1–64, and keeps the rest", () => {
    for (const [text, shown] of [["0", "0"], ["999", "999"], ["abc", '"abc"'], ["2.5", "2.5"], ["", '""'], ["-3", "-3"]]) {
      const { state, problems } = decodeState(`seeds=${text}&lr=0.01`);
      expect(state.view.seeds).toBe(1);
      expect(state.config.optimizer.lr).toBe(0.01);
      expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual([`seeds: seeds must be an integer in [1, 64], got ${shown}`]);
      expect(problemMessage(problems[0], "zh")).toContain("64");
    }
    // In a lesson, a bad value keeps the lesson's 8.
    expect(decodeState("lesson=plateau&seeds=0").state.view.seeds).toBe(8);
  });
});
