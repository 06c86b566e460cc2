// The Custom problem's part of a run config (`RunConfig.custom`): the expression, its gradient-noise
// level and its view, validated like every other field — a Problem naming field, value and reason,
// never a throw. The expression's check here is the lexical one (expression/lexer.ts), which needs
// no parser and so runs in the URL codec on a first visit; the full parse, the AST whitelist and the
// surface checks run once the parser chunk is loaded (the page's effects, the workers, `simulate`).

import type { NumberField } from "./config-fields.ts";
import { ownEntries } from "./config.ts";
import { EXPRESSION_MAX_LENGTH, checkExpressionText } from "./expression/lexer.ts";
import { problem, type Problem } from "./problem-codes.ts";
import { DEFAULT_CUSTOM, type CustomSurface } from "./problems/custom-presets.ts";
import type { Bounds } from "./problems/problem.ts";
import type { Validated } from "./types.ts";
import { inRange } from "./value-text.ts";

export type { CustomSurface } from "./problems/custom-presets.ts";

/** Gradient-noise std per coordinate at batch size 1; 0 = exact gradients. */
export const CUSTOM_NOISE_FIELD: NumberField = {
  type: "number", min: 0, max: 100, minInclusive: true, maxInclusive: true,
  default: DEFAULT_CUSTOM.surface.noise, scale: "linear", slider: { min: 0, max: 20 },
};

/** Largest |bound| of the view: the start point's limit, so a start can always be put in view. */
export const BOUNDS_LIMIT = 1000;

export function cloneCustom(c: CustomSurface): CustomSurface {
  return { f: c.f, noise: c.noise, bounds: { ...c.bounds } };
}

export function defaultCustom(): CustomSurface {
  return cloneCustom(DEFAULT_CUSTOM.surface);
}

export function sameBounds(a: Bounds, b: Bounds): boolean {
  return a.xMin === b.xMin && a.xMax === b.xMax && a.yMin === b.yMin && a.yMax === b.yMax;
}

/** The expression's lexical check as a Problem at `field` (null when it may go on to the parser). */
export function expressionProblem(text: unknown, field = "f"): Problem | null {
  if (typeof text !== "string") return problem(field, text, { code: "badExpression", error: { kind: "empty" } }, field);
  const error = checkExpressionText(text);
  // A pasted novel is named by its start, not carried whole in the problem.
  const shown = text.length > EXPRESSION_MAX_LENGTH ? `${text.slice(0, 60)}…` : text;
  return error === null ? null : problem(field, shown, { code: "badExpression", error }, field);
}

/** Four finite numbers xMin < xMax, yMin < yMax, each within ±BOUNDS_LIMIT. */
export function boundsProblem(v: unknown, field = "bounds", shown: unknown = v): Problem | null {
  const ok =
    Array.isArray(v) &&
    v.length === 4 &&
    v.every((c) => typeof c === "number" && Number.isFinite(c) && Math.abs(c) <= BOUNDS_LIMIT) &&
    (v[0] as number) < (v[1] as number) &&
    (v[2] as number) < (v[3] as number);
  return ok ? null : problem(field, shown, { code: "badBounds", limit: BOUNDS_LIMIT }, field);
}

export const boundsArray = (b: Bounds): number[] => [b.xMin, b.xMax, b.yMin, b.yMax];
export const boundsOf = (v: readonly number[]): Bounds => ({ xMin: v[0] + 0, xMax: v[1] + 0, yMin: v[2] + 0, yMax: v[3] + 0 });

function noiseProblem(v: unknown, field: string): Problem | null {
  const f = CUSTOM_NOISE_FIELD;
  if (typeof v !== "number" || !Number.isFinite(v)) return problem(field, v, { code: "notNumber" }, field);
  return inRange(f, v) ? null : problem(field, v, { code: "outOfRange", range: f }, field);
}

/**
 * `{ f, noise, bounds }` (a JSON config's `custom`, bounds as an object or a 4-list); missing parts
 * take the default surface's, bad ones fall back to them with a Problem each.
 */
export function validateCustom(raw: unknown, path = "custom"): Validated<CustomSurface> {
  const value = defaultCustom();
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { value, problems: [problem(path, raw, { code: "notObject" })] };
  const problems: Problem[] = [];
  for (const [key, v] of Object.entries(ownEntries(raw))) {
    const field = `${path}.${key}`;
    if (key === "f") {
      const bad = expressionProblem(v, field);
      if (bad === null) value.f = v as string;
      else problems.push(bad);
    } else if (key === "noise") {
      const bad = noiseProblem(v, field);
      if (bad === null) value.noise = (v as number) + 0;
      else problems.push(bad);
    } else if (key === "bounds") {
      const list = typeof v === "object" && v !== null && !Array.isArray(v) ? boundsArray(v as Bounds) : v;
      const bad = boundsProblem(list, field);
      if (bad === null) value.bounds = boundsOf(list as number[]);
      else problems.push(bad);
    } else problems.push(problem(field, v, { code: "unknownField", scope: "config" }, key));
  }
  return { value, problems };
}

/** The noise level's check for a link's text (`noise=0.5`). */
export function checkNoise(v: unknown, field: string): Problem | null {
  return noiseProblem(v, field);
}
