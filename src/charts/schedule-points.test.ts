import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { POLICY_KINDS, defaultPolicy } from "../engine/config.ts";
import { lrAt } from "../engine/policies.ts";
import type { Policy } from "../engine/types.ts";
import { PREVIEW_MAX_POINTS, previewLine, previewXAxis, schedulePoints } from "./schedule-points.ts";

/** The preview as SchedulePreview draws it: its x axis and its line. */
function preview(policy: Policy, ticks: number, maxPoints = PREVIEW_MAX_POINTS) {
  return { axis: previewXAxis(ticks), line: previewLine(schedulePoints(policy, 0.025, ticks, maxPoints), ticks) };
}

describe("the schedule preview covers the whole run", () => {
  it("runs from 0 to the planned length for every policy, in epochs and in steps", () => {
    // 25 epochs of 200 steps; and a 2,000,000-step run the preview samples.
    for (const kind of POLICY_KINDS) {
      const base = defaultPolicy(kind);
      for (const [unit, ticks] of [["epoch", 25], ["step", 5000], ["step", 2_000_000]] as const) {
        const { axis, line } = preview({ ...base, unit }, ticks);
        expect(axis.domain, `${kind} ${unit} ${ticks}`).toEqual([0, ticks]);
        expect(line[0].x, `${kind} ${unit}`).toBe(0);
        expect(line[line.length - 1].x, `${kind} ${unit}`).toBe(ticks);
        // The closing point holds the rate of the run's last tick.
        expect(line[line.length - 1].y).toBe(lrAt({ ...base, unit }, 0.025, ticks - 1));
      }
    }
  });

  it("used to stop one tick short: 25 epochs end at 25, labelled", () => {
    const axis = previewXAxis(25);
    expect(axis).toEqual({ domain: [0, 25], ticks: [0, 5, 10, 15, 20, 25] });
    // An end between round ticks is labelled itself when it is not crowding the last one.
    expect(previewXAxis(24).ticks).toEqual([0, 5, 10, 15, 20, 24]);
    expect(previewXAxis(22).ticks).toEqual([0, 5, 10, 15, 20]);
    expect(previewXAxis(22).domain).toEqual([0, 22]);
  });

  it("keeps ticks inside [0, end] for any run length, including the degenerate ones", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50_000_000 }), (n) => {
        const axis = previewXAxis(n);
        expect(axis.domain).toEqual([0, n]);
        expect(axis.ticks[0]).toBe(0);
        expect(axis.ticks.length).toBeGreaterThanOrEqual(2);
        for (let i = 1; i < axis.ticks.length; i++) expect(axis.ticks[i]).toBeGreaterThan(axis.ticks[i - 1]);
        expect(axis.ticks[axis.ticks.length - 1]).toBeLessThanOrEqual(n);
      }),
    );
    for (const bad of [0, -3, Number.NaN, Number.POSITIVE_INFINITY]) expect(previewXAxis(bad).domain).toEqual([0, 1]);
  });

  it("draws nothing for an invalid policy rather than a stray closing point", () => {
    const broken = { ...defaultPolicy("cosineRestarts"), t0: 0 } as Policy;
    expect(previewLine(schedulePoints(broken, 0.025, 25), 25)).toEqual([]);
  });
});
