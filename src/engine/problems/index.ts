// The problem registry, keyed by the same ids the URL, the CLI and the golden files use.

import { CUSTOM_DEFAULTS, createCustom, type CustomOptions } from "./custom.ts";
import { CLASSIFY_DEFAULTS, createClassify, type ClassifyOptions } from "./classify.ts";
import { LINREG_DEFAULTS, createLinreg, type LinregOptions } from "./linreg.ts";
import { NQM_DEFAULTS, createNqm, type NqmOptions } from "./nqm.ts";
import type { ProblemId, ProblemOptions, ToyProblem } from "./problem.ts";
import {
  BEALE_DEFAULTS,
  BOWL_DEFAULTS,
  NQM2D_DEFAULTS,
  ROSENBROCK_DEFAULTS,
  SADDLE_DEFAULTS,
  createBeale,
  createBowl,
  createNqm2d,
  createRosenbrock,
  createSaddle,
  type BealeOptions,
  type BowlOptions,
  type Nqm2dOptions,
  type RosenbrockOptions,
  type SaddleOptions,
} from "./surfaces.ts";

export type { ProblemId, ToyProblem } from "./problem.ts";
export * from "./classify.ts";
export * from "./linreg.ts";
export * from "./nqm.ts";
export * from "./surfaces.ts";
export * from "./custom.ts";
export * from "./custom-presets.ts";

/** Display order: the article's problem first, then the datasets, then the 2-D surfaces. */
export const PROBLEM_IDS: readonly ProblemId[] = [
  "nqm",
  "classify",
  "linreg",
  "rosenbrock",
  "beale",
  "saddle",
  "bowl",
  "nqm2d",
  "custom",
];

export interface ProblemOptionsById {
  nqm: NqmOptions;
  classify: ClassifyOptions;
  linreg: LinregOptions;
  rosenbrock: RosenbrockOptions;
  beale: BealeOptions;
  saddle: SaddleOptions;
  bowl: BowlOptions;
  nqm2d: Nqm2dOptions;
  custom: CustomOptions;
}

/** Per-problem options a caller may override; everything else takes the defaults. */
export type ProblemOverrides<K extends ProblemId> = Partial<Omit<ProblemOptionsById[K], "seed">>;

export const PROBLEM_DEFAULTS: { readonly [K in ProblemId]: Readonly<Omit<ProblemOptionsById[K], "seed">> } = {
  nqm: NQM_DEFAULTS,
  classify: CLASSIFY_DEFAULTS,
  linreg: LINREG_DEFAULTS,
  rosenbrock: ROSENBROCK_DEFAULTS,
  beale: BEALE_DEFAULTS,
  saddle: SADDLE_DEFAULTS,
  bowl: BOWL_DEFAULTS,
  nqm2d: NQM2D_DEFAULTS,
  custom: CUSTOM_DEFAULTS,
};

const FACTORIES: { readonly [K in ProblemId]: (o: ProblemOptions & Partial<ProblemOptionsById[K]>) => ToyProblem } = {
  nqm: createNqm,
  classify: createClassify,
  linreg: createLinreg,
  rosenbrock: createRosenbrock,
  beale: createBeale,
  saddle: createSaddle,
  bowl: createBowl,
  nqm2d: createNqm2d,
  custom: createCustom,
};

/**
 * Which problems have a minibatch loss (ToyProblem.minibatchLoss), known without building one: the
 * charts and the docs say per problem whether the `batchLoss` column holds anything.
 */
export const HAS_MINIBATCH_LOSS: { readonly [K in ProblemId]: boolean } = {
  nqm: false,
  classify: true,
  linreg: true,
  rosenbrock: false,
  beale: false,
  saddle: false,
  bowl: false,
  nqm2d: false,
  custom: false,
};

export function isProblemId(s: string): s is ProblemId {
  return (PROBLEM_IDS as readonly string[]).includes(s);
}

/**
 * Builds problem `id` from `seed`: data from `new Rng(seed).fork("data")`, start point from
 * `fork("init")`. Throws RangeError on invalid overrides (a programming error; user input is
 * validated before it reaches the engine).
 */
export function createProblem<K extends ProblemId>(id: K, seed: number, overrides?: ProblemOverrides<K>): ToyProblem {
  const factory: (o: ProblemOptions & Partial<ProblemOptionsById[K]>) => ToyProblem = FACTORIES[id];
  // TS cannot see through Omit<..., "seed"> on a generic K that this spread has the factory's shape.
  return factory({ ...overrides, seed } as ProblemOptions & Partial<ProblemOptionsById[K]>);
}
