// The page's side of the range-test worker: `run(config, options)` resolves with the test's result.
// One test at a time: a new one replaces one still running (its worker is terminated and its
// promise rejects with "cancelled"). The worker starts with the first test.

import type { RangeTestOptions, RangeTestResult } from "../../engine/range-test.ts";
import type { RunConfig } from "../../engine/run-config.ts";
import { RequestClient, type CrashReason, type WorkerLike } from "../client-base.ts";
import type { Checked } from "../shared.ts";
import { isFromRangeTestWorker, type FromRangeTestWorker, type ToRangeTestWorker } from "./protocol.ts";

export interface RangeTestAnswer {
  result: RangeTestResult;
  /** Wall time of the test inside the worker. */
  ms: number;
}

function createRangeTestWorker(): WorkerLike<ToRangeTestWorker> {
  return new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "range-test" });
}

export class RangeTestClient extends RequestClient<ToRangeTestWorker, FromRangeTestWorker, RangeTestAnswer> {
  constructor(create: () => WorkerLike<ToRangeTestWorker> = createRangeTestWorker) {
    super(create);
  }

  /** Runs a test off the main thread, cancelling any still running. */
  run(config: RunConfig, options: Partial<RangeTestOptions> = {}): Promise<RangeTestAnswer> {
    this.cancelAll("cancelled");
    return this.request((testId) => ({ type: "rangeTest", testId, config, options }));
  }

  protected isReply(data: unknown): data is FromRangeTestWorker {
    return isFromRangeTestWorker(data);
  }

  protected idOf(msg: FromRangeTestWorker): number {
    return msg.testId;
  }

  protected settle(msg: FromRangeTestWorker): Checked<RangeTestAnswer> {
    if (msg.type === "rangeError") return { ok: false, message: msg.message };
    return { ok: true, value: { result: msg.result, ms: msg.ms } };
  }

  protected crashMessage(reason: CrashReason): string {
    if (reason.kind === "error") return reason.detail ?? "the range-test worker failed";
    return "the range-test worker sent a malformed message";
  }
}
