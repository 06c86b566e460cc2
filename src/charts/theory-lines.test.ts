import { describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun, preset } from "../engine/run-config.ts";
import { StepSeries } from "../engine/series.ts";
import { expectedLossCurve } from "../engine/theory.ts";
import { DEFAULT_VIEW } from "../state/url-view.ts";
import { theoryDrawing } from "./theory-lines.ts";
import type { ChartRun } from "./types.ts";

function run(id: string, config = preset("default"), pinned = false): ChartRun {
  return {
    id, label: id, color: "#123456", pinned, columns: new StepSeries(8).columns(), events: [], diverged: null,
    stepsPerEpoch: 200, plannedSteps: 5000, lessonRef: null, minibatchLoss: false, theory: expectedLossCurve(config, 51),
  };
}

describe("theoryDrawing", () => {
  it("draws a dotted expected-loss line and a floor step line per run with a curve, in the run's colour and x unit", () => {
    const { lines } = theoryDrawing([run("a")], DEFAULT_VIEW, "en");
    expect(lines.map((l) => l.key)).toEqual(["a-floor", "a-theory"]);
    const [floor, expected] = lines;
    expect(floor.step).toBe(true);
    expect(expected.dash).toBeDefined();
    expect(expected.points).toHaveLength(51);
    expect(expected.points[0].x).toBe(1 / 200);
    expect(expected.points[50].x).toBe(25);
    expect(new Set(floor.points.map((p) => p.y)).size).toBe(5);
    const steps = theoryDrawing([run("a")], { ...DEFAULT_VIEW, xUnit: "step" }, "en").lines[1].points;
    expect(steps[50].x).toBe(5000);
  });

  it("labels at most three floors on the whole chart, first stages first, each rate once", () => {
    const constant = { ...cloneRun(DEFAULT_RUN), policy: { kind: "constant", unit: "epoch", warmup: null } } as const;
    const { marks } = theoryDrawing([run("live"), run("pin", constant, true)], DEFAULT_VIEW, "en");
    expect(marks.map((m) => m.lr)).toEqual([0.025, 0.0125, 0.00625]);
    expect(marks[0].text).toBe(`floor at lr 0.025: ${marks[0].value.toFixed(2)}`);
    expect(marks[0].kind).toBe("floor");
    expect(theoryDrawing([run("live")], DEFAULT_VIEW, "zh").marks[0].text).toMatch(/^lr 0\.025 的地板：0\.80$/);
  });

  it("draws nothing for runs without a curve or while it is computed", () => {
    const none = { ...run("x"), theory: { supported: false, reason: "problem" } as const };
    const pending = { ...run("y"), theory: null };
    const absent = { ...run("z"), theory: undefined };
    expect(theoryDrawing([none, pending, absent], DEFAULT_VIEW, "en")).toEqual({ lines: [], marks: [] });
  });
});
