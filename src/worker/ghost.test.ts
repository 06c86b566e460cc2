import { describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun, preset } from "../engine/run-config.ts";
import { simulate } from "../engine/simulate.ts";
import { GhostClient, type GhostWorkerLike } from "./ghost-client.ts";
import { GHOST_SERIES_CAP, computeGhost } from "./ghost.worker.ts";
import { isGhostReply, isGhostRequest, type GhostReply, type GhostRequest } from "./protocol.ts";

// Two epochs, halving every epoch: one scheduled decay at step 200.
const short = { ...cloneRun(DEFAULT_RUN), epochs: 2, policy: { kind: "step" as const, stepSize: 1, gamma: 0.5, unit: "epoch" as const, warmup: null } };

describe("computeGhost", () => {
  it("returns the same columns as a headless run of the config", () => {
    const { reply, transfer } = computeGhost({ type: "ghost", requestId: 7, config: short, maxSteps: 1e9 });
    expect(reply.type).toBe("ghostDone");
    if (reply.type !== "ghostDone") return;
    const ref = simulate(short, GHOST_SERIES_CAP);
    expect(reply.requestId).toBe(7);
    expect(reply.count).toBe(400);
    expect(Array.from(reply.columns.loss)).toEqual(Array.from(ref.columns.loss));
    expect(reply.events).toEqual(ref.events.filter((e) => e.type === "decay"));
    expect(reply.events).toHaveLength(1);
    expect(reply.step).toBe(400);
    expect(reply.totalSteps).toBe(400);
    expect(reply.truncated).toBe(false);
    expect(reply.diverged).toBeNull();
    expect(transfer).toHaveLength(8);
    expect(isGhostReply(reply)).toBe(true);
  });

  it("stops at maxSteps and says so", () => {
    const { reply } = computeGhost({ type: "ghost", requestId: 1, config: short, maxSteps: 50 });
    if (reply.type !== "ghostDone") throw new Error(reply.message);
    expect(reply.step).toBe(50);
    expect(reply.truncated).toBe(true);
  });

  it("reports divergence with its step and reason", () => {
    const config = { ...preset("default"), optimizer: { ...preset("default").optimizer, kind: "sgd" as const, lr: 10 }, epochs: 1 };
    const { reply } = computeGhost({ type: "ghost", requestId: 2, config, maxSteps: 1e6 });
    if (reply.type !== "ghostDone") throw new Error(reply.message);
    expect(reply.diverged?.step).toBeGreaterThan(0);
    expect(reply.diverged?.reason).toMatch(/./);
    expect(reply.truncated).toBe(false);
    for (const v of reply.columns.loss) expect(Number.isFinite(v)).toBe(true);
  });

  it("answers an invalid config with the schema's message", () => {
    const bad = { ...short, optimizer: { ...short.optimizer, beta1: 1.5 } };
    const { reply } = computeGhost({ type: "ghost", requestId: 3, config: bad, maxSteps: 10 });
    expect(reply).toMatchObject({ type: "ghostError", requestId: 3 });
    if (reply.type === "ghostError") expect(reply.message).toContain("beta1");
  });
});

describe("ghost protocol guards", () => {
  it("accept well-formed messages and reject malformed ones", () => {
    expect(isGhostRequest({ type: "ghost", requestId: 1, config: short, maxSteps: 10 })).toBe(true);
    expect(isGhostRequest({ type: "ghost", requestId: -1, config: short, maxSteps: 10 })).toBe(false);
    expect(isGhostRequest({ type: "ghost", requestId: 1, config: short, maxSteps: 0 })).toBe(false);
    expect(isGhostRequest({ type: "ghost", requestId: 1, config: "x", maxSteps: 10 })).toBe(false);
    expect(isGhostReply({ type: "ghostError", requestId: 1, message: "x" })).toBe(true);
    expect(isGhostReply({ type: "ghostDone", requestId: 1, count: 2, columns: {}, events: [], stepsPerEpoch: 1, totalSteps: 2, step: 2, truncated: false, diverged: null })).toBe(false);
  });
});

/** A worker stand-in that answers requests by calling computeGhost, when told to. */
class FakeGhostWorker implements GhostWorkerLike {
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  queue: GhostRequest[] = [];
  terminated = false;
  postMessage(m: GhostRequest) {
    this.queue.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  answerAll() {
    for (const m of this.queue.splice(0)) this.onmessage?.({ data: computeGhost(m).reply } as MessageEvent);
  }
  deliver(data: GhostReply | unknown) {
    this.onmessage?.({ data } as MessageEvent);
  }
}

describe("GhostClient", () => {
  it("starts its worker on the first request and resolves each request with its own run", async () => {
    const workers: FakeGhostWorker[] = [];
    const client = new GhostClient(() => {
      const w = new FakeGhostWorker();
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
    const workers: FakeGhostWorker[] = [];
    const client = new GhostClient(() => {
      const w = new FakeGhostWorker();
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
    old.deliver(computeGhost(req).reply);
    const next = client.run(short);
    expect(workers).toHaveLength(2);
    workers[1].answerAll();
    await expect(next).resolves.toMatchObject({ count: 400 });
  });

  it("a worker error rejects what was pending with the reason, and the next request gets a new worker", async () => {
    const workers: FakeGhostWorker[] = [];
    const client = new GhostClient(() => {
      const w = new FakeGhostWorker();
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
    let w: FakeGhostWorker | null = null;
    const client = new GhostClient(() => (w = new FakeGhostWorker()));
    const p = client.run(short);
    (w as unknown as FakeGhostWorker).deliver({ type: "ghostDone", requestId: 1 });
    await expect(p).rejects.toThrow("malformed");
  });
});
