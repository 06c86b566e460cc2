// The range-test panel's state. The test itself runs in its own worker (src/worker/range-test/),
// behind RangeTestClient, so the page and the training worker keep going while one runs; a new
// test replaces one still running.

import type { RangeTestOptions, RangeTestResult } from "../engine/range-test.ts";
import type { RunConfig } from "../engine/run-config.ts";
import { create } from "zustand";
import { RangeTestClient, type RangeTestAnswer } from "../worker/range-test/client.ts";

/** What the store needs of the range-test client (a fake in tests). */
export interface RangeTestPort {
  run(config: RunConfig, options: Partial<RangeTestOptions>): Promise<RangeTestAnswer>;
}

// The panel's state, kept here rather than in the panel: the tool tabs unmount a closed panel, and
// the last result must survive a look at the Sweep tab (the shared lr axis shows both).

type RangeTestState =
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

export function createRangeTestStore(port: RangeTestPort) {
  return create<RangeTestStore>()((set) => ({
    state: { kind: "idle" },
    start(config, options = {}) {
      const key = rangeTestKey(config);
      set({ state: { kind: "running" } });
      port.run(config, options).then(
        ({ result, ms }) => set({ state: { kind: "done", result, ms, key } }),
        (e: unknown) => {
          const message = e instanceof Error ? e.message : String(e);
          if (message !== "cancelled") set({ state: { kind: "error", message } });
        },
      );
    },
  }));
}

/** The page's store; its worker starts with the first test. */
export const useRangeTest = createRangeTestStore(new RangeTestClient());
