import { memo, useMemo, useRef, type CSSProperties } from "react";
import { PlotFrame, type FrameYAxis } from "./PlotFrame.tsx";
import { CalloutLayer, HoverReadout, MarkerLines, SeriesPaths, useHeld, useStableArray, useStepAxis, type MarkerStyle, type PlotLine } from "./PlotLayers.tsx";
import { ChartLegend, type LegendItem } from "./ChartLegend.tsx";
import { decayMarkers, linearXAxis, lineSeries, logAxis, liveRuns, plannedEnd, type EventMarker, type NiceAxis, type XY } from "./chart-data.ts";
import type { ChartOptions, ChartRun } from "./types.ts";
import { LR_COLOR, LRT_COLOR, UPDATE_COLOR } from "../state/palette.ts";
import { translator, type Lang } from "../state/i18n.ts";
import { chartMessages } from "./chart-messages.ts";
import { useAfterIdle } from "./use-after-idle.ts";
import { lrTCallouts } from "./callouts.ts";
import type { CalloutSpec } from "../state/lessons.ts";
import { axisTickFormatter } from "./tick-format.ts";
import "./charts.css";

export interface LrChartProps {
  runs: ChartRun[];
  version: number;
  options: ChartOptions;
  /** Plot height: pixels or a CSS length. */
  height?: number | string;
  /** The open lesson's marks (lesson 4 marks lr_t here). */
  callouts?: readonly CalloutSpec[];
  /**
   * Draw every run's update size ‖Δx‖ in its own colour (lesson 3: the same lr moves less per step
   * when epsilon is large); pinned runs' rate lines, the same as the live run's, are then left out.
   */
  updatesPerRun?: boolean;
  lang?: Lang;
}

const NO_CALLOUTS: readonly CalloutSpec[] = [];

interface DrawnRun {
  run: ChartRun;
  lr: XY[];
  lrT: XY[];
  updateNorm: XY[];
}

/** Pinned runs are context: fewer points keep their redraw cheap. */
const PINNED_POINTS = 400;
/** The lr chart has no room for labels; the loss chart above carries them. */
const MARKER_STYLE: MarkerStyle = { stroke: "var(--muted, #475569)", manualStroke: "var(--muted, #475569)", opacity: 0.5, maxLabels: 0 };
const MARGIN = { top: 12, right: 4, bottom: 24, left: 4 };
/** The update-size axis keeps its line's colour (charts.css `.axis-accent`). */
const ACCENT_STYLE = { "--accent-axis": UPDATE_COLOR } as CSSProperties;

/**
 * The scheduled rate, Adam's bias-corrected rate and the size of the update actually applied, on
 * log axes (rates left, update size right). Smoothing applies to the noisy update size only; the
 * rates are exact.
 */
export const LrChart = memo(function LrChart({ runs, version, options, height = 240, callouts = NO_CALLOUTS, updatesPerRun = false, lang = "en" }: LrChartProps) {
  const t = translator(chartMessages, lang);
  const ready = useAfterIdle();
  const drawn = useMemo<DrawnRun[]>(() => {
    const axes = { xUnit: options.xUnit, logX: options.logX, logY: true };
    return runs.map((run) => ({
      run,
      lr: lineSeries(run.columns, "lr", run.events, { ...axes, target: run.pinned ? PINNED_POINTS : undefined }),
      lrT: run.pinned ? [] : lineSeries(run.columns, "lrT", run.events, axes),
      updateNorm:
        run.pinned && !updatesPerRun
          ? []
          : lineSeries(run.columns, "updateNorm", run.events, { ...axes, smoothing: options.smoothing, target: run.pinned ? PINNED_POINTS : undefined }),
    }));
    // `version` says the columns changed in place.
  }, [runs, version, options, updatesPerRun]);
  const markers = useMemo<EventMarker[]>(
    () => liveRuns(runs).flatMap((r) => decayMarkers(r.events, options)),
    [runs, version, options],
  );

  // The previous y axes, kept while the data still suits them (see keepAxis).
  const lastY = useRef<{ rate: NiceAxis | null; update: NiceAxis | null }>({ rate: null, update: null });
  const axes = useMemo(() => {
    const lr = drawn.map((d) => d.lr);
    const end = plannedEnd(runs, options.xUnit);
    const rate = logAxis([...lr, ...drawn.map((d) => d.lrT)], "y", 0, lastY.current.rate);
    const update = logAxis(drawn.map((d) => d.updateNorm), "y", 0, lastY.current.update);
    lastY.current = { rate, update };
    return { x: options.logX ? logAxis(lr, "x", end) : linearXAxis(lr, 6, end), rate, update };
  }, [drawn, runs, options.logX, options.xUnit]);
  // While a restarted run has no points yet, the chart keeps its axes (see useHeld).
  const held = useHeld(axes, drawn.every((d) => d.lr.length === 0), `${String(options.logX)}-${options.xUnit}`);
  const xDomain = useStableArray(held.x?.domain);
  const xTicks = useStableArray(held.x?.ticks);
  const rateDomain = useStableArray(held.rate?.domain);
  const rateTicks = useStableArray(held.rate?.ticks);
  const updateDomain = useStableArray(held.update?.domain);
  const updateTicks = useStableArray(held.update?.ticks);
  const unit = options.xUnit === "step" ? "step" : "epoch";
  const xFrame = useStepAxis(xDomain, xTicks, options.logX, unit, lang);
  // Rates on the left, the update size on the right in its line's colour; both log.
  const yFrame = useMemo<readonly FrameYAxis[]>(
    () => [
      { id: "rate", domain: rateDomain, ticks: rateTicks, log: true, format: axisTickFormatter(rateTicks), width: 72, label: t("rateAxis") },
      { id: "update", side: "right", accent: true, domain: updateDomain, ticks: updateTicks, log: true, format: axisTickFormatter(updateTicks), width: 72, label: "‖Δx‖" },
    ],
    [rateDomain, rateTicks, updateDomain, updateTicks, lang],
  );
  const live = drawn.filter((d) => !d.run.pinned);
  const pinnedRuns = drawn.filter((d) => d.run.pinned);
  const { updateLines, rateLines, readoutLines } = useMemo(() => {
    const liveDrawn = drawn.filter((d) => !d.run.pinned);
    const updateLines = updatesPerRun
      ? drawn.map(
          ({ run, updateNorm }): PlotLine => ({ key: `${run.id}-upd`, points: updateNorm, stroke: run.color, width: run.pinned ? 1.75 : 2, dash: run.pinned ? "6 4" : undefined, name: t("updateOf", { run: run.label }) }),
        )
      : liveDrawn.map(
          ({ run, updateNorm }): PlotLine => ({ key: `${run.id}-upd`, points: updateNorm, stroke: UPDATE_COLOR, width: 1.25, opacity: 0.8, dash: "5 3", name: t("updateShort") }),
        );
    const rateLines: PlotLine[] = [
      ...drawn
        .filter((d) => d.run.pinned && !updatesPerRun)
        .map(({ run, lr }): PlotLine => ({ key: `${run.id}-pinned`, points: lr, stroke: run.color, width: 1.5, dash: "6 4", step: true, name: t("lrPinned", { run: run.label }) })),
      ...liveDrawn.map(({ run, lrT }): PlotLine => ({ key: `${run.id}-lrT`, points: lrT, stroke: LRT_COLOR, width: 2, name: t("lrTShort") })),
      ...liveDrawn.map(({ run, lr }): PlotLine => ({ key: `${run.id}-lr`, points: lr, stroke: LR_COLOR, width: 2.5, step: true, name: t("lrSchedule") })),
    ];
    // The readout lists the schedule first, as the legend does.
    return { updateLines, rateLines, readoutLines: [...rateLines].reverse().concat(updateLines) };
    // `t` is rebuilt each render but depends only on `lang`.
  }, [drawn, lang, updatesPerRun]);
  const marks = useMemo(() => lrTCallouts(callouts, live[0]?.run, options, lang, LRT_COLOR), [callouts, live, options, lang]);
  const several = live.length > 1;
  const legend: LegendItem[] = [
    ...live.flatMap(({ run }): LegendItem[] => {
      const prefix = several ? `${run.label}: ` : "";
      return [
        { key: `${run.id}-lr`, label: `${prefix}${t("lrSchedule")}`, color: LR_COLOR },
        { key: `${run.id}-lrT`, label: `${prefix}${t("lrT")}`, color: LRT_COLOR },
        updatesPerRun
          ? { key: `${run.id}-upd`, label: t("updateOfAxis", { run: run.label }), color: run.color }
          : { key: `${run.id}-upd`, label: `${prefix}${t("update")}`, color: UPDATE_COLOR, dashed: true },
      ];
    }),
    ...pinnedRuns.map(({ run }): LegendItem =>
      updatesPerRun
        ? { key: `${run.id}-upd`, label: t("updateOfAxis", { run: run.label }), color: run.color, dashed: true }
        : { key: `${run.id}-pinned`, label: t("lrPinned", { run: run.label }), color: run.color, dashed: true },
    ),
  ];

  return (
    <figure
      className="chart lr-chart"
      data-testid="lr-chart"
      data-points={live.length > 0 ? live[0].lr.length : 0}
      data-updates-per-run={updatesPerRun ? drawn.filter((d) => d.updateNorm.length > 0).length : undefined}
      aria-label={t("lrChart")}
      style={ACCENT_STYLE}
    >
      <ChartLegend items={legend} label={t("lrLegend")} />
      <div className="chart-plot" style={{ height }}>
        {ready && (
          <PlotFrame margin={MARGIN} x={xFrame} y={yFrame}>
            <MarkerLines markers={markers} style={MARKER_STYLE} yAxisId="rate" />
            <SeriesPaths lines={updateLines} yAxisId="update" />
            <SeriesPaths lines={rateLines} yAxisId="rate" />
            <CalloutLayer callouts={marks} yAxisId="rate" />
            <HoverReadout lines={readoutLines} unit={t(unit)} digits={3} />
          </PlotFrame>
        )}
      </div>
      <figcaption className="chart-caption">
        {t("lrCaptionBefore")}{" "}
        <strong>
          lr<sub>t</sub> = lr·√(1−β2<sup>t</sup>)/(1−β1<sup>t</sup>)
        </strong>{" "}
        {t("lrCaptionAfter")}
      </figcaption>
    </figure>
  );
});
