// Points of the schedule preview: lr(t) from the engine's own functions, sampled when the run has
// more ticks than are worth drawing (a step-unit policy over a long run has millions).

import { lrAt, previewSeries } from "../engine/policies.ts";
import type { Policy } from "../engine/types.ts";

export const PREVIEW_MAX_POINTS = 2000;

export interface SchedulePoint {
  t: number;
  lr: number;
}

/**
 * lr(t) for t = 0 .. ticks-1, or for at most `maxPoints` evenly spaced ticks (always including the
 * first and the last). Non-finite rates (an invalid policy) are left out rather than drawn.
 */
export function schedulePoints(policy: Policy, baseLr: number, ticks: number, maxPoints = PREVIEW_MAX_POINTS): SchedulePoint[] {
  const n = Number.isFinite(ticks) ? Math.max(0, Math.floor(ticks)) : 0;
  const out: SchedulePoint[] = [];
  try {
    if (n <= maxPoints) {
      const lr = previewSeries(policy, baseLr, n);
      for (let t = 0; t < n; t++) if (Number.isFinite(lr[t])) out.push({ t, lr: lr[t] });
      return out;
    }
    // lrAt is O(1) per tick for every policy but multiStep (O(milestones)), cosineRestarts
    // (O(log t)) and plateau, which without metrics is constant after warmup and also O(1).
    const count = Math.max(2, maxPoints);
    let prev = -1;
    for (let i = 0; i < count; i++) {
      const t = Math.round((i * (n - 1)) / (count - 1));
      if (t === prev) continue;
      prev = t;
      const v = lrAt(policy, baseLr, t);
      if (Number.isFinite(v)) out.push({ t, lr: v });
    }
  } catch {
    // Only an invalid policy throws (cosineRestarts with t0 < 1); the editor shows its message.
    return [];
  }
  return out;
}
