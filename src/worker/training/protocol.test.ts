import { describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun } from "../../engine/run-config.ts";
import { STEP_FIELDS, type StepSample } from "../../engine/series.ts";
import { Trainer } from "../../engine/trainer.ts";
import { ColumnBuilder, columnBuffers, columnRow } from "../run-data.ts";
import { assertNever } from "../shared.ts";
import { isFromWorker, isToWorker, packSamples, type FromWorker, type ToWorker } from "./protocol.ts";

function sample(i: number): StepSample {
  const s = {} as StepSample;
  STEP_FIELDS.forEach((f, j) => (s[f] = i * 10 + j + 0.5));
  return s;
}

describe("ColumnBuilder and packSamples", () => {
  it("round-trips samples through columns, growing past its initial capacity", () => {
    const b = new ColumnBuilder(4);
    const input = Array.from({ length: 37 }, (_, i) => sample(i));
    for (const s of input) b.push(s);
    expect(b.count).toBe(37);
    const { count, columns } = b.take();
    expect(count).toBe(37);
    for (const f of STEP_FIELDS) expect(columns[f]).toHaveLength(37);
    expect(Array.from({ length: count }, (_, i) => columnRow(columns, i))).toEqual(input);
    expect(b.count).toBe(0);
  });

  it("hands off fresh buffers each batch, so transferring one never detaches the next", () => {
    const b = new ColumnBuilder(2);
    b.push(sample(1));
    const first = b.take().columns;
    b.push(sample(2));
    b.push(sample(3));
    const second = b.take().columns;
    expect(first.loss.buffer).not.toBe(second.loss.buffer);
    expect(Array.from(first.step)).toEqual([sample(1).step]);
    expect(Array.from(second.step)).toEqual([sample(2).step, sample(3).step]);
  });

  it("packs a samples message with one transferable buffer per column", () => {
    const b = new ColumnBuilder();
    for (let i = 0; i < 5; i++) b.push(sample(i));
    const { message, transfer } = packSamples(7, b, 5);
    expect(message).toMatchObject({ type: "samples", runId: 7, count: 5, step: 5 });
    expect(transfer).toHaveLength(STEP_FIELDS.length);
    expect(new Set(transfer).size).toBe(STEP_FIELDS.length);
    expect(transfer).toEqual(columnBuffers(message.columns));
    expect(isFromWorker(message)).toBe(true);
  });

  it("carries the NQM's gradient noise scale when given, and refuses a non-positive one", () => {
    const b = new ColumnBuilder();
    b.push(sample(1));
    const { message } = packSamples(3, b, 1, undefined, 812.5);
    expect(message.noiseScale).toBe(812.5);
    expect(isFromWorker(message)).toBe(true);
    expect(isFromWorker({ ...message, noiseScale: 0 })).toBe(false);
    expect(isFromWorker({ ...message, noiseScale: "big" })).toBe(false);
    const plain = packSamples(3, new ColumnBuilder(), 0).message;
    expect("noiseScale" in plain).toBe(false);
  });

  it("survives structured cloning with transfer: the receiver sees the same numbers", () => {
    const b = new ColumnBuilder();
    const trainer = new Trainer(cloneRun(DEFAULT_RUN), { onStep: (s) => b.push(s) });
    trainer.run(50);
    const { message, transfer } = packSamples(1, b, trainer.step);
    const expected = Array.from(message.columns.loss);
    const received: unknown = structuredClone(message, { transfer });
    expect(message.columns.loss.byteLength).toBe(0); // transferred, not copied
    expect(isFromWorker(received)).toBe(true);
    if (isFromWorker(received) && received.type === "samples") {
      expect(Array.from(received.columns.loss)).toEqual(expected);
      expect(received.columns.step[49]).toBe(50);
    }
  });
});

describe("isToWorker", () => {
  const config = cloneRun(DEFAULT_RUN);
  const good: ToWorker[] = [
    { type: "start", runId: 1, config, stepsPerSecond: 1000, paused: false },
    { type: "start", runId: 2, config, stepsPerSecond: null, paused: true },
    { type: "pause", runId: 1 },
    { type: "resume", runId: 1 },
    { type: "step", runId: 1, steps: 200 },
    { type: "setSpeed", runId: 1, stepsPerSecond: null },
    { type: "setRate", runId: 1, lr: 0.005 },
    { type: "crash", runId: 1 },
  ];

  it("accepts every well-formed command", () => {
    for (const m of good) expect(isToWorker(m), m.type).toBe(true);
  });

  it("rejects junk", () => {
    const junk: unknown[] = [
      null,
      undefined,
      42,
      "start",
      [],
      {},
      { type: "start" },
      { type: "pause" },
      { type: "pause", runId: -1 },
      { type: "pause", runId: 1.5 },
      { type: "pause", runId: "1" },
      { type: "explode", runId: 1 },
      { type: "toString", runId: 1 },
      { type: "__proto__", runId: 1 },
      { type: "start", runId: 1, config: null, stepsPerSecond: 1, paused: false },
      { type: "start", runId: 1, config, stepsPerSecond: 0, paused: false },
      { type: "start", runId: 1, config, stepsPerSecond: 10, paused: "no" },
      { type: "step", runId: 1, steps: 0 },
      { type: "step", runId: 1, steps: 2.5 },
      { type: "setSpeed", runId: 1, stepsPerSecond: Number.NaN },
      { type: "setRate", runId: 1, lr: -0.1 },
      { type: "setRate", runId: 1, lr: Number.POSITIVE_INFINITY },
    ];
    for (const j of junk) expect(isToWorker(j), JSON.stringify(j)).toBe(false);
  });
});

describe("isFromWorker", () => {
  const cols = () => {
    const b = new ColumnBuilder();
    b.push(sample(0));
    b.push(sample(1));
    return b.take().columns;
  };
  const good: FromWorker[] = [
    { type: "ready", runId: 1, stepsPerEpoch: 200, totalSteps: 5000, initialLoss: 44.6 },
    { type: "samples", runId: 1, count: 2, columns: cols(), step: 2 },
    { type: "event", runId: 1, event: { type: "decay", step: 1001, epoch: 5, from: 0.02, to: 0.01, manual: false } },
    { type: "done", runId: 1, step: 5000 },
    { type: "diverged", runId: 1, step: 12, epoch: 0.06, reason: "the loss is not finite" },
    { type: "error", runId: 1, message: "boom" },
  ];

  it("accepts every well-formed message", () => {
    for (const m of good) expect(isFromWorker(m), m.type).toBe(true);
  });

  it("rejects junk, including columns that do not match the count", () => {
    const short = cols();
    const missing = { ...cols() } as Record<string, unknown>;
    delete missing.loss;
    const junk: unknown[] = [
      null,
      { type: "ready", runId: 1 },
      { type: "samples", runId: 1, count: 3, columns: short, step: 3 },
      { type: "samples", runId: 1, count: 2, columns: missing, step: 2 },
      { type: "samples", runId: 1, count: 2, columns: { ...cols(), loss: [1, 2] }, step: 2 },
      { type: "samples", runId: 1, count: 2, columns: cols(), step: -2 },
      { type: "event", runId: 1, event: { type: "decay", step: 1, epoch: 0 } },
      { type: "event", runId: 1, event: { type: "party", step: 1, epoch: 0 } },
      { type: "diverged", runId: 1, step: 3, epoch: 0 },
      { type: "error", runId: 1 },
      { type: "error", message: "no run id" },
    ];
    for (const j of junk) expect(isFromWorker(j)).toBe(false);
  });
});

describe("assertNever", () => {
  it("throws with the unexpected value when reached at run time", () => {
    expect(() => assertNever({ type: "mystery" } as never)).toThrow(/mystery/);
  });
});
