// "Bring your own loss surface" (issue #17): f(x, y) as the user typed it, with the built-in
// surfaces' noise model (Gaussian gradient noise, std noiseScale / sqrt(B) per coordinate) and
// everything else of theirs: a start point, a view box, a grid for the contours. The expression is
// compiled beforehand (expression/compile.ts, a lazily loaded chunk) and looked up by its text here,
// since problems are built synchronously.

import { expressionErrorEnglish } from "../expression/errors.ts";
import { compilationOf } from "../expression/registry.ts";
import { DEFAULT_CUSTOM } from "./custom-presets.ts";
import { withDefaults, type ProblemOptions } from "./problem.ts";
import { NTRAIN, SurfaceProblem, type SurfaceOptions } from "./surfaces.ts";

export interface CustomOptions extends SurfaceOptions {
  /** f(x, y), already compiled and registered (expression/registry.ts). */
  expression: string;
}

export const CUSTOM_DEFAULTS: Readonly<Omit<CustomOptions, "seed">> = {
  expression: DEFAULT_CUSTOM.surface.f,
  noiseScale: DEFAULT_CUSTOM.surface.noise,
  nTrain: NTRAIN,
  start: DEFAULT_CUSTOM.start,
  startJitter: 0,
  bounds: DEFAULT_CUSTOM.surface.bounds,
};

export const CUSTOM_DESCRIPTION = "Your own loss surface: type f(x, y) and watch the optimizer move over it.";

export function createCustom(given: ProblemOptions & Partial<CustomOptions>): SurfaceProblem {
  const o = withDefaults<CustomOptions>({ ...CUSTOM_DEFAULTS, seed: given.seed }, given);
  const c = compilationOf(o.expression);
  if (c === undefined) {
    throw new Error(`custom: f = ${JSON.stringify(o.expression)} is not compiled; load it with expression/load.ts first`);
  }
  if (!c.ok) throw new RangeError(`f = ${JSON.stringify(o.expression)} ${expressionErrorEnglish(c.error)}`);
  const s = c.surface;
  return new SurfaceProblem(
    { id: "custom", description: CUSTOM_DESCRIPTION, f: s.f, grad: s.grad, noiseRoot: [o.noiseScale, o.noiseScale], minima: [] },
    o,
  );
}
