import { describe, expect, it } from "vitest";
import { computeBand, runSeed } from "../../engine/ensemble.ts";
import { DEFAULT_RUN, cloneRun, type RunConfig } from "../../engine/run-config.ts";
import { FakeWorker } from "../testing/fake-worker.ts";
import { EnsemblePool, type EnsembleResult } from "./client.ts";
import type { ToEnsembleWorker } from "./protocol.ts";

const config = (seed = 1): RunConfig => ({ ...cloneRun(DEFAULT_RUN), epochs: 1, seed });

function pool(size = 2) {
  const made: FakeWorker<ToEnsembleWorker>[] = [];
  const p = new EnsemblePool({
    size,
    createWorker: () => {
      const w = new FakeWorker<ToEnsembleWorker>();
      made.push(w);
      return w;
    },
    now: () => 0,
  });
  return { p, made };
}

/** The last message `w` was sent, as the worker would answer it (the engine's real numbers). */
function answer(w: FakeWorker<ToEnsembleWorker>): void {
  const m = w.sent[w.sent.length - 1];
  if (m.type === "ensembleSeed") w.emit({ type: "ensembleSeedDone", requestId: m.requestId, workerId: m.workerId, trace: runSeed(m.config, m.seed), ms: 1 });
  else if (m.type === "ensembleReduce") w.emit({ type: "ensembleResult", requestId: m.requestId, workerId: m.workerId, result: { band: computeBand(m.request.config, m.request.seeds) }, ms: 1 });
}

function collect() {
  const results: EnsembleResult[] = [];
  const errors: string[] = [];
  return { results, errors, callbacks: { onResult: (r: EnsembleResult) => results.push(r), onError: (e: string) => errors.push(e) } };
}

/** Answers every outstanding job until nothing is sent any more. */
function drain(made: FakeWorker<ToEnsembleWorker>[]): void {
  for (let guard = 0; guard < 200; guard++) {
    const before = made.reduce((n, w) => n + w.sent.length, 0);
    for (const w of made) {
      const last = w.sent[w.sent.length - 1];
      if (last !== undefined && last.type !== "ensembleCancel" && !answered.has(last)) {
        answered.add(last);
        answer(w);
      }
    }
    if (made.reduce((n, w) => n + w.sent.length, 0) === before) return;
  }
}
const answered = new WeakSet<object>();

describe("EnsemblePool", () => {
  it("splits a band's seeds over the pool, then one worker reduces them", () => {
    const { p, made } = pool(2);
    const c = collect();
    p.run({ config: config(3), seeds: 4 }, c.callbacks);
    expect(made).toHaveLength(2);
    expect(made.map((w) => w.sent.map((m) => m.type === "ensembleSeed" && m.seed))).toEqual([[3], [4]]);
    drain(made);
    const seeds = made.flatMap((w) => w.sent.filter((m) => m.type === "ensembleSeed").map((m) => (m.type === "ensembleSeed" ? m.seed : -1)));
    expect(seeds.sort()).toEqual([3, 4, 5, 6]);
    expect(made.flatMap((w) => w.sent.filter((m) => m.type === "ensembleReduce"))).toHaveLength(1);
    expect(c.results).toHaveLength(1);
    expect(c.results[0].band).toEqual(computeBand(config(3), 4));
    expect(p.pendingCount).toBe(0);
  });

  it("never delivers anything of a cancelled band, even answers already in flight", () => {
    const { p, made } = pool(2);
    const old = collect();
    const id = p.run({ config: config(1), seeds: 2 }, old.callbacks);
    const inFlight = made.map((w) => w.sent[0]);
    p.cancel(id);
    expect(made.every((w) => w.sent.some((m) => m.type === "ensembleCancel" && m.requestId === id))).toBe(true);
    const fresh = collect();
    p.run({ config: config(7), seeds: 2 }, fresh.callbacks);
    // The old band's seeds and a result for it arrive late: dropped unseen.
    made.forEach((w, i) => {
      const m = inFlight[i];
      if (m.type === "ensembleSeed") w.emit({ type: "ensembleSeedDone", requestId: id, workerId: m.workerId, trace: runSeed(m.config, m.seed), ms: 1 });
      w.emit({ type: "ensembleResult", requestId: id, workerId: i + 1, result: { band: computeBand(config(1), 2) }, ms: 1 });
    });
    drain(made);
    expect(old.results).toEqual([]);
    expect(old.errors).toEqual([]);
    expect(fresh.results).toHaveLength(1);
    expect(fresh.results[0].band.baseSeed).toBe(7);
  });

  it("puts an urgent band's seeds first in line", () => {
    const { p, made } = pool(2);
    p.run({ config: config(100), seeds: 6 }, collect().callbacks);
    p.run({ config: config(1), seeds: 2 }, collect().callbacks, { urgent: true });
    answer(made[0]);
    answer(made[1]);
    const next = made.map((w) => w.sent[w.sent.length - 1]).map((m) => (m.type === "ensembleSeed" ? m.seed : -1));
    expect(next.sort()).toEqual([1, 2]);
  });

  it("retries a seed once after a crash; a second crash fails the band with the reason", () => {
    const { p, made } = pool(1);
    const c = collect();
    p.run({ config: config(1), seeds: 1 }, c.callbacks);
    made[0].fail("boom");
    expect(made).toHaveLength(2);
    expect(made[1].sent[0]).toMatchObject({ type: "ensembleSeed", seed: 1 });
    made[1].fail("boom again");
    expect(c.errors).toEqual(["the band worker crashed twice: boom again"]);
    expect(p.pendingCount).toBe(0);
  });

  it("an error of the worker fails only its band", () => {
    const { p, made } = pool(1);
    const a = collect();
    const b = collect();
    const idA = p.run({ config: config(1), seeds: 1 }, a.callbacks);
    p.run({ config: config(5), seeds: 1 }, b.callbacks);
    made[0].emit({ type: "ensembleError", requestId: idA, workerId: 1, message: "invalid band config: epochs" });
    drain(made);
    expect(a.errors).toEqual(["invalid band config: epochs"]);
    expect(b.results).toHaveLength(1);
  });
});
