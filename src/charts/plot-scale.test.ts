import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { X_AXIS_HEIGHT, labelledTicks, makeScale, plotArea, xLabelExtent } from "./plot-scale.ts";

describe("plot area", () => {
  it("is what the margins, the y axes and the x axis leave", () => {
    expect(plotArea(600, 340, { top: 16, right: 20, bottom: 24, left: 4 }, 60, 0)).toEqual({ x: 64, y: 16, width: 516, height: 340 - 16 - 24 - X_AXIS_HEIGHT });
    expect(plotArea(600, 240, { top: 12, right: 4, bottom: 24, left: 4 }, 72, 72).width).toBe(600 - 76 - 4 - 72);
  });

  it("never has a negative size", () => {
    expect(plotArea(10, 10, { top: 16, right: 20, bottom: 24, left: 4 }, 60, 0)).toMatchObject({ width: 0, height: 0 });
  });
});

describe("scales", () => {
  it("map a linear domain onto the range, inverted y included, without clamping", () => {
    const s = makeScale([0, 2], 100, 0, false);
    expect(s?.map(0)).toBe(100);
    expect(s?.map(1)).toBe(50);
    expect(s?.map(3)).toBe(-50);
    expect(s?.invert(25)).toBe(1.5);
  });

  it("map a log domain by decades and leave non-positive values out", () => {
    const s = makeScale([1e-4, 1e-1], 0, 300, true);
    expect(s?.map(1e-3)).toBeCloseTo(100, 9);
    expect(s?.map(0)).toBeUndefined();
    expect(s?.map(-1)).toBeUndefined();
    expect(s?.invert(200)).toBeCloseTo(1e-2, 12);
    expect(makeScale([0, 1], 0, 1, true)).toBeUndefined();
  });

  it("give nothing for a missing domain or a value that is not a number", () => {
    expect(makeScale(undefined, 0, 1, false)).toBeUndefined();
    expect(makeScale([1], 0, 1, false)).toBeUndefined();
    expect(makeScale([0, 1], 0, 1, false)?.map("a")).toBeUndefined();
    expect(makeScale([0, 1], 0, 1, false)?.map(Number.NaN)).toBeUndefined();
  });

  it("put every value of a one-point domain in the middle", () => {
    expect(makeScale([5, 5], 0, 100, false)?.map(7)).toBe(50);
  });

  it("invert what they map (linear and log)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (lo, span, t, log) => {
          const d0 = log ? Math.abs(lo) + 1e-3 : lo;
          const d1 = log ? d0 * (1 + span) : lo + span;
          const s = makeScale([d0, d1], 300, 10, log);
          if (s === undefined) return false;
          const v = log ? d0 * (d1 / d0) ** t : d0 + t * (d1 - d0);
          const px = s.map(v);
          return px !== undefined && Math.abs(s.invert(px) - v) <= 1e-9 * Math.max(1, Math.abs(v));
        },
      ),
    );
  });
});

describe("tick labels", () => {
  it("keep every label when they fit", () => {
    expect(labelledTicks([0, 100, 200], xLabelExtent("20"))).toEqual([true, true, true]);
  });

  it("keep every k-th label counted back from the last when they would touch", () => {
    // "10,000" is 6 glyphs (56 px with the gap) on ticks 30 px apart: every second label.
    expect(labelledTicks([0, 30, 60, 90, 120], xLabelExtent("10,000"))).toEqual([true, false, true, false, true]);
    expect(labelledTicks([0, 20, 40, 60], xLabelExtent("7,500"))).toEqual([true, false, false, true]);
  });

  it("never let two kept labels overlap", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.double({ min: 5, max: 200, noNaN: true }), fc.integer({ min: 1, max: 8 }), (n, gap, chars) => {
        const px = Array.from({ length: n }, (_, i) => i * gap);
        const keep = labelledTicks(px, xLabelExtent("9".repeat(chars)));
        const kept = px.filter((_, i) => keep[i]);
        return keep[n - 1] && kept.every((p, i) => i === 0 || p - kept[i - 1] >= chars * 8);
      }),
    );
  });
});
