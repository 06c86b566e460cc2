import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Trajectory, indexAtStep } from "./trajectory.ts";

describe("Trajectory", () => {
  it("keeps every point until the cap, then halves and thins evenly", () => {
    const t = new Trajectory(8);
    for (let k = 0; k < 8; k++) t.push(k + 1, k, -k);
    expect(t.length).toBe(8);
    expect(t.stride).toBe(1);
    t.push(9, 8, -8);
    // Halved to raw points 0, 2, 4, 6, then raw point 8 appended.
    expect(Array.from(t.view().step)).toEqual([1, 3, 5, 7, 9]);
    expect(t.stride).toBe(2);
    expect(t.last()).toEqual({ step: 9, x: 8, y: -8 });
    t.push(10, 9, -9);
    expect(t.length).toBe(5);
    // The copy adds the latest raw point when it was thinned out.
    expect(Array.from(t.copy().step)).toEqual([1, 3, 5, 7, 9, 10]);
  });

  it("never exceeds the cap, keeps the first point and evenly spaced steps (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 64 }), fc.integer({ min: 0, max: 2000 }), (cap, n) => {
        const t = new Trajectory(cap);
        const xy = new Float64Array(2 * n);
        const steps = new Float64Array(n);
        for (let k = 0; k < n; k++) {
          steps[k] = k + 1;
          xy[2 * k] = Math.sin(k);
          xy[2 * k + 1] = k;
        }
        t.pushInterleaved(xy, steps, n);
        expect(t.length).toBeLessThanOrEqual(t.cap);
        expect(t.pushed).toBe(n);
        const v = t.view();
        if (n > 0) {
          expect(v.step[0]).toBe(1);
          expect(t.length).toBeGreaterThanOrEqual(Math.min(n, t.cap / 2));
        }
        for (let i = 0; i < v.step.length; i++) {
          expect(v.step[i]).toBe(1 + i * t.stride);
          expect(v.x[i]).toBe(Math.sin(v.step[i] - 1));
        }
      }),
    );
  });

  it("indexAtStep finds the last point at or before a step", () => {
    const s = new Float64Array([1, 3, 5, 7]);
    expect(indexAtStep(s, 0)).toBe(-1);
    expect(indexAtStep(s, 1)).toBe(0);
    expect(indexAtStep(s, 4)).toBe(1);
    expect(indexAtStep(s, 100)).toBe(3);
  });
});
