// Layers drawn inside a PlotFrame with its axis scales: a redraw while streaming is one `d` string
// per line. (They began inside Recharts charts, whose per-series bookkeeping — its store
// re-registering every line, tooltip and marker on each new data array — cost 55–100 ms a redraw.)

import { memo, useId, useMemo, useRef, useState, type MouseEvent, type ReactElement } from "react";
import { usePlotArea, useXAxisInverseScale, useXAxisScale, useYAxisScale, type FrameAxis } from "./PlotFrame.tsx";
import { formatTick, nearestIndex, svgPath, type EventMarker, type XY } from "./chart-data.ts";
import type { Callout } from "./callouts.ts";
import { chartMessages } from "./chart-messages.ts";
import { axisTickFormatter } from "./tick-format.ts";
import { translator, type Lang } from "../state/i18n.ts";

export interface PlotLine {
  key: string;
  points: readonly XY[];
  stroke: string;
  width: number;
  opacity?: number;
  dash?: string;
  /** Drawn flat until the next point (a schedule's steps). */
  step?: boolean;
  /** Shown in the hover readout under this name; omitted lines are not. */
  name?: string;
}

type AxisId = string | number;

/**
 * The previous array while the new one has the same elements: a domain or tick list rebuilt with the
 * same numbers keeps its identity, so the memoised axes and layers see no change.
 */
export function useStableArray<T>(value: readonly T[] | undefined): readonly T[] | undefined {
  const ref = useRef(value);
  const prev = ref.current;
  if (prev !== value && !(prev !== undefined && value !== undefined && prev.length === value.length && prev.every((v, i) => Object.is(v, value[i])))) {
    ref.current = value;
  }
  return ref.current;
}

/** A chart's x axis over steps or epochs (every streaming chart's): its ticks labelled alike, its title in `lang`. */
export function useStepAxis(domain: readonly number[] | undefined, ticks: readonly number[] | undefined, log: boolean, unit: "step" | "epoch", lang: Lang): FrameAxis {
  return useMemo(
    () => ({ domain, ticks, log, format: axisTickFormatter(ticks), label: translator(chartMessages, lang)(unit === "step" ? "steps" : "epochs") }),
    [domain, ticks, log, unit, lang],
  );
}

/**
 * The value from the last render where `hold` was false (for the same `key`), while `hold` is true.
 * A restarted run has no points for a frame or two; holding its axes meanwhile means a changed
 * setting does not make the axes jump twice (once empty, once with the new points).
 */
export function useHeld<T>(value: T, hold: boolean, key: string): T {
  const ref = useRef<{ key: string; value: T } | null>(null);
  if (!hold || ref.current === null || ref.current.key !== key) ref.current = { key, value };
  return ref.current.value;
}

/** A clip rectangle over the plot area, so lines running past a fixed domain stay inside it. */
function usePlotClip(): { id: string; rect: ReactElement | null } {
  const area = usePlotArea();
  const id = `plot-clip-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const rect =
    area === undefined ? null : (
      <defs>
        <clipPath id={id}>
          <rect x={area.x} y={area.y} width={Math.max(0, area.width)} height={Math.max(0, area.height)} />
        </clipPath>
      </defs>
    );
  return { id, rect };
}

/** The lines on one y axis, each a single precomputed path. */
export const SeriesPaths = memo(function SeriesPaths({ lines, yAxisId = 0 }: { lines: readonly PlotLine[]; yAxisId?: AxisId }) {
  const sx = useXAxisScale();
  const sy = useYAxisScale(yAxisId);
  const clip = usePlotClip();
  const paths = useMemo(() => {
    if (sx === undefined || sy === undefined) return null;
    return lines.map((l) => ({ line: l, d: svgPath(l.points, sx, sy, l.step) }));
  }, [lines, sx, sy]);
  if (paths === null) return null;
  return (
    <g className="plot-lines" clipPath={`url(#${clip.id})`} pointerEvents="none">
      {clip.rect}
      {paths.map(({ line, d }) =>
        d === "" ? null : (
          <path
            key={line.key}
            className="plot-line"
            data-line={line.key}
            d={d}
            fill="none"
            stroke={line.stroke}
            strokeWidth={line.width}
            strokeOpacity={line.opacity}
            strokeDasharray={line.dash}
            strokeLinejoin="round"
          />
        ),
      )}
    </g>
  );
});

export interface MarkerStyle {
  stroke: string;
  manualStroke: string;
  opacity: number;
  /** Labels at most this many markers; beyond it every label is dropped so none pile up. */
  maxLabels: number;
}

/** Decay markers: one dashed path per colour, plus labels when there are few. */
export const MarkerLines = memo(function MarkerLines({ markers, style, yAxisId = 0 }: { markers: readonly EventMarker[]; style: MarkerStyle; yAxisId?: AxisId }) {
  const xMap = useXAxisScale();
  const yMap = useYAxisScale(yAxisId);
  const area = usePlotArea();
  const drawn = useMemo(() => {
    if (xMap === undefined || yMap === undefined || area === undefined) return null;
    const top = area.y;
    const bottom = area.y + area.height;
    let auto = "";
    let manual = "";
    const labels: { x: number; text: string }[] = [];
    const labelled = markers.length <= style.maxLabels;
    for (const m of markers) {
      const px = xMap(m.x);
      if (px === undefined || !Number.isFinite(px) || px < area.x - 0.5 || px > area.x + area.width + 0.5) continue;
      const x = Math.round(px * 10) / 10;
      const seg = `M${x},${top}V${bottom}`;
      if (m.manual) manual += seg;
      else auto += seg;
      if (labelled) labels.push({ x, text: m.label });
    }
    return { auto, manual, labels, top };
  }, [markers, style.maxLabels, xMap, yMap, area]);
  if (drawn === null) return null;
  return (
    <g className="plot-markers" pointerEvents="none">
      {drawn.auto !== "" && <path d={drawn.auto} fill="none" stroke={style.stroke} strokeDasharray="4 3" strokeOpacity={style.opacity} />}
      {drawn.manual !== "" && <path d={drawn.manual} fill="none" stroke={style.manualStroke} strokeDasharray="4 3" strokeOpacity={style.opacity} />}
      {drawn.labels.map((l, i) => (
        <text key={i} className="plot-marker-label" x={l.x + 5} y={drawn.top + 5} dy="0.9em">
          {l.text}
        </text>
      ))}
    </g>
  );
});

/** Pixel height of a callout line of text (14 px type plus leading). */
const CALLOUT_LINE = 18;
/** A label's width estimated from its characters (no DOM: unit tests), in 14 px semibold; CJK glyphs are about twice as wide. */
const estimatedWidth = (text: string): number => {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) > 0x2e80 ? 14 : 7.6;
  return w;
};

let measureContext: CanvasRenderingContext2D | null | undefined;
/** Measured widths by label, for the page language they were measured in (its font stack differs). */
const measured: { lang: string | null; widths: Map<string, number> } = { lang: null, widths: new Map() };
/** Labels carry live values ("settles at 0.53"): the cache starts over past this many. */
const MEASURED_MAX = 500;

/**
 * How wide the marks' labels are drawn: measured on a canvas in the page's own font (no layout),
 * plus the 4 px halo. The estimate alone ran ~10% short in wide fonts (DejaVu Sans), so a label
 * placed "as far right as fits" in a 360-px embed ran past the plot's edge and was cut off. The
 * callouts are placed again on every streamed redraw: the font is read and each label measured
 * only once per page language.
 */
function labelWidths(): (text: string) => number {
  if (measureContext === undefined) measureContext = typeof document === "undefined" ? null : document.createElement("canvas").getContext("2d");
  const ctx = measureContext;
  if (ctx === null) return estimatedWidth;
  const lang = document.documentElement.lang;
  if (measured.lang !== lang || measured.widths.size > MEASURED_MAX) {
    measured.lang = lang;
    measured.widths.clear();
    ctx.font = `600 14px ${getComputedStyle(document.documentElement).fontFamily}`;
  }
  return (text) => {
    let w = measured.widths.get(text);
    if (w === undefined) {
      w = ctx.measureText(text).width + 4;
      measured.widths.set(text, w);
    }
    return w;
  };
}

/**
 * A lesson's marks: a dot in the run's colour on the curve (or a rule through it for decays), and
 * dark text beside it on a white halo, so it reads over the grid and other lines. Text that would
 * leave the plot flips to the other side of its point; text that would cover an earlier label
 * moves down a line.
 */
export const CalloutLayer = memo(function CalloutLayer({ callouts, yAxisId = 0 }: { callouts: readonly Callout[]; yAxisId?: AxisId }) {
  const xMap = useXAxisScale();
  const yMap = useYAxisScale(yAxisId);
  const area = usePlotArea();
  const placed = useMemo(() => {
    if (xMap === undefined || yMap === undefined || area === undefined) return [];
    const left = area.x;
    const right = area.x + area.width;
    const top = area.y;
    const bottom = area.y + area.height;
    const boxes: { x0: number; x1: number; y0: number; y1: number }[] = [];
    const widthOf = labelWidths();
    const out: { c: Callout; px: number; py: number; tx: number; ty: number; anchor: "start" | "end"; inside: boolean; shown: boolean }[] = [];
    for (const c of callouts) {
      const rx = xMap(c.x);
      const ry = yMap(c.y);
      if (rx === undefined || ry === undefined || !Number.isFinite(rx) || !Number.isFinite(ry)) continue;
      const px = Math.max(left, Math.min(right, rx));
      const py = Math.max(top, Math.min(bottom, ry));
      const inside = rx >= left - 0.5 && rx <= right + 0.5 && ry >= top - 0.5 && ry <= bottom + 0.5;
      const w = widthOf(c.text);
      // Right of the point if it fits, else left of it, else (a narrow plot) as far right as fits.
      const fitsRight = px + 8 + w <= right;
      const fitsLeft = px - 8 - w >= left;
      const anchor: "start" | "end" = fitsRight || !fitsLeft ? "start" : "end";
      const tx = fitsRight ? px + 8 : fitsLeft ? px - 8 : Math.max(left + 2, right - w);
      const x0 = anchor === "start" ? tx : tx - w;
      // Above the point when there is room, else below it; if that covers an earlier label, the
      // nearest free line above or below (within the plot) instead.
      const clampY = (y: number) => Math.max(top, Math.min(bottom - CALLOUT_LINE, y));
      const first = clampY(c.kind === "start" ? top + CALLOUT_LINE : py - 10 - CALLOUT_LINE < top ? py + 10 : py - 10 - CALLOUT_LINE);
      const free = (y: number) => !boxes.some((b) => x0 < b.x1 && x0 + w > b.x0 && y < b.y1 && y + CALLOUT_LINE > b.y0);
      let ty = first;
      for (let k = 1; k <= 12 && !free(ty); k++) {
        const down = clampY(first + k * CALLOUT_LINE);
        const up = clampY(first - k * CALLOUT_LINE);
        ty = free(down) ? down : free(up) ? up : first;
        if (free(ty)) break;
      }
      // A label wider than the plot, or with no free line left (a small embed, a phone), is left out
      // rather than drawn over another: its dot or rule stays.
      const shown = w <= right - left && free(ty);
      if (shown) boxes.push({ x0, x1: x0 + w, y0: ty, y1: ty + CALLOUT_LINE });
      out.push({ c, px, py, tx, ty, anchor, inside, shown });
    }
    return out.map((p) => ({ ...p, top, bottom }));
  }, [callouts, xMap, yMap, area]);
  if (placed.length === 0) return null;
  return (
    <g className="plot-callouts" pointerEvents="none">
      {placed.map(({ c, px, py, tx, ty, anchor, inside, shown, top, bottom }) => (
        <g key={c.key} className="plot-callout" data-kind={c.kind} data-value={String(c.value)} data-x={String(c.x)} data-lr={c.lr === undefined ? undefined : String(c.lr)} data-shown={shown ? "1" : "0"}>
          {c.rule === true && <line x1={px} x2={px} y1={top} y2={bottom} stroke={c.color} strokeWidth={1.5} strokeDasharray="4 3" />}
          {c.kind !== "start" && inside && <circle cx={px} cy={py} r={4.5} fill={c.color} stroke="#fff" strokeWidth={1.5} />}
          {shown && (
            <text className="plot-callout-text" x={tx} y={ty} dy="0.95em" textAnchor={anchor}>
              {c.text}
            </text>
          )}
        </g>
      ))}
    </g>
  );
});

interface Readout {
  /** The cursor in chart pixels. */
  px: number;
  py: number;
}

/**
 * A tooltip's content, drawn only while the pointer is over the plot: a cursor line
 * and each named line's nearest value. Its state lives here, so hovering redraws nothing else.
 */
export const HoverReadout = memo(function HoverReadout({
  lines,
  unit,
  digits,
}: {
  lines: readonly PlotLine[];
  unit: string;
  digits: number;
}) {
  const area = usePlotArea();
  const invert = useXAxisInverseScale();
  const xMap = useXAxisScale();
  const [hover, setHover] = useState<Readout | null>(null);
  if (area === undefined || invert === undefined || xMap === undefined) return null;
  const onMove = (e: MouseEvent<SVGRectElement>) => {
    const svg = e.currentTarget.ownerSVGElement;
    if (svg === null) return;
    const box = svg.getBoundingClientRect();
    setHover({ px: e.clientX - box.left, py: e.clientY - box.top });
  };
  let content: ReactElement | null = null;
  if (hover !== null) {
    const xv = Number(invert(hover.px));
    const named = lines.filter((l) => l.name !== undefined && l.points.length > 0);
    const rows: { name: string; color: string; value: string }[] = [];
    let snapX: number | null = null;
    for (const l of named) {
      const i = nearestIndex(l.points, xv);
      if (i < 0) continue;
      const p = l.points[i];
      if (snapX === null) snapX = p.x;
      rows.push({ name: l.name as string, color: l.stroke, value: p.y.toPrecision(digits) });
    }
    if (rows.length > 0 && snapX !== null) {
      const cx = xMap(snapX) ?? hover.px;
      const lineH = 18;
      const w = 12 + Math.max(`${unit} ${formatTick(snapX)}`.length, ...rows.map((r) => r.name.length + r.value.length + 2)) * 7;
      const h = 10 + lineH * (rows.length + 1);
      const left = cx + 12 + w > area.x + area.width ? cx - 12 - w : cx + 12;
      const top = Math.max(area.y, Math.min(hover.py - h / 2, area.y + area.height - h));
      content = (
        <g className="plot-readout" pointerEvents="none">
          <line x1={cx} x2={cx} y1={area.y} y2={area.y + area.height} stroke="#94a3b8" />
          <rect x={left} y={top} width={w} height={h} rx={4} className="plot-readout-box" />
          <text x={left + 6} y={top + 5}>
            <tspan x={left + 6} dy="1.1em" className="plot-readout-label">
              {unit} {formatTick(snapX)}
            </tspan>
            {rows.map((r, i) => (
              <tspan key={i} x={left + 6} dy={lineH} fill={r.color}>
                {r.name}: {r.value}
              </tspan>
            ))}
          </text>
        </g>
      );
    }
  }
  return (
    <g className="plot-hover">
      {content}
      <rect
        x={area.x}
        y={area.y}
        width={Math.max(0, area.width)}
        height={Math.max(0, area.height)}
        fill="transparent"
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
      />
    </g>
  );
});
