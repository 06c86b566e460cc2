import { describe, expect, it } from "vitest";
import { main, type Io } from "../cli/simulate.ts";
import { HOSTILE_EXPRESSIONS } from "../engine/expression/hostile.ts";
import { checkExpressionText } from "../engine/expression/lexer.ts";
import { CUSTOM_PRESETS } from "../engine/problems/index.ts";
import { DEFAULT_RUN, cloneRun, validateRunConfig } from "../engine/run-config.ts";
import { decodeState, encodeState, defaultUrlState } from "./url.ts";
import { describeProblemIn } from "./problem-text.ts";

function capture(argv: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), progress: false, now: () => 0 };
  return { code: main(argv, io), out, err };
}

describe("URL codec: the Custom problem (f, noise, bounds)", () => {
  it("round-trips an expression with every character the whitelist allows", () => {
    const s = defaultUrlState();
    s.config = { ...cloneRun(DEFAULT_RUN), problem: "custom", custom: { f: "max(x, y)^2 + 0.5*(1 - cos(6*x)) / (2 + y^2) - -3e-2*pi*e", noise: 0.25, bounds: { xMin: -1.5, xMax: 2, yMin: -3, yMax: 0.5 } }, start: [0.5, -1] };
    const q = encodeState(s);
    expect(q).toContain("problem=custom");
    expect(q).toContain("&f=max(x,%20y)%5E2");
    expect(q).toContain("&noise=0.25&bounds=-1.5,2,-3,0.5");
    const back = decodeState(q);
    expect(back.problems).toEqual([]);
    expect(back.state).toEqual(s);
  });

  it("writes f for every Custom run and omits noise and bounds at their defaults", () => {
    const s = defaultUrlState();
    s.config = { ...cloneRun(DEFAULT_RUN), problem: "custom", custom: { ...CUSTOM_PRESETS[2].surface, bounds: { ...CUSTOM_PRESETS[2].surface.bounds } } };
    expect(encodeState(s)).toBe(`v=1&problem=custom&f=${encodeURIComponent(CUSTOM_PRESETS[2].surface.f).replace(/%2C/g, ",")}`);
    // A pin on the same surface does not repeat it; one on another surface says which.
    s.pins = [{ ...cloneRun(s.config), optimizer: { ...s.config.optimizer, lr: 0.01 } }];
    expect(encodeState(s)).toContain("&pin=lr:0.01");
    expect(decodeState(encodeState(s)).state).toEqual(s);
  });

  it("problem=custom alone is the default surface", () => {
    const { state, problems } = decodeState("problem=custom");
    expect(problems).toEqual([]);
    expect(state.config.custom).toEqual(CUSTOM_PRESETS.find((p) => p.id === "bumpy-bowl")?.surface);
  });

  it.each(HOSTILE_EXPRESSIONS.filter((h) => checkExpressionText(h.text) !== null).map((h) => [h.why, h.text] as const))(
    "an invalid f in a link (%s) is listed, and the run falls back to the default problem",
    (_why, text) => {
      const { state, problems } = decodeState(`problem=custom&lr=0.01&f=${encodeURIComponent(text)}&start=1,1`);
      expect(state.config.problem).toBe(DEFAULT_RUN.problem);
      expect(state.config.custom).toBeUndefined();
      expect(state.config.start).toBeUndefined();
      expect(state.config.optimizer.lr).toBe(0.01);
      expect(problems.map((p) => p.field)).toEqual(["f"]);
      expect(problems[0].code).toBe("badExpression");
      expect(describeProblemIn(problems[0], "zh")).toMatch(/[\u3400-\u9fff]/);
    },
  );

  it("names key, value and reason; f, noise and bounds apply to Custom only", () => {
    const bad = decodeState("problem=custom&f=x%2Bevaluate(1)").problems[0];
    expect(`${bad.field}: ${bad.message}`).toBe('f: f = "x+evaluate(1)" uses the unknown name "evaluate" at position 3; allowed are x, y, pi, e and the listed functions');
    expect(decodeState("problem=custom&noise=-1").problems[0].message).toBe("noise must be in [0, 100], got -1");
    expect(decodeState("problem=custom&bounds=1,0,0,1").problems[0].message).toMatch(/^bounds must be four numbers xMin,xMax,yMin,yMax .* got "1,0,0,1"$/);
    const other = decodeState("problem=rosenbrock&f=x^2&noise=1");
    expect(other.state.config.problem).toBe("rosenbrock");
    expect(other.problems.map((p) => p.field)).toEqual(["f", "noise"]);
    // A pasted novel is refused by its length, without being carried whole.
    const long = decodeState(`problem=custom&f=${"x".repeat(5000)}`);
    expect(long.problems[0].message).toContain("is too long (5000 characters, at most 300)");
    expect(long.state.config.problem).toBe("nqm");
  });

  it("a JSON config's custom part is validated like the link's", () => {
    const v = validateRunConfig({ problem: "custom", custom: { f: "x^2 + y^2", noise: 0.1, bounds: [-1, 1, -1, 1] } });
    expect(v.problems).toEqual([]);
    expect(v.value.custom).toEqual({ f: "x^2 + y^2", noise: 0.1, bounds: { xMin: -1, xMax: 1, yMin: -1, yMax: 1 } });
    const w = validateRunConfig({ problem: "nqm", custom: { f: "x" } });
    expect(w.problems.map((p) => p.code)).toEqual(["notForProblem"]);
    expect(w.value.custom).toBeUndefined();
  });
});

describe("simulate --url on a Custom link", () => {
  it("runs the same surface and prints the page's problem for a bad one", () => {
    const ok = capture(["--url", "?problem=custom&f=x%5E2%2B10*y%5E2&epochs=1&start=1,1"]);
    expect(ok.code).toBe(0);
    const doc = JSON.parse(ok.out) as { config: { problem: string; custom: { f: string } }; summary: { steps: number } };
    expect(doc.config.custom.f).toBe("x^2+10*y^2");
    expect(doc.summary.steps).toBe(40);
    const bad = capture(["--url", "?problem=custom&f=log(x)&start=-1,0"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('simulate: --url: f: f = "log(x)" is not finite at the start point (-1, 0): f = NaN; choose another start or expression');
    const lexical = capture(["--url", "?problem=custom&f=cos.constructor(1)"]);
    expect(lexical.code).toBe(2);
    expect(lexical.err).toContain('--url: f: f = "cos.constructor(1)" may not contain "." (at position 4)');
  });
});
