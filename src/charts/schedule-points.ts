// Points of the schedule preview: lr(t) from the engine's own functions, sampled when the run has
// more ticks than are worth drawing (a step-unit policy over a long run has millions).

import { lrAt, previewSeries } from "../engine/policies.ts";
import type { Policy } from "../engine/types.ts";
import { niceAxis, type NiceAxis, type XY } from "./chart-data.ts";

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

/** The run's length in ticks as the preview reads it: a whole number, at least 1. */
function runLength(ticks: number): number {
  return Number.isFinite(ticks) ? Math.max(1, Math.floor(ticks)) : 1;
}

/**
 * The preview's line: the sampled rates, drawn as steps, closed by the last rate held to the end of
 * the run (tick `ticks`, where the run stops), so the line spans the whole x axis.
 */
export function previewLine(points: readonly SchedulePoint[], ticks: number): XY[] {
  const end = runLength(ticks);
  const out: XY[] = points.map((p) => ({ x: p.t, y: p.lr }));
  const last = out.length > 0 ? out[out.length - 1] : null;
  if (last !== null && last.x < end) out.push({ x: end, y: last.y });
  return out;
}

/**
 * The preview's x axis: exactly 0 to the run's length (`ticks`: epochs or steps, the policy's unit),
 * whatever the policy, with round ticks inside it and the end itself labelled unless it sits closer
 * than half a tick step to the last round tick.
 */
export function previewXAxis(ticks: number, count = 5): NiceAxis {
  const end = runLength(ticks);
  const round = niceAxis(0, end, count).ticks.filter((v) => v >= 0 && v <= end);
  const step = round.length > 1 ? round[1] - round[0] : end;
  const lastRound = round.length > 0 ? round[round.length - 1] : 0;
  const shown = end - lastRound >= step / 2 || round.length === 0 ? [...round.filter((v) => v < end), end] : round;
  return { domain: [0, end], ticks: shown };
}
