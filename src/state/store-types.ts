// The store's shapes: the live run, its snapshot, pinned runs, notices, the ports to the workers
// and the state with its actions (store.ts implements them).

import type { Problem } from "../engine/types.ts";
import type { RunConfig } from "../engine/run-config.ts";
import type { StepColumns, StepSeries } from "../engine/series.ts";
import type { TrainEvent } from "../engine/trainer.ts";
import type { Trajectory, TrajectoryData } from "../engine/trajectory.ts";
import type { ViewState } from "./url-view.ts";
import type { DivergedInfo, FromWorker } from "../worker/training/protocol.ts";
import type { StartOptions } from "../worker/training/client.ts";
import type { PinnedResult } from "../worker/pinned/client.ts";
import type { Lang } from "./i18n.ts";
import type { LessonId } from "./lessons.ts";

/** A form edit's Custom surface that failed its check, and whether the surface that ran before is back or the default problem runs. */
interface SurfaceProblem {
  problem: Problem;
  restored: "surface" | "default";
}

export type RunStatus = "running" | "paused" | "done" | "diverged" | "error";

/** What the store needs from the worker client (an interface, so tests can stand in for it). */
export interface TrainingPort {
  start(config: RunConfig, options: StartOptions): number;
  pause(): void;
  resume(): void;
  step(steps: number): void;
  setSpeed(stepsPerSecond: number | null): void;
  setRate(lr: number): void;
}

/** Computes pinned runs that arrive as configs only (links, lessons); see worker/pinned/client.ts. */
export interface PinnedPort {
  run(config: RunConfig): Promise<PinnedResult>;
  cancelAll(): void;
}

/** The live run, mutated in place as batches arrive. Read it only through `snapshot`, or in tests. */
export interface LiveRun {
  readonly runId: number;
  /** The config the run started with (a live rate change is recorded as an event, not here). */
  readonly config: RunConfig;
  readonly series: StepSeries;
  readonly events: TrainEvent[];
  /** 2-D problems: the optimizer's path (bounded, thinned by halving); empty otherwise. Read by the surface view. */
  readonly trajectory: Trajectory;
  status: RunStatus;
  diverged: DivergedInfo | null;
  stepsPerEpoch: number;
  totalSteps: number;
  initialLoss: number;
  /** The NQM only: B_simple after the last received step (null elsewhere or before it). */
  noiseScale: number | null;
  /** Last completed step. */
  step: number;
  /** New data since the last snapshot. */
  dirty: boolean;
}

/** An immutable view of the live run for rendering, rebuilt at most 15 times a second. */
export interface RunSnapshot {
  runId: number;
  config: RunConfig;
  status: RunStatus;
  step: number;
  totalSteps: number;
  stepsPerEpoch: number;
  /** Latest sample's values, or null before the first step. */
  lr: number | null;
  loss: number | null;
  /** The NQM only: the gradient noise scale B_simple at the latest step. */
  noiseScale: number | null;
  columns: StepColumns;
  events: readonly TrainEvent[];
  diverged: DivergedInfo | null;
}

export interface PinnedRun {
  id: string;
  color: string;
  config: RunConfig;
  columns: StepColumns;
  events: readonly TrainEvent[];
  diverged: DivergedInfo | null;
  stepsPerEpoch: number;
  /** Steps it had run when pinned. */
  step: number;
  /** Whether its rate was changed by hand during the run (its config alone does not say so). */
  changedLive: boolean;
  /** Where it came from: pinned by hand, from the page's link, or a lesson's comparison run. */
  source: "user" | "link" | "lesson";
  /** A lesson's name for it (shown instead of the computed difference), in each language. */
  title: Record<Lang, string> | null;
  /** Which of the lesson's comparison runs it is (its callouts refer to it), or null. */
  lessonRun: number | null;
  /**
   * What set it apart when it was pinned ("lr 0.005", "decay constant"): from the link's run for a
   * link's pin, from the lesson's (or the default) config for one pinned by hand. Fixed, so the
   * name does not change when the settings on screen do.
   */
  parts: readonly string[];
  /** What `parts` were measured from (its words when there are none: "default settings", …). */
  partsBase: "default" | "lesson" | "link";
  /** The name a user gave it (shown instead of anything else), or null. */
  name: string | null;
  /** Still being computed (link and lesson pins), or why computing it failed. */
  pending: boolean;
  error: string | null;
  /** Not computed: its steps (with the other pinned runs') are past the step budget. */
  overBudget?: { steps: number; total: number; max: number };
  /** Cut at the comparison-run step limit before its planned end. */
  truncated: boolean;
  /** 2-D problems: its path on the loss surface when pinned. */
  trajectory?: TrajectoryData;
}

/** What a notice says, as a kind plus its values; the page words it in its language (Notices.tsx). */
export type NoticeKind = "pinLimit" | "rateChanged" | "updated";

export interface Notice {
  id: number;
  kind: NoticeKind;
  vars: Readonly<Record<string, string | number>>;
}

export interface PlaygroundState {
  config: RunConfig;
  playing: boolean;
  stepsPerSecond: number | null;
  liveMode: boolean;
  current: LiveRun;
  snapshot: RunSnapshot;
  version: number;
  /** What the learning-rate chart draws: `snapshot`/`version` as of one task later. */
  lrChart: { snapshot: RunSnapshot; version: number };
  pinned: PinnedRun[];
  chartOptions: ViewState;
  workerError: string | null;
  notices: Notice[];
  /** Problems found in the page's link (field, value, valid range), shown until dismissed. */
  linkProblems: Problem[];
  /**
   * A Custom surface that a form edit (its start, view or noise) made and that failed the full
   * surface check, with what runs instead; shown in the Custom form (under the problem selector when
   * the default problem runs instead), not with the link's problems: the link was fine. Null once a
   * run starts that passed.
   */
  surfaceProblem: SurfaceProblem | null;
  /** Teacher mode, from the link: control ids hidden from the class, and ids shown but locked. */
  hidden: ReadonlySet<string>;
  locked: ReadonlySet<string>;
  /** Interface language (kept in the link). */
  lang: Lang;
  /** The guided lesson shown above the charts (kept in the link), or null. */
  lesson: LessonId | null;

  setLang(lang: Lang): void;
  /** Opens a lesson: its config, its comparison runs pinned (computed off the main thread). */
  openLesson(id: LessonId): void;
  /** Closes the lesson card; the runs stay. */
  closeLesson(): void;
  /** Pins a run given only by its config (computed by the pinned-run worker). */
  pinConfig(config: RunConfig, source: "link" | "lesson", title?: Record<Lang, string> | null, lessonRun?: number | null): void;
  setConfig(next: RunConfig): void;
  play(): void;
  pause(): void;
  toggle(): void;
  stepOnce(): void;
  stepEpoch(): void;
  reset(): void;
  setSpeed(stepsPerSecond: number | null): void;
  pin(): void;
  unpin(id: string): void;
  /** Names a pinned run; an empty name gives it back its own. */
  renamePin(id: string, name: string): void;
  clearPins(): void;
  setChartOptions(o: ViewState): void;
  setLiveMode(on: boolean): void;
  /** Shows a transient notice (worded by Notices.tsx in the page's language). */
  notify(kind: NoticeKind, vars?: Notice["vars"]): void;
  dismissNotice(id: number): void;
  dismissLinkProblems(): void;

  /** Starts the config over as a new run (effects.ts calls it when the config changes). */
  restart(): void;
  /** Applies `config.optimizer.lr` to the running run from the next step on (change live). */
  applyLiveRate(): void;
  /** Takes one message of the current run from the worker client. */
  receive(msg: FromWorker): void;
  /** Rebuilds the snapshot and bumps `version` if new data arrived (the throttled refresh). */
  publish(): boolean;
  /** Hands the latest snapshot to the learning-rate chart. */
  publishLrChart(): void;
}

