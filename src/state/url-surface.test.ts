// The 2-D start point in the link (`start=x,y`), set by clicking the loss-surface view.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_RUN, START_LIMIT, cloneRun, validateRunConfig, withProblemParts, type RunConfig } from "../engine/run-config.ts";
import { arbRunConfig } from "../engine/testing/arbitraries.ts";
import { SURFACE_PROBLEM_IDS, Trainer } from "../engine/trainer.ts";
import { decodeState, defaultUrlState, encodeState } from "./url.ts";

const onSurface = (start?: readonly [number, number]): RunConfig => ({ ...cloneRun(DEFAULT_RUN), problem: "rosenbrock", ...(start ? { start } : {}) });

describe("start point in the URL", () => {
  it("encodes as start=x,y and decodes back", () => {
    const q = encodeState({ ...defaultUrlState(), config: onSurface([0.5, -0.25]) });
    expect(q).toBe("v=1&problem=rosenbrock&start=0.5,-0.25");
    const { state, problems } = decodeState(q);
    expect(problems).toEqual([]);
    expect(state.config.start).toEqual([0.5, -0.25]);
    expect(state.config.problem).toBe("rosenbrock");
  });

  it("is absent by default, and a link without it has no start", () => {
    expect(encodeState({ ...defaultUrlState(), config: onSurface() })).toBe("v=1&problem=rosenbrock");
    expect("start" in decodeState("?problem=rosenbrock").state.config).toBe(false);
  });

  it("reports bad values with field, value and range, and keeps the rest", () => {
    for (const bad of ["1", "1,2,3", "a,b", "1,NaN", "1e9,0", ",", "1,Infinity"]) {
      const { state, problems } = decodeState(`?problem=bowl&start=${encodeURIComponent(bad)}&seed=4`);
      expect(state.config.start).toBeUndefined();
      expect(state.config.problem).toBe("bowl");
      expect(state.config.seed).toBe(4);
      expect(problems).toHaveLength(1);
      expect(problems[0].field).toBe("start");
      expect(problems[0].message).toContain(`[-${START_LIMIT}, ${START_LIMIT}]`);
    }
  });

  it("is refused (with a message) on problems that are not 2-D", () => {
    const { state, problems } = decodeState("?start=1,2");
    expect(state.config.start).toBeUndefined();
    expect(problems.map((p) => p.field)).toEqual(["start"]);
    expect(problems[0].message).toMatch(/only to the 2-D problems/);
  });

  it("pins carry their own start, or none", () => {
    const main = onSurface([1, 1]);
    const q = encodeState({ ...defaultUrlState(), config: main, pins: [onSurface([-1, 2]), onSurface()] });
    const { state, problems } = decodeState(q);
    expect(problems).toEqual([]);
    expect(state.pins[0].start).toEqual([-1, 2]);
    expect(state.pins[1].start).toBeUndefined();
  });

  it("round-trips any valid start on any surface (property)", () => {
    fc.assert(
      fc.property(
        arbRunConfig,
        fc.constantFrom(...SURFACE_PROBLEM_IDS),
        fc.tuple(fc.double({ min: -START_LIMIT, max: START_LIMIT, noNaN: true }), fc.double({ min: -START_LIMIT, max: START_LIMIT, noNaN: true })),
        (config, problem, [x, y]) => {
          const c: RunConfig = withProblemParts({ ...config, problem, start: [x + 0, y + 0] }, true);
          const { state, problems } = decodeState(encodeState({ ...defaultUrlState(), config: c }));
          expect(problems).toEqual([]);
          expect(state.config.start).toEqual([x + 0, y + 0]);
        },
      ),
    );
  });

  it("the schema accepts a start and the trainer starts there", () => {
    const checked = validateRunConfig({ problem: "beale", start: [2, -1] });
    expect(checked.problems).toEqual([]);
    expect(new Trainer(checked.value).params()).toEqual(new Float64Array([2, -1]));
    expect(validateRunConfig({ start: [0, "x"] }).problems[0].message).toMatch(/^start must be two numbers/);
    // Ignored by problems that are not 2-D (the URL codec refuses it there; the engine tolerates it).
    const nqm = new Trainer({ ...cloneRun(DEFAULT_RUN), start: [5, 5] });
    expect(nqm.params().length).toBe(100);
  });
});
