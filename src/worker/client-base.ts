// The page's side of every worker-backed feature shares one base: it creates the worker (through an
// injectable factory, so tests drive it with a fake), terminates it, replaces it after a crash, and
// numbers requests so that replies to anything but what is still awaited are dropped unseen.
//
// `WorkerClient` is the base; `RequestClient` adds promise-per-request on top (pinned runs, range
// tests). Subclasses say how to recognise a reply (their protocol's guard), which id it carries,
// what to do with it, and how to word a crash.

import type { Checked } from "./shared.ts";

const MIN_POOL = 2;
const MAX_POOL = 8;

/**
 * Workers of a pool (the sweep's, the seed bands') for a machine reporting `cores` logical cores:
 * at least 2 (so the work is parallel), at most 8.
 */
export function poolSize(cores: number | undefined): number {
  const n = typeof cores === "number" && Number.isFinite(cores) ? Math.floor(cores) : 4;
  return Math.min(MAX_POOL, Math.max(MIN_POOL, n));
}

/** The parts of `Worker` a client uses, so tests can drive it with a fake. */
export interface WorkerLike<In> {
  postMessage(message: In, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((ev: MessageEvent) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
  onmessageerror?: ((ev: MessageEvent) => void) | null;
}

/** Why a worker was given up: its own error event (with the browser's message, if any), an unreadable message, or one that fails the protocol's guard. */
export type CrashReason = { kind: "error"; detail: string | null } | { kind: "messageerror" } | { kind: "malformed" };

export interface WorkerClientOptions<In> {
  create: () => WorkerLike<In>;
  /**
   * When a crashed worker is replaced: "now" keeps one warm (the live run, which restarts at once),
   * "onDemand" starts the next one with the next message (a page may never need it again).
   */
  restart: "now" | "onDemand";
  /** Start the worker at construction rather than with the first message. */
  eager?: boolean;
}

export abstract class WorkerClient<In, Out> {
  private worker: WorkerLike<In> | null = null;
  private readonly create: () => WorkerLike<In>;
  private readonly restartPolicy: "now" | "onDemand";
  private restarts = 0;
  private lastId = 0;

  constructor(options: WorkerClientOptions<In>) {
    this.create = options.create;
    this.restartPolicy = options.restart;
    if (options.eager === true) this.worker = this.spawn();
  }

  /** The protocol's guard for what the worker sends. */
  protected abstract isReply(data: unknown): data is Out;
  /** The request (or run) id a reply carries. */
  protected abstract idOf(msg: Out): number;
  /** A checked reply whose id is still awaited. */
  protected abstract onReply(msg: Out): void;
  /** The worker was given up (already terminated); say so to whoever waits. */
  protected abstract onCrash(reason: CrashReason): void;

  /** Whether a reply with this id is still wanted; by default only the newest id's. */
  protected isAwaited(id: number): boolean {
    return id === this.lastId;
  }

  /** A message that fails the guard: by default the worker is given up as crashed. */
  protected onMalformed(): void {
    this.giveUp({ kind: "malformed" });
  }

  /** A fresh id for a request or run; replies to older ids stop being awaited (by default). */
  protected newId(): number {
    return ++this.lastId;
  }

  /** The newest id handed out; 0 before the first. */
  protected get latestId(): number {
    return this.lastId;
  }

  /** Workers replaced after a crash (or a restart) so far. */
  get restartCount(): number {
    return this.restarts;
  }

  /** Whether a worker is running (or starting). */
  get hasWorker(): boolean {
    return this.worker !== null;
  }

  /** Sends to the worker, starting one first if there is none. */
  protected post(msg: In, transfer?: Transferable[]): void {
    if (this.worker === null) this.worker = this.spawn();
    if (transfer === undefined) this.worker.postMessage(msg);
    else this.worker.postMessage(msg, transfer);
  }

  /** Stops the worker now, with whatever it was doing; the next message starts a fresh one. */
  terminate(): void {
    const w = this.worker;
    if (w === null) return;
    this.worker = null;
    w.onmessage = null;
    w.onerror = null;
    if (w.onmessageerror !== undefined) w.onmessageerror = null;
    w.terminate();
  }

  /** Replaces the worker (counted as a restart), now or with the next message as the policy says. */
  protected restart(): void {
    this.terminate();
    this.restarts += 1;
    if (this.restartPolicy === "now" && this.worker === null) this.worker = this.spawn();
  }

  /** Gives the worker up: terminate it, tell the subclass, then replace it per the policy. */
  protected giveUp(reason: CrashReason): void {
    this.terminate();
    this.restarts += 1;
    this.onCrash(reason);
    // onCrash may already have sent something, which started a fresh worker.
    if (this.restartPolicy === "now" && this.worker === null) this.worker = this.spawn();
  }

  private spawn(): WorkerLike<In> {
    const w = this.create();
    w.onmessage = (ev) => this.receive(ev.data);
    w.onerror = (ev) => {
      // Handled here: keep the browser from also logging it as an uncaught page error.
      ev.preventDefault?.();
      const detail = typeof ev.message === "string" && ev.message !== "" ? ev.message : null;
      this.giveUp({ kind: "error", detail });
    };
    w.onmessageerror = () => this.giveUp({ kind: "messageerror" });
    return w;
  }

  private receive(data: unknown): void {
    if (!this.isReply(data)) {
      this.onMalformed();
      return;
    }
    if (!this.isAwaited(this.idOf(data))) return;
    this.onReply(data);
  }
}

interface Pending<Result> {
  resolve(r: Result): void;
  reject(e: Error): void;
}

/**
 * A client whose every request is answered once: `request()` returns a promise settled by the reply
 * with the same id. Requests may overlap; `cancelAll()` rejects every pending one and stops the
 * worker, so no stale reply can arrive afterwards. A crash rejects what was pending, and the next
 * request starts a fresh worker.
 */
export abstract class RequestClient<In, Out, Result> extends WorkerClient<In, Out> {
  private readonly pending = new Map<number, Pending<Result>>();

  constructor(create: () => WorkerLike<In>) {
    super({ create, restart: "onDemand" });
  }

  /** A reply as the request's outcome: its result, or the message to reject with. */
  protected abstract settle(msg: Out): Checked<Result>;
  protected abstract crashMessage(reason: CrashReason): string;

  /** Requests awaiting their reply. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Sends the request `build(id)` and resolves with its reply. */
  protected request(build: (id: number) => In): Promise<Result> {
    const id = this.newId();
    return new Promise<Result>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post(build(id));
    });
  }

  /** Rejects every pending request with `reason` and stops the work in progress. */
  cancelAll(reason = "cancelled"): void {
    if (this.pending.size === 0) return;
    this.terminate();
    this.failAll(reason);
  }

  dispose(): void {
    this.cancelAll("disposed");
    this.terminate();
  }

  protected override isAwaited(id: number): boolean {
    return this.pending.has(id);
  }

  protected onReply(msg: Out): void {
    const id = this.idOf(msg);
    const p = this.pending.get(id);
    if (p === undefined) return;
    this.pending.delete(id);
    const outcome = this.settle(msg);
    if (outcome.ok) p.resolve(outcome.value);
    else p.reject(new Error(outcome.message));
  }

  protected onCrash(reason: CrashReason): void {
    this.failAll(this.crashMessage(reason));
  }

  private failAll(message: string): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(new Error(message));
  }
}
