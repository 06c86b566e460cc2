import { useMemo, useRef } from "react";
import { PlotFrame, type FrameYAxis } from "./PlotFrame.tsx";
import { keepAxis, niceAxis, type NiceAxis, type XY } from "./chart-data.ts";
import { HoverReadout, SeriesPaths, useStableArray, useStepAxis, type PlotLine } from "./PlotLayers.tsx";
import { previewLine, previewXAxis, schedulePoints } from "./schedule-points.ts";
import type { Policy } from "../engine/types.ts";
import { translator, type Lang } from "../state/i18n.ts";
import { chartMessages } from "./chart-messages.ts";
import { LR_COLOR } from "../state/palette.ts";
import { useAfterIdle } from "./use-after-idle.ts";
import { axisTickFormatter } from "./tick-format.ts";
import "./charts.css";

interface Props {
  policy: Policy;
  baseLr: number;
  /** Ticks to draw: epochs for `unit: "epoch"`, steps for `unit: "step"`. */
  ticks: number;
  height?: number;
  /** At most this many points are evaluated (ticks are sampled evenly beyond it). */
  maxPoints?: number;
  lang?: Lang;
}

const MARGIN = { top: 8, right: 16, bottom: 16, left: 4 };

/**
 * lr(t) over the run, drawn by the same engine functions that drive training. A linear y axis, so
 * linear decay looks linear and cosine looks like a cosine.
 *
 * Redrawn on every tick of a dragged slider, so it is drawn like the live charts: one precomputed
 * path on axes that stay put while the curve still fills at least half of them.
 */
export function SchedulePreview({ policy, baseLr, ticks, height = 160, maxPoints, lang = "en" }: Props) {
  const t = translator(chartMessages, lang);
  const ready = useAfterIdle();
  const unit = policy.unit === "epoch" ? "epoch" : "step";
  const points = useMemo<XY[]>(() => previewLine(schedulePoints(policy, baseLr, ticks, maxPoints), ticks), [policy, baseLr, ticks, maxPoints]);
  // The whole run, 0 to its last tick's end, whatever the policy (see previewXAxis).
  const x = useMemo(() => previewXAxis(ticks), [ticks]);
  const lastY = useRef<NiceAxis | null>(null);
  const y = useMemo(() => {
    const top = points.reduce((m, p) => Math.max(m, p.y), 0);
    const axis = keepAxis(lastY.current, 0, top, false) ? lastY.current : niceAxis(0, top, 4);
    lastY.current = axis;
    return axis;
  }, [points]);
  const xTicks = useStableArray(x.ticks);
  const xDomain = useStableArray(x.domain);
  const yDomain = useStableArray(y.domain);
  const yTicks = useStableArray(y.ticks);
  const lines = useMemo<PlotLine[]>(() => [{ key: "lr", points, stroke: LR_COLOR, width: 2, step: true, name: "lr" }], [points]);
  const xFrame = useStepAxis(xDomain, xTicks, false, unit, lang);
  const yFrame = useMemo<readonly FrameYAxis[]>(() => [{ id: 0, domain: yDomain, ticks: yTicks, format: axisTickFormatter(yTicks), width: 56 }], [yDomain, yTicks]);
  return (
    <figure className="chart schedule-preview" aria-label={t("preview", { unit: t(unit), kind: policy.kind })} data-testid="schedule-preview">
      {ready ? (
        <PlotFrame margin={MARGIN} x={xFrame} y={yFrame} height={height}>
          <SeriesPaths lines={lines} />
          <HoverReadout lines={lines} unit={t(unit)} digits={4} />
        </PlotFrame>
      ) : (
        <div style={{ height }} />
      )}
    </figure>
  );
}
