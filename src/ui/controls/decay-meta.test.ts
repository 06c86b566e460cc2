import { describe, expect, it } from "vitest";
import { POLICY_KINDS, defaultPolicy, validatePolicy } from "../../engine/config.ts";
import { previewSeries } from "../../engine/policies.ts";
import { DECAY_PRESETS, convertUnit, fieldLabel, samePolicy, switchKind, withPolicyField } from "./decay-meta.ts";

const RUN = { epochs: 25, stepsPerEpoch: 200 };

describe("decay presets", () => {
  it("are valid policies, the first two exactly the article's step decays", () => {
    for (const p of DECAY_PRESETS) expect(validatePolicy(p.build(RUN)).problems).toEqual([]);
    expect(DECAY_PRESETS[0].build(RUN)).toEqual({ kind: "step", stepSize: 5, gamma: 0.5, unit: "epoch", warmup: null });
    expect(DECAY_PRESETS[1].build(RUN)).toEqual({ kind: "step", stepSize: 5, gamma: 0.1, unit: "epoch", warmup: null });
  });

  it("smooth exponential meets the halving preset at every 5-epoch boundary", () => {
    const smooth = previewSeries(DECAY_PRESETS[3].build(RUN), 0.02, 5001);
    expect(smooth[1000]).toBeCloseTo(0.01, 12);
    expect(smooth[5000]).toBeCloseTo(0.02 * 0.5 ** 5, 12);
  });
});

describe("switching kind and unit", () => {
  it("gives a valid policy of every kind, keeping unit and warmup", () => {
    const from = { ...defaultPolicy("step"), unit: "step" as const, warmup: { steps: 100, startFactor: 0.1 } };
    for (const kind of POLICY_KINDS) {
      const p = switchKind(from, kind, RUN);
      expect(p.kind).toBe(kind);
      expect(p.unit).toBe("step");
      expect(p.warmup).toEqual({ steps: 100, startFactor: 0.1 });
      expect(validatePolicy(p).problems).toEqual([]);
    }
    const cosine = switchKind(defaultPolicy("step"), "cosine", RUN);
    expect(cosine).toMatchObject({ kind: "cosine", tMax: 25, unit: "epoch" });
  });

  it("converts tick counts so the schedule keeps its shape", () => {
    const epochs = { ...defaultPolicy("step"), warmup: { steps: 2, startFactor: 0 } };
    const steps = convertUnit(epochs, "step", 200);
    expect(steps).toMatchObject({ stepSize: 1000, unit: "step", warmup: { steps: 400, startFactor: 0 } });
    expect(convertUnit(steps, "epoch", 200)).toEqual(epochs);
    const ms = convertUnit(defaultPolicy("multiStep"), "step", 10);
    expect(ms).toMatchObject({ milestones: [50, 100, 150] });
  });

  it("sets one field only when the schema accepts it", () => {
    expect(withPolicyField(defaultPolicy("step"), "gamma", 0.25)).toMatchObject({ gamma: 0.25 });
    expect(withPolicyField(defaultPolicy("step"), "gamma", -1)).toBeNull();
    expect(samePolicy(defaultPolicy("step"), { warmup: null, unit: "epoch", gamma: 0.5, stepSize: 5, kind: "step" })).toBe(true);
  });

  it("labels fields in the policy's unit", () => {
    expect(fieldLabel("step", "stepSize", "epoch")).toBe("Step size (epochs between decays)");
    expect(fieldLabel("cyclic", "gamma", "step")).toMatch(/expRange/);
  });
});
