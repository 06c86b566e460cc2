import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun } from "../engine/run-config.ts";
import { DEFAULT_SWEEP, runCell } from "../engine/sweep.ts";
import { SweepPool, type SweepWorkerLike } from "../worker/sweep/client.ts";
import type { FromSweepWorker, ToSweepWorker } from "../worker/sweep/protocol.ts";
import { connectSweepPool, draftOf, parseDraft, useSweep } from "./sweep.ts";

/** Answers each run with the engine's real outcome on the next macrotask. */
class EngineWorker implements SweepWorkerLike {
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  postMessage(m: ToSweepWorker): void {
    if (m.type !== "sweepRun") return;
    setTimeout(() => {
      const msg: FromSweepWorker = { type: "sweepResult", sweepId: m.sweepId, workerId: m.workerId, index: m.index, outcome: runCell(m.config), ms: 1 };
      this.onmessage?.({ data: msg } as MessageEvent);
    }, 1);
  }
  terminate(): void {}
}

const base = cloneRun({ ...DEFAULT_RUN, epochs: 1 });

async function until(pred: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !pred(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(pred()).toBe(true);
}

afterEach(() => connectSweepPool(null));

describe("sweep form", () => {
  it("refuses a sweep whose total steps are over the budget, naming them and the limit", () => {
    // 48 runs × 5,000 steps: fine. 48 runs × 2×10⁸ steps (epochs 10⁶) was accepted by the run count alone.
    expect(parseDraft(draftOf(DEFAULT_SWEEP), cloneRun(DEFAULT_RUN)).problems).toEqual([]);
    const long = { ...cloneRun(DEFAULT_RUN), epochs: 1_000_000 };
    expect(parseDraft(draftOf(DEFAULT_SWEEP), long).problems).toMatchObject([
      {
        field: "sweep.steps",
        code: "overBudget",
        value: 9_600_000_000,
        message: "the sweep is 48 runs × 200,000,000 steps = 9,600,000,000 steps; at most 50,000,000 (fewer rates, values, seeds or epochs, or a larger batch)",
      },
    ]);
    // The store refuses to start it.
    const before = useSweep.getState().status;
    useSweep.getState().run(long);
    expect(useSweep.getState().status).toBe(before);
  });

  it("reads numbers with the links' grammar: hex is text", () => {
    expect(parseDraft({ ...draftOf(DEFAULT_SWEEP), seeds: "0x2" }, base).problems.map((p) => p.message)).toEqual([
      'seeds must be an integer in [1, 10], got "0x2"',
    ]);
  });

  it("parses the typed text, naming field, value and range of bad input", () => {
    expect(parseDraft(draftOf(DEFAULT_SWEEP))).toEqual({ spec: DEFAULT_SWEEP, problems: [] });
    const bad = parseDraft({ ...draftOf(DEFAULT_SWEEP), lrMin: "abc", values: "0.5, 20", seeds: "" });
    expect(bad.problems.map((p) => p.message)).toEqual([
      'lrMin must be in (0, 10], got "abc"',
      "values[1] (gamma) must be in (0, 10], got 20",
      'seeds must be an integer in [1, 10], got ""',
    ]);
    // Repeats are dropped quietly: the sweep can still run.
    expect(parseDraft({ ...draftOf(DEFAULT_SWEEP), values: "1 0.5,0.5" })).toEqual({ spec: { ...DEFAULT_SWEEP, values: [0.5, 1] }, problems: [] });
  });

  it("does not start a sweep while the form has problems", () => {
    useSweep.getState().loadSpec(DEFAULT_SWEEP, false);
    useSweep.getState().setDraft({ lrCount: "1" });
    useSweep.getState().run(base);
    expect(useSweep.getState().status).toBe("idle");
  });
});

describe("sweep store", () => {
  it("streams results into cells, showing a cell once all its seeds are in, and sets the link's sweep", async () => {
    connectSweepPool(new SweepPool({ size: 2, createWorker: () => new EngineWorker() }));
    const s = useSweep.getState();
    s.loadSpec({ lrMin: 0.001, lrMax: 0.1, lrCount: 2, axis: "gamma", values: [0.5], seeds: 2 }, false);
    s.run(base);
    expect(useSweep.getState().status).toBe("running");
    expect(useSweep.getState().linkSpec).toEqual({ lrMin: 0.001, lrMax: 0.1, lrCount: 2, axis: "gamma", values: [0.5], seeds: 2 });
    const seen: number[] = [];
    const unsub = useSweep.subscribe((st) => seen.push(st.cellResults.filter((r) => r !== null).length));
    await until(() => useSweep.getState().status === "done");
    unsub();
    const st = useSweep.getState();
    expect(st.done).toBe(4);
    expect(st.workerIds).toEqual([1, 2]);
    // After one result no cell can be complete (each needs two seeds).
    expect(seen[0]).toBe(0);
    const want = (lr: number) => {
      const a = runCell({ ...base, optimizer: { ...base.optimizer, lr } });
      const b = runCell({ ...base, seed: base.seed + 1, optimizer: { ...base.optimizer, lr } });
      return a.status === "done" && b.status === "done" ? (a.finalLoss + b.finalLoss) / 2 : NaN;
    };
    expect(st.cellResults).toEqual([
      { status: "done", finalLoss: want(0.001), seeds: 2 },
      { status: "done", finalLoss: want(0.1), seeds: 2 },
    ]);
    expect(st.configOfCell(1)).toEqual({ ...base, optimizer: { ...base.optimizer, lr: 0.1 } });
  });

  it("cancel stops the sweep and keeps what arrived", async () => {
    connectSweepPool(new SweepPool({ size: 2, createWorker: () => new EngineWorker() }));
    const s = useSweep.getState();
    s.loadSpec({ ...DEFAULT_SWEEP, lrCount: 10 }, false);
    s.run(base);
    await until(() => useSweep.getState().done >= 2);
    useSweep.getState().cancel();
    const done = useSweep.getState().done;
    await new Promise((r) => setTimeout(r, 100));
    expect(useSweep.getState().status).toBe("cancelled");
    expect(useSweep.getState().done).toBe(done);
    expect(done).toBeLessThan(40);
  });
});
