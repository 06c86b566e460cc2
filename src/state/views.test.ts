import { describe, expect, it } from "vitest";
import { PROBLEM_IDS } from "../engine/problems/index.ts";
import { lossFrame, rattleBand } from "./views.ts";

describe("the loss chart's frame and rattle band", () => {
  it("frame the noisy quadratic at 0.5–1.0 with the article's 0.7–0.9 band inside it", () => {
    expect(lossFrame({ problem: "nqm" })).toEqual([0.5, 1.0]);
    expect(rattleBand({ problem: "nqm" })).toEqual([0.7, 0.9]);
  });

  it("draw no band on a problem it was not calibrated on (a typed surface included)", () => {
    for (const problem of [...PROBLEM_IDS.filter((p) => p !== "nqm"), "custom" as const]) {
      expect(rattleBand({ problem }), problem).toBeNull();
    }
  });
});
