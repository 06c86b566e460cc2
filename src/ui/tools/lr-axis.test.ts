import { describe, expect, it } from "vitest";
import { decadeTicks, lrDomain, lrToX, placeMarks, textWidth, type LrMark } from "./lr-axis.ts";

describe("lr axis", () => {
  it("covers every mark with half a decade to spare, in whole decades, at least two wide", () => {
    expect(lrDomain([0.00117, 0.0782, 0.025])).toEqual([-4, 0]);
    expect(lrDomain([0.01])).toEqual([-3, -1]);
    expect(lrDomain([])).toEqual([-4, 0]);
    expect(lrDomain([Number.NaN, -1, 0.5])).toEqual([-1, 1]);
    expect(decadeTicks([-4, 0])).toEqual([-4, -3, -2, -1, 0]);
  });

  it("maps log lr linearly onto the pixels", () => {
    expect(lrToX(1e-4, [-4, 0], 10, 410)).toBeCloseTo(10, 9);
    expect(lrToX(1e-2, [-4, 0], 10, 410)).toBeCloseTo(210, 9);
    expect(lrToX(1, [-4, 0], 10, 410)).toBeCloseTo(410, 9);
  });

  it("puts labels that would overlap in different lanes, and keeps them inside the strip", () => {
    const marks: LrMark[] = [
      { kind: "current", lr: 0.025, label: "current 0.025" },
      { kind: "steep", lr: 0.0782, label: "steep 0.0782" },
      { kind: "valley", lr: 0.00117, label: "valley 0.00117" },
      { kind: "sweep", lr: 0.03, label: "sweep best 0.03" },
    ];
    const placed = placeMarks(marks, [-4, 0], 400, { pad: 12, fontPx: 14, gap: 6 });
    expect(placed.map((p) => p.kind)).toEqual(["valley", "current", "sweep", "steep"]);
    for (const p of placed) {
      expect(p.labelX).toBeGreaterThanOrEqual(0);
      expect(p.labelX + p.labelWidth).toBeLessThanOrEqual(400 + 1e-9);
    }
    for (let i = 0; i < placed.length; i++) {
      for (let j = i + 1; j < placed.length; j++) {
        const a = placed[i];
        const b = placed[j];
        if (a.lane !== b.lane) continue;
        const apart = a.labelX + a.labelWidth + 6 <= b.labelX || b.labelX + b.labelWidth + 6 <= a.labelX;
        expect(apart, `${a.kind} and ${b.kind} share lane ${a.lane}`).toBe(true);
      }
    }
    // current, sweep and steep are within half a decade: three lanes.
    expect(new Set(placed.map((p) => p.lane)).size).toBe(3);
  });

  it("measures CJK wider than Latin", () => {
    expect(textWidth("谷底", 14)).toBe(28);
    expect(textWidth("ab", 10)).toBeCloseTo(11.6, 9);
  });
});
