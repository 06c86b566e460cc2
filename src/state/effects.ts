// Every side effect of the store in one place, started once from main.tsx (not from React effects,
// which StrictMode runs twice and which would scatter "config changed → restart" over components):
//   - the worker client, wired both ways to the store;
//   - config change → restart the run, or apply the new rate live in "change live" mode;
//   - the 15 Hz snapshot ticker that turns streamed batches into re-renders;
//   - a small read-only test/debug hook on `window.__playground`.

import type { TrainEvent } from "../engine/trainer.ts";
import { TrainingClient } from "../worker/client.ts";
import { connectPort, isActive, onlyLrChanged, usePlayground, type RunStatus } from "./store.ts";
import { decodeState, encodeState, type UrlState } from "./url.ts";

/** Reads the page's link into the store: every valid field applied, every problem listed. */
function applyLink(): void {
  const { state, problems } = decodeState(window.location.search);
  usePlayground.setState({
    config: state.config,
    chartOptions: { ...state.view },
    linkProblems: problems,
    hidden: new Set(state.hide),
    locked: new Set(state.lock),
    lang: state.lang,
  });
}

/** The link of the current settings (replace, not push: no history entry per slider tick). */
function linkQuery(): string {
  const s = usePlayground.getState();
  const url: UrlState = {
    config: s.config,
    view: { ...s.chartOptions },
    pins: [],
    lang: s.lang,
    lesson: null,
    hide: [...s.hidden],
    lock: [...s.locked],
  };
  return encodeState(url);
}

function syncAddressBar(): void {
  const q = linkQuery();
  const next = `${window.location.pathname}${q === "" ? "" : "?" + q}${window.location.hash}`;
  if (next !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
    window.history.replaceState(window.history.state, "", next);
  }
}

/** Shortest snapshot period: 15 Hz keeps Recharts' redraws of a few thousand points off the long-task list. */
export const PUBLISH_MS = 66;

/**
 * The test/debug hook. It is present in production builds on purpose: the e2e suite runs against
 * the built app and reads the raw series here instead of scraping SVG paths. It only reads,
 * except `crash()`, which exercises the worker-recovery path.
 */
export interface PlaygroundHook {
  getSeries(): { step: number[]; loss: number[]; lr: number[] };
  events(): TrainEvent[];
  state(): { runId: number; status: RunStatus; step: number; totalSteps: number; stepsPerEpoch: number; version: number; workerRestarts: number };
  crash(): void;
}

declare global {
  interface Window {
    __playground?: PlaygroundHook;
  }
}

let stop: (() => void) | null = null;

export function startEffects(): () => void {
  if (stop !== null) return stop;
  const store = usePlayground;
  applyLink();
  const client = new TrainingClient({ onMessage: (msg) => store.getState().receive(msg) });
  connectPort(client);

  const setDocumentLang = (lang: string): void => {
    document.documentElement.lang = lang === "zh" ? "zh-Hans" : lang;
  };
  setDocumentLang(store.getState().lang);

  const unsubscribe = store.subscribe((state, prev) => {
    if (state.lang !== prev.lang) setDocumentLang(state.lang);
    if (state.config !== prev.config || state.chartOptions !== prev.chartOptions || state.lang !== prev.lang) syncAddressBar();
    if (state.config === prev.config) return;
    const live = state.liveMode && isActive(state.current.status) && onlyLrChanged(prev.config, state.config);
    if (live) state.applyLiveRate();
    else state.restart();
  });

  // The refresh loop. Each tick publishes the loss chart's snapshot, then the learning-rate
  // chart's in a separate task, then waits at least as long as that work took: on a slow or busy
  // machine the refresh rate drops instead of the page becoming unresponsive.
  let ticker: ReturnType<typeof setTimeout> | null = null;
  const schedule = (ms: number): void => {
    ticker = setTimeout(tick, ms);
  };
  const tick = (): void => {
    const t0 = performance.now();
    if (!store.getState().publish()) {
      schedule(PUBLISH_MS);
      return;
    }
    // setTimeout(0) runs after React's synchronous re-render of the first chart has finished.
    ticker = setTimeout(() => {
      store.getState().publishLrChart();
      ticker = setTimeout(() => {
        const cost = performance.now() - t0;
        schedule(Math.max(PUBLISH_MS - cost, cost));
      }, 0);
    }, 0);
  };
  schedule(PUBLISH_MS);

  const hook: PlaygroundHook = {
    getSeries() {
      const cols = store.getState().current.series.columns();
      return { step: Array.from(cols.step), loss: Array.from(cols.loss), lr: Array.from(cols.lr) };
    },
    events: () => store.getState().current.events.slice(),
    state() {
      const s = store.getState();
      const r = s.current;
      return {
        runId: r.runId,
        status: r.status,
        step: r.step,
        totalSteps: r.totalSteps,
        stepsPerEpoch: r.stepsPerEpoch,
        version: s.version,
        workerRestarts: client.restartCount,
      };
    },
    crash: () => client.crash(),
  };
  Object.defineProperty(window, "__playground", { value: Object.freeze(hook), configurable: true });

  store.getState().restart();

  stop = () => {
    unsubscribe();
    if (ticker !== null) clearTimeout(ticker);
    connectPort(null);
    client.dispose();
    delete window.__playground;
    stop = null;
  };
  return stop;
}
