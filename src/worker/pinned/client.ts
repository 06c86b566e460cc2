// The page's side of the pinned-run worker: `run(config)` resolves with the finished run's columns.
// The worker starts on the first request (a page without lessons or pinned links never loads it)
// and is replaced after a crash; `cancelAll()` drops every pending request (a new lesson replaces
// the old one's pinned runs) by terminating the worker, so no stale result can arrive afterwards.

import type { RunConfig } from "../../engine/run-config.ts";
import { RequestClient, type CrashReason, type WorkerLike } from "../client-base.ts";
import type { Checked } from "../shared.ts";
import { isPinnedReply, type PinnedReply, type PinnedRequest } from "./protocol.ts";

export type PinnedResult = Omit<Extract<PinnedReply, { type: "pinnedDone" }>, "type" | "requestId">;

/** Pinned runs longer than this are cut (and labelled so): a link cannot make a tab compute for minutes. */
const PINNED_MAX_STEPS = 2_000_000;

function createPinnedWorker(): WorkerLike<PinnedRequest> {
  return new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "pinned" });
}

export class PinnedClient extends RequestClient<PinnedRequest, PinnedReply, PinnedResult> {
  constructor(create: () => WorkerLike<PinnedRequest> = createPinnedWorker) {
    super(create);
  }

  run(config: RunConfig, maxSteps = PINNED_MAX_STEPS): Promise<PinnedResult> {
    return this.request((requestId) => ({ type: "pinned", requestId, config, maxSteps }));
  }

  protected isReply(data: unknown): data is PinnedReply {
    return isPinnedReply(data);
  }

  protected idOf(msg: PinnedReply): number {
    return msg.requestId;
  }

  protected settle(msg: PinnedReply): Checked<PinnedResult> {
    if (msg.type === "pinnedError") return { ok: false, message: msg.message };
    const { type: _type, requestId: _id, ...result } = msg;
    return { ok: true, value: result };
  }

  protected crashMessage(reason: CrashReason): string {
    if (reason.kind === "error") return `the comparison-run worker stopped (${reason.detail ?? "unknown error"})`;
    return "the comparison-run worker sent a malformed message";
  }
}
