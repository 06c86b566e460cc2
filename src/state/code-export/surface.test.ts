import { describe, expect, it } from "vitest";
import { exportCode } from "./index.ts";
import { pythonExpression } from "./surface.ts";
import { DEFAULT_RUN, cloneRun, type RunConfig } from "../../engine/run-config.ts";

describe("code export: a Custom run's surface", () => {
  it("translates token for token where Python has every name, and not otherwise", () => {
    expect(pythonExpression("(1-x)^2 + 100*(y-x^2)^2")).toBe("(1 - x) ** 2 + 100 * (y - x ** 2) ** 2");
    expect(pythonExpression("-x^-2 + max(x, y) + pi*e")).toBe("-x ** -2 + max(x, y) + math.pi * math.e");
    expect(pythonExpression("tanh(x^2 - y^2)")).toBe("math.tanh(x ** 2 - y ** 2)");
    expect(pythonExpression("2x + y")).toBeNull();
    expect(pythonExpression("sec(x)")).toBeNull();
  });

  it("keeps the optimizer and schedule snippets and adds the surface to their header", () => {
    const run: RunConfig = { ...cloneRun(DEFAULT_RUN), problem: "custom", custom: { f: "x^2 + 10*y^2", noise: 0.5, bounds: { xMin: -3, xMax: 3, yMin: -3, yMax: 3 } } };
    for (const target of ["pytorch", "keras", "tf1", "optax"] as const) {
      const code = exportCode(run, target, 40);
      expect(code).toContain("# Loss surface: the playground's Custom problem, f(x, y) = x^2 + 10*y^2");
      expect(code).toContain("    return x ** 2 + 10 * y ** 2");
      expect(code).toBe(exportCode(run, target, 40));
      expect(code.replace(/^# Loss surface[\s\S]*?return .*\n/m, "")).toBe(exportCode({ ...run, problem: "nqm", custom: undefined }, target, 40));
    }
  });
});
