// The expected-loss curves and noise floors the loss chart draws (engine/theory.ts, computed in the
// theory worker), one per run on screen: the live run ("live") and each pinned run (its id).
//
// Wanted only while the view's `theory` option is on. Requests go out one at a time, always for the
// newest config of a run whose curve is missing or stale: dragging a slider asks for the config it
// ends on, never for the dozens it passed through. Results are cached by config (lessons and pins
// come back often), and a reply is kept only if its run still has the config it was asked for.

import { create } from "zustand";
import type { RunConfig } from "../engine/run-config.ts";
import type { TheoryCurve, TheoryUnsupported } from "../engine/theory.ts";
import { usePlayground, type PlaygroundState } from "./store.ts";

export type TheoryResult = TheoryCurve | TheoryUnsupported;

export interface TheoryEntry {
  /** The config the curve is (or will be) for. */
  config: RunConfig;
  /** Null while it is being computed. */
  result: TheoryResult | null;
  error: string | null;
}

interface TheoryState {
  /** Key "live" for the live run, the pin's id for a pinned run. */
  byRun: Readonly<Record<string, TheoryEntry>>;
}

export const useTheory = create<TheoryState>(() => ({ byRun: {} }));

/** What the theory state needs of the worker client. */
export interface TheoryPort {
  compute(config: RunConfig): Promise<TheoryResult>;
}

/** Results kept across config changes (a lesson's runs, a slider moved back). */
const CACHE_SIZE = 24;

/** The runs whose theory is wanted now, by key; none while the view's theory option is off. */
function wantedTheory(s: Pick<PlaygroundState, "config" | "pinned" | "chartOptions">): Map<string, RunConfig> {
  const wanted = new Map<string, RunConfig>();
  if (!s.chartOptions.theory) return wanted;
  wanted.set("live", s.config);
  for (const p of s.pinned) wanted.set(p.id, p.config);
  return wanted;
}

/**
 * Keeps `useTheory` in step with the playground store through `port`; returns the unsubscribe.
 * (Started by effects.ts; tests drive it with a fake port.)
 */
export function startTheory(port: TheoryPort): () => void {
  const cache = new Map<string, TheoryResult>();
  let inFlight = false;
  let stopped = false;

  const remember = (key: string, result: TheoryResult): void => {
    cache.delete(key);
    cache.set(key, result);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  };

  /** Brings `byRun` to the wanted runs: drops the unwanted, fills from the cache, requests one missing curve. */
  const pump = (): void => {
    if (stopped) return;
    const wanted = wantedTheory(usePlayground.getState());
    const byRun: Record<string, TheoryEntry> = {};
    let changed = Object.keys(useTheory.getState().byRun).some((k) => !wanted.has(k));
    let missing: { key: string; config: RunConfig } | null = null;
    for (const [key, config] of wanted) {
      const old = useTheory.getState().byRun[key];
      if (old !== undefined && old.config === config) {
        byRun[key] = old;
        if (old.result === null && old.error === null && missing === null) missing = { key, config };
        continue;
      }
      changed = true;
      const cached = cache.get(JSON.stringify(config));
      byRun[key] = { config, result: cached ?? null, error: null };
      if (cached === undefined && missing === null) missing = { key, config };
    }
    if (changed) useTheory.setState({ byRun });
    if (missing === null || inFlight) return;
    const { config } = missing;
    inFlight = true;
    port.compute(config).then(
      (result) => {
        remember(JSON.stringify(config), result);
        settle(config, { result, error: null });
      },
      (e: unknown) => settle(config, { result: null, error: e instanceof Error ? e.message : String(e) }),
    );
  };

  /** Files a reply under every run that still wants that config, then asks for the next. */
  const settle = (config: RunConfig, outcome: Pick<TheoryEntry, "result" | "error">): void => {
    inFlight = false;
    if (stopped) return;
    const byRun = { ...useTheory.getState().byRun };
    for (const [key, entry] of Object.entries(byRun)) {
      if (entry.config === config || (entry.result === null && JSON.stringify(entry.config) === JSON.stringify(config))) {
        byRun[key] = { config: entry.config, ...outcome };
      }
    }
    useTheory.setState({ byRun });
    pump();
  };

  const unsubscribe = usePlayground.subscribe((s, prev) => {
    if (s.config !== prev.config || s.pinned !== prev.pinned || s.chartOptions.theory !== prev.chartOptions.theory) pump();
  });
  pump();
  return () => {
    stopped = true;
    unsubscribe();
    useTheory.setState({ byRun: {} });
  };
}
