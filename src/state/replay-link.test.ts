import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun, validateRunConfig, type RunConfig } from "../engine/run-config.ts";
import { simulate } from "../engine/headless-run.ts";
import { Trainer, type TrainEvent } from "../engine/trainer.ts";
import type { Policy } from "../engine/types.ts";
import { decodeState, defaultUrlState, encodeState } from "./url.ts";
import { fitPowers, replayPlan } from "./replay-link.ts";

/** A run with hand changes: `changes` are [steps done before the change, new rate / current rate]. */
function handRun(config: RunConfig, changes: readonly (readonly [number, number])[]) {
  const events: TrainEvent[] = [];
  const lr: number[] = [];
  const t = new Trainer(config, { onEvent: (e) => events.push(e), onStep: (s) => lr.push(s.lr) });
  for (const [at, factor] of [...changes].sort((a, b) => a[0] - b[0])) {
    t.run(at - t.step);
    t.setRate(t.rate() * factor);
  }
  t.runToEnd();
  return { events, lr, stepsPerEpoch: t.stepsPerEpoch };
}

/** Small runs: 8 steps an epoch, 6 epochs. */
const small = (policy: Policy, lr = 0.02): RunConfig => ({ ...cloneRun(DEFAULT_RUN), batchSize: 800, epochs: 6, policy, optimizer: { ...DEFAULT_RUN.optimizer, lr } });
const STEP: Policy = { kind: "step", stepSize: 2, gamma: 0.5, unit: "epoch", warmup: null };
const CONSTANT: Policy = { kind: "constant", unit: "epoch", warmup: null };

const relClose = (a: readonly number[], b: readonly number[], tol: number) =>
  a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) <= tol * Math.abs(b[i]));

describe("replayPlan: the nearest replayable config of a hand-changed run", () => {
  it("is null when nothing was changed by hand", () => {
    const r = handRun(small(STEP), []);
    expect(replayPlan(small(STEP), r.events, r.stepsPerEpoch)).toBeNull();
  });

  it("the default run halved by hand mid-epoch: an exact multiStep in steps, the same rates bit for bit", () => {
    const cfg = cloneRun(DEFAULT_RUN);
    const hand = handRun(cfg, [[537, 0.5]]);
    const plan = replayPlan(cfg, hand.events, hand.stepsPerEpoch);
    expect(plan?.kind).toBe("exact");
    if (plan === null || plan.kind === "none") return;
    expect(plan.config.policy).toEqual({ kind: "multiStep", milestones: [537, 1000, 2000, 3000, 4000], gamma: 0.5, unit: "step", warmup: null });
    expect(plan.config.optimizer.lr).toBe(0.025);
    expect(simulate(plan.config).columns.lr).toEqual(Float64Array.from(hand.lr));
  });

  it("a hand change on an epoch boundary, at the policy's own step, counts twice there, in epochs", () => {
    const cfg = small(STEP);
    const hand = handRun(cfg, [[16, 0.5]]);
    const plan = replayPlan(cfg, hand.events, hand.stepsPerEpoch);
    expect(plan?.kind).toBe("exact");
    if (plan === null || plan.kind === "none") return;
    expect(plan.config.policy).toEqual({ kind: "multiStep", milestones: [2, 2, 4], gamma: 0.5, unit: "epoch", warmup: null });
    expect(simulate(plan.config).columns.lr).toEqual(Float64Array.from(hand.lr));
  });

  it("factors that are not powers of one gamma give an approximate plan with the same start, change points and end", () => {
    const cfg = small(CONSTANT);
    const hand = handRun(cfg, [[10, 0.4], [30, 0.5]]);
    const plan = replayPlan(cfg, hand.events, hand.stepsPerEpoch);
    expect(plan?.kind).toBe("approximate");
    if (plan === null || plan.kind !== "approximate") return;
    expect(plan.config.policy).toMatchObject({ kind: "multiStep", milestones: [10, 30], unit: "step" });
    expect(plan.gamma).toBeCloseTo(Math.sqrt(0.2), 12);
    expect(plan.factors.map((f) => +f.toFixed(12))).toEqual([0.4, 0.5]);
    const replay = Array.from(simulate(plan.config).columns.lr);
    expect(replay[0]).toBe(hand.lr[0]);
    expect(replay.at(-1)).toBeCloseTo(hand.lr.at(-1) ?? NaN, 15);
  });

  it("a plateau run or a per-step smooth decay has no replayable config", () => {
    const plateau: Policy = { kind: "plateau", mode: "min", factor: 0.5, patience: 1, threshold: 1e-4, thresholdMode: "rel", cooldown: 0, minLr: 0, eps: 1e-8, unit: "epoch", warmup: null };
    let hand = handRun(small(plateau), [[5, 0.5]]);
    expect(replayPlan(small(plateau), hand.events, hand.stepsPerEpoch)).toMatchObject({ kind: "none", reason: "plateau" });
    const smooth: Policy = { kind: "exponential", decaySteps: 10, decayRate: 0.5, staircase: false, unit: "step", warmup: null };
    hand = handRun(small(smooth), [[5, 0.5]]);
    expect(replayPlan(small(smooth), hand.events, hand.stepsPerEpoch)).toMatchObject({ kind: "none", reason: "tooMany" });
  });

  it("a change before the first step only moves the start rate", () => {
    const cfg = small(CONSTANT);
    const hand = handRun(cfg, [[0, 0.5]]);
    const plan = replayPlan(cfg, hand.events, hand.stepsPerEpoch);
    expect(plan).toMatchObject({ kind: "exact", config: { optimizer: { lr: 0.01 }, policy: { kind: "constant" } } });
  });

  it("property: powers of one gamma, in one direction, replay exactly (to rounding) and survive the link", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0.5, 0.1, 0.8, 2, 1.5),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 47 }), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (gamma, raw, withPolicySteps) => {
          // The policy's own steps use the same gamma (a step decay by 0.5 and hand changes by 0.1 would not fit).
          const policy: Policy = withPolicySteps ? { kind: "step", stepSize: 2, gamma, unit: "epoch", warmup: null } : CONSTANT;
          const cfg = small(policy, 0.001);
          const byStep = new Map<number, number>();
          for (const [at, p] of raw) byStep.set(at, (byStep.get(at) ?? 1) * gamma ** p);
          const hand = handRun(cfg, [...byStep]);
          const plan = replayPlan(cfg, hand.events, hand.stepsPerEpoch);
          expect(plan?.kind).toBe("exact");
          if (plan === null || plan.kind === "none") return;
          expect(validateRunConfig(plan.config).problems).toEqual([]);
          // Through the link codec and back: the same config.
          const link = encodeState({ ...defaultUrlState(), config: plan.config });
          const back = decodeState(link);
          expect(back.problems).toEqual([]);
          expect(back.state.config).toEqual(plan.config);
          const replay = Array.from(simulate(back.state.config).columns.lr);
          expect(relClose(replay, hand.lr, 1e-12)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("fitPowers", () => {
  it("finds the finest factor and whole powers of it", () => {
    expect(fitPowers([0.5, 0.25, 0.5])).toEqual({ gamma: 0.5, powers: [1, 2, 1] });
    expect(fitPowers([0.25, 0.125])).toEqual({ gamma: 0.5, powers: [2, 3] });
    expect(fitPowers([0.4, 0.5])).toBeNull();
    expect(fitPowers([0.5, 2])).toBeNull();
    expect(fitPowers([])).toEqual({ gamma: 1, powers: [] });
  });
});
