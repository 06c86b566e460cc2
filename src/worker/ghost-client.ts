// The page's side of the ghost worker: `run(config)` resolves with the finished run's columns.
// The worker starts on the first request (a page without lessons or pinned links never loads it)
// and is replaced after a crash; `cancelAll()` drops every pending request (a new lesson replaces
// the old one's ghosts) by terminating the worker, so no stale result can arrive afterwards.

import type { RunConfig } from "../engine/run-config.ts";
import { isGhostReply, type GhostReply, type GhostRequest } from "./protocol.ts";

export type GhostResult = Omit<Extract<GhostReply, { type: "ghostDone" }>, "type" | "requestId">;

/** Ghosts longer than this are cut (and labelled so): a link cannot make a tab compute for minutes. */
export const GHOST_MAX_STEPS = 2_000_000;

export interface GhostWorkerLike {
  postMessage(message: GhostRequest): void;
  terminate(): void;
  onmessage: ((ev: MessageEvent) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
}

export function createGhostWorker(): GhostWorkerLike {
  return new Worker(new URL("./ghost.worker.ts", import.meta.url), { type: "module", name: "ghost" });
}

interface Pending {
  resolve(r: GhostResult): void;
  reject(e: Error): void;
}

export class GhostClient {
  private worker: GhostWorkerLike | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly create: () => GhostWorkerLike = createGhostWorker) {}

  run(config: RunConfig, maxSteps = GHOST_MAX_STEPS): Promise<GhostResult> {
    const requestId = this.nextId++;
    return new Promise<GhostResult>((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.ensure().postMessage({ type: "ghost", requestId, config, maxSteps });
    });
  }

  /** Rejects every pending request and stops the work in progress. */
  cancelAll(reason = "cancelled"): void {
    if (this.pending.size === 0) return;
    this.stop();
    this.failAll(reason);
  }

  dispose(): void {
    this.cancelAll("disposed");
    this.stop();
  }

  private ensure(): GhostWorkerLike {
    if (this.worker !== null) return this.worker;
    const w = this.create();
    w.onmessage = (ev) => this.receive(ev.data);
    w.onerror = (ev) => {
      ev.preventDefault();
      this.stop();
      this.failAll(`the comparison-run worker stopped (${ev.message || "unknown error"})`);
    };
    this.worker = w;
    return w;
  }

  private receive(data: unknown): void {
    if (!isGhostReply(data)) {
      this.stop();
      this.failAll("the comparison-run worker sent a malformed message");
      return;
    }
    const p = this.pending.get(data.requestId);
    if (p === undefined) return;
    this.pending.delete(data.requestId);
    if (data.type === "ghostError") {
      p.reject(new Error(data.message));
      return;
    }
    const { type: _type, requestId: _id, ...result } = data;
    p.resolve(result);
  }

  private stop(): void {
    if (this.worker === null) return;
    this.worker.onmessage = null;
    this.worker.onerror = null;
    this.worker.terminate();
    this.worker = null;
  }

  private failAll(message: string): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(new Error(message));
  }
}
