import { describe, expect, it } from "vitest";
import { computeBand, runSeed } from "../../engine/ensemble.ts";
import { DEFAULT_RUN, cloneRun } from "../../engine/run-config.ts";
import { isFromSweepWorker, isToSweepWorker } from "../sweep/protocol.ts";
import { isFromEnsembleWorker, isToEnsembleWorker, type FromEnsembleWorker, type ToEnsembleWorker } from "./protocol.ts";

const config = { ...cloneRun(DEFAULT_RUN), epochs: 1 };
const trace = runSeed(config, 1);
const band = computeBand(config, 2);

describe("ensemble messages", () => {
  const toGood: ToEnsembleWorker[] = [
    { type: "ensembleSeed", requestId: 1, workerId: 2, config, seed: 4 },
    { type: "ensembleReduce", requestId: 1, workerId: 2, request: { config, seeds: 1 }, traces: [trace] },
    { type: "ensembleCancel", requestId: 9 },
  ];
  const fromGood: FromEnsembleWorker[] = [
    { type: "ensembleSeedDone", requestId: 1, workerId: 2, trace, ms: 3.5 },
    { type: "ensembleSeedDone", requestId: 1, workerId: 2, trace: { ...trace, divergedAt: 17 }, ms: 0 },
    { type: "ensembleResult", requestId: 1, workerId: 2, result: { band }, ms: 1 },
    { type: "ensembleError", requestId: 1, workerId: 2, message: "invalid band config" },
  ];

  it("accepts well-formed messages, also after structured cloning", () => {
    for (const m of toGood) {
      expect(isToEnsembleWorker(m)).toBe(true);
      expect(isToEnsembleWorker(structuredClone(m))).toBe(true);
    }
    for (const m of fromGood) {
      expect(isFromEnsembleWorker(m)).toBe(true);
      expect(isFromEnsembleWorker(structuredClone(m))).toBe(true);
    }
  });

  it("accepts one more optional field on a request or a result (room for `theory`)", () => {
    expect(isToEnsembleWorker({ type: "ensembleReduce", requestId: 1, workerId: 2, request: { config, seeds: 1, theory: true }, traces: [trace] })).toBe(true);
    expect(isFromEnsembleWorker({ type: "ensembleResult", requestId: 1, workerId: 2, result: { band, theory: new Float64Array(3) }, ms: 1 })).toBe(true);
  });

  it("rejects missing or wrong fields", () => {
    const bad: unknown[] = [
      null,
      [],
      { type: "ensembleSeed", requestId: 1, workerId: 2, config },
      { type: "ensembleSeed", requestId: -1, workerId: 2, config, seed: 1 },
      { type: "ensembleSeed", requestId: 1, workerId: 2, config: [config], seed: 1 },
      { type: "ensembleReduce", requestId: 1, workerId: 2, request: { config }, traces: [] },
      { type: "ensembleReduce", requestId: 1, workerId: 2, request: { config, seeds: 1 }, traces: [{ seed: 1, loss: [0.5], divergedAt: null }] },
      { type: "ensembleCancel" },
      { type: "toString", requestId: 1 },
      { type: "__proto__", requestId: 1 },
    ];
    for (const m of bad) expect(isToEnsembleWorker(m), JSON.stringify(m)).toBe(false);
    const badFrom: unknown[] = [
      { type: "ensembleSeedDone", requestId: 1, workerId: 2, trace: { ...trace, loss: Array.from(trace.loss) }, ms: 1 },
      { type: "ensembleSeedDone", requestId: 1, workerId: 2, trace, ms: -1 },
      { type: "ensembleSeedDone", requestId: 1, workerId: 2, trace: { ...trace, divergedAt: "x" }, ms: 1 },
      { type: "ensembleResult", requestId: 1, workerId: 2, result: { band: { ...band, q50: new Float64Array(1) } }, ms: 1 },
      { type: "ensembleResult", requestId: 1, workerId: 2, result: {}, ms: 1 },
      { type: "ensembleError", requestId: 1, workerId: 2 },
      { type: "ensembleError", workerId: 2, message: "x" },
    ];
    for (const m of badFrom) expect(isFromEnsembleWorker(m), JSON.stringify(m)).toBe(false);
  });

  it("keeps the ensemble and sweep protocols apart", () => {
    for (const m of toGood) expect(isToSweepWorker(m)).toBe(false);
    for (const m of fromGood) expect(isFromSweepWorker(m)).toBe(false);
    expect(isToEnsembleWorker({ type: "sweepCancel", sweepId: 1 })).toBe(false);
  });
});
