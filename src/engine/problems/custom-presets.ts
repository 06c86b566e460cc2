// The Custom problem's example surfaces (one click each on the page) and its default, which is the
// first of the three the issue asks for that shows the lesson: the bumpy bowl, where decay helps.
// Checked by custom-presets.test.ts (each compiles, passes the surface checks, and on the bumpy bowl
// the default halve-every-5-epochs schedule ends clearly lower than the same rate held constant).

import type { Bounds } from "./problem.ts";

export interface CustomSurface {
  /** f(x, y) as typed (link key `f`). */
  f: string;
  /** Gradient-noise std per coordinate at batch size 1 (link key `noise`), as the built-in surfaces' noiseScale. */
  noise: number;
  /** The view (link key `bounds`: xMin,xMax,yMin,yMax). */
  bounds: Bounds;
}

export type CustomPresetId = "valley" | "saddle-plateau" | "bumpy-bowl";

export interface CustomPreset {
  id: CustomPresetId;
  surface: CustomSurface;
  start: readonly [number, number];
}

export const CUSTOM_PRESETS: readonly CustomPreset[] = [
  {
    id: "valley",
    surface: { f: "0.1*(x - 2)^2 + 10*(y - 0.5*x)^2", noise: 0.5, bounds: { xMin: -3, xMax: 3, yMin: -3, yMax: 3 } },
    start: [-2.5, 1.5],
  },
  {
    id: "saddle-plateau",
    surface: { f: "tanh(x^2 - y^2) + 0.05*(x^2 + y^2)", noise: 0.2, bounds: { xMin: -3, xMax: 3, yMin: -3, yMax: 3 } },
    start: [2.5, 0.05],
  },
  {
    id: "bumpy-bowl",
    surface: { f: "2*(x^2 + y^2) + 0.3*(1 - cos(6*x)*cos(6*y))", noise: 5, bounds: { xMin: -3, xMax: 3, yMin: -3, yMax: 3 } },
    start: [-2.5, 2],
  },
];

export function customPreset(id: CustomPresetId): CustomPreset {
  const p = CUSTOM_PRESETS.find((c) => c.id === id);
  if (p === undefined) throw new RangeError(`unknown custom preset ${id}`);
  return p;
}

/** What `problem=custom` alone means: the bumpy bowl. */
export const DEFAULT_CUSTOM: CustomPreset = customPreset("bumpy-bowl");
