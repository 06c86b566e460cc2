import { describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun, preset } from "../../engine/run-config.ts";
import { expectedLoss } from "../../engine/theory.ts";
import { isTheoryReply, isTheoryRequest, type TheoryRequest } from "./protocol.ts";
import { computeTheory } from "./worker.ts";

describe("computeTheory", () => {
  it("answers the engine's curve at evenly spaced steps, first and last step included", () => {
    const { reply, transfer } = computeTheory({ type: "theory", requestId: 4, config: preset("default"), points: 600 });
    if (reply.type !== "theoryDone" || !reply.curve.supported) throw new Error("no curve");
    const steps = reply.curve.steps;
    expect(steps).toHaveLength(600);
    expect(steps[0]).toBe(1);
    expect(steps[599]).toBe(5000);
    const ref = expectedLoss(preset("default"), Array.from(steps));
    expect(ref.supported && Array.from(ref.loss)).toEqual(Array.from(reply.curve.loss));
    expect(transfer).toHaveLength(3);
    expect(isTheoryReply(structuredClone(reply))).toBe(true);
  });

  it("says why there is no curve for a problem that is not a noisy quadratic", () => {
    const { reply } = computeTheory({ type: "theory", requestId: 1, config: { ...cloneRun(DEFAULT_RUN), problem: "linreg" }, points: 10 });
    expect(reply).toEqual({ type: "theoryDone", requestId: 1, curve: { supported: false, reason: "problem" } });
  });

  it("answers a bad config with an error naming the field", () => {
    const { reply } = computeTheory({ type: "theory", requestId: 2, config: { ...cloneRun(DEFAULT_RUN), epochs: -3 }, points: 10 });
    expect(reply.type).toBe("theoryError");
    expect(reply.type === "theoryError" && reply.message).toMatch(/epochs/);
  });
});

describe("theory protocol guards", () => {
  it("accept well-formed messages and refuse malformed ones", () => {
    const req: TheoryRequest = { type: "theory", requestId: 1, config: preset("default"), points: 600 };
    expect(isTheoryRequest(req)).toBe(true);
    expect(isTheoryRequest({ ...req, points: 1 })).toBe(false);
    expect(isTheoryRequest({ ...req, config: null })).toBe(false);
    expect(isTheoryReply({ type: "theoryError", requestId: 3, message: "x" })).toBe(true);
    expect(isTheoryReply({ type: "theoryDone", requestId: 3, curve: { supported: false, reason: "why" } })).toBe(false);
    const { reply } = computeTheory({ ...req, points: 5 });
    if (reply.type !== "theoryDone" || !reply.curve.supported) throw new Error("no curve");
    expect(isTheoryReply({ ...reply, curve: { ...reply.curve, loss: new Float64Array(4) } })).toBe(false);
    expect(isTheoryReply({ ...reply, curve: { ...reply.curve, model: "guess" } })).toBe(false);
  });
});

