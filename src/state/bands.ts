// The seed bands' state (issue #14), kept out of store.ts: for the live run and each pinned run,
// the band of its config over the view's `seeds` seeds (engine/ensemble.ts), computed by the
// ensemble worker pool (worker/ensemble).
//
// When a band is (re)computed, by one subscription to the playground store:
//   - the live run's band: whenever the settings or the seed count change (the old request is
//     cancelled first, and the new one goes first in the workers' queue);
//   - a pinned run's band: once per pin (and seed count), kept while the pin exists; removing the
//     pin cancels and drops it;
//   - seeds = 1 (the default): no bands, every request cancelled.
// A cancelled request's results never reach this store (the pool drops them), and an entry is only
// ever updated by the request that made it (checked by id), so a stale band is never drawn.

import { create } from "zustand";
import { BAND_STEP_BUDGET, bandSteps, type Band } from "../engine/ensemble.ts";
import type { RunConfig } from "../engine/run-config.ts";
import type { EnsembleCallbacks, EnsembleRequest } from "../worker/ensemble/client.ts";
import { usePlayground } from "./store.ts";
import type { PlaygroundState } from "./store-types.ts";

export interface BandEntry {
  /** The request's id: which computation this is (the chart marks its band with it). */
  id: number;
  config: RunConfig;
  seeds: number;
  status: "pending" | "done" | "error" | "overBudget";
  /**
   * Seeds finished: 0 while pending, all when done. Not counted up seed by seed: each store update
   * re-renders the charts, main-thread work that would compete with the band's own workers.
   */
  done: number;
  band: Band | null;
  error: string | null;
  /** Steps the band would take (seeds × steps), shown when it is over the budget. */
  steps: number;
  /** From the request to the result, in the page. */
  ms: number | null;
  /** The seeds' own times summed (in their workers): well above `ms` when they ran in parallel. */
  workMs: number | null;
}

export interface BandsState {
  /** The live run's band, or null (bands off). */
  live: BandEntry | null;
  /** Pinned runs' bands, by pin id. */
  pinned: Readonly<Record<string, BandEntry>>;
}

export const useBands = create<BandsState>()(() => ({ live: null, pinned: {} }));

/** What the bands need of the worker pool (an interface, so tests stand in for it). */
export interface EnsemblePort {
  run(request: EnsembleRequest, callbacks: EnsembleCallbacks, options?: { urgent?: boolean }): number;
  cancel(id: number): void;
}

/** Entries not started by a port carry ids from here: never equal to a port's (which start at 1). */
let localId = 0;

/**
 * Keeps the bands in step with the playground store through `port`; returns the unsubscribe
 * (which also cancels everything in flight).
 */
export function startBands(port: EnsemblePort): () => void {
  const now = (): number => performance.now();

  /** Starts the band of `config`; `put` stores the entry (and each update of it while it is still current). */
  const start = (config: RunConfig, seeds: number, urgent: boolean, put: (e: BandEntry, isUpdate: boolean) => void): BandEntry => {
    const steps = bandSteps(config, seeds);
    if (steps > BAND_STEP_BUDGET) {
      const entry: BandEntry = { id: --localId, config, seeds, status: "overBudget", done: 0, band: null, error: null, steps, ms: null, workMs: null };
      put(entry, false);
      return entry;
    }
    const t0 = now();
    let id = 0;
    const entry: BandEntry = { id: 0, config, seeds, status: "pending", done: 0, band: null, error: null, steps, ms: null, workMs: null };
    id = port.run(
      { config, seeds },
      {
        onResult: (r, stats) => put({ ...entry, id, done: seeds, status: "done", band: r.band, ms: now() - t0, workMs: stats.workMs }, true),
        onError: (message) => put({ ...entry, id, status: "error", error: message }, true),
      },
      { urgent },
    );
    const started = { ...entry, id };
    put(started, false);
    return started;
  };

  const cancel = (e: BandEntry | null | undefined): void => {
    if (e !== null && e !== undefined && e.status === "pending") port.cancel(e.id);
  };

  const setLive = (e: BandEntry | null, isUpdate: boolean): void => {
    // An update counts only while its request is still the live one.
    if (isUpdate && useBands.getState().live?.id !== e?.id) return;
    useBands.setState({ live: e });
  };

  const setPinned = (pinId: string) => (e: BandEntry, isUpdate: boolean): void => {
    const pinned = useBands.getState().pinned;
    if (isUpdate && pinned[pinId]?.id !== e.id) return;
    useBands.setState({ pinned: { ...pinned, [pinId]: e } });
  };

  const sync = (s: Pick<PlaygroundState, "config" | "chartOptions" | "pinned">): void => {
    const seeds = s.chartOptions.seeds;
    const on = seeds > 1;
    const { live, pinned } = useBands.getState();
    if (!on) {
      cancel(live);
      if (live !== null) setLive(null, false);
    } else if (live === null || live.config !== s.config || live.seeds !== seeds) {
      cancel(live);
      start(s.config, seeds, true, setLive);
    }
    const ids = new Set(s.pinned.map((p) => p.id));
    const kept: Record<string, BandEntry> = {};
    for (const [id, e] of Object.entries(pinned)) {
      if (on && ids.has(id)) kept[id] = e;
      else cancel(e);
    }
    if (Object.keys(kept).length !== Object.keys(pinned).length) useBands.setState({ pinned: kept });
    if (!on) return;
    for (const p of s.pinned) {
      const e = useBands.getState().pinned[p.id];
      if (e !== undefined && e.seeds === seeds && e.config === p.config) continue;
      cancel(e);
      start(p.config, seeds, false, setPinned(p.id));
    }
  };

  sync(usePlayground.getState());
  const unsubscribe = usePlayground.subscribe((state, prev) => {
    if (state.config !== prev.config || state.chartOptions.seeds !== prev.chartOptions.seeds || state.pinned !== prev.pinned) sync(state);
  });
  return () => {
    unsubscribe();
    const { live, pinned } = useBands.getState();
    cancel(live);
    for (const e of Object.values(pinned)) cancel(e);
    useBands.setState({ live: null, pinned: {} });
  };
}
