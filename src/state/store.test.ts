import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun, type RunConfig } from "../engine/run-config.ts";
import { ColumnBuilder } from "../worker/run-data.ts";
import { packSamples } from "../worker/training/protocol.ts";
import { MAX_PINS, connectPort, onlyLrChanged, usePlayground, type TrainingPort } from "./store.ts";

class FakePort implements TrainingPort {
  calls: string[] = [];
  private id = 100;
  start(_config: RunConfig, o: { paused: boolean }): number {
    this.calls.push(`start paused=${String(o.paused)}`);
    return ++this.id;
  }
  pause() {
    this.calls.push("pause");
  }
  resume() {
    this.calls.push("resume");
  }
  step(n: number) {
    this.calls.push(`step ${n}`);
  }
  setSpeed(s: number | null) {
    this.calls.push(`speed ${String(s)}`);
  }
  setRate(lr: number) {
    this.calls.push(`rate ${lr}`);
  }
}

function batch(runId: number, from: number, n: number) {
  const b = new ColumnBuilder();
  for (let i = 1; i <= n; i++) {
    const step = from + i;
    b.push({ step, epoch: step / 200, lr: 0.02, lrT: 0.02, batchLoss: 1, loss: 1 / step, gradNorm: 1, updateNorm: 0.1, lossAtY: Number.NaN });
  }
  return packSamples(runId, b, from + n).message;
}

let port: FakePort;
const st = () => usePlayground.getState();

beforeEach(() => {
  port = new FakePort();
  connectPort(port);
  usePlayground.setState({ playing: true, pinned: [], notices: [], config: cloneRun(DEFAULT_RUN) });
  st().restart();
});

describe("store", () => {
  it("keeps streamed data outside React state until publish bumps the version", () => {
    const runId = st().current.runId;
    st().receive({ type: "ready", runId, stepsPerEpoch: 200, totalSteps: 5000, initialLoss: 44 });
    const v = st().version;
    // A run's first batch is drawn at once (someone just changed a setting and waits for it)...
    st().receive(batch(runId, 0, 30));
    expect(st().version).toBe(v + 1);
    expect(st().snapshot).toMatchObject({ step: 30, totalSteps: 5000, stepsPerEpoch: 200 });
    // ...later ones wait for the throttled publish.
    st().receive(batch(runId, 30, 20));
    expect(st().version).toBe(v + 1);
    expect(st().snapshot.step).toBe(30);
    st().publish();
    expect(st().version).toBe(v + 2);
    expect(st().snapshot).toMatchObject({ step: 50, totalSteps: 5000, stepsPerEpoch: 200 });
    expect(st().snapshot.columns.loss).toHaveLength(50);
    st().publish(); // nothing new: no re-render
    expect(st().version).toBe(v + 2);
  });

  it("marks the page's first samples once (a cold-start mark for the bench), not each run's", () => {
    performance.clearMarks("playground:first-samples");
    const runId = st().current.runId;
    st().receive(batch(runId, 0, 10));
    st().receive(batch(runId, 10, 10));
    st().restart();
    st().receive(batch(st().current.runId, 0, 10));
    expect(performance.getEntriesByName("playground:first-samples", "mark")).toHaveLength(1);
  });

  it("publishes the latest gradient noise scale B_simple, and a new run starts without one", () => {
    const runId = st().current.runId;
    expect(st().snapshot.noiseScale).toBeNull();
    st().receive({ ...batch(runId, 0, 10), noiseScale: 40 });
    st().receive({ ...batch(runId, 10, 10), noiseScale: 120 });
    st().receive(batch(runId, 20, 10)); // a batch without one keeps the last
    st().publish();
    expect(st().snapshot.noiseScale).toBe(120);
    st().restart();
    expect(st().snapshot.noiseScale).toBeNull();
  });

  it("drops messages of an older run", () => {
    const old = st().current.runId;
    st().restart();
    st().receive(batch(old, 0, 10));
    expect(st().current.series.pushed).toBe(0);
  });

  it("steps pause the run; Epoch steps stepsPerEpoch", () => {
    const runId = st().current.runId;
    st().receive({ type: "ready", runId, stepsPerEpoch: 200, totalSteps: 5000, initialLoss: 44 });
    st().stepOnce();
    st().stepEpoch();
    expect(port.calls.slice(-2)).toEqual(["step 1", "step 200"]);
    expect(st().playing).toBe(false);
    expect(st().current.status).toBe("paused");
  });

  it("ends the run on done, diverged and error; Play then starts it again", () => {
    const runId = st().current.runId;
    st().receive({ type: "diverged", runId, step: 7, epoch: 0.035, reason: "the loss is not finite" });
    expect(st().current.status).toBe("diverged");
    expect(st().current.diverged).toEqual({ step: 7, epoch: 0.035, reason: "the loss is not finite" });
    expect(st().playing).toBe(true); // the user's intent: a changed setting plays the next run
    st().toggle(); // on an ended run the button says "Run again"
    expect(port.calls.at(-1)).toBe("start paused=false");
    expect(st().current.runId).not.toBe(runId);
    expect(st().current.status).toBe("running");
    st().receive({ type: "error", runId: st().current.runId, message: "worker died" });
    expect(st().workerError).toBe("worker died");
    st().reset();
    expect(st().workerError).toBeNull();
  });

  it("pins copies of the run, up to the limit", () => {
    const runId = st().current.runId;
    st().receive(batch(runId, 0, 5));
    for (let i = 0; i < MAX_PINS; i++) st().pin();
    expect(st().pinned).toHaveLength(MAX_PINS);
    expect(new Set(st().pinned.map((p) => p.color)).size).toBe(MAX_PINS);
    st().pin();
    expect(st().pinned).toHaveLength(MAX_PINS);
    expect(st().notices.at(-1)?.kind).toBe("pinLimit");
    st().receive(batch(runId, 5, 5));
    expect(st().pinned[0].columns.loss).toHaveLength(5); // a copy, not a view of the live series
    st().unpin(st().pinned[0].id);
    expect(st().pinned).toHaveLength(MAX_PINS - 1);
  });

  it("refuses pinned runs from a link over the step budget, naming the steps and the limit", () => {
    const asked: RunConfig[] = [];
    connectPort(port, { run: (c) => (asked.push(c), new Promise(() => {})), cancelAll: () => {} });
    // 3 × 15,000,000 steps fit the budget of 50,000,000; a fourth does not.
    const big = { ...cloneRun(DEFAULT_RUN), epochs: 75_000 };
    for (let i = 0; i < 4; i++) st().pinConfig(big, "link");
    expect(asked).toHaveLength(3);
    const last = st().pinned[3];
    expect(last).toMatchObject({ pending: false });
    expect(last.overBudget).toEqual({ steps: 15_000_000, total: 60_000_000, max: 50_000_000 });
    // One run alone over the budget (epochs 10⁶: 2×10⁸ steps).
    st().clearPins();
    st().pinConfig({ ...cloneRun(DEFAULT_RUN), epochs: 1_000_000 }, "link");
    expect(st().pinned[0].overBudget).toEqual({ steps: 200_000_000, total: 200_000_000, max: 50_000_000 });
    expect(asked).toHaveLength(3);
  });

  it("onlyLrChanged tells a live-applicable change from any other", () => {
    const a = cloneRun(DEFAULT_RUN);
    const b = cloneRun(DEFAULT_RUN);
    expect(onlyLrChanged(a, b)).toBe(false);
    b.optimizer.lr = 0.005;
    expect(onlyLrChanged(a, b)).toBe(true);
    b.seed = 2;
    expect(onlyLrChanged(a, b)).toBe(false);
  });
});
