// The page's side of the theory worker: `compute(config)` resolves with the run's expected-loss
// curve. The worker starts on the first request (a page that never shows theory never loads it)
// and is replaced after a crash.

import type { RunConfig } from "../../engine/run-config.ts";
import type { TheoryCurve, TheoryUnsupported } from "../../engine/theory.ts";
import { RequestClient, type CrashReason, type WorkerLike } from "../client-base.ts";
import type { Checked } from "../shared.ts";
import { isTheoryReply, type TheoryReply, type TheoryRequest } from "./protocol.ts";

/** Points of the drawn curve: about one per 2 pixels of a wide chart. */
const THEORY_POINTS = 600;

function createTheoryWorker(): WorkerLike<TheoryRequest> {
  return new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "theory" });
}

export class TheoryClient extends RequestClient<TheoryRequest, TheoryReply, TheoryCurve | TheoryUnsupported> {
  constructor(create: () => WorkerLike<TheoryRequest> = createTheoryWorker) {
    super(create);
  }

  compute(config: RunConfig, points = THEORY_POINTS): Promise<TheoryCurve | TheoryUnsupported> {
    return this.request((requestId) => ({ type: "theory", requestId, config, points }));
  }

  protected isReply(data: unknown): data is TheoryReply {
    return isTheoryReply(data);
  }

  protected idOf(msg: TheoryReply): number {
    return msg.requestId;
  }

  protected settle(msg: TheoryReply): Checked<TheoryCurve | TheoryUnsupported> {
    return msg.type === "theoryError" ? { ok: false, message: msg.message } : { ok: true, value: msg.curve };
  }

  protected crashMessage(reason: CrashReason): string {
    if (reason.kind === "error") return `the theory worker stopped (${reason.detail ?? "unknown error"})`;
    return "the theory worker sent a malformed message";
  }
}
