import { describe, expect, it } from "vitest";
import { checkSurface } from "../expression/checks.ts";
import { compileNow } from "../expression/compile-now.ts";
import { simulate } from "../headless-run.ts";
import { DEFAULT_RUN, cloneRun, type RunConfig } from "../run-config.ts";
import { CUSTOM_PRESETS, customPreset, type CustomPresetId } from "./custom-presets.ts";

function run(id: CustomPresetId, seed: number, constant: boolean): number {
  const p = customPreset(id);
  const c: RunConfig = { ...cloneRun(DEFAULT_RUN), problem: "custom", custom: { ...p.surface, bounds: { ...p.surface.bounds } }, start: p.start, seed };
  if (constant) c.policy = { kind: "constant", unit: "epoch", warmup: null };
  const r = simulate(c, 100_000, Number.POSITIVE_INFINITY);
  const loss = r.columns.loss;
  // The mean loss over the last epoch (40 steps), as the sweep scores a run.
  let sum = 0;
  for (let i = loss.length - 40; i < loss.length; i++) sum += loss[i];
  return sum / 40;
}

describe("the Custom problem's examples", () => {
  it("each compiles with a symbolic gradient and passes the surface checks at its start", () => {
    for (const p of CUSTOM_PRESETS) {
      const c = compileNow(p.surface.f);
      if (!c.ok) throw new Error(p.id);
      expect(c.surface.gradient).toBe("symbolic");
      expect(checkSurface(c.surface, p.start, p.surface.bounds), p.id).toBeNull();
    }
  });

  it("on the bumpy bowl, halving every 5 epochs ends far lower than the same rate held constant", () => {
    for (const seed of [1, 2, 3]) {
      const decay = run("bumpy-bowl", seed, false);
      const constant = run("bumpy-bowl", seed, true);
      expect(decay, `seed ${seed}`).toBeLessThan(constant / 5);
    }
  });
});
