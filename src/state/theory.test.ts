// The theory state's side: which runs want a curve, one request at a time for the newest config,
// stale replies dropped, results reused from the cache.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun, preset, type RunConfig } from "../engine/run-config.ts";
import { expectedLossCurve } from "../engine/theory.ts";
import { connectPort, usePlayground, type PinnedPort, type TrainingPort } from "./store.ts";
import { startTheory, useTheory, type TheoryPort, type TheoryResult } from "./theory.ts";
import { DEFAULT_VIEW } from "./url-view.ts";

const noopPort: TrainingPort = { start: () => 1, pause() {}, resume() {}, step() {}, setSpeed() {}, setRate() {} };
const neverPinned: PinnedPort = { run: () => new Promise(() => {}), cancelAll() {} };

class FakeTheory implements TheoryPort {
  requests: { config: RunConfig; resolve(r: TheoryResult): void; reject(e: Error): void }[] = [];
  compute(config: RunConfig): Promise<TheoryResult> {
    return new Promise((resolve, reject) => this.requests.push({ config, resolve, reject }));
  }
  /** Answers the oldest pending request with the real computation (60 points). */
  async answer(): Promise<void> {
    const r = this.requests.shift();
    if (r === undefined) throw new Error("nothing pending");
    r.resolve(expectedLossCurve(r.config, 60));
    await Promise.resolve();
  }
}

let port: FakeTheory;
let stop: () => void;
const st = () => usePlayground.getState();
const byRun = () => useTheory.getState().byRun;
const setTheory = (on: boolean) => usePlayground.setState({ chartOptions: { ...DEFAULT_VIEW, theory: on } });

beforeEach(() => {
  connectPort(noopPort, neverPinned);
  usePlayground.setState({ pinned: [], config: cloneRun(DEFAULT_RUN), chartOptions: { ...DEFAULT_VIEW } });
  port = new FakeTheory();
  stop = startTheory(port);
});
afterEach(() => stop());

describe("theory state", () => {
  it("asks for nothing while the view's theory option is off", () => {
    expect(port.requests).toHaveLength(0);
    expect(byRun()).toEqual({});
  });

  it("computes the live run's curve, then each pinned run's, one request at a time", async () => {
    st().pinConfig(preset("no-decay"), "lesson");
    setTheory(true);
    expect(port.requests).toHaveLength(1);
    expect(port.requests[0].config).toBe(st().config);
    expect(byRun().live.result).toBeNull();
    await port.answer();
    expect(byRun().live.result?.supported).toBe(true);
    expect(port.requests).toHaveLength(1);
    const pin = st().pinned[0];
    expect(port.requests[0].config).toBe(pin.config);
    await port.answer();
    const r = byRun()[pin.id].result;
    expect(r?.supported && r.stages).toHaveLength(1);
  });

  it("drops a reply for a config the run no longer has and asks for the newest one only", async () => {
    setTheory(true);
    const first = port.requests[0].config;
    // Three slider moves while the first request is in flight.
    for (const lr of [0.02, 0.015, 0.01]) st().setConfig({ ...st().config, optimizer: { ...st().config.optimizer, lr } });
    expect(port.requests).toHaveLength(1);
    await port.answer();
    expect(byRun().live.config).not.toBe(first);
    expect(byRun().live.result).toBeNull();
    expect(port.requests).toHaveLength(1);
    expect(port.requests[0].config.optimizer.lr).toBe(0.01);
    await port.answer();
    const live = byRun().live.result;
    expect(live?.supported && live.stages[0].lr).toBe(0.01);
  });

  it("reuses a cached result when a config comes back, and forgets runs that are gone", async () => {
    setTheory(true);
    await port.answer();
    const base = st().config;
    st().setConfig({ ...base, optimizer: { ...base.optimizer, lr: 0.01 } });
    await port.answer();
    st().setConfig(cloneRun(base));
    expect(port.requests).toHaveLength(0);
    expect(byRun().live.result?.supported).toBe(true);
    setTheory(false);
    expect(byRun()).toEqual({});
  });

  it("records a worker error for that run instead of retrying forever", async () => {
    setTheory(true);
    port.requests.shift()!.reject(new Error("the theory worker stopped (boom)"));
    await Promise.resolve();
    expect(byRun().live).toMatchObject({ result: null, error: "the theory worker stopped (boom)" });
    expect(port.requests).toHaveLength(0);
  });
});
