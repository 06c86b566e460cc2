// Every side effect of the store in one place, started once from main.tsx (not from React effects,
// which StrictMode runs twice and which would scatter "config changed → restart" over components):
//   - the worker client, wired both ways to the store;
//   - config change → restart the run, or apply the new rate live in "change live" mode;
//   - the 15 Hz snapshot ticker that turns streamed batches into re-renders;
//   - the seed bands' worker pool, wired to the store (bands.ts);
//   - a small read-only test/debug hook on `window.__playground`.

import type { TrainEvent } from "../engine/trainer.ts";
import { TrainingClient } from "../worker/training/client.ts";
import { PinnedClient } from "../worker/pinned/client.ts";
import { TheoryClient } from "../worker/theory/client.ts";
import { EnsemblePool } from "../worker/ensemble/client.ts";
import { startBands, useBands, type BandEntry } from "./bands.ts";
import { findLesson } from "./lessons.ts";
import { connectPort, isActive, onlyLrChanged, usePlayground, type RunStatus } from "./store.ts";
import { linkQuery } from "./page-link.ts";
import { decodeState } from "./url.ts";
import { useSweep } from "./sweep.ts";
import { startTheory } from "./theory.ts";
import { usePageMode } from "./page-mode.ts";
import { checkCustom, customReady } from "./custom-surface.ts";
import { DEFAULT_RUN, type RunConfig } from "../engine/run-config.ts";

/** True while a link is being applied: a Custom surface that then fails is the link's problem. */
let applyingLink = false;

/** Reads the page's link into the store: every valid field applied, every problem listed. */
function applyLink(): void {
  applyingLink = true;
  try {
    applyLinkState();
  } finally {
    applyingLink = false;
  }
}

function applyLinkState(): void {
  const { state, problems } = decodeState(window.location.search);
  usePlayground.getState().clearPins();
  usePlayground.setState({
    config: state.config,
    chartOptions: { ...state.view },
    linkProblems: problems,
    hidden: new Set(state.hide),
    locked: new Set(state.lock),
    lang: state.lang,
    lesson: state.lesson,
  });
  // The link's config is the run (a lesson link spells its config out); the lesson adds its
  // comparison runs, the link its own pinned ones.
  const { pinConfig } = usePlayground.getState();
  (findLesson(state.lesson)?.pins ?? []).forEach((p, i) => pinConfig(p.config, "lesson", p.label, i));
  for (const config of state.pins) pinConfig(config, "link");
  // A link with a sweep opens the Sweep tool filled in (ToolTabs reads `fromLink`).
  if (state.sweep) useSweep.getState().loadSpec(state.sweep, true);
  usePageMode.setState({ embed: state.embed ?? null, present: state.present === true });
}

function syncAddressBar(): void {
  const q = linkQuery();
  const next = `${window.location.pathname}${q === "" ? "" : "?" + q}${window.location.hash}`;
  if (next !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
    window.history.replaceState(window.history.state, "", next);
  }
}

/** Shortest snapshot period: 15 Hz keeps Recharts' redraws of a few thousand points off the long-task list. */
const PUBLISH_MS = 66;

/**
 * The test/debug hook. It is present in production builds on purpose: the e2e suite runs against
 * the built app and reads the raw series here instead of scraping SVG paths. It only reads,
 * except `crash()`, which exercises the worker-recovery path.
 */
interface PlaygroundHook {
  getSeries(): { step: number[]; loss: number[]; lr: number[]; lrT: number[]; updateNorm: number[]; lossAtY: number[] };
  events(): TrainEvent[];
  /** The pinned runs: where each came from, whether it is computed, and its loss column. */
  pins(): { label: string | null; source: string; pending: boolean; error: string | null; step: number; loss: number[]; updateNorm: number[]; lossAtY: number[]; events: TrainEvent[] }[];
  state(): { runId: number; status: RunStatus; step: number; totalSteps: number; stepsPerEpoch: number; version: number; workerRestarts: number };
  crash(): void;
  /**
   * The seed bands: the live run's and each pinned run's (by pin id), with the config and seed
   * count each was computed for, its status, and its columns as plain arrays (+Infinity, a
   * diverged seed's loss, as null).
   */
  getBands(): { live: HookBand | null; pinned: Record<string, HookBand> };
  /** The settings the page runs now (a copy): what the link decoded to, then any edits. */
  config(): RunConfig;
  /**
   * The settings of the run on screen (a copy). Equal to `config()` once the run of the latest
   * settings has started: a Custom surface starts its run after the page has checked it (a task later).
   */
  runConfig(): RunConfig;
  /**
   * Puts `query` in the address bar and reads it exactly as a page load does (every valid field
   * applied, every problem listed), without reloading: the URL fuzz opens hundreds of links fast.
   */
  openLink(query: string): void;
}

interface HookBand {
  id: number;
  status: BandEntry["status"];
  config: RunConfig;
  seeds: number;
  done: number;
  error: string | null;
  ms: number | null;
  workMs: number | null;
  band: { seeds: number; baseSeed: number; diverged: number; step: number[]; epoch: number[]; q10: (number | null)[]; q50: (number | null)[]; q90: (number | null)[] } | null;
}

const finiteOrNull = (c: Float64Array): (number | null)[] => Array.from(c, (x) => (Number.isFinite(x) ? x : null));

function hookBand(e: BandEntry): HookBand {
  const b = e.band;
  return {
    id: e.id,
    status: e.status,
    config: structuredClone(e.config),
    seeds: e.seeds,
    done: e.done,
    error: e.error,
    ms: e.ms,
    workMs: e.workMs,
    band:
      b === null
        ? null
        : { seeds: b.seeds, baseSeed: b.baseSeed, diverged: b.diverged, step: Array.from(b.step), epoch: Array.from(b.epoch), q10: finiteOrNull(b.q10), q50: finiteOrNull(b.q50), q90: finiteOrNull(b.q90) },
  };
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
  const client = new TrainingClient({ onMessage: (msg) => store.getState().receive(msg) });
  const pinnedClient = new PinnedClient();
  connectPort(client, pinnedClient);
  applyLink();
  const theoryClient = new TheoryClient();
  const stopTheory = startTheory(theoryClient);
  // After the link: the bands start with its settings, not the defaults first.
  const ensemble = new EnsemblePool();
  const stopBands = startBands(ensemble);

  const setDocumentLang = (lang: string): void => {
    document.documentElement.lang = lang === "zh" ? "zh-Hans" : lang;
  };
  setDocumentLang(store.getState().lang);

  // A Custom config runs once the page has compiled and checked its surface (the parser is a lazy
  // chunk): a link's expression is checked in full here; one that fails falls back — to the surface
  // that ran before, or to the default problem — and is listed with the link's problems when a link
  // brought it, under the problem selector when a form edit made it (`fromLink`).
  let checking = 0;
  // Set while the fallback is put in place: its own restart keeps the problem on screen.
  let fallingBack = false;
  const started = (): void => {
    if (!fallingBack && store.getState().surfaceProblem !== null) store.setState({ surfaceProblem: null });
    store.getState().restart();
  };
  const restartWhenReady = (fromLink: boolean): void => {
    const config = store.getState().config;
    if (customReady(config)) {
      started();
      return;
    }
    const token = ++checking;
    void checkCustom(config).then((bad) => {
      const now = store.getState();
      if (token !== checking || now.config !== config) return;
      if (bad === null) {
        started();
        return;
      }
      const ran = now.current.config;
      const fallback: RunConfig = { ...config, problem: DEFAULT_RUN.problem };
      delete fallback.custom;
      delete fallback.start;
      if (ran.problem === "custom" && customReady(ran)) {
        fallback.problem = "custom";
        fallback.custom = ran.custom;
        if (ran.start !== undefined) fallback.start = ran.start;
      }
      fallingBack = true;
      try {
        if (fromLink) store.setState({ config: fallback, linkProblems: [...now.linkProblems, bad] });
        else store.setState({ config: fallback, surfaceProblem: { problem: bad, restored: fallback.problem === "custom" ? "surface" : "default" } });
      } finally {
        fallingBack = false;
      }
    });
  };

  const unsubscribe = store.subscribe((state, prev) => {
    if (state.lang !== prev.lang) setDocumentLang(state.lang);
    if (
      state.config !== prev.config ||
      state.chartOptions !== prev.chartOptions ||
      state.lang !== prev.lang ||
      state.lesson !== prev.lesson ||
      state.pinned !== prev.pinned
    ) {
      syncAddressBar();
    }
    if (state.config === prev.config) return;
    const live = state.liveMode && isActive(state.current.status) && onlyLrChanged(prev.config, state.config);
    if (live) state.applyLiveRate();
    else restartWhenReady(applyingLink);
  });

  // The sweep the link carries (run or read from a link) follows into the address bar.
  const unsubscribeSweep = useSweep.subscribe((s, prev) => {
    if (s.linkSpec !== prev.linkSpec) syncAddressBar();
  });
  // Presentation mode (the key P) follows into the address bar too.
  const unsubscribeMode = usePageMode.subscribe((s, prev) => {
    if (s.present !== prev.present) syncAddressBar();
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
      return { step: Array.from(cols.step), loss: Array.from(cols.loss), lr: Array.from(cols.lr), lrT: Array.from(cols.lrT), updateNorm: Array.from(cols.updateNorm), lossAtY: Array.from(cols.lossAtY) };
    },
    pins: () =>
      store.getState().pinned.map((p) => ({
        label: p.title === null ? null : p.title.en,
        source: p.source,
        pending: p.pending,
        error: p.error,
        step: p.step,
        loss: Array.from(p.columns.loss),
        updateNorm: Array.from(p.columns.updateNorm),
        lossAtY: Array.from(p.columns.lossAtY),
        events: p.events.slice(),
      })),
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
    getBands() {
      const { live, pinned } = useBands.getState();
      return { live: live === null ? null : hookBand(live), pinned: Object.fromEntries(Object.entries(pinned).map(([id, e]) => [id, hookBand(e)])) };
    },
    crash: () => client.crash(),
    config: () => structuredClone(store.getState().config),
    runConfig: () => structuredClone(store.getState().current.config),
    openLink(query) {
      const q = query.startsWith("?") ? query.slice(1) : query;
      window.history.replaceState(window.history.state, "", `${window.location.pathname}${q === "" ? "" : "?" + q}${window.location.hash}`);
      applyLink();
    },
  };
  Object.defineProperty(window, "__playground", { value: Object.freeze(hook), configurable: true });

  restartWhenReady(true);

  stop = () => {
    unsubscribe();
    unsubscribeSweep();
    unsubscribeMode();
    stopTheory();
    theoryClient.dispose();
    if (ticker !== null) clearTimeout(ticker);
    connectPort(null);
    client.dispose();
    pinnedClient.dispose();
    stopBands();
    ensemble.dispose();
    delete window.__playground;
    stop = null;
  };
  return stop;
}
