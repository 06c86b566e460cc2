import { useMemo, useState } from "react";
import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartLegend, type LegendItem } from "./ChartLegend.tsx";
import { ChartToolbar } from "./ChartToolbar.tsx";
import {
  decayMarkers,
  divergedX,
  formatTick,
  lastFinite,
  linearXAxis,
  linearYAxis,
  lineSeries,
  logAxis,
  liveRuns,
  type EventMarker,
  type XY,
} from "./chart-data.ts";
import { DIVERGED_COLOR, LR_COLOR, type ChartOptions, type ChartRun } from "./types.ts";
import "./charts.css";

export interface LossChartProps {
  runs: ChartRun[];
  /** Bumped by the store whenever the runs' columns grew; the only signal to recompute. */
  version: number;
  options: ChartOptions;
  onOptionsChange: (o: ChartOptions) => void;
  height?: number;
  /** The lesson's band where a fixed rate rattles; null hides it. */
  band?: readonly [number, number] | null;
}

interface DrawnRun {
  run: ChartRun;
  loss: XY[];
  batchLoss: XY[];
}

/** Decay markers beyond this many are drawn without text, so labels never pile up. */
const MAX_LABELLED_MARKERS = 12;
const DEFAULT_BAND: readonly [number, number] = [0.7, 0.9];
const BAND_COLOR = "#0f766e";

export function LossChart({ runs, version, options, onOptionsChange, height = 340, band = DEFAULT_BAND }: LossChartProps) {
  const drawn = useMemo<DrawnRun[]>(() => {
    const axes = { xUnit: options.xUnit, logX: options.logX, logY: options.logY };
    return runs.map((run) => ({
      run,
      loss: lineSeries(run.columns, "loss", run.events, { ...axes, smoothing: options.smoothing }),
      // The raw minibatch loss is what the optimizer saw: never smoothed, and not drawn for pinned runs.
      batchLoss: run.ghost ? [] : lineSeries(run.columns, "batchLoss", run.events, axes),
    }));
    // `version` says the columns changed in place.
  }, [runs, version, options]);

  const [ignoreOutliers, setIgnoreOutliers] = useState(true);
  const live = drawn.filter((d) => !d.run.ghost);
  const ghosts = drawn.filter((d) => d.run.ghost);
  const markers = useMemo<EventMarker[]>(
    () => liveRuns(runs).flatMap((r) => decayMarkers(r.events, options)),
    [runs, version, options],
  );
  const current = live.length > 0 ? live[0] : null;
  const lastLoss = current === null ? null : lastFinite(current.run.columns.loss);
  const diverged = liveRuns(runs).filter((r) => r.diverged !== null);
  const empty = drawn.every((d) => d.loss.length === 0);
  const unit = options.xUnit === "step" ? "step" : "epoch";
  const labelled = markers.length <= MAX_LABELLED_MARKERS;
  const xAxis = useMemo(() => {
    const lines = drawn.map((d) => d.loss);
    return options.logX ? logAxis(lines, "x") : linearXAxis(lines);
  }, [drawn, options.logX]);
  // The y range follows the (smoothed) loss lines; the faint minibatch loss may run off the top.
  const yAxis = useMemo(
    () => {
      const lines = drawn.map((d) => d.loss);
      return options.logY ? logAxis(lines, "y") : linearYAxis(lines, ignoreOutliers);
    },
    [drawn, options.logY, ignoreOutliers],
  );

  const legend: LegendItem[] = [
    ...live.flatMap(({ run }): LegendItem[] => [
      { key: `${run.id}-loss`, label: `${run.label}: training-set loss`, color: run.color },
      { key: `${run.id}-batch`, label: "minibatch loss (raw)", color: run.color, faint: true },
    ]),
    ...ghosts.map(({ run }): LegendItem => ({ key: `${run.id}-ghost`, label: `${run.label} (pinned)`, color: run.color, dashed: true })),
    ...(band === null ? [] : [{ key: "band", label: `loss ${band[0]}–${band[1]}: where a fixed rate rattles`, color: BAND_COLOR, band: true }]),
  ];

  return (
    <figure
      className="chart loss-chart"
      data-testid="loss-chart"
      data-points={current === null ? 0 : current.loss.length}
      data-last-loss={lastLoss === null ? undefined : String(lastLoss)}
      aria-label="Training loss"
    >
      <ChartToolbar options={options} onOptionsChange={onOptionsChange}>
        {!options.logY && (
          <label className="chart-toolbar-item" title="Scale the y axis to the curve, letting the first steep drop run off the top">
            <input
              type="checkbox"
              data-testid="ignoreOutliers"
              checked={ignoreOutliers}
              onChange={(e) => setIgnoreOutliers(e.target.checked)}
            />
            Ignore outliers
          </label>
        )}
      </ChartToolbar>
      <ChartLegend items={legend} label="Loss chart legend" />
      <div className="chart-plot" style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart margin={{ top: 16, right: 20, bottom: 24, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid, #e2e8f0)" />
            <XAxis
              dataKey="x"
              type="number"
              scale={options.logX ? "log" : "linear"}
              domain={xAxis === null ? ["dataMin", "dataMax"] : xAxis.domain}
              ticks={xAxis === null ? undefined : xAxis.ticks}
              allowDataOverflow
              tickFormatter={formatTick}
              label={{ value: unit === "step" ? "steps" : "epochs", position: "insideBottom", offset: -14 }}
            />
            <YAxis
              type="number"
              scale={options.logY ? "log" : "linear"}
              domain={yAxis === null ? ["auto", "auto"] : yAxis.domain}
              ticks={yAxis === null ? undefined : yAxis.ticks}
              allowDataOverflow
              tickFormatter={formatTick}
              width={60}
            />
            {band !== null && (
              <ReferenceArea y1={band[0]} y2={band[1]} ifOverflow="hidden" fill={BAND_COLOR} fillOpacity={0.1} stroke={BAND_COLOR} strokeOpacity={0.35} strokeDasharray="2 4" />
            )}
            <Tooltip
              formatter={(v, name) => [typeof v === "number" ? v.toPrecision(4) : String(v), String(name)]}
              labelFormatter={(x) => `${unit} ${typeof x === "number" ? formatTick(x) : String(x)}`}
              isAnimationActive={false}
            />
            {ghosts.map(({ run, loss }) => (
              <Line
                key={`${run.id}-ghost`}
                data={loss}
                dataKey="y"
                name={`${run.label} (pinned)`}
                stroke={run.color}
                strokeWidth={1.5}
                strokeDasharray="6 4"
                dot={false}
                activeDot={false}
                isAnimationActive={false}
              />
            ))}
            {live.map(({ run, batchLoss }) => (
              <Line
                key={`${run.id}-batch`}
                data={batchLoss}
                dataKey="y"
                name="minibatch loss"
                stroke={run.color}
                strokeOpacity={0.25}
                strokeWidth={1}
                dot={false}
                activeDot={false}
                tooltipType="none"
                isAnimationActive={false}
              />
            ))}
            {live.map(({ run, loss }) => (
              <Line
                key={`${run.id}-loss`}
                data={loss}
                dataKey="y"
                name={`${run.label}: loss`}
                stroke={run.color}
                strokeWidth={2.5}
                dot={false}
                isAnimationActive={false}
              />
            ))}
            {markers.map((m, i) => (
              <ReferenceLine
                key={`marker-${i}`}
                x={m.x}
                stroke={m.manual ? LR_COLOR : "var(--muted, #475569)"}
                strokeDasharray="4 3"
                strokeOpacity={0.7}
                label={labelled ? { value: m.label, position: "insideTopLeft", fontSize: 12, fill: "var(--fg, #0f172a)", halo: true } : undefined}
              />
            ))}
            {diverged.map((r) => {
              const x = divergedX(r, options);
              return x === null ? null : (
                <ReferenceLine key={`${r.id}-diverged`} x={x} stroke={DIVERGED_COLOR} strokeWidth={2} strokeDasharray="6 3" />
              );
            })}
          </LineChart>
        </ResponsiveContainer>
        {empty && diverged.length === 0 && <p className="chart-empty">No training data yet.</p>}
        {diverged.length > 0 && (
          <div className="chart-alerts">
            {diverged.map((r) =>
              r.diverged === null ? null : (
                <p key={r.id} role="alert" className="chart-alert" data-testid="diverged-notice">
                  {live.length > 1 ? `${r.label}: ` : ""}Diverged at step {r.diverged.step}: {r.diverged.reason}
                </p>
              ),
            )}
          </div>
        )}
      </div>
      <figcaption className="chart-caption">
        Training-set loss after each step{options.smoothing > 0 ? `, smoothed (weight ${options.smoothing.toFixed(2)})` : ""}; the
        faint line is the raw loss of each minibatch. Dashed verticals mark learning-rate changes.
      </figcaption>
    </figure>
  );
}
