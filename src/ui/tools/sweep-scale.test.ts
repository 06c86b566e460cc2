import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CellResult } from "../../engine/sweep.ts";
import { legendTicks, lossAt, lossDomain, lossPosition, rampColor, rampRgb, shortNumber, textColorOn } from "./sweep-scale.ts";

const done = (finalLoss: number): CellResult => ({ status: "done", finalLoss, seeds: 1 });
const diverged: CellResult = { status: "diverged", step: 3, divergedSeeds: 1, seeds: 1 };

describe("heat map scales", () => {
  it("the domain spans finished cells only; log for positive losses", () => {
    expect(lossDomain([])).toBeNull();
    expect(lossDomain([null, diverged])).toBeNull();
    expect(lossDomain([done(0.8), null, diverged, done(0.55), done(2)])).toEqual({ min: 0.55, max: 2, kind: "log" });
    expect(lossDomain([done(0), done(1)])).toEqual({ min: 0, max: 1, kind: "linear" });
  });

  it("position is 0 at the lowest loss, 1 at the highest, monotone, and inverted by lossAt", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e3, noNaN: true }),
        fc.double({ min: 1.001, max: 1e3, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (min, ratio, a, b) => {
          const d = { min, max: min * ratio, kind: "log" as const };
          expect(lossPosition(d.min, d)).toBeCloseTo(0, 12);
          expect(lossPosition(d.max, d)).toBeCloseTo(1, 12);
          const [lo, hi] = a < b ? [a, b] : [b, a];
          expect(lossPosition(lossAt(lo, d), d)).toBeLessThanOrEqual(lossPosition(lossAt(hi, d), d) + 1e-12);
          expect(lossPosition(lossAt(a, d), d)).toBeCloseTo(a, 9);
        },
      ),
    );
    const d = { min: 0.5, max: 2, kind: "log" as const };
    expect(lossPosition(1, d)).toBeCloseTo(0.5, 12); // log midpoint of 0.5 and 2
    expect(lossPosition(10, d)).toBe(1);
    expect(lossPosition(0.1, d)).toBe(0);
    expect(lossPosition(0.7, { min: 0.7, max: 0.7, kind: "log" })).toBe(0.5);
    expect(lossPosition(0.25, { min: 0, max: 1, kind: "linear" })).toBe(0.25);
  });

  it("colours run from viridis yellow (lowest loss) to purple, with readable text", () => {
    expect(rampRgb(0)).toEqual([253, 231, 37]);
    expect(rampRgb(1)).toEqual([68, 1, 84]);
    expect(rampColor(0.5)).toBe("rgb(33, 145, 140)");
    expect(textColorOn(0)).toBe("#111");
    expect(textColorOn(1)).toBe("#fff");
    // Brightness falls steadily from the lowest loss to the highest.
    const lum = (t: number) => rampRgb(t).reduce((s, c) => s + c, 0);
    for (let t = 0; t < 1; t += 0.05) expect(lum(t + 0.05)).toBeLessThanOrEqual(lum(t) + 1);
  });

  it("legend ticks cover the domain from min to max", () => {
    const ticks = legendTicks({ min: 0.5, max: 2, kind: "log" }, 3);
    expect(ticks.map((x) => x.t)).toEqual([0, 0.5, 1]);
    expect(ticks[0].loss).toBeCloseTo(0.5, 12);
    expect(ticks[1].loss).toBeCloseTo(1, 12);
    expect(ticks[2].loss).toBeCloseTo(2, 12);
    expect(legendTicks({ min: 1, max: 1, kind: "log" })).toEqual([{ t: 0.5, loss: 1 }]);
  });

  it("short numbers", () => {
    expect(shortNumber(0.0017782)).toBe("0.00178");
    expect(shortNumber(0.0001)).toBe("1.0e−4");
    expect(shortNumber(0.3)).toBe("0.3");
    expect(shortNumber(25)).toBe("25");
  });
});
