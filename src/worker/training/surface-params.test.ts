// The trajectory of 2-D problems across the worker boundary: the training worker sends (x, y) per
// step with each samples batch (transferred), the guard checks its length, and the store keeps it.

import { STEP_FIELDS } from "../../engine/series.ts";
import { describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun, type RunConfig } from "../../engine/run-config.ts";
import { Trainer } from "../../engine/trainer.ts";
import { isFromWorker, type FromWorker, type ToWorker } from "./protocol.ts";
import { withWorkerScope } from "../testing/worker-scope.ts";

interface FakeScope {
  onmessage: ((ev: { data: unknown }) => void) | null;
  postMessage(msg: unknown, transfer?: unknown[]): void;
}

const posted: { msg: FromWorker; transfer: unknown[] }[] = [];
const scope: FakeScope = {
  onmessage: null,
  postMessage(msg, transfer = []) {
    if (!isFromWorker(msg)) throw new Error(`worker posted junk: ${JSON.stringify(msg)}`);
    posted.push({ msg, transfer });
  },
};
withWorkerScope(scope, () => import("./worker.ts"));

async function runToEnd(runId: number, config: RunConfig): Promise<Extract<FromWorker, { type: "samples" }>[]> {
  scope.onmessage?.({ data: { type: "start", runId, config, stepsPerSecond: null, paused: false } satisfies ToWorker });
  const t0 = performance.now();
  while (!posted.some((p) => p.msg.runId === runId && p.msg.type === "done")) {
    if (performance.now() - t0 > 20_000) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
  return posted.flatMap((p) => (p.msg.runId === runId && p.msg.type === "samples" ? [p.msg] : []));
}

describe("trajectory of 2-D problems", () => {
  it("arrives with every samples batch, transferred, equal to the trainer's own path", async () => {
    const config: RunConfig = { ...cloneRun(DEFAULT_RUN), problem: "beale", start: [2, -1], epochs: 30 };
    const batches = await runToEnd(11, config);
    const xy: number[] = [];
    for (const b of batches) {
      expect(b.params).toBeInstanceOf(Float64Array);
      expect(b.params?.length).toBe(2 * b.count);
      xy.push(...(b.params ?? []));
      const sent = posted.find((p) => p.msg === b);
      expect(sent?.transfer).toContain(b.params?.buffer);
    }
    // The same config run in-process gives the same path, point for point.
    const want: number[] = [];
    const t = new Trainer(config, { onStep: () => want.push(t.paramAt(0), t.paramAt(1)) });
    t.runToEnd();
    expect(xy).toEqual(want);
    expect(want.length).toBe(2 * t.totalSteps);
  });

  it("is left out for problems that are not 2-D", async () => {
    const batches = await runToEnd(12, { ...cloneRun(DEFAULT_RUN), epochs: 1 });
    expect(batches.length).toBeGreaterThan(0);
    for (const b of batches) expect(b.params).toBeUndefined();
  });

  it("the guard refuses params of the wrong length or type", () => {
    const base = { type: "samples", runId: 1, count: 2, step: 2, columns: {} as Record<string, Float64Array> };
    for (const f of STEP_FIELDS) base.columns[f] = new Float64Array(2);
    expect(isFromWorker(base)).toBe(true);
    expect(isFromWorker({ ...base, params: new Float64Array(4) })).toBe(true);
    expect(isFromWorker({ ...base, params: new Float64Array(3) })).toBe(false);
    expect(isFromWorker({ ...base, params: [1, 2, 3, 4] })).toBe(false);
  });
});
