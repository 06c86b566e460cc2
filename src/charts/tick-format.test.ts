import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatTick, logAxis, niceAxis, type XY } from "./chart-data.ts";
import { axisTickFormatter, formatIn, formatTicks, tickNotation } from "./tick-format.ts";

const isExp = (label: string) => label.includes("e");
/** Digits after the point: the decimals of a plain label, the mantissa's of an exponent one. */
const precision = (label: string) => {
  const mantissa = label.split("e")[0];
  const dot = mantissa.indexOf(".");
  return dot < 0 ? 0 : mantissa.length - dot - 1;
};

/** The properties every axis's labels must have. */
function checkAxis(ticks: readonly number[]): void {
  const labels = formatTicks(ticks);
  const shown = labels.filter((_, i) => ticks[i] !== 0);
  // One notation and one precision per axis (0 is always "0").
  expect(new Set(shown.map(isExp)).size, `${labels.join(" ")}`).toBeLessThanOrEqual(1);
  expect(new Set(shown.map(precision)).size, `${labels.join(" ")}`).toBeLessThanOrEqual(1);
  // Each label reads back as its tick, so no two ticks share a label.
  const top = Math.max(...ticks.map(Math.abs));
  ticks.forEach((t, i) => expect(Math.abs(Number(labels[i]) - t), `${t} → ${labels[i]}`).toBeLessThanOrEqual(top * 1e-9));
  expect(new Set(labels).size).toBe(new Set(ticks).size);
  for (const l of labels) expect(l).not.toMatch(/e\+|^-0$|NaN|Infinity/);
}

const line = (lo: number, hi: number): XY[] => [
  { x: 0, y: lo },
  { x: 1, y: hi },
];

describe("axis tick labels", () => {
  it("labels a learning-rate axis in one format", () => {
    // Log axes over the rates the page shows: plain decimals with one number of decimals...
    expect(formatTicks([0.002, 0.005, 0.01, 0.02, 0.05])).toEqual(["0.002", "0.005", "0.010", "0.020", "0.050"]);
    expect(formatTicks([0.015, 0.02, 0.025, 0.03])).toEqual(["0.015", "0.020", "0.025", "0.030"]);
    // ...or exponents with one number of mantissa digits once a tick is below 1e-3.
    expect(formatTicks([1e-4, 2e-4, 5e-4, 0.001, 0.002])).toEqual(["1e-4", "2e-4", "5e-4", "1e-3", "2e-3"]);
    expect(formatTicks([0, 2.5e-4, 5e-4, 7.5e-4, 0.001])).toEqual(["0", "2.5e-4", "5.0e-4", "7.5e-4", "1.0e-3"]);
    // Many decades: exponents even where each tick alone would be plain.
    expect(formatTicks([1e-12, 1e-8, 1e-4, 1])).toEqual(["1e-12", "1e-8", "1e-4", "1e0"]);
    expect(formatTicks([0, 500_000, 1_000_000, 1_500_000, 2_000_000])).toEqual(["0", "5.0e5", "1.0e6", "1.5e6", "2.0e6"]);
    // Step and epoch axes stay plain integers.
    expect(formatTicks([0, 5, 10, 15, 20, 25])).toEqual(["0", "5", "10", "15", "20", "25"]);
    expect(formatTicks([0, 10_000, 20_000, 30_000])).toEqual(["0", "10000", "20000", "30000"]);
  });

  it("was mixed when each tick was labelled alone", () => {
    const ticks = [1e-4, 2e-4, 5e-4, 0.001, 0.002];
    expect(new Set(ticks.map(formatTick).map(isExp)).size).toBe(2);
    expect(new Set(formatTicks(ticks).map(isExp)).size).toBe(1);
  });

  it("gives every linear axis one format (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e7, max: 1e7, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e7, noNaN: true }),
        fc.integer({ min: 2, max: 10 }),
        (lo, span, count) => checkAxis(niceAxis(lo, lo + span, count).ticks),
      ),
      { numRuns: 500 },
    );
  });

  it("gives every log axis one format (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -300, max: 300, noNaN: true }), fc.double({ min: 0, max: 14, noNaN: true }), (e, decades) => {
        const lo = 10 ** e;
        const axis = logAxis([line(lo, lo * 10 ** decades)], "y");
        if (axis !== null && Number.isFinite(axis.domain[1])) checkAxis(axis.ticks);
      }),
      { numRuns: 500 },
    );
  });

  it("hands Recharts one function per tick array, and labels stray values in the axis's format", () => {
    const ticks = [0.002, 0.005, 0.01];
    const f = axisTickFormatter(ticks);
    expect(axisTickFormatter(ticks)).toBe(f);
    expect(axisTickFormatter([0.002, 0.005, 0.01])).not.toBe(f);
    expect(f(0.01)).toBe("0.010");
    expect(f(0.0125)).toBe("0.013");
    expect(axisTickFormatter(undefined)).toBe(formatTick);
    expect(formatIn(-1e-9, tickNotation(ticks))).toBe("0");
    expect(formatIn(Number.NaN, tickNotation(ticks))).toBe("");
  });
});
