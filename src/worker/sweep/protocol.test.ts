import { describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun } from "../../engine/run-config.ts";
import { isFromWorker, isToWorker } from "../training/protocol.ts";
import { isFromSweepWorker, isToSweepWorker, type FromSweepWorker, type ToSweepWorker } from "./protocol.ts";

const config = cloneRun(DEFAULT_RUN);

describe("sweep messages", () => {
  const toGood: ToSweepWorker[] = [
    { type: "sweepRun", sweepId: 1, workerId: 2, index: 0, config },
    { type: "sweepCancel", sweepId: 9 },
  ];
  const fromGood: FromSweepWorker[] = [
    { type: "sweepResult", sweepId: 1, workerId: 2, index: 5, outcome: { status: "done", finalLoss: 0.61, steps: 5000 }, ms: 41.5 },
    { type: "sweepResult", sweepId: 1, workerId: 2, index: 6, outcome: { status: "diverged", step: 12, epoch: 0.06, reason: "the loss is not finite" }, ms: 0 },
    { type: "sweepError", sweepId: 1, workerId: 2, index: 7, message: "invalid run config" },
  ];

  it("accepts well-formed messages, also after structured cloning", () => {
    for (const m of toGood) {
      expect(isToSweepWorker(m)).toBe(true);
      expect(isToSweepWorker(structuredClone(m))).toBe(true);
    }
    for (const m of fromGood) {
      expect(isFromSweepWorker(m)).toBe(true);
      expect(isFromSweepWorker(structuredClone(m))).toBe(true);
    }
  });

  it("rejects missing or wrong fields", () => {
    const bad: unknown[] = [
      null,
      "sweepRun",
      [],
      { type: "sweepRun", sweepId: 1, workerId: 2, index: 0 },
      { type: "sweepRun", sweepId: -1, workerId: 2, index: 0, config },
      { type: "sweepRun", sweepId: 1, workerId: 2, index: 0.5, config },
      { type: "sweepRun", sweepId: 1, workerId: "2", index: 0, config },
      { type: "sweepRun", sweepId: 1, workerId: 2, index: 0, config: [config] },
      { type: "sweepCancel" },
      { type: "sweepcancel", sweepId: 1 },
      { type: "toString", sweepId: 1 },
      { type: "__proto__", sweepId: 1 },
    ];
    for (const m of bad) expect(isToSweepWorker(m), JSON.stringify(m)).toBe(false);
    const badFrom: unknown[] = [
      { type: "sweepResult", sweepId: 1, workerId: 2, index: 5, outcome: { status: "done", finalLoss: "0.6", steps: 5 }, ms: 1 },
      { type: "sweepResult", sweepId: 1, workerId: 2, index: 5, outcome: { status: "done", finalLoss: 0.6, steps: 5 }, ms: -1 },
      { type: "sweepResult", sweepId: 1, workerId: 2, index: 5, outcome: { status: "done", finalLoss: 0.6, steps: 5 }, ms: Number.NaN },
      { type: "sweepResult", sweepId: 1, workerId: 2, index: 5, outcome: { status: "diverged", step: 3, epoch: 0 }, ms: 1 },
      { type: "sweepResult", sweepId: 1, workerId: 2, index: 5, outcome: { status: "exploded" }, ms: 1 },
      { type: "sweepResult", sweepId: 1, workerId: 2, index: 5, ms: 1 },
      { type: "sweepError", sweepId: 1, workerId: 2, index: 5 },
      { type: "sweepError", workerId: 2, index: 5, message: "x" },
    ];
    for (const m of badFrom) expect(isFromSweepWorker(m), JSON.stringify(m)).toBe(false);
  });

  it("keeps the sweep and training protocols apart", () => {
    for (const m of toGood) expect(isToWorker(m)).toBe(false);
    for (const m of fromGood) expect(isFromWorker(m)).toBe(false);
    expect(isToSweepWorker({ type: "start", runId: 1, config, stepsPerSecond: null, paused: false })).toBe(false);
    expect(isFromSweepWorker({ type: "done", runId: 1, step: 3 })).toBe(false);
  });
});
