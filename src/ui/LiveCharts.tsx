// The loss and learning-rate charts of the store's live and pinned runs, as the full page (App.tsx)
// and the embedded figure (embed/Embed.tsx) both show them; each page only sizes them.

import { useMemo } from "react";
import { LossChart } from "../charts/LossChart.tsx";
import { LrChart } from "../charts/LrChart.tsx";
import { THEORY_PROBLEMS } from "../engine/theory.ts";
import { findLesson } from "../state/lessons.ts";
import { usePlayground } from "../state/store.ts";
import { lossFrame, rattleBand } from "../state/views.ts";
import { useChartRuns } from "./chart-runs.ts";

/** The loss chart; it redraws when the store's `version` moves. `withBands` draws the seed bands. */
export function LiveLossChart({ height, withBands }: { height: number | string; withBands: boolean }) {
  const snapshot = usePlayground((s) => s.snapshot);
  const version = usePlayground((s) => s.version);
  const options = usePlayground((s) => s.chartOptions);
  const setChartOptions = usePlayground((s) => s.setChartOptions);
  const lang = usePlayground((s) => s.lang);
  const problem = usePlayground((s) => s.config.problem);
  const lesson = findLesson(usePlayground((s) => s.lesson));
  const runs = useChartRuns(snapshot, withBands);
  const frame = useMemo(() => lossFrame({ problem }), [problem]);
  const band = useMemo(() => rattleBand({ problem }), [problem]);
  return (
    <LossChart
      runs={runs}
      version={version}
      options={options}
      onOptionsChange={setChartOptions}
      frame={frame}
      band={band}
      callouts={lesson?.callouts}
      theoryAvailable={THEORY_PROBLEMS.includes(problem)}
      height={height}
      lang={lang}
    />
  );
}

/** The learning-rate chart; it redraws one task after the loss chart (see store.ts `lrChart`). */
export function LiveLrChart({ height }: { height: number | string }) {
  const { snapshot, version } = usePlayground((s) => s.lrChart);
  const options = usePlayground((s) => s.chartOptions);
  const lang = usePlayground((s) => s.lang);
  const lesson = findLesson(usePlayground((s) => s.lesson));
  const runs = useChartRuns(snapshot);
  return (
    <LrChart
      runs={runs}
      version={version}
      options={options}
      callouts={lesson?.callouts}
      updatesPerRun={lesson?.view?.updatesPerRun === true}
      height={height}
      lang={lang}
    />
  );
}
