// How much work a run (or a set of runs) is, known from its config alone, and the one budget every
// entry point holds it to: the CLI (`simulate`, overridable with `--max-steps`), the page's sweep and
// the pinned runs of a link. Without it a link or a flag could ask for 2×10⁸ steps a run (epochs up
// to 10⁶) or 400 such runs, and the page or the terminal would sit silent for hours.

import { PROBLEM_DEFAULTS } from "./problems/index.ts";
import type { RunConfig } from "./run-config.ts";

/**
 * At most this many optimizer steps for one request (a run, a sweep, a link's pinned runs).
 * 5×10⁷ steps of the default problem take about 10 minutes in Node on one core: the most a
 * person waits for on purpose. The default run is 5,000 steps; the default sweep 240,000.
 */
export const STEP_BUDGET = 50_000_000;

/** Steps per epoch as the Trainer computes them: ceil(nTrain / min(batchSize, nTrain)). */
export function stepsPerEpochOf(config: Pick<RunConfig, "problem" | "batchSize">): number {
  const nTrain = PROBLEM_DEFAULTS[config.problem].nTrain;
  return Math.ceil(nTrain / Math.min(config.batchSize, nTrain));
}

/** The steps a run takes to its end (fewer only when it diverges). */
export function runSteps(config: Pick<RunConfig, "problem" | "batchSize" | "epochs">): number {
  return stepsPerEpochOf(config) * config.epochs;
}

/** 50000000 -> "50,000,000" (grouping fixed, whatever the machine's locale). */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
