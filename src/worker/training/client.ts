// The page's side of the training worker: a small typed API over postMessage.
//
// It owns three concerns the rest of the page should not see: which run is current (messages of
// any other run are dropped, so a restart never mixes two curves), recovering from a crashed
// worker (report it, then replace the worker; the page keeps what it already shows), and not
// burning a laptop's battery in a background tab (pause while the document is hidden).

import type { RunConfig } from "../../engine/run-config.ts";
import { WorkerClient, type CrashReason, type WorkerLike } from "../client-base.ts";
import { isFromWorker, type FromWorker, type ToWorker } from "./protocol.ts";

/** Whether the page is hidden, and a way to hear when that changes. */
export interface VisibilitySource {
  hidden(): boolean;
  subscribe(onChange: () => void): () => void;
}

export interface ClientOptions {
  /** Receives only messages of the current run, already checked against the protocol. */
  onMessage(msg: FromWorker): void;
  createWorker?: () => WorkerLike<ToWorker>;
  visibility?: VisibilitySource;
}

export interface StartOptions {
  stepsPerSecond: number | null;
  paused: boolean;
}

function createTrainingWorker(): WorkerLike<ToWorker> {
  return new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "training" });
}

/** The worker prewarm.ts started before the page's other modules were evaluated, until a client takes it. */
let early: WorkerLike<ToWorker> | null = null;

/**
 * The worker a production build's index.html started in its first script, before any module was
 * even downloaded (vite.config.ts, preloadEntryImports); null in `npm run dev`, in tests, or when it
 * failed to load (its error handler then cleared the slot, so the page starts its own and reports).
 * Taken once.
 */
function takeHtmlWorker(): WorkerLike<ToWorker> | null {
  const slot = globalThis as { __lrTrainingWorker?: WorkerLike<ToWorker> | null };
  const w = slot.__lrTrainingWorker ?? null;
  slot.__lrTrainingWorker = null;
  return w;
}

/**
 * Starts the training worker now: its script downloads and evaluates while the page's own modules are
 * evaluated (issue #16, cold start). The first TrainingClient built without `createWorker` takes it,
 * in the same task (so the error handler the page's first script set is replaced before any event).
 */
export function prewarmTrainingWorker(): void {
  if (early === null && typeof Worker !== "undefined") early = takeHtmlWorker() ?? createTrainingWorker();
}

function takeTrainingWorker(): WorkerLike<ToWorker> {
  const w = early ?? createTrainingWorker();
  early = null;
  return w;
}

const documentVisibility: VisibilitySource = {
  hidden: () => typeof document !== "undefined" && document.hidden,
  subscribe(onChange) {
    if (typeof document === "undefined") return () => {};
    document.addEventListener("visibilitychange", onChange);
    return () => document.removeEventListener("visibilitychange", onChange);
  },
};

export class TrainingClient extends WorkerClient<ToWorker, FromWorker> {
  private readonly onMessage: (msg: FromWorker) => void;
  private readonly visibility: VisibilitySource;
  private readonly unsubscribe: () => void;
  /** What the user asked for; the worker may also be paused because the tab is hidden. */
  private userPaused = true;
  private hiddenPaused: boolean;

  constructor(options: ClientOptions) {
    // Started at once and replaced at once after a crash: the live run is always about to need it.
    super({ create: options.createWorker ?? takeTrainingWorker, restart: "now", eager: true });
    this.onMessage = options.onMessage;
    this.visibility = options.visibility ?? documentVisibility;
    this.hiddenPaused = this.visibility.hidden();
    this.unsubscribe = this.visibility.subscribe(() => this.onVisibility());
  }

  /** The run whose messages are delivered; 0 before the first start. */
  get currentRunId(): number {
    return this.latestId;
  }

  /** Starts a new run (dropping the old one's pending messages); returns its id. */
  start(config: RunConfig, options: StartOptions): number {
    const runId = this.newId();
    this.userPaused = options.paused;
    this.post({
      type: "start",
      runId,
      config,
      stepsPerSecond: options.stepsPerSecond,
      paused: options.paused || this.hiddenPaused,
    });
    return runId;
  }

  pause(): void {
    this.userPaused = true;
    this.post({ type: "pause", runId: this.latestId });
  }

  resume(): void {
    this.userPaused = false;
    if (!this.hiddenPaused) this.post({ type: "resume", runId: this.latestId });
  }

  /** Advances exactly `steps` steps and leaves the run paused. */
  step(steps: number): void {
    this.userPaused = true;
    this.post({ type: "step", runId: this.latestId, steps });
  }

  setSpeed(stepsPerSecond: number | null): void {
    this.post({ type: "setSpeed", runId: this.latestId, stepsPerSecond });
  }

  setRate(lr: number): void {
    this.post({ type: "setRate", runId: this.latestId, lr });
  }

  /** Test hook: make the worker throw, to exercise recovery. */
  crash(): void {
    this.post({ type: "crash", runId: this.latestId });
  }

  dispose(): void {
    this.unsubscribe();
    this.terminate();
  }

  protected isReply(data: unknown): data is FromWorker {
    return isFromWorker(data);
  }

  protected idOf(msg: FromWorker): number {
    return msg.runId;
  }

  protected onReply(msg: FromWorker): void {
    this.onMessage(msg);
    // The worker gave up on the run: start the next one on a fresh worker.
    if (msg.type === "error") this.restart();
  }

  /** Reports a crash as an `error` of the current run (the base then replaces the worker). */
  protected onCrash(reason: CrashReason): void {
    this.onMessage({ type: "error", runId: this.latestId, message: crashMessage(reason) });
  }

  private onVisibility(): void {
    const hidden = this.visibility.hidden();
    if (hidden === this.hiddenPaused) return;
    this.hiddenPaused = hidden;
    if (this.userPaused) return;
    this.post({ type: hidden ? "pause" : "resume", runId: this.latestId });
  }
}

function crashMessage(reason: CrashReason): string {
  switch (reason.kind) {
    case "error":
      return `The training worker stopped (${reason.detail ?? "unknown error"}).`;
    case "messageerror":
      return "A message from the training worker could not be read.";
    case "malformed":
      return "The training worker sent a malformed message.";
  }
}
