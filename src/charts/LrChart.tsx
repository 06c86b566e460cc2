import { useMemo } from "react";
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartLegend, type LegendItem } from "./ChartLegend.tsx";
import { decayMarkers, formatTick, linearXAxis, lineSeries, logAxis, liveRuns, type EventMarker, type XY } from "./chart-data.ts";
import { LR_COLOR, LRT_COLOR, UPDATE_COLOR, type ChartOptions, type ChartRun } from "./types.ts";
import "./charts.css";

export interface LrChartProps {
  runs: ChartRun[];
  version: number;
  options: ChartOptions;
  height?: number;
}

interface DrawnRun {
  run: ChartRun;
  lr: XY[];
  lrT: XY[];
  updateNorm: XY[];
}

/**
 * The scheduled rate, Adam's bias-corrected rate and the size of the update actually applied, on
 * log axes (rates left, update size right). Smoothing applies to the noisy update size only; the
 * rates are exact.
 */
export function LrChart({ runs, version, options, height = 240 }: LrChartProps) {
  const drawn = useMemo<DrawnRun[]>(() => {
    const axes = { xUnit: options.xUnit, logX: options.logX, logY: true };
    return runs.map((run) => ({
      run,
      lr: lineSeries(run.columns, "lr", run.events, axes),
      lrT: run.ghost ? [] : lineSeries(run.columns, "lrT", run.events, axes),
      updateNorm: run.ghost ? [] : lineSeries(run.columns, "updateNorm", run.events, { ...axes, smoothing: options.smoothing }),
    }));
    // `version` says the columns changed in place.
  }, [runs, version, options]);
  const markers = useMemo<EventMarker[]>(
    () => liveRuns(runs).flatMap((r) => decayMarkers(r.events, options)),
    [runs, version, options],
  );

  const axes = useMemo(() => {
    const lr = drawn.map((d) => d.lr);
    return {
      x: options.logX ? logAxis(lr, "x") : linearXAxis(lr),
      rate: logAxis([...lr, ...drawn.map((d) => d.lrT)], "y"),
      update: logAxis(drawn.map((d) => d.updateNorm), "y"),
    };
  }, [drawn, options.logX]);
  const xAxis = axes.x;
  const live = drawn.filter((d) => !d.run.ghost);
  const ghosts = drawn.filter((d) => d.run.ghost);
  const unit = options.xUnit === "step" ? "step" : "epoch";
  const several = live.length > 1;
  const legend: LegendItem[] = [
    ...live.flatMap(({ run }): LegendItem[] => {
      const prefix = several ? `${run.label}: ` : "";
      return [
        { key: `${run.id}-lr`, label: `${prefix}lr (schedule)`, color: LR_COLOR },
        { key: `${run.id}-lrT`, label: `${prefix}Adam lr_t (bias-corrected)`, color: LRT_COLOR },
        { key: `${run.id}-upd`, label: `${prefix}update size ‖Δx‖ (right axis)`, color: UPDATE_COLOR, dashed: true },
      ];
    }),
    ...ghosts.map(({ run }): LegendItem => ({ key: `${run.id}-ghost`, label: `${run.label} lr (pinned)`, color: run.color, dashed: true })),
  ];

  return (
    <figure
      className="chart lr-chart"
      data-testid="lr-chart"
      data-points={live.length > 0 ? live[0].lr.length : 0}
      aria-label="Learning rate and update size"
    >
      <ChartLegend items={legend} label="Learning-rate chart legend" />
      <div className="chart-plot" style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart margin={{ top: 12, right: 4, bottom: 24, left: 4 }}>
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
              yAxisId="rate"
              type="number"
              scale="log"
              domain={axes.rate === null ? ["auto", "auto"] : axes.rate.domain}
              ticks={axes.rate === null ? undefined : axes.rate.ticks}
              allowDataOverflow
              tickFormatter={formatTick}
              width={60}
              label={{ value: "rate", angle: -90, position: "insideLeft", offset: 10 }}
            />
            <YAxis
              yAxisId="update"
              orientation="right"
              type="number"
              scale="log"
              domain={axes.update === null ? ["auto", "auto"] : axes.update.domain}
              ticks={axes.update === null ? undefined : axes.update.ticks}
              allowDataOverflow
              tickFormatter={formatTick}
              width={60}
              stroke={UPDATE_COLOR}
              label={{ value: "‖Δx‖", angle: 90, position: "insideRight", offset: 10 }}
            />
            <Tooltip
              formatter={(v, name) => [typeof v === "number" ? v.toPrecision(3) : String(v), String(name)]}
              labelFormatter={(x) => `${unit} ${typeof x === "number" ? formatTick(x) : String(x)}`}
              isAnimationActive={false}
            />
            {markers.map((m, i) => (
              <ReferenceLine
                key={`marker-${i}`}
                yAxisId="rate"
                x={m.x}
                stroke="var(--muted, #475569)"
                strokeDasharray="4 3"
                strokeOpacity={0.5}
              />
            ))}
            {ghosts.map(({ run, lr }) => (
              <Line
                key={`${run.id}-ghost`}
                yAxisId="rate"
                data={lr}
                dataKey="y"
                name={`${run.label} lr (pinned)`}
                type="stepAfter"
                stroke={run.color}
                strokeWidth={1.5}
                strokeDasharray="6 4"
                dot={false}
                activeDot={false}
                isAnimationActive={false}
              />
            ))}
            {live.map(({ run, updateNorm }) => (
              <Line
                key={`${run.id}-upd`}
                yAxisId="update"
                data={updateNorm}
                dataKey="y"
                name="update size"
                stroke={UPDATE_COLOR}
                strokeWidth={1.25}
                strokeOpacity={0.8}
                strokeDasharray="5 3"
                dot={false}
                isAnimationActive={false}
              />
            ))}
            {live.map(({ run, lrT }) => (
              <Line
                key={`${run.id}-lrT`}
                yAxisId="rate"
                data={lrT}
                dataKey="y"
                name="Adam lr_t"
                stroke={LRT_COLOR}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
            ))}
            {live.map(({ run, lr }) => (
              <Line
                key={`${run.id}-lr`}
                yAxisId="rate"
                data={lr}
                dataKey="y"
                name="lr (schedule)"
                type="stepAfter"
                stroke={LR_COLOR}
                strokeWidth={2.5}
                dot={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="chart-caption">
        Adam's{" "}
        <strong>
          lr<sub>t</sub> = lr·√(1−β2<sup>t</sup>)/(1−β1<sup>t</sup>)
        </strong>{" "}
        is bias correction, not decay: it makes up for the moving
        averages starting at zero, and approaches the scheduled lr as t grows. Only the schedule decays the rate.
      </figcaption>
    </figure>
  );
}
