// The page: header, run controls above the charts, and the settings in a sidebar (stacked below
// the charts on narrow screens). Components read the store through selectors and call its
// actions; none of them talks to the worker.

import { LossChart } from "../charts/LossChart.tsx";
import { LrChart } from "../charts/LrChart.tsx";
import { usePlayground } from "../state/store.ts";
import { DecayEditor, OptimizerControls, ProblemControls } from "./controls/index.ts";
import { useChartRuns } from "./chart-runs.ts";
import { CopyLinkButton, LinkProblems } from "./LinkBar.tsx";
import { RunControls } from "./RunControls.tsx";
import { ToolTabs } from "./ToolTabs.tsx";

/** The loss chart redraws when `version` moves; the lr chart one task later (see store.ts). */
function LossPanel() {
  const snapshot = usePlayground((s) => s.snapshot);
  const version = usePlayground((s) => s.version);
  const options = usePlayground((s) => s.chartOptions);
  const setChartOptions = usePlayground((s) => s.setChartOptions);
  const runs = useChartRuns(snapshot);
  return <LossChart runs={runs} version={version} options={options} onOptionsChange={setChartOptions} />;
}

function LrPanel() {
  const { snapshot, version } = usePlayground((s) => s.lrChart);
  const options = usePlayground((s) => s.chartOptions);
  const runs = useChartRuns(snapshot);
  return <LrChart runs={runs} version={version} options={options} />;
}

function Charts() {
  return (
    <section className="charts" aria-labelledby="charts-title">
      <h2 id="charts-title" className="visually-hidden">
        Charts
      </h2>
      <LossPanel />
      <LrPanel />
    </section>
  );
}

function Settings() {
  const config = usePlayground((s) => s.config);
  const setConfig = usePlayground((s) => s.setConfig);
  const hidden = usePlayground((s) => s.hidden);
  const locked = usePlayground((s) => s.locked);
  return (
    <aside className="settings" aria-labelledby="settings-title">
      <h2 id="settings-title" className="visually-hidden">
        Settings
      </h2>
      <OptimizerControls config={config} onChange={setConfig} hidden={hidden} locked={locked} />
      <DecayEditor config={config} onChange={setConfig} hidden={hidden} locked={locked} />
      <ProblemControls config={config} onChange={setConfig} hidden={hidden} locked={locked} />
    </aside>
  );
}

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>Learning-rate decay playground</h1>
        <p className="lede">
          At a fixed learning rate Adam's loss stops improving and rattles; decaying the rate lets it settle. Drag a
          setting and watch the curve answer.
        </p>
        <CopyLinkButton />
      </header>
      <LinkProblems />
      <main className="app-main">
        <section className="run-panel" aria-label="Run controls">
          <RunControls />
        </section>
        <Charts />
        <Settings />
        <ToolTabs />
      </main>
    </div>
  );
}
