import { describe, expect, it } from "vitest";
import { DEFAULT_RANGE_TEST, runRangeTest } from "../../engine/range-test.ts";
import { DEFAULT_RUN, cloneRun } from "../../engine/run-config.ts";
import { fakeFactory } from "../testing/fake-worker.ts";
import { RangeTestClient } from "./client.ts";
import { isFromRangeTestWorker, isToRangeTestWorker, type FromRangeTestWorker, type ToRangeTestWorker } from "./protocol.ts";

const config = cloneRun(DEFAULT_RUN);
const options = { steps: 40 };
const result = runRangeTest(config, { ...DEFAULT_RANGE_TEST, steps: 40 });

function setup() {
  const f = fakeFactory<ToRangeTestWorker>();
  const client = new RangeTestClient(f.create);
  const answer = (req: ToRangeTestWorker): FromRangeTestWorker => ({ type: "rangeResult", testId: req.testId, result, ms: 3 });
  return { f, client, answer };
}

describe("RangeTestClient", () => {
  it("starts its worker with the first test and resolves with the result", async () => {
    const { f, client, answer } = setup();
    expect(f.made).toHaveLength(0);
    const p = client.run(config, options);
    const req = f.latest().sent[0];
    expect(isToRangeTestWorker(req)).toBe(true);
    expect(req).toMatchObject({ type: "rangeTest", config, options });
    f.latest().emit(answer(req));
    await expect(p).resolves.toEqual({ result, ms: 3 });
  });

  it("a new test cancels the running one: its worker is terminated and a late answer is dropped", async () => {
    const { f, client, answer } = setup();
    const first = client.run(config, options);
    const oldWorker = f.latest();
    const oldReq = oldWorker.sent[0];
    const second = client.run(config, options);
    await expect(first).rejects.toThrow("cancelled");
    expect(oldWorker.terminated).toBe(true);
    expect(f.made).toHaveLength(2);
    // The old test's answer, already in flight, is not taken for the new test.
    f.latest().emit(answer(oldReq));
    const newReq = f.latest().sent[0];
    expect(newReq.testId).not.toBe(oldReq.testId);
    f.latest().emit({ ...answer(newReq), ms: 7 });
    await expect(second).resolves.toMatchObject({ ms: 7 });
  });

  it("the worker's error answer rejects with its message; the worker stays", async () => {
    const { f, client } = setup();
    const p = client.run(config, options);
    f.latest().emit({ type: "rangeError", testId: f.latest().sent[0].testId, message: "invalid range test: steps must be …" });
    await expect(p).rejects.toThrow("invalid range test");
    expect(f.latest().terminated).toBe(false);
  });

  it("after a crash the test rejects with the browser's message, and the next test gets a new worker", async () => {
    const { f, client, answer } = setup();
    const p = client.run(config, options);
    f.latest().fail("out of memory");
    await expect(p).rejects.toThrow("out of memory");
    const q = client.run(config, options);
    expect(f.made).toHaveLength(2);
    f.latest().emit(answer(f.latest().sent[0]));
    await expect(q).resolves.toMatchObject({ ms: 3 });
    // A crash without a message still says which worker failed.
    const r = client.run(config, options);
    f.latest().fail("");
    await expect(r).rejects.toThrow("the range-test worker failed");
  });

  it("dispose terminates the worker", () => {
    const { f, client } = setup();
    client.run(config, options).catch(() => {});
    client.dispose();
    expect(f.latest().terminated).toBe(true);
  });
});

describe("range-test protocol guards", () => {
  it("accept a real result and reject a malformed one", () => {
    expect(isFromRangeTestWorker({ type: "rangeResult", testId: 1, result, ms: 1 })).toBe(true);
    expect(isFromRangeTestWorker(structuredClone({ type: "rangeResult", testId: 1, result, ms: 1 }))).toBe(true);
    expect(isFromRangeTestWorker({ type: "rangeError", testId: 1, message: "x" })).toBe(true);
    expect(isFromRangeTestWorker({ type: "rangeResult", testId: 1, result: { ...result, loss: [1] }, ms: 1 })).toBe(false);
    expect(isFromRangeTestWorker({ type: "rangeResult", testId: -1, result, ms: 1 })).toBe(false);
    expect(isToRangeTestWorker({ type: "rangeTest", testId: 1, config, options: [] })).toBe(false);
  });
});
