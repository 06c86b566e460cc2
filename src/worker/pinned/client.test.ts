import { describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun } from "../../engine/run-config.ts";
import type { WorkerLike } from "../client-base.ts";
import { PinnedClient } from "./client.ts";
import type { PinnedReply, PinnedRequest } from "./protocol.ts";
import { computePinned } from "./worker.ts";

// Two epochs, halving every epoch: one scheduled decay at step 200.
const short = { ...cloneRun(DEFAULT_RUN), epochs: 2, policy: { kind: "step" as const, stepSize: 1, gamma: 0.5, unit: "epoch" as const, warmup: null } };

/** A worker stand-in that answers requests by calling computePinned, when told to. */
class FakePinnedWorker implements WorkerLike<PinnedRequest> {
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  queue: PinnedRequest[] = [];
  terminated = false;
  postMessage(m: PinnedRequest) {
    this.queue.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  answerAll() {
    for (const m of this.queue.splice(0)) this.onmessage?.({ data: computePinned(m).reply } as MessageEvent);
  }
  deliver(data: PinnedReply | unknown) {
    this.onmessage?.({ data } as MessageEvent);
  }
}

describe("PinnedClient", () => {
  it("starts its worker on the first request and resolves each request with its own run", async () => {
    const workers: FakePinnedWorker[] = [];
    const client = new PinnedClient(() => {
      const w = new FakePinnedWorker();
      workers.push(w);
      return w;
    });
    expect(workers).toHaveLength(0);
    const a = client.run(short);
    const b = client.run({ ...short, seed: 2 });
    expect(workers).toHaveLength(1);
    workers[0].answerAll();
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.count).toBe(400);
    expect(ra.columns.loss[10]).not.toBe(rb.columns.loss[10]);
  });

  it("cancelAll rejects pending requests, stops the worker, and later replies are ignored", async () => {
    const workers: FakePinnedWorker[] = [];
    const client = new PinnedClient(() => {
      const w = new FakePinnedWorker();
      workers.push(w);
      return w;
    });
    const pending = client.run(short);
    const old = workers[0];
    const req = old.queue[0];
    client.cancelAll();
    await expect(pending).rejects.toThrow("cancelled");
    expect(old.terminated).toBe(true);
    // A reply that was already in flight reaches nobody.
    old.deliver(computePinned(req).reply);
    const next = client.run(short);
    expect(workers).toHaveLength(2);
    workers[1].answerAll();
    await expect(next).resolves.toMatchObject({ count: 400 });
  });

  it("a worker error rejects what was pending with the reason, and the next request gets a new worker", async () => {
    const workers: FakePinnedWorker[] = [];
    const client = new PinnedClient(() => {
      const w = new FakePinnedWorker();
      workers.push(w);
      return w;
    });
    const p = client.run(short);
    workers[0].onerror?.({ message: "boom", preventDefault() {} } as ErrorEvent);
    await expect(p).rejects.toThrow("boom");
    void client.run(short);
    expect(workers).toHaveLength(2);
  });

  it("a malformed reply fails the pending requests instead of hanging them", async () => {
    let w: FakePinnedWorker | null = null;
    const client = new PinnedClient(() => (w = new FakePinnedWorker()));
    const p = client.run(short);
    (w as unknown as FakePinnedWorker).deliver({ type: "pinnedDone", requestId: 1 });
    await expect(p).rejects.toThrow("malformed");
  });
});
