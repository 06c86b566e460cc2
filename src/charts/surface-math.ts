// The numbers behind the loss-surface view, kept free of the DOM so they can be unit-tested:
// world <-> pixel transforms, a colour scale on log loss, contour levels and their lines
// (marching squares), and the heat map's RGBA pixels.

import type { Bounds, Grid } from "../engine/problems/problem.ts";

// ---------------------------------------------------------------------------------------------
// Transforms

export interface ViewTransform {
  readonly bounds: Bounds;
  readonly width: number;
  readonly height: number;
  /** World x -> pixel x (left = xMin). */
  px(x: number): number;
  /** World y -> pixel y (top = yMax: y grows upward on screen, as on paper). */
  py(y: number): number;
  /** Pixel x -> world x. */
  wx(px: number): number;
  /** Pixel y -> world y. */
  wy(py: number): number;
}

export function viewTransform(bounds: Bounds, width: number, height: number): ViewTransform {
  const sx = width / (bounds.xMax - bounds.xMin);
  const sy = height / (bounds.yMax - bounds.yMin);
  return {
    bounds,
    width,
    height,
    px: (x) => (x - bounds.xMin) * sx,
    py: (y) => (bounds.yMax - y) * sy,
    wx: (px) => bounds.xMin + px / sx,
    wy: (py) => bounds.yMax - py / sy,
  };
}

/**
 * Keeps a pixel coordinate within a generous margin of the canvas: a diverging run's parameters
 * reach 1e150, and canvas paths with such numbers are drawn wrongly or not at all.
 */
export function clampPx(v: number, size: number): number {
  if (!Number.isFinite(v)) return v > 0 ? 4 * size : -3 * size;
  return Math.min(4 * size, Math.max(-3 * size, v));
}

/**
 * A clicked point rounded to a readable number of decimals for the link: about 1/500 of the view
 * box, as a power of ten (0.01 on a box 4 wide), so `start=0.52,-1.37` rather than 17 digits.
 */
export function roundToView(v: number, bounds: Bounds): number {
  const span = Math.max(bounds.xMax - bounds.xMin, bounds.yMax - bounds.yMin);
  const decimals = Math.max(0, Math.round(-Math.log10(span / 500)));
  const f = 10 ** decimals;
  return Math.round(v * f) / f + 0;
}

// ---------------------------------------------------------------------------------------------
// Colour scale on log loss

export interface LogScale {
  zMin: number;
  zMax: number;
  /** Added to z - zMin before the log, so the minimum (often exactly 0) maps to a finite value. */
  offset: number;
  lo: number;
  hi: number;
}

/**
 * A scale t = (ln(z - zMin + offset) - lo) / (hi - lo), clamped to [0, 1], over the grid's finite
 * values. Losses of these surfaces span 4-6 decades (Rosenbrock: 0 to 2,500; Beale: 0 to 1.8e5),
 * so a linear scale would paint everything but the walls one colour. `offset` = 1e-4 of the range
 * keeps the floor of each valley to about four decades below the top.
 */
export function logScale(z: ArrayLike<number>): LogScale {
  let zMin = Number.POSITIVE_INFINITY;
  let zMax = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < z.length; i++) {
    const v = z[i];
    if (!Number.isFinite(v)) continue;
    if (v < zMin) zMin = v;
    if (v > zMax) zMax = v;
  }
  if (!(zMax >= zMin)) return { zMin: 0, zMax: 1, offset: 1e-4, lo: Math.log(1e-4), hi: Math.log(1 + 1e-4) };
  const range = zMax - zMin;
  const offset = range > 0 ? range * 1e-4 : 1;
  // A flat grid gets a nominal span so t stays defined (everything maps to 0).
  return { zMin, zMax, offset, lo: Math.log(offset), hi: range > 0 ? Math.log(range + offset) : Math.log(offset) + 1 };
}

/** Position of loss `z` on the scale, in [0, 1] (non-finite values count as the top). */
export function scaleT(s: LogScale, z: number): number {
  if (!Number.isFinite(z)) return 1;
  const d = z - s.zMin + s.offset;
  if (!(d > 0)) return 0;
  const t = (Math.log(d) - s.lo) / (s.hi - s.lo);
  return t <= 0 ? 0 : t >= 1 ? 1 : t;
}

/** The loss at position t of the scale (inverse of scaleT on [0, 1]). */
export function scaleZ(s: LogScale, t: number): number {
  return s.zMin + Math.exp(s.lo + t * (s.hi - s.lo)) - s.offset;
}

/**
 * Colour stops of viridis (matplotlib; perceptually uniform, readable in grey and with the common
 * colour-vision deficiencies), sampled at t = 0, 0.125, ..., 1.
 */
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

/** RGB at t in [0, 1] (linear between the stops). */
export function colorAt(t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 1)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u));
  const f = u - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}

/**
 * The heat map as RGBA bytes, `nx` wide and `ny` tall, top row = the grid's last row (yMax), so it
 * can be put on a canvas as is. `z` is row-major as in Grid (`z[j * nx + i]` at (xs[i], ys[j])).
 */
export function heatmapRgba(grid: Grid, scale: LogScale): Uint8ClampedArray {
  const nx = grid.xs.length;
  const ny = grid.ys.length;
  const out = new Uint8ClampedArray(nx * ny * 4);
  for (let j = 0; j < ny; j++) {
    const row = ny - 1 - j;
    for (let i = 0; i < nx; i++) {
      const [r, g, b] = colorAt(scaleT(scale, grid.z[j * nx + i]));
      const k = (row * nx + i) * 4;
      out[k] = r;
      out[k + 1] = g;
      out[k + 2] = b;
      out[k + 3] = 255;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Contours

/** `n` contour levels evenly spaced in t on the log scale, strictly inside (zMin, zMax). */
export function contourLevels(s: LogScale, n: number): number[] {
  const out: number[] = [];
  if (!(s.zMax > s.zMin) || n < 1) return out;
  for (let k = 1; k <= n; k++) {
    const z = scaleZ(s, k / (n + 1));
    if (z > s.zMin && z < s.zMax && (out.length === 0 || z > out[out.length - 1])) out.push(z);
  }
  return out;
}

/**
 * Marching squares: the line segments where the bilinear-ish surface through the grid crosses
 * `level`, in world coordinates, as (x1, y1, x2, y2) quadruples. Saddle cells (two opposite corners
 * above) are split by the cell's mean, the usual disambiguation.
 */
export function contourSegments(grid: Grid, level: number): Float64Array {
  const { xs, ys, z } = grid;
  const nx = xs.length;
  const ny = ys.length;
  const out: number[] = [];
  // Interpolated crossing on an edge between (xa, ya, za) and (xb, yb, zb).
  const cross = (xa: number, ya: number, za: number, xb: number, yb: number, zb: number): [number, number] => {
    const t = za === zb ? 0.5 : (level - za) / (zb - za);
    return [xa + t * (xb - xa), ya + t * (yb - ya)];
  };
  for (let j = 0; j + 1 < ny; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      const z00 = z[j * nx + i];
      const z10 = z[j * nx + i + 1];
      const z11 = z[(j + 1) * nx + i + 1];
      const z01 = z[(j + 1) * nx + i];
      if (![z00, z10, z11, z01].every(Number.isFinite)) continue;
      const code = (z00 > level ? 1 : 0) | (z10 > level ? 2 : 0) | (z11 > level ? 4 : 0) | (z01 > level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      const x0 = xs[i];
      const x1 = xs[i + 1];
      const y0 = ys[j];
      const y1 = ys[j + 1];
      // Edge crossings: bottom (00-10), right (10-11), top (01-11), left (00-01).
      const bottom = () => cross(x0, y0, z00, x1, y0, z10);
      const right = () => cross(x1, y0, z10, x1, y1, z11);
      const top = () => cross(x0, y1, z01, x1, y1, z11);
      const left = () => cross(x0, y0, z00, x0, y1, z01);
      const seg = (a: [number, number], b: [number, number]) => out.push(a[0], a[1], b[0], b[1]);
      switch (code) {
        case 1:
        case 14:
          seg(left(), bottom());
          break;
        case 2:
        case 13:
          seg(bottom(), right());
          break;
        case 3:
        case 12:
          seg(left(), right());
          break;
        case 4:
        case 11:
          seg(right(), top());
          break;
        case 6:
        case 9:
          seg(bottom(), top());
          break;
        case 7:
        case 8:
          seg(left(), top());
          break;
        case 5:
        case 10: {
          const centreAbove = (z00 + z10 + z11 + z01) / 4 > level;
          // code 5: corners 00 and 11 above. If the centre is above too, they connect through it.
          if ((code === 5) === centreAbove) {
            seg(left(), top());
            seg(bottom(), right());
          } else {
            seg(left(), bottom());
            seg(right(), top());
          }
          break;
        }
      }
    }
  }
  return Float64Array.from(out);
}

// ---------------------------------------------------------------------------------------------
// Axes

/**
 * About `count` round tick values (steps of 1, 2 or 5 times a power of ten) inside [min, max],
 * both ends included when they fall on a step. Empty for an empty or non-finite range.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || !(max > min) || count < 1) return [];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw * 0.75) ?? 10 * mag;
  const out: number[] = [];
  for (let k = Math.ceil(min / step - 1e-9); k * step <= max + step * 1e-9; k++) out.push(Number((k * step).toPrecision(12)) + 0);
  return out;
}
