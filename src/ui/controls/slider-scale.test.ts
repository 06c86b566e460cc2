import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OPTIMIZER_FIELDS, POLICY_FIELDS, inRange } from "../../engine/config.ts";
import { RUN_FIELDS } from "../../engine/run-config.ts";
import { betaFromU, parseNumberText, sliderScale, sliderPosition, uFromBeta, valueAtPos } from "./slider-scale.ts";

describe("beta slider", () => {
  it("puts 0.9, 0.99, 0.999, 0.9999 on whole positions", () => {
    expect([0, 1, 2, 3, 4, 5].map(betaFromU)).toEqual([0, 0.9, 0.99, 0.999, 0.9999, 0.99999]);
    expect(betaFromU(1.5)).toBe(0.968);
    expect(uFromBeta(0.999)).toBeCloseTo(3, 12);
    expect(uFromBeta(0)).toBe(0);
  });

  it("always gives a valid beta", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 5, noNaN: true }), (u) => {
        expect(inRange(OPTIMIZER_FIELDS.beta1, betaFromU(u))).toBe(true);
      }),
    );
  });
});

describe("log slider", () => {
  it("spans lr's hint with 2-significant-digit values inside the range", () => {
    const s = sliderScale(OPTIMIZER_FIELDS.lr, "log");
    expect(s.fromPos(s.min)).toBe(1e-5);
    expect(s.fromPos(s.max)).toBe(1);
    expect(s.fromPos(s.toPos(0.02))).toBe(0.02);
    for (let p = s.min; p <= s.max; p += s.step) expect(inRange(OPTIMIZER_FIELDS.lr, s.fromPos(p))).toBe(true);
  });

  it("has an exact zero at the left end for rates that may be 0", () => {
    const s = sliderScale(POLICY_FIELDS.cosine.etaMin, "log");
    expect(s.fromPos(0)).toBe(0);
    expect(s.toPos(0)).toBe(0);
    expect(s.fromPos(1)).toBeGreaterThan(0);
    expect(s.fromPos(s.max)).toBe(0.1);
  });

  it("keeps integer fields integer and in range", () => {
    const s = sliderScale(RUN_FIELDS.batchSize, "log");
    for (let p = s.min; p <= s.max; p += s.step) expect(inRange(RUN_FIELDS.batchSize, s.fromPos(p))).toBe(true);
  });
});

describe("linear slider", () => {
  it("rounds to its step and stays inside open ranges", () => {
    const s = sliderScale(POLICY_FIELDS.oneCycle.pctStart, "linear");
    for (let p = s.min; p <= s.max + 1e-12; p += s.step) expect(inRange(POLICY_FIELDS.oneCycle.pctStart, s.fromPos(p))).toBe(true);
    const g = sliderScale(POLICY_FIELDS.step.stepSize, "linear");
    expect(g.step).toBe(1);
    expect(g.fromPos(4.6)).toBe(5);
  });
});

describe("parseNumberText", () => {
  it("accepts valid text and gives the schema's messages otherwise", () => {
    const f = OPTIMIZER_FIELDS.beta1;
    expect(parseNumberText("beta1", f, " 0.95 ")).toEqual({ value: 0.95, problem: null });
    expect(parseNumberText("beta1", f, "1.2").problem?.message).toBe("beta1 must be in [0, 1), got 1.2");
    expect(parseNumberText("beta1", f, "abc").problem?.message).toBe('beta1 must be a number, got "abc"');
    expect(parseNumberText("beta1", f, "").problem?.message).toBe('beta1 must be a number, got ""');
    expect(parseNumberText("beta1", f, "NaN").problem?.message).toBe('beta1 must be a number, got "NaN"');
    expect(parseNumberText("lr", OPTIMIZER_FIELDS.lr, "Infinity").problem?.message).toMatch(/^lr must be a number/);
  });
});

describe("keyboard steps never get stuck", () => {
  it("moves every slider one value per arrow press in both directions until its end", () => {
    const cases = [
      sliderScale(OPTIMIZER_FIELDS.lr, "log"),
      sliderScale(OPTIMIZER_FIELDS.beta2, "beta"),
      sliderScale(OPTIMIZER_FIELDS.epsilon, "log", { min: 1e-10, max: 10 }),
      sliderScale(RUN_FIELDS.batchSize, "log"),
      sliderScale(POLICY_FIELDS.cosine.etaMin, "log"),
      sliderScale(POLICY_FIELDS.step.gamma, "linear"),
    ];
    for (const s of cases) {
      let v = s.fromPos(s.min);
      let presses = 0;
      // The browser rounds the shown position to the step grid and moves one step per press.
      const press = (dir: number): number => Math.min(s.max, Math.max(s.min, sliderPosition(s, v) + dir * s.step));
      while (v !== s.fromPos(s.max) && presses < 2000) {
        const next = valueAtPos(s, v, press(1));
        expect(next).toBeGreaterThan(v);
        // Re-reading the shown position gives the same value back (no second change event).
        expect(valueAtPos(s, next, sliderPosition(s, next))).toBe(next);
        v = next;
        presses++;
      }
      expect(v).toBe(s.fromPos(s.max));
      const down = valueAtPos(s, v, press(-1));
      expect(down).toBeLessThan(v);
    }
  });
});
