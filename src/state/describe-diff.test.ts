import { describe, expect, it } from "vitest";
import { defaultPolicy } from "../engine/config.ts";
import { DEFAULT_RUN, cloneRun, type RunConfig } from "../engine/run-config.ts";
import { describeDiff, diffParts, formatShort, valueParts } from "./describe-diff.ts";

function withLr(lr: number): RunConfig {
  const c = cloneRun(DEFAULT_RUN);
  c.optimizer.lr = lr;
  return c;
}

describe("describeDiff", () => {
  it("says 'same settings' for equal configs", () => {
    expect(describeDiff(cloneRun(DEFAULT_RUN), cloneRun(DEFAULT_RUN))).toBe("same settings");
  });

  it("names the field and both values, pinned value first", () => {
    expect(describeDiff(withLr(0.02), withLr(0.005))).toBe("lr 0.02→0.005");
  });

  it("writes tiny and huge numbers in exponent form", () => {
    const a = cloneRun(DEFAULT_RUN);
    const b = cloneRun(DEFAULT_RUN);
    b.optimizer.epsilon = 0.1;
    expect(describeDiff(a, b)).toBe("epsilon 1e-8→0.1");
    expect(formatShort(123456)).toBe("1.23e5");
    expect(formatShort(0.0123456)).toBe("0.01235");
  });

  it("reports a decay kind change once, not each field of both kinds", () => {
    const b = cloneRun(DEFAULT_RUN);
    b.policy = defaultPolicy("cosine");
    expect(describeDiff(cloneRun(DEFAULT_RUN), b)).toBe("decay step→cosine");
  });

  it("lists policy fields, unit and warmup of the same kind", () => {
    const a = cloneRun(DEFAULT_RUN);
    const b = cloneRun(DEFAULT_RUN);
    b.policy = { kind: "step", stepSize: 5, gamma: 0.1, unit: "step", warmup: { steps: 10, startFactor: 0 } };
    expect(diffParts(a, b)).toEqual(["gamma 0.5→0.1", "unit epoch→step", "warmup off→10"]);
  });

  it("ignores fields that neither optimizer uses", () => {
    const a = cloneRun(DEFAULT_RUN);
    const b = cloneRun(DEFAULT_RUN);
    b.optimizer.momentum = 0.9; // Adam ignores momentum
    expect(describeDiff(a, b)).toBe("same settings");
    b.optimizer.kind = "sgd";
    expect(diffParts(a, b)).toEqual(["optimizer adam→sgd", "momentum 0→0.9"]);
  });

  it("covers run fields and cuts long lists short", () => {
    const a = cloneRun(DEFAULT_RUN);
    const b: RunConfig = { ...cloneRun(DEFAULT_RUN), seed: 7, batchSize: 128, epochs: 50, problem: "linreg" };
    b.optimizer.lr = 0.1;
    expect(describeDiff(a, b)).toBe(`lr ${a.optimizer.lr}→0.1, problem nqm→linreg, batchSize 32→128 +2 more`);
  });

  it("compares multiStep milestones by value", () => {
    const a = cloneRun(DEFAULT_RUN);
    a.policy = defaultPolicy("multiStep");
    const b = cloneRun(a);
    expect(describeDiff(a, b)).toBe("same settings");
    if (b.policy.kind === "multiStep") b.policy.milestones = [5, 12];
    expect(describeDiff(a, b)).toBe("milestones [5,10,15]→[5,12]");
  });
});

describe("pinned-run names on Custom surfaces", () => {
  it("name the expression (shortened) and the noise that set a run apart", () => {
    const base: RunConfig = { ...cloneRun(DEFAULT_RUN), problem: "custom", custom: { f: "x^2 + y^2", noise: 1, bounds: { xMin: -3, xMax: 3, yMin: -3, yMax: 3 } } };
    const other: RunConfig = { ...cloneRun(base), custom: { f: "(1-x)^2 + 100*(y-x^2)^2 + 0.5*sin(x)", noise: 0.5, bounds: { xMin: -3, xMax: 3, yMin: -3, yMax: 3 } } };
    expect(valueParts(other, base)).toEqual(["f (1-x)^2 + 100*(y-x^2)^2 + 0.5…", "noise 0.5"]);
  });
});
