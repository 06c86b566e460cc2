import { memo, useLayoutEffect, useMemo, useRef, useState } from "react";
import { PlotFrame, ReferenceBand, ReferenceRule, type FrameYAxis } from "./PlotFrame.tsx";
import { CalloutLayer, HoverReadout, MarkerLines, SeriesPaths, useHeld, useStableArray, useStepAxis, type MarkerStyle, type PlotLine } from "./PlotLayers.tsx";
import { ChartLegend, type LegendItem } from "./ChartLegend.tsx";
import { ChartToolbar } from "./ChartToolbar.tsx";
import {
  decayMarkers,
  divergedX,
  lastFinite,
  linearXAxis,
  linearYAxis,
  lineSeries,
  logAxis,
  liveRuns,
  niceAxis,
  plannedEnd,
  type EventMarker,
  type NiceAxis,
  type XY,
} from "./chart-data.ts";
import type { ChartOptions, ChartRun } from "./types.ts";
import { divergenceReasonIn } from "../state/divergence-text.ts";
import { DIVERGED_COLOR, LR_COLOR } from "../state/palette.ts";
import { translator, type Lang, type Translate } from "../state/i18n.ts";
import { chartMessages, type ChartMessageKey } from "./chart-messages.ts";
import { SeedBands, type DrawnBand } from "./SeedBands.tsx";
import { groupDigits } from "../engine/step-budget.ts";
import { axisTickFormatter } from "./tick-format.ts";
import { endLabels, lossCallouts, startMarks, type Callout, type DrawnLine } from "./callouts.ts";
import { THEORY_DASH, theoryDrawing } from "./theory-lines.ts";
import type { CalloutSpec } from "../state/lessons.ts";
import "./charts.css";

export interface LossChartProps {
  runs: ChartRun[];
  /** Bumped by the store whenever the runs' columns grew; the only signal to recompute. */
  version: number;
  options: ChartOptions;
  onOptionsChange: (o: ChartOptions) => void;
  /** Plot height: pixels or a CSS length (App sizes it to the viewport). */
  height?: number | string;
  /** The lesson's band where a fixed rate rattles; null hides it. */
  band?: readonly [number, number] | null;
  /**
   * The fixed y range chosen for the config before the first point (state/views.ts), used unless
   * `options.fitY`; null fits the data.
   */
  frame?: readonly [number, number] | null;
  /** The open lesson's marks on the runs. */
  callouts?: readonly CalloutSpec[];
  /** Whether the run's problem has a theory (the noisy quadratic): shows the Theory toggle. */
  theoryAvailable?: boolean;
  lang?: Lang;
}

const NO_CALLOUTS: readonly CalloutSpec[] = [];
/** Legend height the page's layout allows for (two rows); taller legends shorten the plot. */
const LEGEND_BASE_PX = 52;
/** The plot never gets shorter than this for its legend's sake. */
const MIN_PLOT_PX = 220;

/** The fixed axis of a frame: round ticks inside it, on a linear or log scale. */
function frameAxis(frame: readonly [number, number], logY: boolean): NiceAxis {
  const ticks = niceAxis(frame[0], frame[1], 5).ticks.filter((t) => t >= frame[0] && t <= frame[1] && (!logY || t > 0));
  return { domain: [frame[0], frame[1]], ticks };
}

interface DrawnRun {
  run: ChartRun;
  loss: XY[];
  batchLoss: XY[];
  /** Schedule-free AdamW only: the loss at its gradient point y (empty for other optimizers). */
  lossAtY: XY[];
}

/** Whether a run has a loss at y (schedule-free): its column is NaN throughout otherwise. */
const hasLossAtY = (run: ChartRun): boolean => run.columns.lossAtY.length > 0 && !Number.isNaN(run.columns.lossAtY[0]);

/** Decay markers beyond this many are drawn without text, so labels never pile up. */
const MAX_LABELLED_MARKERS = 12;
const BAND_COLOR = "#0f766e";
/** The shared legend entry of the seed bands: neutral, since each band takes its run's colour. */
const SEED_BANDS_SWATCH = "#475569";
const MARGIN = { top: 16, right: 20, bottom: 24, left: 4 };
/** Pinned runs are context, not data to read closely: fewer points keep their redraw cheap. */
const PINNED_POINTS = 400;
const MARKER_STYLE: MarkerStyle = { stroke: "var(--muted, #475569)", manualStroke: LR_COLOR, opacity: 0.7, maxLabels: MAX_LABELLED_MARKERS };

/** Legend entries for the theory lines: one per kind, in the first such run's colour (each line is in its run's). */
function theoryLegend(runs: readonly ChartRun[], t: Translate<ChartMessageKey>): LegendItem[] {
  const withCurve = runs.filter((r) => r.theory?.supported === true);
  if (withCurve.length === 0) return [];
  const exact = withCurve.every((r) => r.theory?.supported === true && r.theory.model === "exact");
  const color = withCurve[0].color;
  return [
    { key: "theory", label: t(exact ? "legendTheoryExact" : "legendTheoryApprox"), color, dash: THEORY_DASH },
    { key: "floor", label: t("legendFloor"), color, faint: true },
  ];
}

export const LossChart = memo(function LossChart({
  runs,
  version,
  options,
  onOptionsChange,
  height = 340,
  band = null,
  frame = null,
  callouts: calloutSpecs = NO_CALLOUTS,
  theoryAvailable = false,
  lang = "en",
}: LossChartProps) {
  const t = translator(chartMessages, lang);
  const drawn = useMemo<DrawnRun[]>(() => {
    const axes = { xUnit: options.xUnit, logX: options.logX, logY: options.logY };
    return runs.map((run) => ({
      run,
      loss: lineSeries(run.columns, "loss", run.events, { ...axes, smoothing: options.smoothing, target: run.pinned ? PINNED_POINTS : undefined }),
      // Smoothed like the loss, so the two lines of a schedule-free run compare like for like.
      lossAtY: hasLossAtY(run)
        ? lineSeries(run.columns, "lossAtY", run.events, { ...axes, smoothing: options.smoothing, target: run.pinned ? PINNED_POINTS : undefined })
        : [],
      // The raw minibatch loss is what the optimizer saw: never smoothed, and not drawn for pinned
      // runs nor for problems that have none (their column is empty).
      batchLoss: run.pinned || !run.minibatchLoss ? [] : lineSeries(run.columns, "batchLoss", run.events, axes),
    }));
    // `version` says the columns changed in place.
  }, [runs, version, options]);

  const [ignoreOutliers, setIgnoreOutliers] = useState(true);
  const live = drawn.filter((d) => !d.run.pinned);
  const pinnedRuns = drawn.filter((d) => d.run.pinned);
  const markers = useMemo<EventMarker[]>(
    () => liveRuns(runs).flatMap((r) => decayMarkers(r.events, options, lang)),
    [runs, version, options, lang],
  );
  const current = live.length > 0 ? live[0] : null;
  const lastLoss = current === null ? null : lastFinite(current.run.columns.loss);
  const diverged = liveRuns(runs).filter((r) => r.diverged !== null);
  const empty = drawn.every((d) => d.loss.length === 0);
  const unit = options.xUnit === "step" ? "step" : "epoch";
  // Pinned runs behind, then each live run's faint minibatch loss under its loss line.
  // Each run's expected loss and noise floor (view option `theory`), drawn under the runs' own lines.
  const theory = useMemo(
    () => (options.theory ? theoryDrawing(runs, options, lang) : { lines: [], marks: [] }),
    [runs, options, lang],
  );
  const lines = useMemo<PlotLine[]>(
    () => [
      ...theory.lines,
      ...drawn
        .filter((d) => d.run.pinned)
        .map(({ run, loss }): PlotLine => ({ key: `${run.id}-pinned`, points: loss, stroke: run.color, width: 1.5, dash: "6 4", name: t("pinned", { run: run.label }) })),
      ...drawn
        .filter((d) => !d.run.pinned)
        .map(({ run, batchLoss }): PlotLine => ({ key: `${run.id}-batch`, points: batchLoss, stroke: run.color, width: 1, opacity: 0.25 })),
      ...drawn
        .filter((d) => d.lossAtY.length > 0)
        .map(({ run, lossAtY }): PlotLine => ({ key: `${run.id}-y`, points: lossAtY, stroke: run.color, width: 1.5, opacity: 0.8, dash: "1 3", name: t("lossAtYShort", { run: run.label }) })),
      ...drawn
        .filter((d) => !d.run.pinned)
        .map(({ run, loss }): PlotLine => ({ key: `${run.id}-loss`, points: loss, stroke: run.color, width: 2.5, name: t("lossLine", { run: run.label }) })),
    ],
    // `t` is rebuilt each render but depends only on `lang`.
    [drawn, lang, theory],
  );
  const xAxis = useMemo(() => {
    const lines = drawn.map((d) => d.loss);
    const end = plannedEnd(runs, options.xUnit);
    return options.logX ? logAxis(lines, "x", end) : linearXAxis(lines, 6, end);
  }, [drawn, runs, options.logX, options.xUnit]);
  // The y range follows the (smoothed) loss lines; the faint minibatch loss may run off the top.
  // The previous y axis, kept while the data still suits it (see keepAxis), for the same scale mode.
  const lastY = useRef<{ mode: string; axis: NiceAxis | null }>({ mode: "", axis: null });
  const framed = frame !== null && !options.fitY && !(options.logY && frame[0] <= 0);
  const yAxis = useMemo(() => {
    if (framed && frame !== null) return frameAxis(frame, options.logY);
    const lines = drawn.map((d) => d.loss);
    const mode = `${String(options.logY)}-${String(ignoreOutliers)}`;
    const prev = lastY.current.mode === mode ? lastY.current.axis : null;
    const axis = options.logY ? logAxis(lines, "y", 0, prev) : linearYAxis(lines, ignoreOutliers, prev);
    lastY.current = { mode, axis };
    return axis;
  }, [drawn, options.logY, ignoreOutliers, framed, frame]);

  // Marks: the lesson's callouts, where framed curves come into view, and pinned runs' names.
  const marks = useMemo<Callout[]>(() => {
    const lines: DrawnLine[] = drawn.map((d) => ({ run: d.run, points: d.loss }));
    const lesson = lossCallouts(calloutSpecs, lines, options, lang);
    const starts = framed && frame !== null ? startMarks(lines, frame[1], lang) : [];
    return [...starts, ...lesson, ...endLabels(lines, lesson), ...theory.marks];
  }, [drawn, calloutSpecs, options, lang, framed, frame, theory]);
  // A live curve that has left the fixed frame entirely (a setting moved it) says so, with the way out.
  const offView = useMemo<"above" | "below" | null>(() => {
    if (!framed || frame === null || current === null || current.loss.length === 0) return null;
    const last = current.loss[current.loss.length - 1].y;
    return last > frame[1] ? "above" : last < frame[0] ? "below" : null;
  }, [framed, frame, current]);

  // Seed bands (issue #14): drawn behind every line, outside the y range's data.
  const seedBands = useMemo<DrawnBand[]>(
    () => runs.flatMap((run) => (run.band?.state === "done" ? [{ runId: run.id, color: run.color, band: run.band.band, pinned: run.pinned }] : [])),
    [runs],
  );
  const bandSeeds = runs.find((r) => r.band != null)?.band;
  const bandCaption =
    seedBands.length > 0 ? t("bandsCaption", { n: seedBands[0].band.seeds, from: seedBands[0].band.baseSeed }) : null;

  const heldX = useHeld(xAxis, empty, `${String(options.logX)}-${options.xUnit}`);
  const heldY = useHeld(yAxis, empty, `${String(options.logY)}-${String(ignoreOutliers)}`);
  const xDomain = useStableArray(heldX?.domain);
  const xTicks = useStableArray(heldX?.ticks);
  const yDomain = useStableArray(heldY?.domain);
  const yTicks = useStableArray(heldY?.ticks);
  const xFrame = useStepAxis(xDomain, xTicks, options.logX, unit, lang);
  const yFrame = useMemo<readonly FrameYAxis[]>(
    () => [{ id: 0, domain: yDomain, ticks: yTicks, log: options.logY, format: axisTickFormatter(yTicks), width: 60 }],
    [yDomain, yTicks, options.logY],
  );

  // A long legend (a lesson with pinned runs, bands and theory lines) takes its extra rows out of the
  // plot's height, so the whole plot stays on the first screen (App sizes `height` for it).
  const legendRef = useRef<HTMLUListElement>(null);
  const [legendExtra, setLegendExtra] = useState(0);
  useLayoutEffect(() => {
    const el = legendRef.current;
    if (el === null || typeof ResizeObserver === "undefined") return;
    // Read from the observer's entries, after the browser's own layout: reading offsetHeight here
    // forced a layout of the whole page on a cold load (~100 ms on 2 cores; issue #16).
    const ro = new ResizeObserver((entries) => {
      const h = entries[entries.length - 1]?.borderBoxSize[0]?.blockSize;
      if (h !== undefined) setLegendExtra(Math.max(0, Math.round(h - LEGEND_BASE_PX)));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const plotHeight =
    legendExtra === 0 || height === "auto"
      ? height
      : typeof height === "number"
        ? Math.max(MIN_PLOT_PX, height - legendExtra)
        : `max(${MIN_PLOT_PX}px, calc(${height} - ${legendExtra}px))`;

  const legend: LegendItem[] = [
    ...live.flatMap(({ run }): LegendItem[] => [
      { key: `${run.id}-loss`, label: t("trainingLoss", { run: run.label }), color: run.color },
      ...(run.minibatchLoss ? [{ key: `${run.id}-batch`, label: t("minibatch"), color: run.color, faint: true }] : []),
    ]),
    ...pinnedRuns.map(({ run }): LegendItem => ({ key: `${run.id}-pinned`, label: t("pinned", { run: run.label }), color: run.color, dashed: true })),
    ...drawn
      .filter((d) => d.lossAtY.length > 0)
      .map(({ run }): LegendItem => ({ key: `${run.id}-y`, label: t("lossAtY", { run: run.label }), color: run.color, dotted: true })),
    ...(band === null ? [] : [{ key: "band", label: t("band", { lo: band[0], hi: band[1] }), color: BAND_COLOR, band: true }]),
    ...theoryLegend(runs, t),
    // Bands drawn with nothing to report share one entry (each is in its run's colour); a band
    // with diverged seeds, still computing, failed or over budget gets its own line.
    ...(seedBands.length > 0 && runs.some((r) => r.band?.state === "done" && r.band.band.diverged === 0)
      ? [{ key: "seed-bands", label: t("seedBands", { n: seedBands[0].band.seeds }), color: SEED_BANDS_SWATCH, band: true, secondary: true }]
      : []),
    ...runs.flatMap((run): LegendItem[] => {
      const b = run.band;
      if (b === null || b === undefined) return [];
      const item = (label: string): LegendItem[] => [{ key: `${run.id}-seed-band`, label, color: run.color, band: true, secondary: true }];
      switch (b.state) {
        case "done":
          return b.band.diverged > 0 ? item(t("seedBandDiverged", { run: run.label, n: b.band.seeds, d: b.band.diverged })) : [];
        case "pending":
          return item(t("seedBandPending", { run: run.label, n: b.seeds }));
        case "error":
          return item(t("seedBandError", { run: run.label, message: b.message }));
        case "overBudget":
          return item(t("seedBandOverBudget", { run: run.label, n: b.seeds, steps: groupDigits(b.steps), max: groupDigits(b.max) }));
      }
    }),
  ];

  return (
    <figure
      className="chart loss-chart"
      data-testid="loss-chart"
      data-points={current === null ? 0 : current.loss.length}
      data-last-loss={lastLoss === null ? undefined : String(lastLoss)}
      data-framed={framed ? "1" : "0"}
      data-y-domain={yDomain === undefined ? undefined : yDomain.join(",")}
      data-seeds={bandSeeds === undefined || bandSeeds === null ? 1 : "band" in bandSeeds ? bandSeeds.band.seeds : bandSeeds.seeds}
      aria-label={t("lossChart")}
    >
      <ChartToolbar options={options} onOptionsChange={onOptionsChange} lang={lang}>
        {frame !== null && (
          <label className="chart-toolbar-item" title={t("fitAllTitle")}>
            <input type="checkbox" data-testid="fitY" checked={options.fitY} onChange={(e) => onOptionsChange({ ...options, fitY: e.target.checked })} />
            {t("fitAll")}
          </label>
        )}
        {theoryAvailable ? (
          <label className="chart-toolbar-item" title={t("theoryToggleTitle")}>
            <input type="checkbox" data-testid="theory" checked={options.theory} onChange={(e) => onOptionsChange({ ...options, theory: e.target.checked })} />
            {t("theoryToggle")}
          </label>
        ) : null}
        {!options.logY && !framed && (
          <label className="chart-toolbar-item" title={t("ignoreOutliersTitle")}>
            <input
              type="checkbox"
              data-testid="ignoreOutliers"
              checked={ignoreOutliers}
              onChange={(e) => setIgnoreOutliers(e.target.checked)}
            />
            {t("ignoreOutliers")}
          </label>
        )}
      </ChartToolbar>
      <ChartLegend items={legend} label={t("lossLegend")} listRef={legendRef} />
      <div className="chart-plot" style={{ height: plotHeight }}>
        <PlotFrame margin={MARGIN} x={xFrame} y={yFrame}>
          {band !== null && <ReferenceBand y1={band[0]} y2={band[1]} fill={BAND_COLOR} stroke={BAND_COLOR} />}
          <SeedBands bands={seedBands} xUnit={unit} logX={options.logX} logY={options.logY} />
          <SeriesPaths lines={lines} />
          <MarkerLines markers={markers} style={MARKER_STYLE} />
          <CalloutLayer callouts={marks} />
          {diverged.map((r) => {
            const x = divergedX(r, options);
            return x === null ? null : <ReferenceRule key={`${r.id}-diverged`} x={x} stroke={DIVERGED_COLOR} />;
          })}
          <HoverReadout lines={lines} unit={t(unit)} digits={4} />
        </PlotFrame>
        {empty && diverged.length === 0 && <p className="chart-empty">{t("noData")}</p>}
        {offView !== null && diverged.length === 0 && (
          <p className="chart-offview" data-testid="off-view">
            {t(offView === "above" ? "aboveView" : "belowView")}{" "}
            <button type="button" className="btn btn-small" onClick={() => onOptionsChange({ ...options, fitY: true })}>
              {t("fitAll")}
            </button>
          </p>
        )}
        {diverged.length > 0 && (
          <div className="chart-alerts">
            {diverged.map((r) =>
              r.diverged === null ? null : (
                <p key={r.id} role="alert" className="chart-alert" data-testid="diverged-notice">
                  {live.length > 1 ? `${r.label}: ` : ""}
                  {t("diverged", { step: r.diverged.step, reason: divergenceReasonIn(r.diverged.reason, lang) })}
                </p>
              ),
            )}
          </div>
        )}
      </div>
      <figcaption className="chart-caption">
        {options.smoothing > 0 ? t("lossCaptionSmoothed", { w: options.smoothing.toFixed(2) }) : t("lossCaption")}
        {lang === "zh" ? "" : " "}
        {t(current === null || current.run.minibatchLoss ? "minibatchCaption" : "noMinibatchCaption")}
        {bandCaption !== null && (
          <>
            {lang === "zh" ? "" : " "}
            {bandCaption}
          </>
        )}
        {drawn.some((d) => d.lossAtY.length > 0) && (lang === "zh" ? "" : " ")}
        {drawn.some((d) => d.lossAtY.length > 0) && t("lossAtYCaption")}
      </figcaption>
    </figure>
  );
});
