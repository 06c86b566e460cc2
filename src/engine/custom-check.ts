// The full check of a Custom run's surface, shared by the page and `simulate`: compile the
// expression, then the surface checks at the run's start point and over its view. One Problem at
// `f` (the link key) naming the value and the reason, or null. The page loads the parser chunk
// first (`checkCustomRun`); Node passes the compiler in (`customRunProblem`).

import { checkSurface } from "./expression/checks.ts";
import { loadSurfaces } from "./expression/load.ts";
import type { Compilation } from "./expression/registry.ts";
import { problem, type Problem } from "./problem-codes.ts";
import { CUSTOM_DEFAULTS } from "./problems/custom.ts";
import type { RunConfig } from "./run-config.ts";

/** The check, given how the config's expression compiled (`compile` registers it too). */
export function customRunProblem(config: RunConfig, compile: (text: string) => Compilation): Problem | null {
  const c = config.custom;
  if (config.problem !== "custom" || c === undefined) return null;
  const compiled = compile(c.f);
  if (!compiled.ok) return problem("f", c.f, { code: "badExpression", error: compiled.error });
  const error = checkSurface(compiled.surface, config.start ?? CUSTOM_DEFAULTS.start, c.bounds);
  return error === null ? null : problem("f", c.f, { code: "badExpression", error });
}

/** The check on the page: loads the parser chunk on first use. */
export async function checkCustomRun(config: RunConfig): Promise<Problem | null> {
  const c = config.custom;
  if (config.problem !== "custom" || c === undefined) return null;
  const compiled = (await loadSurfaces([c.f])).get(c.f);
  return compiled === undefined ? null : customRunProblem(config, () => compiled);
}
