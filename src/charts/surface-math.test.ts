import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createProblem } from "../engine/problems/index.ts";
import { sampleGrid, type Bounds } from "../engine/problems/problem.ts";
import { SurfaceProblem } from "../engine/problems/surfaces.ts";
import {
  clampPx,
  colorAt,
  contourLevels,
  contourSegments,
  heatmapRgba,
  logScale,
  niceTicks,
  roundToView,
  scaleT,
  scaleZ,
  viewTransform,
} from "./surface-math.ts";

const box: Bounds = { xMin: -2, xMax: 2, yMin: -1, yMax: 3 };

describe("viewTransform", () => {
  it("maps the corners with y up", () => {
    const t = viewTransform(box, 400, 200);
    expect([t.px(-2), t.py(3)]).toEqual([0, 0]);
    expect([t.px(2), t.py(-1)]).toEqual([400, 200]);
    expect([t.wx(200), t.wy(100)]).toEqual([0, 1]);
  });

  it("round-trips world -> pixel -> world (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.integer({ min: 10, max: 4000 }),
        fc.integer({ min: 10, max: 4000 }),
        (x, y, w, h) => {
          const t = viewTransform(box, w, h);
          expect(t.wx(t.px(x))).toBeCloseTo(x, 8);
          expect(t.wy(t.py(y))).toBeCloseTo(y, 8);
        },
      ),
    );
  });

  it("clamps far-away and non-finite pixels to a margin around the canvas", () => {
    expect(clampPx(1e300, 100)).toBe(400);
    expect(clampPx(-Infinity, 100)).toBe(-300);
    expect(clampPx(Number.NaN, 100)).toBe(-300);
    expect(clampPx(42, 100)).toBe(42);
  });

  it("rounds a picked point to about 1/500 of the view", () => {
    expect(roundToView(0.123456, box)).toBe(0.12);
    expect(roundToView(-1.23456, { xMin: -4.5, xMax: 4.5, yMin: -4.5, yMax: 4.5 })).toBe(-1.23);
    expect(roundToView(-0.001, box)).toBe(0);
    expect(Object.is(roundToView(-0.001, box), -0)).toBe(false);
  });
});

describe("log colour scale", () => {
  const rosen = createProblem("rosenbrock", 1).grid?.(81, 81);
  if (rosen === undefined) throw new Error("rosenbrock has a grid");
  const s = logScale(rosen.z);

  it("spans the grid: 0 at the minimum, 1 at the maximum, monotone between (property)", () => {
    expect(scaleT(s, s.zMin)).toBe(0);
    expect(scaleT(s, s.zMax)).toBeCloseTo(1, 12);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 3000, noNaN: true }), fc.double({ min: 0, max: 3000, noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(scaleT(s, lo)).toBeLessThanOrEqual(scaleT(s, hi));
      }),
    );
  });

  it("is logarithmic: each decade above the floor takes the same share", () => {
    // Well above the offset (1e-4 of the range, 0.25 here), decades are equal steps.
    const d1 = scaleT(s, s.zMin + 100) - scaleT(s, s.zMin + 10);
    const d2 = scaleT(s, s.zMin + 1000) - scaleT(s, s.zMin + 100);
    expect(d1).toBeCloseTo(d2, 2);
    expect(d1).toBeGreaterThan(0.1);
  });

  it("scaleZ inverts scaleT", () => {
    for (const t of [0, 0.1, 0.5, 0.9, 1]) expect(scaleT(s, scaleZ(s, t))).toBeCloseTo(t, 10);
  });

  it("ignores non-finite values and survives a flat grid", () => {
    const f = logScale([1, Number.NaN, 3, Infinity]);
    expect([f.zMin, f.zMax]).toEqual([1, 3]);
    const flat = logScale([2, 2, 2]);
    expect(scaleT(flat, 2)).toBe(0);
    expect(scaleT(flat, Number.NaN)).toBe(1);
  });

  it("colours run from dark purple to yellow, getting lighter", () => {
    expect(colorAt(0)).toEqual([68, 1, 84]);
    expect(colorAt(1)).toEqual([253, 231, 37]);
    const lum = (c: number[]) => 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    for (let k = 0; k < 20; k++) expect(lum(colorAt((k + 1) / 20))).toBeGreaterThan(lum(colorAt(k / 20)));
  });

  it("heat map pixels: top-left is (xMin, yMax), bottom-left is (xMin, yMin)", () => {
    const g = sampleGrid(box, 3, 2, (_x, y) => (y > 0 ? 100 : 0));
    const sc = logScale(g.z);
    const px = heatmapRgba(g, sc);
    expect(px.length).toBe(3 * 2 * 4);
    expect(Array.from(px.slice(0, 4))).toEqual([...colorAt(1), 255]);
    expect(Array.from(px.slice(12, 16))).toEqual([...colorAt(0), 255]);
  });
});

describe("contours", () => {
  it("levels are increasing and inside the range", () => {
    const s = logScale([0, 2500]);
    const lv = contourLevels(s, 12);
    expect(lv).toHaveLength(12);
    for (let i = 0; i < lv.length; i++) {
      expect(lv[i]).toBeGreaterThan(0);
      expect(lv[i]).toBeLessThan(2500);
      if (i > 0) expect(lv[i]).toBeGreaterThan(lv[i - 1]);
    }
    expect(contourLevels(logScale([1, 1]), 5)).toEqual([]);
  });

  it("traces a circle for a paraboloid: every endpoint near radius sqrt(level)", () => {
    const g = sampleGrid({ xMin: -2, xMax: 2, yMin: -2, yMax: 2 }, 101, 101, (x, y) => x * x + y * y);
    for (const level of [0.25, 1, 2.5]) {
      const seg = contourSegments(g, level);
      expect(seg.length).toBeGreaterThan(4 * 40);
      for (let k = 0; k < seg.length; k += 2) {
        expect(Math.hypot(seg[k], seg[k + 1])).toBeCloseTo(Math.sqrt(level), 2);
      }
    }
    expect(contourSegments(g, 100).length).toBe(0);
  });

  it("splits saddle cells consistently (no segment crosses the level's wrong side)", () => {
    const g = sampleGrid({ xMin: -1, xMax: 1, yMin: -1, yMax: 1 }, 2, 2, (x, y) => x * y);
    // Corners 00 and 11 above 0, the other two below; the centre (mean 0) is not above.
    const seg = contourSegments(g, 0);
    expect(seg.length).toBe(8);
  });
});

describe("niceTicks", () => {
  it("gives round steps inside the range, ends included when they are on a step", () => {
    expect(niceTicks(-2, 2)).toEqual([-2, -1, 0, 1, 2]);
    expect(niceTicks(-1, 3)).toEqual([-1, 0, 1, 2, 3]);
    expect(niceTicks(-4.5, 4.5)).toEqual([-4, -2, 0, 2, 4]);
    expect(niceTicks(-2.5, 2.5)).toEqual([-2, -1, 0, 1, 2]);
    expect(niceTicks(-3, 3)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(niceTicks(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(1, 1)).toEqual([]);
    expect(niceTicks(Number.NaN, 1)).toEqual([]);
  });
});

describe("known minima of the surfaces", () => {
  it("have zero gradient and no grid point below them", () => {
    for (const id of ["rosenbrock", "beale", "saddle", "bowl", "nqm2d"] as const) {
      const p = createProblem(id, 1);
      if (!(p instanceof SurfaceProblem)) throw new Error(`${id} is not a surface`);
      expect(p.minima.length, id).toBeGreaterThan(0);
      const g = p.grid?.(81, 81);
      if (g === undefined) throw new Error("no grid");
      const gridMin = Math.min(...g.z);
      for (const [x, y] of p.minima) {
        const at = Float64Array.from([x, y]);
        expect(p.loss(at), id).toBeLessThanOrEqual(gridMin + 1e-12);
        expect(p.loss(at), id).toBeCloseTo(0, 9);
        // The exact gradient (noise-free): a central difference of the loss.
        const h = 1e-6;
        const dx = (p.loss(Float64Array.from([x + h, y])) - p.loss(Float64Array.from([x - h, y]))) / (2 * h);
        const dy = (p.loss(Float64Array.from([x, y + h])) - p.loss(Float64Array.from([x, y - h]))) / (2 * h);
        expect(Math.abs(dx) + Math.abs(dy), id).toBeLessThan(1e-6);
      }
    }
  });
});
