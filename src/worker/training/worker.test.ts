// Drives the real worker module in Node: `self` is a stand-in scope, MessageChannel and timers are
// Node's own. Checks the batching and exact-stepping promises of protocol.ts end to end.

import { describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun } from "../../engine/run-config.ts";
import { STEP_FIELDS } from "../../engine/series.ts";
import { isFromWorker, type FromWorker, type ToWorker } from "./protocol.ts";
import { withWorkerScope } from "../testing/worker-scope.ts";

interface FakeScope {
  onmessage: ((ev: { data: unknown }) => void) | null;
  postMessage(msg: unknown, transfer?: unknown[]): void;
}

const posted: { msg: FromWorker; at: number; transferred: number }[] = [];
const scope: FakeScope = {
  onmessage: null,
  postMessage(msg, transfer = []) {
    if (!isFromWorker(msg)) throw new Error(`worker posted junk: ${JSON.stringify(msg)}`);
    posted.push({ msg, at: performance.now(), transferred: transfer.length });
  },
};

withWorkerScope(scope, () => import("./worker.ts"));

function send(msg: ToWorker): void {
  scope.onmessage?.({ data: msg });
}

async function until(pred: () => boolean, timeoutMs = 20_000): Promise<void> {
  const t0 = performance.now();
  while (!pred()) {
    if (performance.now() - t0 > timeoutMs) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

const ofRun = (runId: number) => posted.filter((p) => p.msg.runId === runId).map((p) => p.msg);
const stepsOf = (runId: number) =>
  ofRun(runId).reduce((n, m) => (m.type === "samples" ? n + m.count : n), 0);
const lastStep = (runId: number) =>
  ofRun(runId).reduce((s, m) => (m.type === "samples" ? m.step : s), 0);
const settle = () => new Promise((r) => setTimeout(r, 60));

describe("training worker", () => {
  it("streams a whole run at full speed in a few batches, not one message per step", async () => {
    const config = cloneRun(DEFAULT_RUN);
    config.epochs = 3;
    send({ type: "start", runId: 1, config, stepsPerSecond: null, paused: false });
    await until(() => ofRun(1).some((m) => m.type === "done"));
    const msgs = ofRun(1);
    expect(msgs[0]).toMatchObject({ type: "ready", stepsPerEpoch: 200, totalSteps: 600 });
    const batches = posted.filter((p) => p.msg.runId === 1 && p.msg.type === "samples");
    expect(stepsOf(1)).toBe(600);
    expect(batches.length).toBeLessThan(600 / 4);
    for (const b of batches) expect(b.transferred).toBe(STEP_FIELDS.length);
    // At most one batch per ~frame: consecutive batches are >= ~16 ms apart except the last.
    const gaps = batches.slice(1, -1).map((b, i) => b.at - batches[i].at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(14);
    expect(msgs[msgs.length - 1]).toEqual({ type: "done", runId: 1, step: 600 });
  });

  it("steps exactly while paused, and a pause stops the stream", async () => {
    const config = cloneRun(DEFAULT_RUN);
    send({ type: "start", runId: 2, config, stepsPerSecond: null, paused: true });
    await settle();
    expect(stepsOf(2)).toBe(0);
    send({ type: "step", runId: 2, steps: 1 });
    await until(() => stepsOf(2) === 1);
    send({ type: "step", runId: 2, steps: 200 });
    await until(() => stepsOf(2) === 201);
    await settle();
    expect(lastStep(2)).toBe(201);
    send({ type: "resume", runId: 2 });
    await until(() => stepsOf(2) > 400);
    send({ type: "pause", runId: 2 });
    await settle();
    const after = stepsOf(2);
    await settle();
    expect(stepsOf(2)).toBe(after);
  });

  it("ignores commands of a replaced run and applies a live rate change as a manual decay", async () => {
    const config = cloneRun(DEFAULT_RUN);
    send({ type: "start", runId: 3, config, stepsPerSecond: null, paused: true });
    send({ type: "start", runId: 4, config, stepsPerSecond: null, paused: true });
    send({ type: "step", runId: 3, steps: 50 }); // stale: run 3 was replaced
    await settle();
    expect(stepsOf(3)).toBe(0);
    expect(stepsOf(4)).toBe(0);
    send({ type: "step", runId: 4, steps: 10 });
    await until(() => stepsOf(4) === 10);
    send({ type: "setRate", runId: 4, lr: 0.005 });
    await until(() => ofRun(4).some((m) => m.type === "event"));
    const ev = ofRun(4).find((m) => m.type === "event");
    expect(ev).toMatchObject({ event: { type: "decay", step: 11, manual: true, to: 0.005 } });
  });

  it("respects a speed limit", async () => {
    send({ type: "start", runId: 5, config: cloneRun(DEFAULT_RUN), stepsPerSecond: 100, paused: false });
    const t0 = performance.now();
    await until(() => stepsOf(5) >= 20);
    const elapsed = performance.now() - t0;
    // 20 steps at 100/s take ~190 ms (the first step is immediate).
    expect(elapsed).toBeGreaterThan(150);
    send({ type: "pause", runId: 5 });
  });

  it("reports a bad config as an error instead of training", async () => {
    const bad = { ...cloneRun(DEFAULT_RUN), batchSize: -3 };
    send({ type: "start", runId: 6, config: bad, stepsPerSecond: null, paused: false });
    await until(() => ofRun(6).length > 0);
    expect(ofRun(6)[0]).toMatchObject({ type: "error" });
    expect((ofRun(6)[0] as { message: string }).message).toMatch(/batchSize/);
  });
});
