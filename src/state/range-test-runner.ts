// Runs learning-rate range tests in their own worker (src/worker/range-test.worker.ts), so the
// page and the training worker keep going while one runs. The UI calls `runRangeTestOffThread`
// and never sees the worker. A new test replaces one still running (its worker is terminated).

import type { RangeTestOptions, RangeTestResult } from "../engine/range-test.ts";
import type { RunConfig } from "../engine/run-config.ts";
import { create } from "zustand";
import { isFromRangeTestWorker, type ToRangeTestWorker } from "../worker/protocol.ts";

export interface RangeTestAnswer {
  result: RangeTestResult;
  /** Wall time of the test inside the worker. */
  ms: number;
}

let worker: Worker | null = null;
let nextId = 1;
let pending: { id: number; reject: (e: Error) => void } | null = null;

function spawn(): Worker {
  return new Worker(new URL("../worker/range-test.worker.ts", import.meta.url), { type: "module", name: "range-test" });
}

/** Cancels a running test (its promise rejects with "cancelled"). */
export function cancelRangeTest(): void {
  if (pending !== null) {
    pending.reject(new Error("cancelled"));
    pending = null;
  }
  worker?.terminate();
  worker = null;
}

export function runRangeTestOffThread(config: RunConfig, options: Partial<RangeTestOptions> = {}): Promise<RangeTestAnswer> {
  if (pending !== null) cancelRangeTest();
  const w = worker ?? spawn();
  worker = w;
  const id = nextId++;
  return new Promise<RangeTestAnswer>((resolve, reject) => {
    pending = { id, reject };
    const settle = () => {
      if (pending?.id === id) pending = null;
    };
    w.onmessage = (ev: MessageEvent<unknown>) => {
      const m = ev.data;
      if (!isFromRangeTestWorker(m) || m.testId !== id) return;
      settle();
      if (m.type === "rangeResult") resolve({ result: m.result, ms: m.ms });
      else reject(new Error(m.message));
    };
    w.onerror = (ev: ErrorEvent) => {
      settle();
      worker = null;
      w.terminate();
      reject(new Error(ev.message || "the range-test worker failed"));
    };
    const msg: ToRangeTestWorker = { type: "rangeTest", testId: id, config, options };
    w.postMessage(msg);
  });
}

// ---------------------------------------------------------------------------------------------
// The panel's state, kept here rather than in the panel: the tool tabs unmount a closed panel, and
// the last result must survive a look at the Sweep tab (the shared lr axis shows both).

export type RangeTestState =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "done"; result: RangeTestResult; ms: number; key: string }
  | { kind: "error"; message: string };

/** The parts of a config the range test depends on (it replaces the rate, the policy and the length). */
export function rangeTestKey(c: RunConfig): string {
  return JSON.stringify({ ...c.optimizer, lr: 0, problem: c.problem, batchSize: c.batchSize, seed: c.seed, start: c.start ?? null });
}

interface RangeTestStore {
  state: RangeTestState;
  /** Runs the test on `config` off the main thread; the state follows it. */
  start(config: RunConfig, options?: Partial<RangeTestOptions>): void;
}

export const useRangeTest = create<RangeTestStore>()((set) => ({
  state: { kind: "idle" },
  start(config, options = {}) {
    const key = rangeTestKey(config);
    set({ state: { kind: "running" } });
    runRangeTestOffThread(config, options).then(
      ({ result, ms }) => set({ state: { kind: "done", result, ms, key } }),
      (e: unknown) => {
        const message = e instanceof Error ? e.message : String(e);
        if (message !== "cancelled") set({ state: { kind: "error", message } });
      },
    );
  },
}));
