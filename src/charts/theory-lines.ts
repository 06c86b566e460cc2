// What the loss chart draws from each run's theory (engine/theory.ts via state/theory.ts): the
// expected loss as a dotted line, the noise floor at the rate in force as a thin step line, and a
// label per constant-rate stage ("floor at lr 0.025: 0.80"). Pure and DOM-free.

import { translator, type Lang } from "../state/i18n.ts";
import { chartMessages } from "./chart-messages.ts";
import { formatRate, type XY } from "./chart-data.ts";
import type { Callout } from "./callouts.ts";
import type { PlotLine } from "./PlotLayers.tsx";
import type { ChartOptions, ChartRun } from "./types.ts";

/**
 * Floor labels on the whole chart, first stages first: the first few floors carry the point (each
 * halving of the rate halves the excess); more would pile up on a phone-width plot. The others
 * are still drawn, and the hover readout gives their level.
 */
const MAX_FLOOR_LABELS = 3;

export const THEORY_DASH = "2 3";

export interface TheoryDrawing {
  lines: PlotLine[];
  marks: Callout[];
}

function toX(step: number, run: ChartRun, options: Pick<ChartOptions, "xUnit">): number {
  return options.xUnit === "step" ? step : step / run.stepsPerEpoch;
}

/** The dotted expected-loss line, the floor step line and the floor labels of every run with a curve. */
export function theoryDrawing(runs: readonly ChartRun[], options: Pick<ChartOptions, "xUnit" | "logX" | "logY">, lang: Lang): TheoryDrawing {
  const t = translator(chartMessages, lang);
  const lines: PlotLine[] = [];
  const marks: Callout[] = [];
  const labelled = new Set<string>();
  for (const run of runs) {
    const th = run.theory;
    if (th === undefined || th === null || !th.supported) continue;
    const expected: XY[] = [];
    const floor: XY[] = [];
    for (let i = 0; i < th.steps.length; i++) {
      const x = toX(th.steps[i], run, options);
      if (options.logX && x <= 0) continue;
      const y = th.loss[i];
      if (Number.isFinite(y) && !(options.logY && y <= 0)) expected.push({ x, y });
      const f = th.floorAtRate[i];
      if (Number.isFinite(f) && !(options.logY && f <= 0)) floor.push({ x, y: f });
    }
    const name = th.model === "exact" ? "theoryExact" : "theoryApprox";
    lines.push(
      { key: `${run.id}-floor`, points: floor, stroke: run.color, width: 1.25, opacity: 0.6, step: true, name: t("floorLine", { run: run.label }) },
      { key: `${run.id}-theory`, points: expected, stroke: run.color, width: 2, dash: THEORY_DASH, name: t(name, { run: run.label }) },
    );
    for (const stage of th.stages) {
      if (!Number.isFinite(stage.floor) || labelled.size >= MAX_FLOOR_LABELS) continue;
      const text = t("floorLabel", { lr: formatRate(stage.lr), loss: stage.floor.toFixed(2) });
      // The same rate gives the same floor on every run of the same optimizer: label it once.
      if (labelled.has(text)) continue;
      labelled.add(text);
      const mid = (stage.fromStep + stage.toStep) / 2;
      marks.push({ key: `${run.id}-floor-${stage.fromStep}`, x: toX(mid, run, options), y: stage.floor, text, color: run.color, kind: "floor", value: stage.floor, lr: stage.lr });
    }
  }
  return { lines, marks };
}
