// The loss surface of a 2-D problem as a heat map with contours, and the optimizer's path drawn
// live on top: start, path, points where the rate decayed, the current point, and pinned runs'
// paths in their colours. One <canvas>, not SVG nodes: a path of 20,000 points redrawn 15 times a
// second would be 20,000 DOM nodes to diff. The heat map and contours are computed once per
// problem (and canvas size) into an offscreen canvas; each redraw copies it and draws the paths.
// Like the other charts it is a pure function of its props; it never reads the store.

import { useEffect, useMemo, useRef, useState, type MouseEvent } from "react";
import type { CustomSurface } from "../engine/custom-config.ts";
import { createProblem } from "../engine/problems/index.ts";
import type { Bounds, Grid, ProblemId } from "../engine/problems/problem.ts";
import { SurfaceProblem } from "../engine/problems/surfaces.ts";
import { indexAtStep, type TrajectoryData } from "../engine/trajectory.ts";
import {
  clampPx,
  colorAt,
  contourLevels,
  contourSegments,
  heatmapRgba,
  logScale,
  niceTicks,
  roundToView,
  scaleZ,
  viewTransform,
  type LogScale,
  type ViewTransform,
} from "./surface-math.ts";
import { DIVERGED_COLOR } from "../state/palette.ts";

export interface SurfacePath {
  id: string;
  color: string;
  data: TrajectoryData;
}

export interface SurfaceViewProps {
  problem: ProblemId;
  /** The Custom problem's surface (its expression must be compiled and registered). */
  custom?: CustomSurface;
  /** Identifies the live run: a new id clears the path layer. */
  runId: number;
  /** Where the run started (the first point of the live path). */
  start: readonly [number, number];
  /** The live run's kept path (views; read during the redraw only). */
  live: TrajectoryData;
  /** The latest point, exact even when the path is thinned; null before the first step. */
  current: { step: number; x: number; y: number } | null;
  /** Steps (1-based) that first used a new rate: marked where the path was when the rate changed. */
  decaySteps: readonly number[];
  diverged: boolean;
  pinned: readonly SurfacePath[];
  /** Redraw key: the store's snapshot version (about 15 Hz while a run streams). */
  version: number;
  /** Called with a clicked point (rounded for the link). */
  onPick?: (x: number, y: number) => void;
  /** Accessible name of the map. */
  label: string;
  /** Accessible name of the minimum marker ("known minimum"). */
  minimumLabel?: string;
}

const GRID_N = 160;
const CONTOURS = 14;
const DECAY_COLOR = "#e69f00"; // Okabe-Ito orange: apart from viridis and the vermillion current point
const PATH_COLOR = "#ffffff";
const HALO_COLOR = "#000000";
/** Latest kept points drawn bold; older ones are drawn thinner, still with a dark outline. */
const TAIL = 200;
/** Room around the map for the axes (CSS px). */
const AXIS = { left: 44, right: 12, top: 10, bottom: 36 } as const;
const TICK_FONT = 14;

interface SurfaceData {
  grid: Grid;
  bounds: Bounds;
  image: Uint8ClampedArray;
  contours: Float64Array[];
  scale: LogScale;
  /** The problem's known minima (x, y). */
  minima: readonly (readonly [number, number])[];
}

const surfaceCache = new Map<string, SurfaceData>();
/** Custom surfaces kept (each is a 160 × 160 grid and its image); the oldest goes first. */
const MAX_CUSTOM_CACHED = 8;

/** What a surface's drawing depends on: the problem id, and a Custom problem's expression and view. */
function surfaceKey(problem: ProblemId, custom: CustomSurface | undefined): string {
  return problem === "custom" && custom !== undefined ? JSON.stringify([custom.f, custom.bounds]) : problem;
}

/**
 * The problem's heat map and contours, computed once per problem id — or per expression and view
 * for the Custom problem (the shape does not depend on seed or start).
 */
function surfaceData(problem: ProblemId, custom?: CustomSurface): SurfaceData | null {
  const key = surfaceKey(problem, custom);
  const hit = surfaceCache.get(key);
  if (hit !== undefined) return hit;
  const p = problem === "custom" && custom !== undefined ? createProblem("custom", 1, { expression: custom.f, bounds: custom.bounds }) : createProblem(problem, 1);
  if (p.grid === undefined || p.bounds === undefined) return null;
  const grid = p.grid(GRID_N, GRID_N);
  const scale = logScale(grid.z);
  const data: SurfaceData = {
    grid,
    bounds: p.bounds,
    image: heatmapRgba(grid, scale),
    contours: contourLevels(scale, CONTOURS).map((level) => contourSegments(grid, level)),
    scale,
    minima: p instanceof SurfaceProblem ? p.minima : [],
  };
  if (problem === "custom") {
    const customKeys = [...surfaceCache.keys()].filter((k) => k.startsWith("["));
    if (customKeys.length >= MAX_CUSTOM_CACHED) surfaceCache.delete(customKeys[0]);
  }
  surfaceCache.set(key, data);
  return data;
}

/** The heat map and contour lines at the canvas's pixel size, drawn once into an offscreen canvas. */
function renderBackground(data: SurfaceData, size: number, dpr: number): HTMLCanvasElement {
  const small = document.createElement("canvas");
  small.width = data.grid.xs.length;
  small.height = data.grid.ys.length;
  const sctx = small.getContext("2d");
  const bg = document.createElement("canvas");
  bg.width = size;
  bg.height = size;
  const ctx = bg.getContext("2d");
  if (sctx === null || ctx === null) return bg;
  const img = sctx.createImageData(small.width, small.height);
  img.data.set(data.image);
  sctx.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  // Grid nodes sit on the bounds; stretching the image by half a cell each way puts node centres there.
  const cell = size / (small.width - 1);
  ctx.drawImage(small, -cell / 2, -cell / 2, size + cell, size + cell);
  const t = viewTransform(data.bounds, size, size);
  ctx.strokeStyle = "rgba(255, 255, 255, 0.45)";
  ctx.lineWidth = Math.max(1, 0.8 * dpr);
  ctx.beginPath();
  for (const seg of data.contours) {
    for (let k = 0; k < seg.length; k += 4) {
      ctx.moveTo(t.px(seg[k]), t.py(seg[k + 1]));
      ctx.lineTo(t.px(seg[k + 2]), t.py(seg[k + 3]));
    }
  }
  ctx.stroke();
  return bg;
}

/**
 * Builds the path through `start`, the kept points and `end`, skipping points less than `minPx`
 * from the last one emitted: a converging run piles thousands of points into a few pixels, and
 * stroking those sub-pixel segments (with round joins, on a software canvas) cost ~130 ms for
 * 14,000 points; skipped they cost nothing visible.
 */
function tracePath(
  ctx: CanvasRenderingContext2D,
  t: ViewTransform,
  start: readonly [number, number] | null,
  d: TrajectoryData,
  end: { x: number; y: number } | null,
  minPx: number,
  from = 0,
): number {
  const w = t.width;
  ctx.beginPath();
  let first = true;
  let lastX = 0;
  let lastY = 0;
  let emitted = 0;
  const to = (x: number, y: number, force: boolean) => {
    const px = clampPx(t.px(x), w);
    const py = clampPx(t.py(y), w);
    if (first) {
      ctx.moveTo(px, py);
      first = false;
    } else if (force || Math.abs(px - lastX) + Math.abs(py - lastY) >= minPx) ctx.lineTo(px, py);
    else return;
    lastX = px;
    lastY = py;
    emitted++;
  };
  if (start !== null) to(start[0], start[1], true);
  const n = d.x.length;
  for (let i = Math.max(0, from); i < n; i++) to(d.x[i], d.y[i], end === null && i === n - 1);
  if (end !== null) to(end.x, end.y, true);
  return emitted;
}

/**
 * The whole live path in two canvases, a white line and its dark outline (so it shows on every
 * colour of the map), updated with only the points added since the last frame.
 */
interface Trail {
  canvas: HTMLCanvasElement;
  halo: HTMLCanvasElement;
  key: string;
  /** Kept points already drawn. */
  count: number;
  lastPx: number;
  lastPy: number;
  /** Length of the drawn path in CSS px (exposed for tests). */
  length: number;
}

/**
 * Appends the new points of `live` to the trail, or starts it over when the run, the canvas size or
 * the path's thinning (its second kept step changes when the trajectory halves) changed. Drawn
 * opaque and composited translucent, because stroking one long self-crossing path with alpha on a
 * software canvas cost 40-110 ms a frame.
 */
function updateTrail(prev: Trail | null, key: string, t: ViewTransform, start: readonly [number, number], live: TrajectoryData, dpr: number): Trail {
  const n = live.x.length;
  let tr = prev;
  if (tr === null || tr.key !== key || n < tr.count) {
    const canvas = tr?.canvas ?? document.createElement("canvas");
    const halo = tr?.halo ?? document.createElement("canvas");
    for (const c of [canvas, halo]) {
      c.width = t.width;
      c.height = t.height;
    }
    tr = { canvas, halo, key, count: 0, lastPx: clampPx(t.px(start[0]), t.width), lastPy: clampPx(t.py(start[1]), t.height), length: 0 };
  }
  const ctx = tr.canvas.getContext("2d");
  const hctx = tr.halo.getContext("2d");
  if (ctx === null || hctx === null || n === tr.count) return tr;
  for (const c of [ctx, hctx]) {
    c.lineJoin = "round";
    c.lineCap = "round";
    c.beginPath();
    c.moveTo(tr.lastPx, tr.lastPy);
  }
  for (let i = tr.count; i < n; i++) {
    const px = clampPx(t.px(live.x[i]), t.width);
    const py = clampPx(t.py(live.y[i]), t.height);
    if (i === n - 1 || Math.abs(px - tr.lastPx) + Math.abs(py - tr.lastPy) >= dpr) {
      ctx.lineTo(px, py);
      hctx.lineTo(px, py);
      tr.length += Math.hypot(px - tr.lastPx, py - tr.lastPy) / dpr;
      tr.lastPx = px;
      tr.lastPy = py;
    }
  }
  hctx.strokeStyle = HALO_COLOR;
  hctx.lineWidth = 4 * dpr;
  hctx.stroke();
  ctx.strokeStyle = PATH_COLOR;
  ctx.lineWidth = 2 * dpr;
  ctx.stroke();
  tr.count = n;
  return tr;
}

/** Pinned runs' paths, dashed in their colours, with a dot where each ended. */
function renderPinned(pinned: readonly SurfacePath[], bounds: Bounds, size: number, dpr: number): HTMLCanvasElement | null {
  if (pinned.length === 0) return null;
  const layer = document.createElement("canvas");
  layer.width = size;
  layer.height = size;
  const ctx = layer.getContext("2d");
  if (ctx === null) return null;
  const t = viewTransform(bounds, size, size);
  ctx.lineJoin = "round";
  for (const p of pinned) {
    const n = p.data.x.length;
    if (n === 0) continue;
    tracePath(ctx, t, null, p.data, null, 1.5 * dpr);
    ctx.setLineDash([5 * dpr, 4 * dpr]);
    ctx.strokeStyle = p.color;
    ctx.lineWidth = 1.8 * dpr;
    ctx.stroke();
    ctx.setLineDash([]);
    dot(ctx, clampPx(t.px(p.data.x[n - 1]), size), clampPx(t.py(p.data.y[n - 1]), size), 3.5 * dpr, p.color, "#000", 1 * dpr);
  }
  return layer;
}

function dot(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, fill: string | null, stroke: string, lw: number): void {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  if (fill !== null) {
    ctx.fillStyle = fill;
    ctx.fill();
  }
  ctx.strokeStyle = stroke;
  ctx.lineWidth = lw;
  ctx.stroke();
}

export function SurfaceView(props: SurfaceViewProps) {
  const { problem, custom, runId, start, live, current, decaySteps, diverged, pinned, version, onPick, label, minimumLabel } = props;
  const key = surfaceKey(problem, custom);
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [cssSize, setCssSize] = useState(0);
  const maxDrawMs = useRef(0);
  const dpr = typeof window === "undefined" ? 1 : Math.min(2, window.devicePixelRatio || 1);
  const size = Math.max(1, Math.round(cssSize * dpr));

  useEffect(() => {
    const el = wrapRef.current;
    if (el === null) return;
    const measure = () => setCssSize(Math.max(0, Math.floor(el.getBoundingClientRect().width) - AXIS.left - AXIS.right));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // `key` stands for problem and custom: the data change exactly when it does.
  const data = useMemo(() => surfaceData(problem, custom), [key]);
  const background = useMemo(() => (data === null || cssSize === 0 ? null : renderBackground(data, size, dpr)), [data, size, dpr, cssSize]);
  // Pinned paths never change: drawn once per pin list (dashed strokes of 20,000 points are slow).
  const pinnedLayer = useMemo(() => (data === null || cssSize === 0 ? null : renderPinned(pinned, data.bounds, size, dpr)), [pinned, data, size, dpr, cssSize]);
  const trailRef = useRef<Trail | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext("2d") ?? null;
    if (canvas === null || ctx === null || background === null || data === null) return;
    const t0 = performance.now();
    if (canvas.width !== size) canvas.width = size;
    if (canvas.height !== size) canvas.height = size;
    const t = viewTransform(data.bounds, size, size);
    ctx.drawImage(background, 0, 0);
    ctx.lineJoin = "round";
    ctx.lineCap = "round";

    if (pinnedLayer !== null) ctx.drawImage(pinnedLayer, 0, 0);

    // The live path: a white line with a dark outline, so it shows on every colour of the map. All
    // of it a little translucent (a long run rattling around a minimum becomes a cloud that still
    // shows the map), its latest TAIL points bold and opaque.
    const n = live.x.length;
    const trail = updateTrail(trailRef.current, `${runId}|${size}|${key}|${n > 1 ? live.step[1] : 0}`, t, start, live, dpr);
    trailRef.current = trail;
    if (n > TAIL) {
      ctx.globalAlpha = 0.5;
      ctx.drawImage(trail.halo, 0, 0);
      ctx.globalAlpha = 0.8;
      ctx.drawImage(trail.canvas, 0, 0);
      ctx.globalAlpha = 1;
    }
    const drawn = tracePath(ctx, t, n > TAIL ? null : start, live, current, dpr, n - TAIL);
    ctx.strokeStyle = "rgba(0, 0, 0, 0.8)";
    ctx.lineWidth = 5.5 * dpr;
    ctx.stroke();
    ctx.strokeStyle = PATH_COLOR;
    ctx.lineWidth = 2.5 * dpr;
    ctx.stroke();

    for (const step of decaySteps) {
      // The rate changed after step - 1: mark where the path was then.
      const i = indexAtStep(live.step, step - 1);
      const x = i < 0 ? start[0] : live.x[i];
      const y = i < 0 ? start[1] : live.y[i];
      const px = clampPx(t.px(x), size);
      const py = clampPx(t.py(y), size);
      const r = 5 * dpr;
      ctx.beginPath();
      ctx.moveTo(px, py - r);
      ctx.lineTo(px + r, py);
      ctx.lineTo(px, py + r);
      ctx.lineTo(px - r, py);
      ctx.closePath();
      ctx.fillStyle = DECAY_COLOR;
      ctx.fill();
      ctx.strokeStyle = "#000";
      ctx.lineWidth = 1 * dpr;
      ctx.stroke();
    }

    dot(ctx, t.px(start[0]), t.py(start[1]), 5 * dpr, null, "#fff", 2 * dpr);
    if (current !== null) {
      const px = clampPx(t.px(current.x), size);
      const py = clampPx(t.py(current.y), size);
      if (diverged) {
        const r = 6 * dpr;
        ctx.strokeStyle = DIVERGED_COLOR;
        ctx.lineWidth = 3 * dpr;
        ctx.beginPath();
        ctx.moveTo(px - r, py - r);
        ctx.lineTo(px + r, py + r);
        ctx.moveTo(px + r, py - r);
        ctx.lineTo(px - r, py + r);
        ctx.stroke();
      } else dot(ctx, px, py, 5.5 * dpr, DIVERGED_COLOR, "#fff", 2 * dpr);
    }
    const ms = performance.now() - t0;
    // Exposed for the e2e check and benchmarks: the last and the slowest redraw.
    maxDrawMs.current = Math.max(maxDrawMs.current, ms);
    canvas.dataset.drawMs = ms.toFixed(2);
    canvas.dataset.maxDrawMs = maxDrawMs.current.toFixed(2);
    canvas.dataset.drawnPoints = String(drawn);
    canvas.dataset.pathLength = trail.length.toFixed(1);
  }, [background, pinnedLayer, data, size, dpr, runId, key, start, live, current, decaySteps, diverged, version]);

  const pick = (e: MouseEvent<HTMLCanvasElement>) => {
    if (onPick === undefined || data === null) return;
    // Offsets from the padding box, so the border does not shift the picked point.
    const el = e.currentTarget;
    if (el.clientWidth === 0 || el.clientHeight === 0) return;
    const t = viewTransform(data.bounds, el.clientWidth, el.clientHeight);
    onPick(roundToView(t.wx(e.nativeEvent.offsetX), data.bounds), roundToView(t.wy(e.nativeEvent.offsetY), data.bounds));
  };

  const fmt = (v: number) => (Number.isFinite(v) ? v.toPrecision(4) : String(v));
  const view = data === null || cssSize === 0 ? null : viewTransform(data.bounds, cssSize, cssSize);
  return (
    <div ref={wrapRef} className="surface-wrap" data-testid="surface-view">
      <div className="surface-plot" style={{ padding: `${AXIS.top}px ${AXIS.right}px ${AXIS.bottom}px ${AXIS.left}px` }}>
        <canvas
          ref={canvasRef}
          className="surface-canvas"
          role="img"
          aria-label={label}
          data-testid="surface-canvas"
          data-problem={problem}
          data-start={`${start[0]},${start[1]}`}
          data-current={current === null ? "" : `${fmt(current.x)},${fmt(current.y)}`}
          data-current-step={current === null ? 0 : current.step}
          data-points={live.x.length}
          data-decays={decaySteps.length}
          style={{ width: cssSize === 0 ? "100%" : cssSize, height: cssSize === 0 ? "auto" : cssSize, cursor: onPick ? "crosshair" : "default" }}
          onClick={pick}
        />
        {view !== null && data !== null && <SurfaceAxes view={view} minima={data.minima} minimumLabel={minimumLabel ?? "minimum"} />}
      </div>
    </div>
  );
}

/** A five-pointed star's outline centred at (cx, cy). */
function starPath(cx: number, cy: number, r: number): string {
  const pts: string[] = [];
  for (let k = 0; k < 10; k++) {
    const a = -Math.PI / 2 + (k * Math.PI) / 5;
    const rr = k % 2 === 0 ? r : r * 0.45;
    pts.push(`${(cx + rr * Math.cos(a)).toFixed(2)},${(cy + rr * Math.sin(a)).toFixed(2)}`);
  }
  return `M${pts.join("L")}Z`;
}

/**
 * The axes (x below, y on the left, round ticks) and the known minima as stars, in an SVG laid over
 * the canvas and its margins. It takes no clicks, so picking a start point still reaches the canvas.
 */
function SurfaceAxes({ view, minima, minimumLabel }: { view: ViewTransform; minima: readonly (readonly [number, number])[]; minimumLabel: string }) {
  const { bounds, width: w, height: h } = view;
  const x0 = AXIS.left;
  const y0 = AXIS.top;
  const xt = niceTicks(bounds.xMin, bounds.xMax, 5);
  const yt = niceTicks(bounds.yMin, bounds.yMax, 5);
  const axisColor = "#334155";
  const num = (v: number) => String(Number(v.toPrecision(4))).replace("-", "−");
  return (
    <svg
      className="surface-axes"
      width={x0 + w + AXIS.right}
      height={y0 + h + AXIS.bottom}
      data-testid="surface-axes"
      data-x-ticks={xt.join(",")}
      data-y-ticks={yt.join(",")}
    >
      <line x1={x0} x2={x0 + w} y1={y0 + h + 1} y2={y0 + h + 1} stroke={axisColor} />
      <line x1={x0 - 1} x2={x0 - 1} y1={y0} y2={y0 + h} stroke={axisColor} />
      {xt.map((v) => {
        const x = x0 + view.px(v);
        return (
          <g key={`x${v}`} data-testid="surface-xtick">
            <line x1={x} x2={x} y1={y0 + h + 1} y2={y0 + h + 6} stroke={axisColor} />
            <text x={x} y={y0 + h + 6 + TICK_FONT} textAnchor="middle" fontSize={TICK_FONT} fill={axisColor}>
              {num(v)}
            </text>
          </g>
        );
      })}
      {yt.map((v) => {
        const y = y0 + view.py(v);
        return (
          <g key={`y${v}`} data-testid="surface-ytick">
            <line x1={x0 - 6} x2={x0 - 1} y1={y} y2={y} stroke={axisColor} />
            <text x={x0 - 9} y={y + TICK_FONT * 0.35} textAnchor="end" fontSize={TICK_FONT} fill={axisColor}>
              {num(v)}
            </text>
          </g>
        );
      })}
      <text x={x0 + w} y={y0 + h + AXIS.bottom - 2} textAnchor="end" fontSize={TICK_FONT} fontStyle="italic" fill={axisColor}>
        x
      </text>
      <text x={4} y={y0 + TICK_FONT * 0.35} fontSize={TICK_FONT} fontStyle="italic" fill={axisColor}>
        y
      </text>
      {minima.map(([mx, my], i) => {
        if (mx < bounds.xMin || mx > bounds.xMax || my < bounds.yMin || my > bounds.yMax) return null;
        const cx = x0 + view.px(mx);
        const cy = y0 + view.py(my);
        const d = starPath(cx, cy, 11);
        return (
          <g key={i} data-testid="surface-minimum" data-x={mx} data-y={my} data-cx={cx.toFixed(1)} data-cy={cy.toFixed(1)}>
            <title>{`${minimumLabel} (${num(mx)}, ${num(my)})`}</title>
            <path d={d} fill="none" stroke="#000" strokeWidth={4} strokeLinejoin="round" />
            <path d={d} fill="none" stroke="#fff" strokeWidth={2} strokeLinejoin="round" />
          </g>
        );
      })}
    </svg>
  );
}

/**
 * The map's colour bar: viridis on the log-loss scale, low loss (dark) on the left, with the loss at
 * its ends and middle, and words for which end is good.
 */
export function SurfaceColorBar({ problem, custom, low, high, title }: { problem: ProblemId; custom?: CustomSurface; low: string; high: string; title: string }) {
  const data = surfaceData(problem, custom);
  if (data === null) return null;
  const stops = Array.from({ length: 11 }, (_, i) => {
    const [r, g, b] = colorAt(i / 10);
    return `rgb(${r}, ${g}, ${b}) ${i * 10}%`;
  }).join(", ");
  const z = (t: number) => {
    const v = scaleZ(data.scale, t);
    return Math.abs(v) < 1e-12 ? "0" : Number(v.toPrecision(2)).toString();
  };
  return (
    <div className="surface-colorbar" data-testid="surface-colorbar">
      <span className="surface-colorbar-title">{title}</span>
      <div className="surface-colorbar-bar" style={{ background: `linear-gradient(to right, ${stops})` }} data-testid="surface-colorbar-bar" />
      <div className="surface-colorbar-ticks">
        <span>{z(0)}</span>
        <span>{z(0.5)}</span>
        <span>{z(1)}</span>
      </div>
      <div className="surface-colorbar-ends">
        <span data-testid="surface-colorbar-low">{low}</span>
        <span>{high}</span>
      </div>
    </div>
  );
}
