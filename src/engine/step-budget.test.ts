import "./testing/custom-surfaces.ts";
import { describe, expect, it } from "vitest";
import { PROBLEM_IDS } from "./problems/index.ts";
import { DEFAULT_RUN, cloneRun } from "./run-config.ts";
import { STEP_BUDGET, groupDigits, runSteps, stepsPerEpochOf } from "./step-budget.ts";
import { Trainer } from "./trainer.ts";

describe("step budget", () => {
  it("counts a run's steps as the Trainer does, for every problem and batch size", () => {
    for (const problem of PROBLEM_IDS) {
      for (const batchSize of [1, 7, 32, 4096]) {
        const config = { ...cloneRun(DEFAULT_RUN), problem, batchSize, epochs: 3 };
        const t = new Trainer(config);
        expect(stepsPerEpochOf(config), `${problem} batch ${batchSize}`).toBe(t.stepsPerEpoch);
        expect(runSteps(config), `${problem} batch ${batchSize}`).toBe(t.totalSteps);
      }
    }
  });

  it("puts the issue's runs over the budget and the default run far under it", () => {
    expect(runSteps(DEFAULT_RUN)).toBe(5_000);
    expect(runSteps({ ...DEFAULT_RUN, epochs: 1_000_000 })).toBe(200_000_000);
    expect(runSteps({ ...DEFAULT_RUN, batchSize: 1, epochs: 1_000_000 })).toBe(6_400_000_000);
    expect(runSteps({ ...DEFAULT_RUN, epochs: 1_000_000 })).toBeGreaterThan(STEP_BUDGET);
  });

  it("groups digits by thousands", () => {
    expect(groupDigits(0)).toBe("0");
    expect(groupDigits(999)).toBe("999");
    expect(groupDigits(5_000)).toBe("5,000");
    expect(groupDigits(6_400_000_000)).toBe("6,400,000,000");
  });
});
