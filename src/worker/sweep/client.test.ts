import { describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun } from "../../engine/run-config.ts";
import { enumerateRuns, runCell, type SweepSpec } from "../../engine/sweep.ts";
import { SweepPool, poolSize, type SweepCallbacks, type SweepResult, type SweepStats, type SweepWorkerLike } from "./client.ts";
import type { FromSweepWorker, ToSweepWorker } from "./protocol.ts";

/**
 * A stand-in worker that really runs the engine (runCell), answering after `delayMs`. With
 * `ignoreCancel` it answers anyway, like a message already in flight when the page cancelled.
 */
class FakeWorker implements SweepWorkerLike {
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  received: ToSweepWorker[] = [];
  terminated = false;
  private timers = new Map<number, ReturnType<typeof setTimeout>>();

  constructor(
    readonly id: number,
    private readonly delayMs: number,
    private readonly ignoreCancel = false,
    private readonly crashOn: ((index: number) => boolean) | null = null,
  ) {}

  postMessage(m: ToSweepWorker): void {
    this.received.push(m);
    if (m.type === "sweepCancel") {
      if (!this.ignoreCancel) for (const t of this.timers.values()) clearTimeout(t);
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(m.index);
      if (this.crashOn?.(m.index)) {
        this.onerror?.({ message: "boom", preventDefault() {} } as unknown as ErrorEvent);
        return;
      }
      const outcome = runCell(m.config);
      const msg: FromSweepWorker = { type: "sweepResult", sweepId: m.sweepId, workerId: m.workerId, index: m.index, outcome, ms: this.delayMs };
      this.onmessage?.({ data: msg } as MessageEvent);
    }, this.delayMs);
    this.timers.set(m.index, t);
  }

  terminate(): void {
    this.terminated = true;
    for (const t of this.timers.values()) clearTimeout(t);
  }
}

const base = cloneRun({ ...DEFAULT_RUN, epochs: 1 });
const spec: SweepSpec = { lrMin: 0.001, lrMax: 0.1, lrCount: 3, axis: "gamma", values: [0.5, 1], seeds: 1 };
const jobs = enumerateRuns(spec, base).map((r) => ({ index: r.index, config: r.config }));

function collect(): { callbacks: SweepCallbacks; results: SweepResult[]; progress: number[]; done: Promise<SweepStats>; errors: string[] } {
  const results: SweepResult[] = [];
  const progress: number[] = [];
  const errors: string[] = [];
  let resolve: (s: SweepStats) => void = () => {};
  const done = new Promise<SweepStats>((r) => (resolve = r));
  return {
    results,
    progress,
    errors,
    done,
    callbacks: {
      onResult: (r, d) => {
        results.push(r);
        progress.push(d);
      },
      onError: (_i, message, d) => {
        errors.push(message);
        progress.push(d);
      },
      onDone: (s) => resolve(s),
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("poolSize", () => {
  it("uses the cores, at least 2 and at most 8", () => {
    expect(poolSize(1)).toBe(2);
    expect(poolSize(2)).toBe(2);
    expect(poolSize(6)).toBe(6);
    expect(poolSize(64)).toBe(8);
    expect(poolSize(undefined)).toBe(4);
    expect(poolSize(Number.NaN)).toBe(4);
  });
});

describe("SweepPool", () => {
  it("runs every job once across all its workers and reports the engine's outcomes", async () => {
    const workers: FakeWorker[] = [];
    const pool = new SweepPool({ size: 3, createWorker: (id) => (workers[workers.length] = new FakeWorker(id, 5)) });
    const c = collect();
    pool.run(jobs, c.callbacks);
    const stats = await c.done;
    expect(workers).toHaveLength(3);
    expect(c.results.map((r) => r.index).sort((a, b) => a - b)).toEqual(jobs.map((j) => j.index));
    expect(c.progress).toEqual([1, 2, 3, 4, 5, 6]);
    for (const r of c.results) expect(r.outcome).toEqual(runCell(jobs[r.index].config));
    expect(stats.workerIds).toEqual([1, 2, 3]);
    expect(stats.workMs).toBe(30);
    // One job in flight per worker: no worker ever got a second job before answering the first.
    for (const w of workers) expect(w.received.filter((m) => m.type === "sweepRun").length).toBe(2);
    expect(pool.running).toBe(false);
    pool.dispose();
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  it("never starts more workers than jobs, and reuses them for the next sweep", async () => {
    let created = 0;
    const pool = new SweepPool({ size: 8, createWorker: (id) => (created++, new FakeWorker(id, 1)) });
    const a = collect();
    pool.run(jobs.slice(0, 2), a.callbacks);
    await a.done;
    expect(created).toBe(2);
    const b = collect();
    pool.run(jobs, b.callbacks);
    await b.done;
    expect(created).toBe(6);
    expect(b.results).toHaveLength(6);
  });

  it("after cancel, no result of the cancelled sweep arrives, even from workers that answer anyway", async () => {
    const workers: FakeWorker[] = [];
    const pool = new SweepPool({ size: 2, createWorker: (id) => (workers[workers.length] = new FakeWorker(id, 20, true)) });
    const c = collect();
    let finished = false;
    void c.done.then(() => (finished = true));
    pool.run(jobs, c.callbacks);
    await sleep(30); // the first two results are in, two more are in flight
    pool.cancel();
    const seen = c.results.length;
    expect(seen).toBe(2);
    expect(workers.every((w) => w.received.some((m) => m.type === "sweepCancel"))).toBe(true);
    await sleep(80); // the in-flight answers arrive and must be dropped
    expect(c.results).toHaveLength(seen);
    expect(finished).toBe(false);
    // The pool is usable again right away.
    const d = collect();
    pool.run(jobs.slice(0, 3), d.callbacks);
    expect((await d.done).workerIds.length).toBe(2);
    expect(d.results).toHaveLength(3);
    expect(c.results).toHaveLength(seen);
  });

  it("a late answer of a cancelled sweep is not taken for the new sweep's run of the same index", async () => {
    const pool = new SweepPool({ size: 2, createWorker: (id) => new FakeWorker(id, 10, true) });
    const a = collect();
    pool.run(jobs, a.callbacks); // runs 0 and 1 in flight on the two workers
    pool.cancel();
    const other = enumerateRuns({ ...spec, lrMin: 0.2, lrMax: 0.5 }, base).map((r) => ({ index: r.index, config: r.config }));
    const b = collect();
    pool.run(other, b.callbacks); // runs 0 and 1 again, of other configs; the old answers come first
    await b.done;
    expect(a.results).toHaveLength(0);
    for (const r of b.results) expect(r.outcome).toEqual(runCell(other[r.index].config));
    expect(b.results.map((r) => r.index).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("a new run cancels the running one", async () => {
    const pool = new SweepPool({ size: 2, createWorker: (id) => new FakeWorker(id, 10, true) });
    const a = collect();
    pool.run(jobs, a.callbacks);
    const b = collect();
    pool.run(jobs.slice(0, 1), b.callbacks);
    await b.done;
    await sleep(40);
    expect(a.results).toHaveLength(0);
    expect(b.results).toHaveLength(1);
  });

  it("replaces a crashed worker and retries its run once; a second crash is reported as an error", async () => {
    let made = 0;
    const pool = new SweepPool({
      size: 2,
      createWorker: (id) => {
        made++;
        return new FakeWorker(id, 2, false, (i) => i === 1 && made <= 3);
      },
    });
    const c = collect();
    pool.run(jobs, c.callbacks);
    await c.done;
    expect(c.results.length + c.errors.length).toBe(jobs.length);
    expect(made).toBeGreaterThan(2);

    const always = new SweepPool({ size: 2, createWorker: (id) => new FakeWorker(id, 2, false, (i) => i === 0) });
    const e = collect();
    always.run(jobs, e.callbacks);
    await e.done;
    expect(e.errors).toEqual(["the sweep worker crashed twice on run 0: boom"]);
    expect(e.results).toHaveLength(jobs.length - 1);
  });

  it("finishes an empty sweep at once without starting workers", async () => {
    let created = 0;
    const pool = new SweepPool({ size: 2, createWorker: (id) => (created++, new FakeWorker(id, 1)) });
    const c = collect();
    pool.run([], c.callbacks);
    expect((await c.done).workerIds).toEqual([]);
    expect(created).toBe(0);
  });

  it("ignores malformed messages and answers for a run the worker was not given", async () => {
    const workers: FakeWorker[] = [];
    const pool = new SweepPool({ size: 2, createWorker: (id) => (workers[workers.length] = new FakeWorker(id, 15)) });
    const c = collect();
    const sweepId = pool.run(jobs.slice(0, 2), c.callbacks);
    const w = workers[0];
    w.onmessage?.({ data: { type: "sweepResult", sweepId } } as MessageEvent);
    const wrongIndex: FromSweepWorker = { type: "sweepResult", sweepId, workerId: w.id, index: 1, outcome: { status: "done", finalLoss: 1, steps: 1 }, ms: 1 };
    w.onmessage?.({ data: wrongIndex } as MessageEvent); // worker 1 holds run 0, not run 1
    expect(c.results).toHaveLength(0);
    await c.done;
    expect(c.results.map((r) => r.outcome)).toEqual(jobs.slice(0, 2).map((j) => runCell(j.config)));
  });
});
