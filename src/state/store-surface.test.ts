// The store's side of the loss-surface view: the live run's bounded trajectory, pinned runs' copies,
// and start points that belong to one problem.

import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun, type RunConfig } from "../engine/run-config.ts";
import { ColumnBuilder, PairBuilder } from "../worker/run-data.ts";
import { packSamples } from "../worker/training/protocol.ts";
import { connectPort, usePlayground, type TrainingPort } from "./store.ts";

class FakePort implements TrainingPort {
  private id = 500;
  start(): number {
    return ++this.id;
  }
  pause() {}
  resume() {}
  step() {}
  setSpeed() {}
  setRate() {}
}

function batch(runId: number, from: number, n: number) {
  const b = new ColumnBuilder();
  const p = new PairBuilder();
  for (let i = 1; i <= n; i++) {
    const step = from + i;
    b.push({ step, epoch: step / 4, lr: 0.02, lrT: 0.02, batchLoss: 1, loss: 1 / step, gradNorm: 1, updateNorm: 0.1, lossAtY: Number.NaN });
    p.push(step / 1000, -step / 1000);
  }
  return packSamples(runId, b, from + n, p).message;
}

const st = () => usePlayground.getState();
const surface: RunConfig = { ...cloneRun(DEFAULT_RUN), problem: "rosenbrock" };

beforeEach(() => {
  connectPort(new FakePort());
  usePlayground.setState({ playing: true, pinned: [], notices: [], config: surface });
  st().restart();
});

describe("trajectory in the store", () => {
  it("collects the path of the live run, bounded at 20,000 points, with the latest point exact", () => {
    const id = st().current.runId;
    for (let k = 0; k < 30; k++) st().receive(batch(id, k * 1000, 1000));
    const tr = st().current.trajectory;
    expect(tr.pushed).toBe(30_000);
    expect(tr.length).toBeLessThanOrEqual(20_000);
    expect(tr.length).toBeGreaterThanOrEqual(10_000);
    expect(tr.last()).toEqual({ step: 30_000, x: 30, y: -30 });
    expect(tr.view().step[0]).toBe(1);
  });

  it("drops batches of an old run and starts empty after a restart", () => {
    const old = st().current.runId;
    st().receive(batch(old, 0, 10));
    st().restart();
    st().receive(batch(old, 10, 10));
    expect(st().current.trajectory.pushed).toBe(0);
  });

  it("a pinned run keeps a copy of its path", () => {
    const id = st().current.runId;
    st().receive(batch(id, 0, 50));
    st().pin();
    const pin = st().pinned[0];
    expect(pin.trajectory?.x.length).toBe(50);
    st().receive(batch(id, 50, 50));
    expect(pin.trajectory?.x.length).toBe(50);
    expect(pin.trajectory?.x[49]).toBe(0.05);
  });

  it("a start point is dropped when the problem changes, kept otherwise", () => {
    st().setConfig({ ...st().config, start: [0.5, 0.5] });
    expect(st().config.start).toEqual([0.5, 0.5]);
    st().setConfig({ ...st().config, seed: 7 });
    expect(st().config.start).toEqual([0.5, 0.5]);
    st().setConfig({ ...st().config, problem: "beale" });
    expect(st().config.start).toBeUndefined();
  });
});
