// Checks of a compiled surface before a run uses it: finite at the start point, not overflowing over
// most of the view, not flat. Each failure is an ExpressionError the page and `simulate` word alike.

import type { Bounds } from "../problems/problem.ts";
import type { ExpressionError } from "./errors.ts";
import type { CompiledSurface } from "./registry.ts";

/** |f| above this counts as overflow: the run's divergence test (1e6 × the start) would trip at once. */
const OVERFLOW_LIMIT = 1e12;
/** Points per side of the grid the view is sampled on. */
const SAMPLES = 21;

export function checkSurface(s: CompiledSurface, start: readonly [number, number], bounds: Bounds): ExpressionError | null {
  const [x0, y0] = start;
  const f0 = s.f(x0, y0);
  if (!Number.isFinite(f0)) return { kind: "notFiniteAtStart", x: x0, y: y0, value: f0, what: "f" };
  const g = new Float64Array(2);
  s.grad(x0, y0, g);
  if (!Number.isFinite(g[0]) || !Number.isFinite(g[1])) {
    return { kind: "notFiniteAtStart", x: x0, y: y0, value: Number.isFinite(g[0]) ? g[1] : g[0], what: "gradient" };
  }
  let bad = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < SAMPLES; j++) {
    const y = bounds.yMin + ((bounds.yMax - bounds.yMin) * j) / (SAMPLES - 1);
    for (let i = 0; i < SAMPLES; i++) {
      const x = bounds.xMin + ((bounds.xMax - bounds.xMin) * i) / (SAMPLES - 1);
      const v = s.f(x, y);
      if (!Number.isFinite(v) || Math.abs(v) > OVERFLOW_LIMIT) {
        bad++;
        continue;
      }
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const share = bad / (SAMPLES * SAMPLES);
  if (share > 0.5) return { kind: "overflow", share, limit: OVERFLOW_LIMIT };
  // Flat: one value everywhere sampled (to rounding) and no slope at the start: nothing to descend.
  if (hi - lo <= 1e-12 * Math.max(1, Math.abs(lo)) && Math.abs(g[0]) <= 1e-12 && Math.abs(g[1]) <= 1e-12) return { kind: "flat", value: f0 };
  return null;
}
