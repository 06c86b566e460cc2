// The page's one store (Zustand): the config, UI flags, pinned runs and a throttled snapshot of the
// live run.
//
// The live run's per-step data does NOT live in React state: the worker delivers ~60 batches a
// second, and re-rendering on each would cost more than the training. Batches go into a mutable
// `LiveRun` (a bounded StepSeries plus lists); `publish()` — called at most 15 times a second by
// effects.ts — turns it into an immutable `snapshot` and bumps `version`, and only that re-renders.
// The learning-rate chart follows one task later (`publishLrChart`), so the two charts' redraws
// are two short main-thread tasks rather than one long one.

import { create } from "zustand";
import { DEFAULT_RUN, cloneRun, withProblemParts, type RunConfig } from "../engine/run-config.ts";
import type { LiveRun, Notice, NoticeKind, PinnedPort, PinnedRun, PlaygroundState, RunSnapshot, RunStatus, TrainingPort } from "./store-types.ts";
import { STEP_BUDGET, runSteps } from "../engine/step-budget.ts";
import { LIVE_SERIES_CAP, StepSeries, type StepColumns } from "../engine/series.ts";
import { Trajectory } from "../engine/trajectory.ts";
import { PIN_COLORS } from "./palette.ts";
import { snapshotColumns } from "./snapshot-buffers.ts";
import { MAX_PINS } from "./url-keys.ts";
import { DEFAULT_VIEW } from "./url-view.ts";
import { START_MARKS, markOnce } from "./start-marks.ts";
import { assertNever } from "../worker/shared.ts";
import { findLesson } from "./lessons.ts";
import { viewBase } from "./views.ts";
import { valueParts } from "./describe-diff.ts";

/** Pinned runs cost drawing time on every refresh; four keep the charts within budget (links carry as many). */
export { MAX_PINS };
/** Longest name a pinned run may be given (a legend entry, not a paragraph). */
export const MAX_PIN_NAME = 60;
/** Speed choices (steps/s); null = as fast as the machine allows. */
export const SPEEDS: readonly (number | null)[] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, null];
const DEFAULT_SPEED = 1000;
const MAX_NOTICES = 3;

export type { LiveRun, Notice, NoticeKind, PinnedPort, PinnedRun, PlaygroundState, RunSnapshot, RunStatus, TrainingPort } from "./store-types.ts";

let port: TrainingPort | null = null;
let pinnedPort: PinnedPort | null = null;
let nextNoticeId = 1;
let nextPinId = 1;

/** Connects the store to the worker client; effects.ts calls it once at startup. */
export function connectPort(p: TrainingPort | null, g: PinnedPort | null = null): void {
  port = p;
  pinnedPort = g;
}

export function newLiveRun(runId: number, config: RunConfig, status: RunStatus): LiveRun {
  return {
    runId,
    config,
    series: new StepSeries(LIVE_SERIES_CAP),
    events: [],
    trajectory: new Trajectory(),
    status,
    diverged: null,
    stepsPerEpoch: 0,
    totalSteps: 0,
    initialLoss: Number.NaN,
    noiseScale: null,
    step: 0,
    dirty: false,
  };
}

function freeColor(pinned: readonly PinnedRun[]): string {
  const used = new Set(pinned.map((p) => p.color));
  return PIN_COLORS.find((c) => !used.has(c)) ?? PIN_COLORS[pinned.length % PIN_COLORS.length];
}

/** A pinned run: what it is (id, config, source, name parts) plus, for one pinned by hand, its data. */
function newPin(
  pinned: readonly PinnedRun[],
  fields: Pick<PinnedRun, "id" | "config" | "source" | "parts" | "partsBase"> & Partial<PinnedRun>,
): PinnedRun {
  return {
    color: freeColor(pinned),
    columns: emptyColumns(),
    events: [],
    diverged: null,
    stepsPerEpoch: 1,
    step: 0,
    changedLive: false,
    title: null,
    lessonRun: null,
    name: null,
    pending: false,
    error: null,
    truncated: false,
    ...fields,
  };
}

function emptyColumns(): StepColumns {
  return new StepSeries(1).columns();
}


function snapshotOf(run: LiveRun): RunSnapshot {
  const last = run.series.last();
  return {
    runId: run.runId,
    config: run.config,
    status: run.status,
    step: run.step,
    totalSteps: run.totalSteps,
    stepsPerEpoch: run.stepsPerEpoch,
    lr: last === null ? null : last.lr,
    loss: last === null ? null : last.loss,
    noiseScale: run.noiseScale,
    columns: snapshotColumns(run.series),
    events: run.events.slice(),
    diverged: run.diverged,
  };
}

/** Whether going from `prev` to `next` changes only the learning rate (so it can apply live). */
export function onlyLrChanged(prev: RunConfig, next: RunConfig): boolean {
  if (prev.optimizer.lr === next.optimizer.lr) return false;
  const a = { ...prev, optimizer: { ...prev.optimizer, lr: 0 } };
  const b = { ...next, optimizer: { ...next.optimizer, lr: 0 } };
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A run that can still take commands (not ended by done, divergence or a worker error). */
export function isActive(status: RunStatus): boolean {
  return status === "running" || status === "paused";
}

export const usePlayground = create<PlaygroundState>()((set, get) => {
  const initialConfig = cloneRun(DEFAULT_RUN);
  const initialRun = newLiveRun(0, initialConfig, "running");

  const notify = (kind: NoticeKind, vars: Notice["vars"]): void => {
    const notices = [...get().notices, { id: nextNoticeId++, kind, vars }].slice(-MAX_NOTICES);
    set({ notices });
  };

  // `playing` is the user's intent and survives the end of a run, so changing a setting after a
  // finished run plays the new one; the Play button reads the run's status to offer "Run again".
  const endRun = (status: RunStatus, patch: Partial<PlaygroundState> = {}): void => {
    const run = get().current;
    run.status = status;
    // Publish at once: the button label and status line must not wait for the next tick.
    set({ ...publishedNow(run), ...patch });
  };

  const stepBy = (steps: number): void => {
    const { current } = get();
    if (!isActive(current.status) || steps < 1) return;
    port?.step(steps);
    current.status = "paused";
    current.dirty = true;
    set({ playing: false });
  };

  /** Both views of a fresh snapshot (after a restart or the end of a run: rare, so no stagger). */
  const publishedNow = (run: LiveRun): Pick<PlaygroundState, "snapshot" | "version" | "lrChart"> => {
    run.dirty = false;
    const snapshot = snapshotOf(run);
    const version = get().version + 1;
    return { snapshot, version, lrChart: { snapshot, version } };
  };

  return {
    config: initialConfig,
    playing: true,
    stepsPerSecond: DEFAULT_SPEED,
    liveMode: false,
    current: initialRun,
    snapshot: snapshotOf(initialRun),
    version: 0,
    lrChart: { snapshot: snapshotOf(initialRun), version: 0 },
    pinned: [],
    chartOptions: DEFAULT_VIEW,
    workerError: null,
    notices: [],
    linkProblems: [],
    surfaceProblem: null,
    hidden: new Set<string>(),
    locked: new Set<string>(),
    lang: "en",
    lesson: null,

    setLang: (lang) => set({ lang }),

    openLesson: (id) => {
      const lesson = findLesson(id);
      if (lesson === undefined) return;
      pinnedPort?.cancelAll();
      // The lesson's view: its x unit and scale, and the fixed frame (not "fit all").
      set({ lesson: id, pinned: [], config: cloneRun(lesson.config), chartOptions: { ...viewBase(lesson.view), smoothing: get().chartOptions.smoothing } });
      lesson.pins.forEach((p, i) => get().pinConfig(p.config, "lesson", p.label, i));
    },
    closeLesson: () => set({ lesson: null }),

    pinConfig: (config, source, title = null, lessonRun = null) => {
      const { pinned } = get();
      if (pinned.length >= MAX_PINS) {
        notify("pinLimit", { n: MAX_PINS });
        return;
      }
      const id = `pin-${nextPinId++}`;
      const pin = newPin(pinned, {
        id,
        config,
        source,
        title,
        lessonRun,
        parts: valueParts(config, get().config),
        partsBase: "link",
        pending: true,
      });
      set({ pinned: [...pinned, pin] });
      const update = (patch: Partial<PinnedRun>): void => {
        // The pin may have been removed (or replaced by a new lesson) while it was computed.
        if (!get().pinned.some((p) => p.id === id)) return;
        set({ pinned: get().pinned.map((p) => (p.id === id ? { ...p, ...patch } : p)) });
      };
      if (pinnedPort === null) {
        update({ pending: false, error: "comparison runs are not available here" });
        return;
      }
      // The same step budget as the CLI and the sweep, over all pinned runs computed from a config
      // (a link may ask for 4 runs of 2×10⁸ steps each).
      const steps = runSteps(config);
      const before = pinned.reduce((sum, p) => sum + (p.source === "link" || p.source === "lesson" ? runSteps(p.config) : 0), 0);
      if (before + steps > STEP_BUDGET) {
        update({ pending: false, overBudget: { steps, total: before + steps, max: STEP_BUDGET } });
        return;
      }
      pinnedPort.run(config).then(
        (r) =>
          update({
            pending: false,
            columns: r.columns,
            events: r.events,
            diverged: r.diverged,
            stepsPerEpoch: r.stepsPerEpoch,
            step: r.step,
            truncated: r.truncated,
          }),
        (e: unknown) => update({ pending: false, error: e instanceof Error ? e.message : String(e) }),
      );
    },
    // A start point belongs to the surface it was picked on: another problem starts from its own.
    // The Custom problem carries its surface (the default one when chosen afresh); others none.
    setConfig: (next) => {
      const moved = next.start !== undefined && next.problem !== get().config.problem;
      set({ config: withProblemParts(moved ? { ...next, start: undefined } : next, true) });
    },

    play: () => {
      const { current } = get();
      if (!isActive(current.status)) {
        // Play on a finished (or failed) run means "run it again".
        set({ playing: true });
        get().restart();
        return;
      }
      port?.resume();
      current.status = "running";
      current.dirty = true;
      set({ playing: true });
    },
    pause: () => {
      const { current } = get();
      port?.pause();
      if (isActive(current.status)) {
        current.status = "paused";
        current.dirty = true;
      }
      set({ playing: false });
    },
    toggle: () => {
      const { playing, current } = get();
      if (playing && isActive(current.status)) get().pause();
      else get().play();
    },
    stepOnce: () => stepBy(1),
    stepEpoch: () => stepBy(get().current.stepsPerEpoch),
    reset: () => get().restart(),

    setSpeed: (stepsPerSecond) => {
      port?.setSpeed(stepsPerSecond);
      set({ stepsPerSecond });
    },

    pin: () => {
      const { current, pinned } = get();
      if (pinned.length >= MAX_PINS) {
        notify("pinLimit", { n: MAX_PINS });
        return;
      }
      if (current.series.pushed === 0) return;
      const pin = newPin(pinned, {
        id: `pin-${nextPinId++}`,
        config: current.config,
        columns: current.series.columns(),
        events: current.events.slice(),
        diverged: current.diverged,
        stepsPerEpoch: current.stepsPerEpoch,
        step: current.step,
        changedLive: current.events.some((e) => e.type === "decay" && e.manual),
        source: "user",
        parts: valueParts(current.config, findLesson(get().lesson)?.config ?? DEFAULT_RUN),
        partsBase: get().lesson === null ? "default" : "lesson",
        trajectory: current.trajectory.pushed > 0 ? current.trajectory.copy() : undefined,
      });
      set({ pinned: [...pinned, pin] });
    },
    unpin: (id) => set({ pinned: get().pinned.filter((p) => p.id !== id) }),
    renamePin: (id, name) => {
      const trimmed = name.trim().slice(0, MAX_PIN_NAME);
      set({ pinned: get().pinned.map((p) => (p.id === id ? { ...p, name: trimmed === "" ? null : trimmed } : p)) });
    },
    clearPins: () => {
      pinnedPort?.cancelAll();
      set({ pinned: [] });
    },

    setChartOptions: (chartOptions) => set({ chartOptions }),
    setLiveMode: (liveMode) => set({ liveMode }),
    notify: (kind, vars = {}) => notify(kind, vars),
    dismissNotice: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
    dismissLinkProblems: () => set({ linkProblems: [] }),

    restart: () => {
      const { config, playing, stepsPerSecond } = get();
      const runId = port === null ? 0 : port.start(config, { stepsPerSecond, paused: !playing });
      const run = newLiveRun(runId, config, playing ? "running" : "paused");
      set({ current: run, ...publishedNow(run), workerError: null });
    },

    applyLiveRate: () => {
      const { current, config } = get();
      if (!isActive(current.status)) return;
      port?.setRate(config.optimizer.lr);
    },

    receive: (msg) => {
      const run = get().current;
      if (msg.runId !== run.runId) return;
      run.dirty = true;
      switch (msg.type) {
        case "ready":
          run.stepsPerEpoch = msg.stepsPerEpoch;
          run.totalSteps = msg.totalSteps;
          run.initialLoss = msg.initialLoss;
          break;
        case "samples": {
          const first = run.series.pushed === 0;
          run.series.pushColumns(msg.columns, msg.count);
          if (msg.params !== undefined) run.trajectory.pushInterleaved(msg.params, msg.columns.step, msg.count);
          run.step = msg.step;
          if (msg.noiseScale !== undefined) run.noiseScale = msg.noiseScale;
          // A new run's first points are drawn at once rather than at the next refresh tick: that
          // is the moment someone who just moved a slider is waiting for.
          if (first) {
            markOnce(START_MARKS.samples);
            set(publishedNow(run));
          }
          break;
        }
        case "event":
          run.events.push(msg.event);
          if (msg.event.type === "decay" && msg.event.manual) {
            notify("rateChanged", { step: msg.event.step, from: msg.event.from.toPrecision(3), to: msg.event.to.toPrecision(3) });
          }
          break;
        case "done":
          run.step = msg.step;
          endRun("done");
          break;
        case "diverged":
          run.diverged = { step: msg.step, epoch: msg.epoch, reason: msg.reason };
          endRun("diverged");
          break;
        case "error":
          endRun("error", { workerError: msg.message });
          break;
        default:
          assertNever(msg);
      }
    },

    publish: () => {
      const run = get().current;
      if (!run.dirty) return false;
      run.dirty = false;
      set({ snapshot: snapshotOf(run), version: get().version + 1 });
      return true;
    },
    publishLrChart: () => {
      const { snapshot, version, lrChart } = get();
      if (lrChart.version !== version) set({ lrChart: { snapshot, version } });
    },
  };
});
