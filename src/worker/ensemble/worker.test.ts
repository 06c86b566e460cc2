// Drives the real ensemble worker module in Node (a stand-in `self`): seeds and reductions give the
// engine's numbers bit for bit, and a cancel stops a long seed mid-way.

import { describe, expect, it } from "vitest";
import { computeBand, runSeed } from "../../engine/ensemble.ts";
import { DEFAULT_RUN, cloneRun, type RunConfig } from "../../engine/run-config.ts";
import { withWorkerScope } from "../testing/worker-scope.ts";
import { isFromEnsembleWorker, type FromEnsembleWorker } from "./protocol.ts";

const posted: FromEnsembleWorker[] = [];
const scope = {
  onmessage: null as ((ev: { data: unknown }) => void) | null,
  postMessage(msg: unknown) {
    if (!isFromEnsembleWorker(msg)) throw new Error(`worker posted junk: ${JSON.stringify(msg)}`);
    posted.push(msg);
  },
};

withWorkerScope(scope, () => import("./worker.ts"));

const send = (msg: unknown) => scope.onmessage?.({ data: msg });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(pred: () => boolean, timeoutMs = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > timeoutMs) throw new Error("timed out");
    await sleep(5);
  }
}
const config = (epochs: number, seed = 1): RunConfig => ({ ...cloneRun(DEFAULT_RUN), epochs, seed });

describe("ensemble.worker", () => {
  it("runs seeds, then reduces them to the engine's band, bit for bit", async () => {
    posted.length = 0;
    const c = config(2, 5);
    for (const seed of [5, 6, 7]) send({ type: "ensembleSeed", requestId: 1, workerId: 2, config: c, seed });
    await until(() => posted.length === 3);
    const traces = posted.map((m) => (m.type === "ensembleSeedDone" ? m.trace : null));
    expect(traces.map((t) => t?.seed)).toEqual([5, 6, 7]);
    expect(Array.from(traces[1]?.loss ?? [])).toEqual(Array.from(runSeed(c, 6).loss));
    posted.length = 0;
    send({ type: "ensembleReduce", requestId: 1, workerId: 2, request: { config: c, seeds: 3 }, traces: [traces[2], traces[0], traces[1]] });
    await until(() => posted.length === 1);
    const got = posted[0];
    expect(got.type).toBe("ensembleResult");
    if (got.type !== "ensembleResult") return;
    const want = computeBand(c, 3);
    expect(got.result.band).toEqual(want);
  });

  it("stops a long seed of a cancelled band and drops its queued seeds, then takes new work", async () => {
    posted.length = 0;
    send({ type: "ensembleSeed", requestId: 2, workerId: 1, config: config(5000), seed: 1 }); // a million steps
    send({ type: "ensembleSeed", requestId: 2, workerId: 1, config: config(1), seed: 2 });
    await sleep(50);
    send({ type: "ensembleCancel", requestId: 2 });
    send({ type: "ensembleSeed", requestId: 3, workerId: 1, config: config(1), seed: 9 });
    await until(() => posted.length === 1, 5_000);
    await sleep(100);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ type: "ensembleSeedDone", requestId: 3 });
  });

  it("reports a bad config, a bad seed count and a malformed message instead of throwing", async () => {
    posted.length = 0;
    send({ type: "ensembleSeed", requestId: 4, workerId: 1, config: { ...config(1), epochs: -1 }, seed: 1 });
    send({ type: "ensembleReduce", requestId: 5, workerId: 1, request: { config: config(1), seeds: 65 }, traces: [] });
    send({ type: "ensembleSeed", requestId: 6 });
    await until(() => posted.length === 3);
    const messages = posted.map((m) => (m.type === "ensembleError" ? `${m.requestId}: ${m.message}` : m.type));
    expect(messages).toContain("5: seeds must be an integer in [1, 64], got 65");
    expect(messages).toContain("0: the ensemble worker received a malformed message");
    expect(messages.find((m) => m.startsWith("4:"))).toContain("epochs must be an integer in [1, 1000000], got -1");
  });
});
