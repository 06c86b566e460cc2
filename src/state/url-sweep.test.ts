import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_SWEEP, SWEEP_LIMITS, validateSweep, type SweepSpec } from "../engine/sweep.ts";
import { arbRunConfig } from "../engine/testing/arbitraries.ts";
import { decodeState, defaultUrlState, encodeState } from "./url.ts";

const arbSweep: fc.Arbitrary<SweepSpec> = fc
  .record({
    lrMin: fc.double({ min: 1e-6, max: 1, noNaN: true }),
    ratio: fc.double({ min: 1.01, max: 1e4, noNaN: true }),
    lrCount: fc.integer({ min: 2, max: 40 }),
    axis: fc.constantFrom("gamma" as const, "stepSize" as const),
    // Values as a person types them (3 significant digits): 20 of them fit the 200-character cap.
    gammas: fc.uniqueArray(fc.double({ min: 1e-4, max: 10, noNaN: true }).map((x) => Number(x.toPrecision(3))), { minLength: 1, maxLength: 20 }),
    steps: fc.uniqueArray(fc.integer({ min: 1, max: 99_999 }), { minLength: 1, maxLength: 20 }),
    seeds: fc.integer({ min: 1, max: 10 }),
  })
  .map(({ lrMin, ratio, lrCount, axis, gammas, steps, seeds }) => ({
    lrMin,
    lrMax: Math.min(10, lrMin * ratio),
    lrCount,
    axis,
    values: [...(axis === "gamma" ? gammas : steps)].sort((a, b) => a - b),
    seeds,
  }))
  .filter((s) => new Set(s.values).size === s.values.length && validateSweep(s).problems.length === 0);

const problemsOf = (q: string) => decodeState(q).problems.map((p) => `${p.field}: ${p.message}`);

describe("URL codec: sweep", () => {
  it("a link without sweep keys has no sweep", () => {
    expect(decodeState("?lr=0.05").state.sweep).toBeUndefined();
    expect(encodeState({ ...defaultUrlState(), sweep: null })).toBe("");
  });

  it("reads the hand-written form and writes it back the same", () => {
    const q = "v=1&sweep=stepSize&sweepLr=0.001,0.3,12&sweepValues=2,5,10&sweepSeeds=3";
    const { state, problems } = decodeState(q);
    expect(problems).toEqual([]);
    expect(state.sweep).toEqual({ lrMin: 0.001, lrMax: 0.3, lrCount: 12, axis: "stepSize", values: [2, 5, 10], seeds: 3 });
    expect(encodeState(state)).toBe(q);
    expect(encodeState({ ...defaultUrlState(), sweep: DEFAULT_SWEEP })).toBe("v=1&sweep=gamma&sweepLr=0.001,0.3,12&sweepValues=0.1,0.25,0.5,1");
  });

  it("any one sweep key opens a sweep; the rest are the defaults", () => {
    expect(decodeState("?sweep=gamma").state.sweep).toEqual(DEFAULT_SWEEP);
    expect(decodeState("?sweepSeeds=2").state.sweep).toEqual({ ...DEFAULT_SWEEP, seeds: 2 });
    expect(decodeState("?sweep=stepSize").state.sweep?.values).toEqual([2, 5, 10, 25]);
  });

  it("round-trips any valid sweep together with any config (property)", () => {
    fc.assert(
      fc.property(arbRunConfig, arbSweep, (config, sweep) => {
        const q = encodeState({ ...defaultUrlState(), config, sweep });
        const back = decodeState(q);
        expect(back.problems).toEqual([]);
        expect(back.state.sweep).toEqual(sweep);
        expect(back.state.config).toEqual(config);
      }),
      { numRuns: 150 },
    );
  });

  it("names the key, the value and the valid range of every bad value, keeping the good ones", () => {
    expect(problemsOf("?sweep=beta1")).toEqual(['sweep: sweep must be one of gamma, stepSize, cooldown, got "beta1"']);
    expect(problemsOf("?sweepLr=0.001,0.3")).toEqual(['sweepLr: sweepLr must be min,max,count (e.g. 0.001,0.3,12), got "0.001,0.3"']);
    expect(problemsOf("?sweepLr=0,0.3,12")).toEqual(["sweepLr: lrMin must be in (0, 10], got 0"]);
    expect(problemsOf("?sweepLr=0.001,abc,12")).toEqual(['sweepLr: lrMax must be in (0, 10], got "abc"']);
    expect(problemsOf("?sweepLr=0.001,0.3,99")).toEqual(["sweepLr: lrCount must be an integer in [2, 40], got 99"]);
    expect(problemsOf("?sweepValues=0.5,x")).toEqual(['sweepValues: values[1] (gamma) must be in (0, 10], got "x"']);
    expect(problemsOf("?sweepValues=")).toEqual(["sweepValues: values must have 1 to 20 entries, got 0"]);
    expect(problemsOf("?sweepSeeds=NaN")).toEqual(["sweepSeeds: seeds must be an integer in [1, 10], got NaN"]);
    expect(problemsOf("?sweep=stepSize&sweepLr=0.001,0.3,40&sweepValues=1,2,3,4,5,6,7,8,9,10,11&sweepSeeds=1")).toEqual([
      `sweep: the sweep has 40 × 11 × 1 = 440 runs; at most ${SWEEP_LIMITS.runs} (fewer rates, values or seeds)`,
    ]);
    const mixed = decodeState("?lr=0.01&sweep=stepSize&sweepLr=0.001,0.3,5&sweepValues=1.5&sweepSeeds=2");
    expect(mixed.state.config.optimizer.lr).toBe(0.01);
    expect(mixed.state.sweep).toEqual({ lrMin: 0.001, lrMax: 0.3, lrCount: 5, axis: "stepSize", values: [2, 5, 10, 25], seeds: 2 });
    expect(mixed.problems.map((p) => p.field)).toEqual(["sweepValues"]);
  });

  it("never throws on arbitrary sweep values and never keeps markup", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (a, b, c, d) => {
        const q = new URLSearchParams({ sweep: a, sweepLr: b, sweepValues: c, sweepSeeds: d }).toString();
        const { state } = decodeState(q);
        expect(state.sweep).toBeDefined();
        expect(validateSweep(state.sweep).problems).toEqual([]);
      }),
    );
    const { state } = decodeState("?sweep=%3Cimg%20src%3Dx%3E");
    expect(JSON.stringify(state.sweep)).not.toContain("<");
  });
});

describe("sweep keys inside a pin", () => {
  it("are reported, not silently ignored, and the pin is not added", () => {
    const { problems, state } = decodeState("pin=lr:0.01;sweepSeeds:3");
    expect(state.pins).toHaveLength(0);
    expect(problems).toEqual([
      expect.objectContaining({ field: "pin1.sweepSeeds", message: expect.stringContaining("unknown key") }),
      expect.objectContaining({ field: "pin1", message: "pinned run 1 was not added: fix the fields listed for it" }),
    ]);
  });
});
