// Drives the real sweep worker module in Node (a stand-in `self`, Node's MessageChannel and
// timers): outcomes match the engine, runs queue up, and a cancel stops a long run mid-way.

import { describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun, type RunConfig } from "../../engine/run-config.ts";
import { runCell } from "../../engine/sweep.ts";
import { isFromSweepWorker, type FromSweepWorker, type ToSweepWorker } from "./protocol.ts";
import { withWorkerScope } from "../testing/worker-scope.ts";

interface FakeScope {
  onmessage: ((ev: { data: unknown }) => void) | null;
  postMessage(msg: unknown): void;
}

const posted: FromSweepWorker[] = [];
const scope: FakeScope = {
  onmessage: null,
  postMessage(msg) {
    if (!isFromSweepWorker(msg)) throw new Error(`worker posted junk: ${JSON.stringify(msg)}`);
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

const config = (lr: number, epochs = 2): RunConfig => ({ ...cloneRun(DEFAULT_RUN), epochs, optimizer: { ...DEFAULT_RUN.optimizer, lr } });
const run = (sweepId: number, index: number, c: RunConfig): ToSweepWorker => ({ type: "sweepRun", sweepId, workerId: 3, index, config: c });

describe("sweep.worker", () => {
  it("answers each queued run, in order, with the engine's outcome", async () => {
    posted.length = 0;
    const configs = [config(0.01), config(0.05), config(0.2)];
    configs.forEach((c, i) => send(run(1, i, c)));
    await until(() => posted.length === 3);
    expect(posted.map((m) => m.type === "sweepResult" && m.index)).toEqual([0, 1, 2]);
    posted.forEach((m, i) => {
      expect(m).toMatchObject({ type: "sweepResult", sweepId: 1, workerId: 3, index: i, outcome: runCell(configs[i]) });
    });
  });

  it("stops a long run of a cancelled sweep and drops its queued runs, then takes new work", async () => {
    posted.length = 0;
    send(run(2, 0, config(0.01, 5000))); // a million steps: minutes if it were not stopped
    send(run(2, 1, config(0.01)));
    await sleep(50);
    send({ type: "sweepCancel", sweepId: 2 });
    send(run(3, 0, config(0.02)));
    await until(() => posted.length === 1, 5_000);
    await sleep(100);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ type: "sweepResult", sweepId: 3, index: 0 });
  });

  it("reports a bad config and a malformed message instead of throwing", async () => {
    posted.length = 0;
    send(run(4, 7, { ...config(0.01), epochs: -1 }));
    send({ type: "sweepRun", sweepId: 4 });
    await until(() => posted.length === 2);
    // The malformed message is answered at once; the run is checked when its turn comes.
    expect(posted[0]).toMatchObject({ type: "sweepError", sweepId: 0, message: "the sweep worker received a malformed message" });
    expect(posted[1]).toMatchObject({ type: "sweepError", sweepId: 4, index: 7 });
    expect(posted[1].type === "sweepError" && posted[1].message).toContain("epochs must be an integer in [1, 1000000], got -1");
  });
});
