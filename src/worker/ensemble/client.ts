// The page's side of the seed-band workers: a pool sized to the machine's cores. Each band
// request's seeds are handed out one at a time per worker (so a slow seed never holds the others
// back); when the last seed's trace is in, one idle worker reduces them to the band.
//
// Several bands may be in flight (the live run's and each pinned run's). An `urgent` request (the
// live run's, after a setting changed) goes to the front of the queue.
//
// Cancel guarantees: once `cancel(id)` returns, no callback of that request is called again. The
// pool drops every message whose request is no longer active, and tells the workers holding its
// work to stop, which they do at their next chunk (worker.ts). Workers are kept between bands.

import { bandSeeds, type SeedTrace } from "../../engine/ensemble.ts";
import { WorkerClient, poolSize, type CrashReason, type WorkerLike } from "../client-base.ts";
import { isFromEnsembleWorker, type EnsembleRequest, type EnsembleResult, type FromEnsembleWorker, type ToEnsembleWorker } from "./protocol.ts";

export type { EnsembleRequest, EnsembleResult } from "./protocol.ts";

/** The parts of `Worker` the pool uses, so tests can drive it with fakes. */
export type EnsembleWorkerLike = WorkerLike<ToEnsembleWorker>;

function createEnsembleWorker(id: number): EnsembleWorkerLike {
  return new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: `ensemble-${id}` });
}

interface EnsembleStats {
  /** From `run()` to the result. */
  wallMs: number;
  /** Sum of the seeds' own times: wallMs well below this shows the seeds ran in parallel. */
  workMs: number;
  /** Distinct workers that ran seeds. */
  workers: number;
}

export interface EnsembleCallbacks {
  /** One more seed of the band is done (`done` of `total`). */
  onProgress?(done: number, total: number): void;
  onResult(result: EnsembleResult, stats: EnsembleStats): void;
  /** The band failed (a bad config, a worker that crashed twice on one of its seeds). */
  onError(message: string): void;
}

type Job = { requestId: number; kind: "seed"; seed: number } | { requestId: number; kind: "reduce" };

interface Active {
  id: number;
  request: EnsembleRequest;
  traces: SeedTrace[];
  started: number;
  workMs: number;
  workerIds: Set<number>;
  /** Seeds already retried once after a crash. */
  retried: Set<number>;
  callbacks: EnsembleCallbacks;
}

/** What a slot needs of its pool. */
interface SlotOwner {
  isActive(requestId: number): boolean;
  receive(slot: Slot, msg: FromEnsembleWorker): void;
  crashed(slot: Slot, reason: CrashReason): void;
}

/** One worker of the pool and the job it holds. */
class Slot extends WorkerClient<ToEnsembleWorker, FromEnsembleWorker> {
  job: Job | null = null;

  constructor(
    readonly id: number,
    create: (id: number) => EnsembleWorkerLike,
    private readonly owner: SlotOwner,
  ) {
    super({ create: () => create(id), restart: "onDemand" });
  }

  send(msg: ToEnsembleWorker, transfer?: Transferable[]): void {
    this.post(msg, transfer);
  }

  protected isReply(data: unknown): data is FromEnsembleWorker {
    return isFromEnsembleWorker(data);
  }

  protected idOf(msg: FromEnsembleWorker): number {
    return msg.requestId;
  }

  /** Only answers of the request this slot's job belongs to, while that request is active. */
  protected override isAwaited(requestId: number): boolean {
    return this.job !== null && this.job.requestId === requestId && this.owner.isActive(requestId);
  }

  /** A malformed message is ignored: the job it might concern is still awaited (or crashes). */
  protected override onMalformed(): void {}

  protected onReply(msg: FromEnsembleWorker): void {
    this.owner.receive(this, msg);
  }

  protected onCrash(reason: CrashReason): void {
    this.owner.crashed(this, reason);
  }
}

export interface EnsemblePoolOptions {
  size?: number;
  createWorker?: (id: number) => EnsembleWorkerLike;
  now?: () => number;
}

export class EnsemblePool implements SlotOwner {
  readonly size: number;
  private readonly createWorker: (id: number) => EnsembleWorkerLike;
  private readonly now: () => number;
  private slots: Slot[] = [];
  private nextWorkerId = 1;
  private seq = 0;
  private readonly active = new Map<number, Active>();
  private queue: Job[] = [];

  constructor(options: EnsemblePoolOptions = {}) {
    const cores = typeof navigator === "undefined" ? undefined : navigator.hardwareConcurrency;
    this.size = options.size ?? poolSize(cores);
    this.createWorker = options.createWorker ?? createEnsembleWorker;
    this.now = options.now ?? (() => performance.now());
  }

  /** Bands in flight. */
  get pendingCount(): number {
    return this.active.size;
  }

  /** Workers started so far. */
  get workerCount(): number {
    return this.slots.length;
  }

  /** Starts computing a band; returns its id (for `cancel`). `urgent` puts its seeds first in line. */
  run(request: EnsembleRequest, callbacks: EnsembleCallbacks, options: { urgent?: boolean } = {}): number {
    const id = ++this.seq;
    this.active.set(id, { id, request, traces: [], started: this.now(), workMs: 0, workerIds: new Set(), retried: new Set(), callbacks });
    const jobs: Job[] = bandSeeds(request.config.seed, request.seeds).map((seed) => ({ requestId: id, kind: "seed", seed }));
    this.queue = options.urgent === true ? [...jobs, ...this.queue] : [...this.queue, ...jobs];
    while (this.slots.length < Math.min(this.size, this.queue.length)) this.slots.push(new Slot(this.nextWorkerId++, this.createWorker, this));
    this.dispatchAll();
    return id;
  }

  /** Stops band `id`: its workers stop and none of its callbacks runs again. */
  cancel(id: number): void {
    if (!this.active.delete(id)) return;
    this.queue = this.queue.filter((j) => j.requestId !== id);
    for (const slot of this.slots) {
      if (slot.job !== null && slot.job.requestId === id) {
        slot.send({ type: "ensembleCancel", requestId: id });
        slot.job = null;
      }
    }
    this.dispatchAll();
  }

  cancelAll(): void {
    for (const id of [...this.active.keys()]) this.cancel(id);
  }

  dispose(): void {
    this.cancelAll();
    for (const slot of this.slots) slot.terminate();
    this.slots = [];
  }

  isActive(requestId: number): boolean {
    return this.active.has(requestId);
  }

  private dispatchAll(): void {
    for (const slot of this.slots) this.dispatch(slot);
  }

  private dispatch(slot: Slot): void {
    if (slot.job !== null) return;
    for (;;) {
      const job = this.queue.shift();
      if (job === undefined) return;
      const band = this.active.get(job.requestId);
      if (band === undefined) continue;
      slot.job = job;
      if (job.kind === "seed") {
        slot.send({ type: "ensembleSeed", requestId: band.id, workerId: slot.id, config: band.request.config, seed: job.seed });
      } else {
        const traces = band.traces;
        band.traces = [];
        slot.send({ type: "ensembleReduce", requestId: band.id, workerId: slot.id, request: band.request, traces }, traces.map((t) => t.loss.buffer as ArrayBuffer));
      }
      return;
    }
  }

  /** An answer for the slot's job, of an active band (the slot has dropped any other). */
  receive(slot: Slot, msg: FromEnsembleWorker): void {
    const band = this.active.get(msg.requestId);
    slot.job = null;
    if (band !== undefined) {
      switch (msg.type) {
        case "ensembleSeedDone":
          band.traces.push(msg.trace);
          band.workMs += msg.ms;
          band.workerIds.add(slot.id);
          band.callbacks.onProgress?.(band.traces.length, band.request.seeds);
          // The reduction goes first in line: the band is one short step from being drawn.
          if (band.traces.length === band.request.seeds) this.queue.unshift({ requestId: band.id, kind: "reduce" });
          break;
        case "ensembleResult":
          this.active.delete(band.id);
          band.callbacks.onResult(msg.result, { wallMs: this.now() - band.started, workMs: band.workMs, workers: band.workerIds.size });
          break;
        case "ensembleError":
          this.cancel(band.id);
          band.callbacks.onError(msg.message);
          break;
      }
    }
    this.dispatchAll();
  }

  /** A worker died: its slot has dropped it; give its seed one more try (a reduction fails the band). */
  crashed(slot: Slot, reason: CrashReason): void {
    const job = slot.job;
    slot.job = null;
    const band = job === null ? undefined : this.active.get(job.requestId);
    if (job !== null && band !== undefined) {
      if (job.kind === "seed" && !band.retried.has(job.seed)) {
        band.retried.add(job.seed);
        this.queue.unshift(job);
      } else {
        const detail = reason.kind === "error" ? (reason.detail ?? "unknown error") : "its message could not be read";
        this.cancel(band.id);
        band.callbacks.onError(`the band worker crashed twice: ${detail}`);
      }
    }
    this.dispatchAll();
  }
}
