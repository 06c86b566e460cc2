import { describe, expect, it } from "vitest";
import { POLICY_KINDS, defaultPolicy } from "../../engine/config.ts";
import { DEFAULT_RUN, cloneRun, type RunConfig } from "../../engine/run-config.ts";
import type { Policy } from "../../engine/types.ts";
import { LANGS } from "../../state/i18n.ts";
import { describeRun } from "./export-png.ts";

const run = (change: (c: RunConfig) => void): RunConfig => {
  const c = cloneRun(DEFAULT_RUN);
  change(c);
  return c;
};

describe("the PNG subtitle", () => {
  it("describes the default run in words", () => {
    expect(describeRun(DEFAULT_RUN, "en")).toBe(
      `Adam (TF ε-hat), lr 0.025, halve every 5 epochs; Noisy quadratic, 100-D (the lesson), batch ${DEFAULT_RUN.batchSize}, 25 epochs, seed ${DEFAULT_RUN.seed}`,
    );
    expect(describeRun(DEFAULT_RUN, "zh")).toMatch(/^Adam（TF 的 ε-hat 形式），学习率 0\.025，每 5 轮减半；.+，批大小 \d+，25 轮，种子 \d+$/);
  });

  it("words other optimizers, decays and warmup", () => {
    const sgd = run((c) => {
      c.optimizer = { ...c.optimizer, kind: "sgd", lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-4 };
      c.policy = { kind: "multiStep", milestones: [5, 10], gamma: 0.1, unit: "epoch", warmup: { steps: 500, startFactor: 0 } } as Policy;
      c.epochs = 1;
    });
    expect(describeRun(sgd, "en")).toMatch(/^SGD, momentum 0\.9 \(Nesterov\), L2 weight decay 1e-4, lr 0\.1, ×0\.1 at epochs 5, 10, warmup 500 epochs; .*, 1 epoch, seed /);
    expect(describeRun(sgd, "zh")).toMatch(/在第 5、10 轮 ×0\.1，预热 500 轮；.*，1 轮，/);
    const adamw = run((c) => {
      c.optimizer = { ...c.optimizer, decoupled: true, amsgrad: true, weightDecay: 0.01, epsilonForm: "paper" };
      c.policy = { kind: "cosine", tMax: 5000, etaMin: 0, unit: "step", warmup: { steps: 200, startFactor: 0.1 } } as Policy;
    });
    expect(describeRun(adamw, "en")).toMatch(/^AdamW \+ AMSGrad \(paper ε\), weight decay 0\.01, lr 0\.025, cosine decay to 0 over 5000 steps, warmup 200 steps from ×0\.1;/);
  });

  it("never shows a config id for any decay kind, in any language", () => {
    for (const lang of LANGS) {
      for (const kind of POLICY_KINDS) {
        const text = describeRun(run((c) => (c.policy = defaultPolicy(kind))), lang);
        // No `decay=step`-style ids, schema names or unfilled placeholders.
        expect(text, `${lang} ${kind}`).not.toMatch(/[{}=]|undefined|NaN|\bnqm\b/);
        for (const id of ["multiStep", "inverseTime", "cosineRestarts", "oneCycle", "plateau", "stepSize", "tMax", "etaMin", "decaySteps", "pctStart", "baseLr", "patience", "epsilonForm"]) {
          expect(text, `${lang} ${kind}`).not.toContain(id);
        }
        if (lang === "zh") expect(text).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });
});
