import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CellResult } from "../../engine/sweep.ts";
import { colorAt, heatmapRgba, logScale } from "../../charts/surface-math.ts";
import { createProblem } from "../../engine/problems/index.ts";
import { labelledColumns, legendTicks, lossAt, lossDomain, lossPosition, rampColor, rampRgb, shortNumber, textColorOn } from "./sweep-scale.ts";

const done = (finalLoss: number): CellResult => ({ status: "done", finalLoss, seeds: 1 });
const diverged: CellResult = { status: "diverged", step: 3, divergedSeeds: 1, seeds: 1 };

describe("heat map scales", () => {
  it("the domain holds finished cells' losses only, sorted", () => {
    expect(lossDomain([])).toBeNull();
    expect(lossDomain([null, diverged])).toBeNull();
    expect(lossDomain([done(0.8), null, diverged, done(0.55), done(20)])).toEqual({ sorted: [0.55, 0.8, 20], min: 0.55, max: 20 });
  });

  it("position is the loss' rank: 0 at the lowest, 1 at the highest, even steps between cells", () => {
    const d = lossDomain([done(0.52), done(0.53), done(0.6), done(0.9), done(22)]);
    if (d === null) throw new Error("no domain");
    expect(d.sorted.map((x) => lossPosition(x, d))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    // One huge loss does not squash the good cells together (it would on a value scale).
    expect(lossPosition(0.53, d) - lossPosition(0.52, d)).toBe(0.25);
    expect(lossPosition(0.565, d)).toBeCloseTo(0.375, 12); // halfway between 0.53 and 0.6
    expect(lossPosition(0.1, d)).toBe(0);
    expect(lossPosition(100, d)).toBe(1);
    expect(lossPosition(0.7, { sorted: [0.7, 0.7], min: 0.7, max: 0.7 })).toBe(0.5);
  });

  it("position is non-decreasing in the loss and lossAt inverts it (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 60 }),
        fc.double({ min: -2e3, max: 2e3, noNaN: true }),
        fc.double({ min: -2e3, max: 2e3, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (losses, a, b, t) => {
          const d = lossDomain(losses.map(done));
          if (d === null || !(d.max > d.min)) return;
          const [lo, hi] = a < b ? [a, b] : [b, a];
          const pl = lossPosition(lo, d);
          const ph = lossPosition(hi, d);
          expect(pl).toBeGreaterThanOrEqual(0);
          expect(ph).toBeLessThanOrEqual(1);
          expect(pl).toBeLessThanOrEqual(ph);
          expect(lossPosition(d.min, d)).toBe(0);
          expect(lossPosition(d.max, d)).toBe(1);
          const x = lossAt(t, d);
          expect(x).toBeGreaterThanOrEqual(d.min);
          expect(x).toBeLessThanOrEqual(d.max);
          // Away from ties, lossAt is the exact inverse, where doubles can resolve the interpolation
          // (between two subnormal neighbours such as -5e-324 and 0 there is no value to land on).
          const gaps = d.sorted.slice(1).map((v, i) => v - d.sorted[i]);
          if (Math.min(...gaps) > 1e-9) expect(lossPosition(x, d)).toBeCloseTo(t, 6);
        },
      ),
    );
  });

  it("colours run from viridis purple (lowest loss) to yellow, with readable text", () => {
    expect(rampRgb(0)).toEqual([68, 1, 84]);
    expect(rampRgb(1)).toEqual([253, 231, 37]);
    expect(rampColor(0.5)).toBe("rgb(33, 144, 141)");
    expect(textColorOn(0)).toBe("#fff");
    expect(textColorOn(1)).toBe("#000");
    // WCAG AA (4.5:1) for the cell text, everywhere on the ramp.
    const lumOf = (rgb: number[]) => {
      const lin = rgb.map((c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
    };
    for (let t = 0; t <= 1; t += 0.01) {
      const L = lumOf(rampRgb(t));
      const text = textColorOn(t) === "#000" ? 0 : 1;
      const contrast = (Math.max(L, text) + 0.05) / (Math.min(L, text) + 0.05);
      expect(contrast).toBeGreaterThanOrEqual(4.5);
    }
    // Brightness rises steadily from the lowest loss to the highest.
    const lum = (t: number) => rampRgb(t).reduce((s, c) => s + c, 0);
    for (let t = 0; t < 1; t += 0.05) expect(lum(t + 0.05)).toBeGreaterThanOrEqual(lum(t) - 1);
  });

  it("one colour meaning across tools: the best sweep cell and the surface's lowest loss are the same colour", () => {
    // Sweep: the best cell is at position 0. Surface: the grid's minimum is at t = 0 of its scale.
    const grid = createProblem("rosenbrock", 1).grid?.(40, 40);
    if (grid === undefined) throw new Error("no grid");
    const scale = logScale(grid.z);
    const rgba = heatmapRgba(grid, scale);
    let k = 0;
    for (let i = 1; i < grid.z.length; i++) if (grid.z[i] < grid.z[k]) k = i;
    const nx = grid.xs.length;
    const row = grid.ys.length - 1 - Math.floor(k / nx);
    const p = (row * nx + (k % nx)) * 4;
    expect([rgba[p], rgba[p + 1], rgba[p + 2]]).toEqual(rampRgb(0));
    // Dark and blue-purple (not yellow) at the good end; the bad end is yellow in both.
    const [r, g, b] = rampRgb(0);
    expect(b).toBeGreaterThan(r);
    expect(b).toBeGreaterThan(g);
    expect(r + g + b).toBeLessThan(255);
    expect(rampRgb(1)).toEqual(colorAt(1));
    expect(colorAt(1)[2]).toBeLessThan(colorAt(1)[0]);
  });

  it("legend ticks are quantiles from min to max", () => {
    const d = lossDomain([done(0.5), done(1), done(2)]);
    if (d === null) throw new Error("no domain");
    expect(legendTicks(d, 3)).toEqual([
      { t: 0, loss: 0.5 },
      { t: 0.5, loss: 1 },
      { t: 1, loss: 2 },
    ]);
    expect(legendTicks(d, 5)[1].loss).toBeCloseTo(0.75, 12);
    expect(legendTicks({ sorted: [1], min: 1, max: 1 })).toEqual([{ t: 0.5, loss: 1 }]);
  });

  it("short numbers", () => {
    expect(shortNumber(0.0017782)).toBe("0.00178");
    expect(shortNumber(0.0001)).toBe("1.0e−4");
    expect(shortNumber(0.3)).toBe("0.3");
    expect(shortNumber(25)).toBe("25");
  });

  it("labels at most five evenly spread columns, always the first and the last", () => {
    expect([...labelledColumns(12)]).toEqual([0, 3, 6, 8, 11]);
    expect([...labelledColumns(3)]).toEqual([0, 1, 2]);
    expect([...labelledColumns(40)]).toEqual([0, 10, 20, 29, 39]);
  });
});
