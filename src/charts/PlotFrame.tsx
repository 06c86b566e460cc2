// The frame of the streaming charts (loss, lr, schedule preview): an SVG sized to its box, with a
// grid, an x axis and one y axis per side, and the plot area and scales handed to the layers drawn
// inside it (PlotLayers.tsx, SeedBands.tsx) through context. Why this is not Recharts: plot-scale.ts.

import { createContext, memo, useContext, useLayoutEffect, useMemo, useRef, useState, type ReactElement, type ReactNode, type RefObject } from "react";
import { TICK_FONT_PX, X_AXIS_HEIGHT, labelledTicks, makeScale, plotArea, xLabelExtent, yLabelExtent, type Margin, type PlotArea, type Scale, type ScaleFn } from "./plot-scale.ts";

export interface FrameAxis {
  /** [min, max]; undefined while there is nothing to scale (no ticks or lines are drawn then). */
  domain: readonly number[] | undefined;
  ticks: readonly number[] | undefined;
  log?: boolean;
  format: (v: number) => string;
  /** The axis title: under the x axis, along a y axis. */
  label?: string;
}

export interface FrameYAxis extends FrameAxis {
  id: string | number;
  /** Room for the tick labels (and title). */
  width: number;
  side?: "left" | "right";
  /** Ticks, title and line in the figure's `--accent-axis` colour (a series' own axis). */
  accent?: boolean;
}

interface FrameGeometry {
  area: PlotArea;
  x: Scale | undefined;
  y: ReadonlyMap<string | number, Scale | undefined>;
}

const FrameContext = createContext<FrameGeometry | null>(null);

/** The plot area inside the frame; undefined outside one or before it is measured. */
export const usePlotArea = (): PlotArea | undefined => useContext(FrameContext)?.area;
export const useXAxisScale = (): ScaleFn | undefined => useContext(FrameContext)?.x?.map;
export const useXAxisInverseScale = (): ((px: number) => number) | undefined => useContext(FrameContext)?.x?.invert;
export const useYAxisScale = (id: string | number = 0): ScaleFn | undefined => useContext(FrameContext)?.y.get(id)?.map;

const TICK = 6;
const TICK_GAP = 2;

interface Tick {
  px: number;
  text: string | null;
}

/** The ticks of an axis that fall on the plot (half a pixel of slack), with the labels that fit. */
function axisTicks(axis: FrameAxis, scale: Scale | undefined, lo: number, hi: number, isX: boolean, fontPx: number): Tick[] {
  if (scale === undefined || axis.ticks === undefined) return [];
  const placed: { px: number; v: number }[] = [];
  for (const v of axis.ticks) {
    const px = scale.map(v);
    if (px !== undefined && px >= Math.min(lo, hi) - 0.5 && px <= Math.max(lo, hi) + 0.5) placed.push({ px, v });
  }
  const texts = placed.map((p) => axis.format(p.v));
  const extent = isX ? Math.max(0, ...texts.map((text) => xLabelExtent(text, fontPx))) : yLabelExtent(fontPx);
  const keep = labelledTicks(
    placed.map((p) => p.px),
    extent,
  );
  return placed.map((p, i) => ({ px: Math.round(p.px * 10) / 10, text: keep[i] ? texts[i] : null }));
}

const GRID_STROKE = "var(--grid, #e2e8f0)";

function Grid({ area, xTicks, yTicks }: { area: PlotArea; xTicks: readonly Tick[]; yTicks: readonly Tick[] }) {
  let d = "";
  for (const t of xTicks) d += `M${t.px},${area.y}V${area.y + area.height}`;
  for (const t of yTicks) d += `M${area.x},${t.px}H${area.x + area.width}`;
  return <path className="plot-grid" d={d} fill="none" stroke={GRID_STROKE} strokeDasharray="3 3" />;
}

function XAxisView({ area, ticks, label, below }: { area: PlotArea; ticks: readonly Tick[]; label?: string; below: number }) {
  const y = area.y + area.height;
  return (
    <g className="plot-axis plot-axis-x">
      <line className="plot-axis-line" x1={area.x} x2={area.x + area.width} y1={y} y2={y} />
      {ticks.map((t) => (
        <g key={t.px}>
          <line className="plot-axis-tick-line" x1={t.px} x2={t.px} y1={y} y2={y + TICK} />
          {t.text !== null && (
            <text className="plot-axis-tick-value" x={t.px} y={y + TICK + TICK_GAP} dy="0.71em" textAnchor="middle">
              {t.text}
            </text>
          )}
        </g>
      ))}
      {label !== undefined && (
        <text className="plot-axis-label" x={area.x + area.width / 2} y={y + X_AXIS_HEIGHT + Math.min(14, below - 4)} textAnchor="middle">
          {label}
        </text>
      )}
    </g>
  );
}

function YAxisView({ area, axis, ticks, fontPx }: { area: PlotArea; axis: FrameYAxis; ticks: readonly Tick[]; fontPx: number }) {
  const right = axis.side === "right";
  const x = right ? area.x + area.width : area.x;
  const out = right ? 1 : -1;
  const textClass = axis.accent === true ? "plot-axis-tick-value axis-accent" : "plot-axis-tick-value";
  // The title sits at the outer edge of the axis's width, reading up on the left and down on the
  // right; a plot too short for all of it shows none of it.
  const titleX = x + out * (axis.width - 12);
  const titleY = area.y + area.height / 2;
  return (
    <g className={`plot-axis plot-axis-y${axis.accent === true ? " plot-axis-accent" : ""}`} data-axis={String(axis.id)}>
      <line className="plot-axis-line" x1={x} x2={x} y1={area.y} y2={area.y + area.height} />
      {ticks.map((t) => (
        <g key={t.px}>
          <line className="plot-axis-tick-line" x1={x} x2={x + out * TICK} y1={t.px} y2={t.px} />
          {t.text !== null && (
            <text className={textClass} x={x + out * (TICK + TICK_GAP)} y={t.px} dy="0.355em" textAnchor={right ? "start" : "end"}>
              {t.text}
            </text>
          )}
        </g>
      ))}
      {axis.label !== undefined && xLabelExtent(axis.label, fontPx) <= area.height && (
        <text
          className={axis.accent === true ? "plot-axis-label axis-accent" : "plot-axis-label"}
          x={titleX}
          y={titleY}
          textAnchor="middle"
          transform={`rotate(${right ? 90 : -90} ${titleX} ${titleY})`}
        >
          {axis.label}
        </text>
      )}
    </g>
  );
}

interface BoxSize {
  width: number;
  height: number;
  /** The tick labels' font size, read from `--plot-tick-px` with the size (it changes with the layout). */
  fontPx: number;
}

/**
 * Watches the box's size: the frame draws once it is known, and again whenever it changes. Read from
 * ResizeObserver entries only, which come after the browser's own layout: measuring in a layout
 * effect forced a synchronous layout of the whole page per chart on a cold load (180 ms of main
 * thread on the 2-core machine, found with a CPU profile; issue #16).
 */
function useBoxSize(): { ref: RefObject<HTMLDivElement | null>; size: BoxSize | null } {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<BoxSize | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (box === undefined) return;
      const width = Math.floor(box.width);
      const height = Math.floor(box.height);
      const fontPx = Number.parseFloat(getComputedStyle(el).getPropertyValue("--plot-tick-px")) || TICK_FONT_PX;
      setSize((s) => (s !== null && s.width === width && s.height === height && s.fontPx === fontPx ? s : { width, height, fontPx }));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return { ref, size };
}

/** A key that changes only when an axis's scale does (its arrays may be rebuilt with the same numbers). */
const scaleKey = (a: FrameAxis): string => `${a.log === true ? "log" : "lin"}:${a.domain === undefined ? "-" : a.domain.join(",")}`;

interface PlotFrameProps {
  margin: Margin;
  x: FrameAxis;
  /** At most one axis per side; the first one's ticks draw the horizontal grid. */
  y: readonly FrameYAxis[];
  /** The frame's height (a number of pixels or a CSS length); it fills its parent when omitted. */
  height?: number | string;
  children?: ReactNode;
}

export const PlotFrame = memo(function PlotFrame({ margin, x, y, height = "100%", children }: PlotFrameProps): ReactElement {
  const { ref, size } = useBoxSize();
  const left = y.find((a) => a.side !== "right");
  const right = y.find((a) => a.side === "right");
  const w = size?.width ?? 0;
  const h = size?.height ?? 0;
  const area = useMemo(
    () => plotArea(w, h, margin, left?.width ?? 0, right?.width ?? 0),
    [w, h, margin, left?.width, right?.width],
  );
  const xKey = scaleKey(x);
  const yKey = y.map((a) => `${String(a.id)}=${scaleKey(a)}`).join("|");
  // Rebuilt only when the area or a domain moves, so the layers' memoised paths survive other renders.
  const geometry = useMemo<FrameGeometry>(
    () => ({
      area,
      x: makeScale(x.domain, area.x, area.x + area.width, x.log === true),
      y: new Map(y.map((a) => [a.id, makeScale(a.domain, area.y + area.height, area.y, a.log === true)])),
    }),
    // The keys stand for the domains' values.
    [area, xKey, yKey],
  );
  const fontPx = size?.fontPx ?? TICK_FONT_PX;
  const xTicks = axisTicks(x, geometry.x, area.x, area.x + area.width, true, fontPx);
  const yTicks = y.map((a) => axisTicks(a, geometry.y.get(a.id), area.y, area.y + area.height, false, fontPx));
  const drawn = size !== null && size.width > 0 && size.height > 0;
  return (
    <div ref={ref} className="plot-frame" style={{ width: "100%", height }}>
      {drawn && (
        <svg className="plot-surface" width={w} height={h} viewBox={`0 0 ${w} ${h}`}>
          <Grid area={area} xTicks={xTicks} yTicks={yTicks[0] ?? []} />
          <XAxisView area={area} ticks={xTicks} label={x.label} below={margin.bottom} />
          {y.map((a, i) => (
            <YAxisView key={String(a.id)} area={area} axis={a} ticks={yTicks[i]} fontPx={fontPx} />
          ))}
          <FrameContext.Provider value={geometry}>{children}</FrameContext.Provider>
        </svg>
      )}
    </div>
  );
});

/** A horizontal band between two values of a y axis (a lesson's "rattles here" band), clipped to the plot. */
export function ReferenceBand({ y1, y2, yAxisId = 0, fill, stroke }: { y1: number; y2: number; yAxisId?: string | number; fill: string; stroke: string }) {
  const area = usePlotArea();
  const sy = useYAxisScale(yAxisId);
  if (area === undefined || sy === undefined) return null;
  const a = sy(y1);
  const b = sy(y2);
  if (a === undefined || b === undefined) return null;
  const top = Math.max(area.y, Math.min(a, b));
  const bottom = Math.min(area.y + area.height, Math.max(a, b));
  if (bottom <= top) return null;
  return (
    <rect
      className="plot-reference-area"
      x={area.x}
      y={top}
      width={area.width}
      height={bottom - top}
      fill={fill}
      fillOpacity={0.1}
      stroke={stroke}
      strokeOpacity={0.35}
      strokeDasharray="2 4"
      pointerEvents="none"
    />
  );
}

/** A vertical rule at `x` across the plot (where a run diverged), when `x` is on it. */
export function ReferenceRule({ x, stroke }: { x: number; stroke: string }) {
  const area = usePlotArea();
  const sx = useXAxisScale();
  if (area === undefined || sx === undefined) return null;
  const px = sx(x);
  if (px === undefined || px < area.x - 0.5 || px > area.x + area.width + 0.5) return null;
  return <line className="plot-reference-line" x1={px} x2={px} y1={area.y} y2={area.y + area.height} stroke={stroke} strokeWidth={2} strokeDasharray="6 3" pointerEvents="none" />;
}
