import { describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun, preset } from "../../engine/run-config.ts";
import { simulate } from "../../engine/headless-run.ts";
import { STEP_FIELDS } from "../../engine/series.ts";
import { PINNED_SERIES_CAP, computePinned } from "./worker.ts";
import { isPinnedReply, isPinnedRequest } from "./protocol.ts";

// Two epochs, halving every epoch: one scheduled decay at step 200.
const short = { ...cloneRun(DEFAULT_RUN), epochs: 2, policy: { kind: "step" as const, stepSize: 1, gamma: 0.5, unit: "epoch" as const, warmup: null } };

describe("computePinned", () => {
  it("returns the same columns as a headless run of the config", () => {
    const { reply, transfer } = computePinned({ type: "pinned", requestId: 7, config: short, maxSteps: 1e9 });
    expect(reply.type).toBe("pinnedDone");
    if (reply.type !== "pinnedDone") return;
    const ref = simulate(short, PINNED_SERIES_CAP);
    expect(reply.requestId).toBe(7);
    expect(reply.count).toBe(400);
    expect(Array.from(reply.columns.loss)).toEqual(Array.from(ref.columns.loss));
    expect(reply.events).toEqual(ref.events.filter((e) => e.type === "decay"));
    expect(reply.events).toHaveLength(1);
    expect(reply.step).toBe(400);
    expect(reply.totalSteps).toBe(400);
    expect(reply.truncated).toBe(false);
    expect(reply.diverged).toBeNull();
    expect(transfer).toHaveLength(STEP_FIELDS.length);
    expect(isPinnedReply(reply)).toBe(true);
  });

  it("stops at maxSteps and says so", () => {
    const { reply } = computePinned({ type: "pinned", requestId: 1, config: short, maxSteps: 50 });
    if (reply.type !== "pinnedDone") throw new Error(reply.message);
    expect(reply.step).toBe(50);
    expect(reply.truncated).toBe(true);
  });

  it("reports divergence with its step and reason", () => {
    const config = { ...preset("default"), optimizer: { ...preset("default").optimizer, kind: "sgd" as const, lr: 10 }, epochs: 1 };
    const { reply } = computePinned({ type: "pinned", requestId: 2, config, maxSteps: 1e6 });
    if (reply.type !== "pinnedDone") throw new Error(reply.message);
    expect(reply.diverged?.step).toBeGreaterThan(0);
    expect(reply.diverged?.reason).toMatch(/./);
    expect(reply.truncated).toBe(false);
    for (const v of reply.columns.loss) expect(Number.isFinite(v)).toBe(true);
  });

  it("answers an invalid config with the schema's message", () => {
    const bad = { ...short, optimizer: { ...short.optimizer, beta1: 1.5 } };
    const { reply } = computePinned({ type: "pinned", requestId: 3, config: bad, maxSteps: 10 });
    expect(reply).toMatchObject({ type: "pinnedError", requestId: 3 });
    if (reply.type === "pinnedError") expect(reply.message).toContain("beta1");
  });
});

describe("pinned-run protocol guards", () => {
  it("accept well-formed messages and reject malformed ones", () => {
    expect(isPinnedRequest({ type: "pinned", requestId: 1, config: short, maxSteps: 10 })).toBe(true);
    expect(isPinnedRequest({ type: "pinned", requestId: -1, config: short, maxSteps: 10 })).toBe(false);
    expect(isPinnedRequest({ type: "pinned", requestId: 1, config: short, maxSteps: 0 })).toBe(false);
    expect(isPinnedRequest({ type: "pinned", requestId: 1, config: "x", maxSteps: 10 })).toBe(false);
    expect(isPinnedReply({ type: "pinnedError", requestId: 1, message: "x" })).toBe(true);
    expect(isPinnedReply({ type: "pinnedDone", requestId: 1, count: 2, columns: {}, events: [], stepsPerEpoch: 1, totalSteps: 2, step: 2, truncated: false, diverged: null })).toBe(false);
  });
});
