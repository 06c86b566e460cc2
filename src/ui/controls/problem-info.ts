// Facts about a problem the controls need (its one-sentence description, its training-set size for
// steps per epoch), read from the engine's own problem once per id.

import { createProblem } from "../../engine/problems/index.ts";
import type { ProblemId } from "../../engine/problems/problem.ts";
import type { RunConfig } from "../../engine/run-config.ts";

export interface ProblemInfo {
  description: string;
  nTrain: number;
}

const cache = new Map<ProblemId, ProblemInfo>();

export function problemInfo(id: ProblemId): ProblemInfo {
  const hit = cache.get(id);
  if (hit !== undefined) return hit;
  // Data and start point do not change the description or nTrain, so seed 1 stands for all.
  const p = createProblem(id, 1);
  const info = { description: p.description, nTrain: p.nTrain };
  cache.set(id, info);
  return info;
}

/** Optimizer steps in one epoch, as the trainer counts them. */
export function stepsPerEpoch(config: Pick<RunConfig, "problem" | "batchSize">): number {
  const { nTrain } = problemInfo(config.problem);
  return Math.ceil(nTrain / Math.max(1, Math.min(config.batchSize, nTrain)));
}

/** Human names of the problems, by id (the select shows these; the URL keeps the ids). */
export const PROBLEM_LABELS: { readonly [K in ProblemId]: string } = {
  nqm: "Noisy quadratic, 100-D (the lesson)",
  classify: "Two moons classifier",
  linreg: "Linear regression",
  rosenbrock: "Rosenbrock valley (2-D)",
  beale: "Beale's function (2-D)",
  saddle: "Saddle point (2-D)",
  bowl: "Narrow bowl (2-D)",
  nqm2d: "Noisy quadratic (2-D)",
};
