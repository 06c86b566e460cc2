// What crosses the boundary between the page and the theory worker: the expected-loss curve and
// noise floors of one run on the noisy quadratic (engine/theory.ts), computed off the main thread
// (the default run takes ~15 ms, a long run seconds). One request, one reply, paired by `requestId`.

import type { RunConfig } from "../../engine/run-config.ts";
import type { TheoryCurve, TheoryUnsupported } from "../../engine/theory.ts";
import { isCount, isFiniteNumber, isRec } from "../shared.ts";

/** Page -> theory worker: the theory of `config`, sampled at `points` evenly spaced steps. */
export interface TheoryRequest {
  type: "theory";
  requestId: number;
  config: RunConfig;
  points: number;
}

/** Theory worker -> page: the curve (or why there is none for this config), or an error. */
export type TheoryReply =
  | { type: "theoryDone"; requestId: number; curve: TheoryCurve | TheoryUnsupported }
  | { type: "theoryError"; requestId: number; message: string };

export function isTheoryRequest(v: unknown): v is TheoryRequest {
  return isRec(v) && v.type === "theory" && isCount(v.requestId) && isRec(v.config) && isCount(v.points) && (v.points as number) >= 2;
}

const isNumbers = (v: unknown, n: number): boolean => v instanceof Float64Array && v.length === n;
const isStage = (v: unknown): boolean =>
  isRec(v) && isCount(v.fromStep) && isCount(v.toStep) && isFiniteNumber(v.lr) && typeof v.floor === "number";

function isCurve(v: unknown): v is TheoryCurve | TheoryUnsupported {
  if (!isRec(v)) return false;
  if (v.supported === false) return v.reason === "problem" || v.reason === "plateau";
  if (v.supported !== true || !(v.model === "exact" || v.model === "adamApprox") || !(v.steps instanceof Float64Array)) return false;
  const n = v.steps.length;
  return isNumbers(v.loss, n) && isNumbers(v.floorAtRate, n) && Array.isArray(v.stages) && v.stages.every(isStage);
}

export function isTheoryReply(v: unknown): v is TheoryReply {
  if (!isRec(v) || !isCount(v.requestId)) return false;
  if (v.type === "theoryError") return typeof v.message === "string";
  return v.type === "theoryDone" && isCurve(v.curve);
}
