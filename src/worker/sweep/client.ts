// The page's side of the sweep workers: a pool sized to the machine's cores that hands out the
// runs of a sweep one at a time per worker (so a slow run never holds others back), streams each
// outcome as it arrives, and cancels cleanly.
//
// Cancel guarantees: once `cancel()` (or a new `run()`) returns, no callback of the old sweep is
// called again. The pool drops every message whose `sweepId` is not the current sweep's, and tells
// the workers to stop, which they do at their next chunk (worker.ts), so no CPU is spent on
// a sweep nobody waits for. Workers are kept between sweeps (starting one costs tens of ms).
//
// Each worker sits in a slot, a client of its own (client-base.ts): the base creates, terminates
// and replaces the worker after a crash; the pool decides what the slots run and which sweep's
// answers are still wanted.

import type { RunConfig } from "../../engine/run-config.ts";
import type { RunOutcome } from "../../engine/sweep.ts";
import { WorkerClient, poolSize, type CrashReason, type WorkerLike } from "../client-base.ts";
import { isFromSweepWorker, type FromSweepWorker, type ToSweepWorker } from "./protocol.ts";

/** The parts of `Worker` the pool uses, so tests can drive it with fakes. */
export type SweepWorkerLike = WorkerLike<ToSweepWorker>;

export { poolSize };

function createSweepWorker(id: number): SweepWorkerLike {
  return new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: `sweep-${id}` });
}

export interface SweepJob {
  index: number;
  config: RunConfig;
}

export interface SweepResult {
  index: number;
  outcome: RunOutcome;
  workerId: number;
  /** Wall time of the run inside its worker. */
  ms: number;
}

export interface SweepStats {
  /** From `run()` to the last result. */
  wallMs: number;
  /** Sum of the runs' own times: wallMs well below this shows the runs overlapped. */
  workMs: number;
  /** Distinct workers that returned results. */
  workerIds: number[];
}

export interface SweepCallbacks {
  onResult(result: SweepResult, done: number, total: number): void;
  /** A run that failed (bad config, a crashed worker twice); it counts as done for progress. */
  onError(index: number, message: string, done: number, total: number): void;
  onDone(stats: SweepStats): void;
}

/** What a slot needs of its pool. */
interface SlotOwner {
  /** Whether answers of this sweep are still wanted. */
  isCurrentSweep(sweepId: number): boolean;
  receive(slot: Slot, msg: FromSweepWorker): void;
  crashed(slot: Slot, reason: CrashReason): void;
}

/** One worker of the pool and the job it holds. */
class Slot extends WorkerClient<ToSweepWorker, FromSweepWorker> {
  /** The job in flight, or null when idle. */
  job: SweepJob | null = null;

  constructor(
    readonly id: number,
    create: (id: number) => SweepWorkerLike,
    private readonly owner: SlotOwner,
  ) {
    // A crashed worker is replaced when the pool next gives the slot a run.
    super({ create: () => create(id), restart: "onDemand" });
  }

  send(msg: ToSweepWorker): void {
    this.post(msg);
  }

  protected isReply(data: unknown): data is FromSweepWorker {
    return isFromSweepWorker(data);
  }

  protected idOf(msg: FromSweepWorker): number {
    return msg.sweepId;
  }

  /** Sweep ids are the pool's: an answer of a cancelled or finished sweep is dropped, whatever it says. */
  protected override isAwaited(sweepId: number): boolean {
    return this.owner.isCurrentSweep(sweepId);
  }

  /** A malformed message is ignored: the run it might concern is still awaited (or crashes). */
  protected override onMalformed(): void {}

  protected onReply(msg: FromSweepWorker): void {
    this.owner.receive(this, msg);
  }

  protected onCrash(reason: CrashReason): void {
    this.owner.crashed(this, reason);
  }
}

interface ActiveSweep {
  id: number;
  queue: SweepJob[];
  total: number;
  done: number;
  started: number;
  workMs: number;
  workerIds: Set<number>;
  retried: Set<number>;
  callbacks: SweepCallbacks;
}

export interface PoolOptions {
  size?: number;
  createWorker?: (id: number) => SweepWorkerLike;
  now?: () => number;
}

export class SweepPool implements SlotOwner {
  readonly size: number;
  private readonly createWorker: (id: number) => SweepWorkerLike;
  private readonly now: () => number;
  private slots: Slot[] = [];
  private nextWorkerId = 1;
  private sweepSeq = 0;
  private active: ActiveSweep | null = null;

  constructor(options: PoolOptions = {}) {
    const cores = typeof navigator === "undefined" ? undefined : navigator.hardwareConcurrency;
    this.size = options.size ?? poolSize(cores);
    this.createWorker = options.createWorker ?? createSweepWorker;
    this.now = options.now ?? (() => performance.now());
  }

  get running(): boolean {
    return this.active !== null;
  }

  /** Workers started so far (0 before the first sweep). */
  get workerCount(): number {
    return this.slots.length;
  }

  /** Starts a sweep (cancelling any running one); returns its id. An empty job list finishes at once. */
  run(jobs: readonly SweepJob[], callbacks: SweepCallbacks): number {
    this.cancel();
    const id = ++this.sweepSeq;
    const sweep: ActiveSweep = {
      id,
      queue: [...jobs],
      total: jobs.length,
      done: 0,
      started: this.now(),
      workMs: 0,
      workerIds: new Set(),
      retried: new Set(),
      callbacks,
    };
    this.active = sweep;
    if (jobs.length === 0) {
      this.finish(sweep);
      return id;
    }
    while (this.slots.length < Math.min(this.size, jobs.length)) this.spawn();
    for (const slot of this.slots) this.dispatch(slot);
    return id;
  }

  /** Stops the running sweep: its workers stop and none of its callbacks runs again. */
  cancel(): void {
    const sweep = this.active;
    if (sweep === null) return;
    this.active = null;
    for (const slot of this.slots) {
      if (slot.job !== null) {
        slot.send({ type: "sweepCancel", sweepId: sweep.id });
        slot.job = null;
      }
    }
  }

  dispose(): void {
    this.cancel();
    for (const slot of this.slots) slot.terminate();
    this.slots = [];
  }

  isCurrentSweep(sweepId: number): boolean {
    return this.active !== null && this.active.id === sweepId;
  }

  private spawn(): Slot {
    const slot = new Slot(this.nextWorkerId++, this.createWorker, this);
    this.slots.push(slot);
    return slot;
  }

  private dispatch(slot: Slot): void {
    const sweep = this.active;
    if (sweep === null || slot.job !== null) return;
    const job = sweep.queue.shift();
    if (job === undefined) return;
    slot.job = job;
    slot.send({ type: "sweepRun", sweepId: sweep.id, workerId: slot.id, index: job.index, config: job.config });
  }

  /** An answer of the current sweep (the slot has dropped any other). */
  receive(slot: Slot, data: FromSweepWorker): void {
    const sweep = this.active;
    if (sweep === null || data.sweepId !== sweep.id) return;
    if (slot.job === null || slot.job.index !== data.index) return;
    slot.job = null;
    this.settle(sweep, slot, data);
    if (this.active === sweep) this.dispatch(slot);
  }

  private settle(sweep: ActiveSweep, slot: Slot, msg: FromSweepWorker): void {
    sweep.done++;
    if (msg.type === "sweepResult") {
      sweep.workMs += msg.ms;
      sweep.workerIds.add(slot.id);
      sweep.callbacks.onResult({ index: msg.index, outcome: msg.outcome, workerId: slot.id, ms: msg.ms }, sweep.done, sweep.total);
    } else {
      sweep.callbacks.onError(msg.index, msg.message, sweep.done, sweep.total);
    }
    // A callback may have cancelled or replaced the sweep.
    if (this.active === sweep && sweep.done === sweep.total) this.finish(sweep);
  }

  private finish(sweep: ActiveSweep): void {
    this.active = null;
    sweep.callbacks.onDone({
      wallMs: this.now() - sweep.started,
      workMs: sweep.workMs,
      workerIds: [...sweep.workerIds].sort((a, b) => a - b),
    });
  }

  /** A worker died (an uncaught error): its slot has dropped it; give its run one more try. */
  crashed(slot: Slot, reason: CrashReason): void {
    const job = slot.job;
    slot.job = null;
    const sweep = this.active;
    if (sweep === null) return;
    if (job !== null) {
      if (sweep.retried.has(job.index)) {
        sweep.done++;
        const detail = reason.kind === "error" ? (reason.detail ?? "unknown error") : "its message could not be read";
        sweep.callbacks.onError(job.index, `the sweep worker crashed twice on run ${job.index}: ${detail}`, sweep.done, sweep.total);
        if (this.active === sweep && sweep.done === sweep.total) {
          this.finish(sweep);
          return;
        }
      } else {
        sweep.retried.add(job.index);
        sweep.queue.unshift(job);
      }
    }
    // The slot starts a fresh worker with its next run.
    if (this.active === sweep) this.dispatch(slot);
  }
}
