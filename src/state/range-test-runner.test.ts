import { describe, expect, it } from "vitest";
import { DEFAULT_RANGE_TEST, runRangeTest } from "../engine/range-test.ts";
import { DEFAULT_RUN, cloneRun } from "../engine/run-config.ts";
import type { RangeTestAnswer } from "../worker/range-test/client.ts";
import { createRangeTestStore, rangeTestKey, type RangeTestPort } from "./range-test-runner.ts";

const config = cloneRun(DEFAULT_RUN);
const result = runRangeTest(config, { ...DEFAULT_RANGE_TEST, steps: 30 });

/** Each test waits until the test settles it by hand. */
function fakePort() {
  const calls: { resolve(a: RangeTestAnswer): void; reject(e: Error): void }[] = [];
  const port: RangeTestPort = { run: () => new Promise((resolve, reject) => calls.push({ resolve, reject })) };
  return { port, calls };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("the range-test panel's store", () => {
  it("goes running -> done with the result and the key of the config it ran on", async () => {
    const { port, calls } = fakePort();
    const store = createRangeTestStore(port);
    expect(store.getState().state).toEqual({ kind: "idle" });
    store.getState().start(config);
    expect(store.getState().state).toEqual({ kind: "running" });
    calls[0].resolve({ result, ms: 5 });
    await tick();
    expect(store.getState().state).toEqual({ kind: "done", result, ms: 5, key: rangeTestKey(config) });
  });

  it("shows a failure, but a test cancelled by the next one leaves the next one running", async () => {
    const { port, calls } = fakePort();
    const store = createRangeTestStore(port);
    store.getState().start(config);
    store.getState().start(config);
    calls[0].reject(new Error("cancelled"));
    await tick();
    expect(store.getState().state).toEqual({ kind: "running" });
    calls[1].reject(new Error("the range-test worker failed"));
    await tick();
    expect(store.getState().state).toEqual({ kind: "error", message: "the range-test worker failed" });
  });
});
