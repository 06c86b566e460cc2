// What crosses the boundary between the page and the range-test worker: one learning-rate range
// test (engine/range-test.ts) per request, answered once. `testId` pairs an answer with its
// request, so the page ignores the answer to a test it has since replaced.

import type { RangeTestOptions, RangeTestResult } from "../../engine/range-test.ts";
import type { RunConfig } from "../../engine/run-config.ts";
import { isCount, isFiniteNumber, isNumberArray, isRec } from "../shared.ts";

export type ToRangeTestWorker = { type: "rangeTest"; testId: number; config: RunConfig; options: Partial<RangeTestOptions> };

export type FromRangeTestWorker =
  | { type: "rangeResult"; testId: number; result: RangeTestResult; ms: number }
  | { type: "rangeError"; testId: number; message: string };

function isSuggestion(v: unknown): boolean {
  return v === null || (isRec(v) && (v.rule === "steep" || v.rule === "valley") && isFiniteNumber(v.lr) && isCount(v.index) && typeof v.loss === "number");
}

function isRangeResult(v: unknown): v is RangeTestResult {
  if (!isRec(v) || !isNumberArray(v.lr) || !isNumberArray(v.loss) || !isNumberArray(v.smoothed)) return false;
  const n = v.lr.length;
  if (v.loss.length !== n || v.smoothed.length !== n) return false;
  const stop = v.stop;
  if (!isRec(stop) || (stop.reason !== "end" && stop.reason !== "diverged") || !isCount(stop.step) || typeof stop.lr !== "number") return false;
  const s = v.suggestions;
  return isRec(s) && isSuggestion(s.steep) && isSuggestion(s.valley);
}

export function isToRangeTestWorker(v: unknown): v is ToRangeTestWorker {
  return isRec(v) && v.type === "rangeTest" && isCount(v.testId) && isRec(v.config) && isRec(v.options);
}

export function isFromRangeTestWorker(v: unknown): v is FromRangeTestWorker {
  if (!isRec(v) || !isCount(v.testId)) return false;
  if (v.type === "rangeResult") return isRangeResult(v.result) && isFiniteNumber(v.ms);
  if (v.type === "rangeError") return typeof v.message === "string";
  return false;
}
