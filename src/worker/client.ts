// The page's side of the training worker: a small typed API over postMessage.
//
// It owns three concerns the rest of the page should not see: which run is current (messages of
// any other run are dropped, so a restart never mixes two curves), recovering from a crashed
// worker (report it, then replace the worker; the page keeps what it already shows), and not
// burning a laptop's battery in a background tab (pause while the document is hidden).

import type { RunConfig } from "../engine/run-config.ts";
import { isFromWorker, type FromWorker, type ToWorker } from "./protocol.ts";

/** The parts of `Worker` the client uses, so tests can drive it with a fake. */
export interface WorkerLike {
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((ev: MessageEvent) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
  onmessageerror: ((ev: MessageEvent) => void) | null;
}

/** Whether the page is hidden, and a way to hear when that changes. */
export interface VisibilitySource {
  hidden(): boolean;
  subscribe(onChange: () => void): () => void;
}

export interface ClientOptions {
  /** Receives only messages of the current run, already checked against the protocol. */
  onMessage(msg: FromWorker): void;
  createWorker?: () => WorkerLike;
  visibility?: VisibilitySource;
}

export interface StartOptions {
  stepsPerSecond: number | null;
  paused: boolean;
}

export function createTrainingWorker(): WorkerLike {
  return new Worker(new URL("./training.worker.ts", import.meta.url), { type: "module", name: "training" });
}

export const documentVisibility: VisibilitySource = {
  hidden: () => typeof document !== "undefined" && document.hidden,
  subscribe(onChange) {
    if (typeof document === "undefined") return () => {};
    document.addEventListener("visibilitychange", onChange);
    return () => document.removeEventListener("visibilitychange", onChange);
  },
};

export class TrainingClient {
  private worker: WorkerLike;
  private readonly onMessage: (msg: FromWorker) => void;
  private readonly createWorker: () => WorkerLike;
  private readonly visibility: VisibilitySource;
  private readonly unsubscribe: () => void;
  private runId = 0;
  /** What the user asked for; the worker may also be paused because the tab is hidden. */
  private userPaused = true;
  private hiddenPaused: boolean;
  private restarts = 0;

  constructor(options: ClientOptions) {
    this.onMessage = options.onMessage;
    this.createWorker = options.createWorker ?? createTrainingWorker;
    this.visibility = options.visibility ?? documentVisibility;
    this.hiddenPaused = this.visibility.hidden();
    this.worker = this.spawn();
    this.unsubscribe = this.visibility.subscribe(() => this.onVisibility());
  }

  /** The run whose messages are delivered; 0 before the first start. */
  get currentRunId(): number {
    return this.runId;
  }

  /** Workers replaced after a crash so far (for the debug hook). */
  get restartCount(): number {
    return this.restarts;
  }

  /** Starts a new run (dropping the old one's pending messages); returns its id. */
  start(config: RunConfig, options: StartOptions): number {
    this.runId += 1;
    this.userPaused = options.paused;
    this.send({
      type: "start",
      runId: this.runId,
      config,
      stepsPerSecond: options.stepsPerSecond,
      paused: options.paused || this.hiddenPaused,
    });
    return this.runId;
  }

  pause(): void {
    this.userPaused = true;
    this.send({ type: "pause", runId: this.runId });
  }

  resume(): void {
    this.userPaused = false;
    if (!this.hiddenPaused) this.send({ type: "resume", runId: this.runId });
  }

  /** Advances exactly `steps` steps and leaves the run paused. */
  step(steps: number): void {
    this.userPaused = true;
    this.send({ type: "step", runId: this.runId, steps });
  }

  setSpeed(stepsPerSecond: number | null): void {
    this.send({ type: "setSpeed", runId: this.runId, stepsPerSecond });
  }

  setRate(lr: number): void {
    this.send({ type: "setRate", runId: this.runId, lr });
  }

  /** Test hook: make the worker throw, to exercise recovery. */
  crash(): void {
    this.send({ type: "crash", runId: this.runId });
  }

  dispose(): void {
    this.unsubscribe();
    this.worker.terminate();
  }

  private send(msg: ToWorker): void {
    this.worker.postMessage(msg);
  }

  private spawn(): WorkerLike {
    const w = this.createWorker();
    w.onmessage = (ev) => this.receive(ev.data);
    w.onerror = (ev) => {
      // Handled here: keep the browser from also logging it as an uncaught page error.
      ev.preventDefault();
      const detail = typeof ev.message === "string" && ev.message !== "" ? ev.message : "unknown error";
      this.crashed(`The training worker stopped (${detail}).`);
    };
    w.onmessageerror = () => this.crashed("A message from the training worker could not be read.");
    return w;
  }

  private receive(data: unknown): void {
    if (!isFromWorker(data)) {
      this.crashed("The training worker sent a malformed message.");
      return;
    }
    if (data.runId !== this.runId) return;
    this.onMessage(data);
    if (data.type === "error") this.replaceWorker();
  }

  /** Report a crash as an `error` of the current run, then start over with a fresh worker. */
  private crashed(message: string): void {
    this.onMessage({ type: "error", runId: this.runId, message });
    this.replaceWorker();
  }

  private replaceWorker(): void {
    const old = this.worker;
    old.onmessage = null;
    old.onerror = null;
    old.onmessageerror = null;
    old.terminate();
    this.restarts += 1;
    this.worker = this.spawn();
  }

  private onVisibility(): void {
    const hidden = this.visibility.hidden();
    if (hidden === this.hiddenPaused) return;
    this.hiddenPaused = hidden;
    if (this.userPaused) return;
    this.send({ type: hidden ? "pause" : "resume", runId: this.runId });
  }
}
