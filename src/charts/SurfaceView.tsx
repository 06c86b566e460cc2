// The loss surface of a 2-D problem as a heat map with contours, and the optimizer's path drawn
// live on top: start, path, points where the rate decayed, the current point, and pinned runs'
// paths in their colours. One <canvas>, not SVG nodes: a path of 20,000 points redrawn 15 times a
// second would be 20,000 DOM nodes to diff. The heat map and contours are computed once per
// problem (and canvas size) into an offscreen canvas; each redraw copies it and draws the paths.
// Like the other charts it is a pure function of its props; it never reads the store.

import { useEffect, useMemo, useRef, useState, type MouseEvent } from "react";
import { createProblem } from "../engine/problems/index.ts";
import type { Bounds, Grid, ProblemId } from "../engine/problems/problem.ts";
import { indexAtStep, type TrajectoryData } from "../engine/trajectory.ts";
import { clampPx, contourLevels, contourSegments, heatmapRgba, logScale, roundToView, viewTransform, type ViewTransform } from "./surface-math.ts";
import { DIVERGED_COLOR } from "./types.ts";

export interface SurfacePath {
  id: string;
  color: string;
  data: TrajectoryData;
}

export interface SurfaceViewProps {
  problem: ProblemId;
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
}

const GRID_N = 160;
const CONTOURS = 14;
const DECAY_COLOR = "#e69f00"; // Okabe-Ito orange: apart from viridis and the vermillion current point
const PATH_COLOR = "#ffffff";
/** Latest kept points drawn bold; older ones are drawn thin and translucent. */
const TAIL = 200;

interface SurfaceData {
  grid: Grid;
  bounds: Bounds;
  image: Uint8ClampedArray;
  contours: Float64Array[];
}

const surfaceCache = new Map<ProblemId, SurfaceData>();

/** The problem's heat map and contours, computed once per problem id (the shape does not depend on seed or start). */
export function surfaceData(problem: ProblemId): SurfaceData | null {
  const hit = surfaceCache.get(problem);
  if (hit !== undefined) return hit;
  const p = createProblem(problem, 1);
  if (p.grid === undefined || p.bounds === undefined) return null;
  const grid = p.grid(GRID_N, GRID_N);
  const scale = logScale(grid.z);
  const data: SurfaceData = {
    grid,
    bounds: p.bounds,
    image: heatmapRgba(grid, scale),
    contours: contourLevels(scale, CONTOURS).map((level) => contourSegments(grid, level)),
  };
  surfaceCache.set(problem, data);
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

/** The whole live path, thin and opaque, in its own canvas; updated with only the points added since the last frame. */
interface Trail {
  canvas: HTMLCanvasElement;
  key: string;
  /** Kept points already drawn. */
  count: number;
  lastPx: number;
  lastPy: number;
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
    canvas.width = t.width;
    canvas.height = t.height;
    tr = { canvas, key, count: 0, lastPx: clampPx(t.px(start[0]), t.width), lastPy: clampPx(t.py(start[1]), t.height) };
  }
  const ctx = tr.canvas.getContext("2d");
  if (ctx === null || n === tr.count) return tr;
  ctx.strokeStyle = PATH_COLOR;
  ctx.lineWidth = 1 * dpr;
  ctx.lineJoin = "round";
  ctx.beginPath();
  ctx.moveTo(tr.lastPx, tr.lastPy);
  for (let i = tr.count; i < n; i++) {
    const px = clampPx(t.px(live.x[i]), t.width);
    const py = clampPx(t.py(live.y[i]), t.height);
    if (i === n - 1 || Math.abs(px - tr.lastPx) + Math.abs(py - tr.lastPy) >= dpr) {
      ctx.lineTo(px, py);
      tr.lastPx = px;
      tr.lastPy = py;
    }
  }
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
  const { problem, runId, start, live, current, decaySteps, diverged, pinned, version, onPick, label } = props;
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [cssSize, setCssSize] = useState(0);
  const maxDrawMs = useRef(0);
  const dpr = typeof window === "undefined" ? 1 : Math.min(2, window.devicePixelRatio || 1);
  const size = Math.max(1, Math.round(cssSize * dpr));

  useEffect(() => {
    const el = wrapRef.current;
    if (el === null) return;
    const measure = () => setCssSize(Math.floor(el.getBoundingClientRect().width));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const data = useMemo(() => surfaceData(problem), [problem]);
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

    // The live path: all of it thin and translucent (a long run rattling around a minimum becomes a
    // cloud that still shows the map), its latest TAIL points bold, with a dark halo under a white
    // line so they stay visible on every colour of the map.
    const n = live.x.length;
    const trail = updateTrail(trailRef.current, `${runId}|${size}|${problem}|${n > 1 ? live.step[1] : 0}`, t, start, live, dpr);
    trailRef.current = trail;
    if (n > TAIL) {
      ctx.globalAlpha = 0.4;
      ctx.drawImage(trail.canvas, 0, 0);
      ctx.globalAlpha = 1;
    }
    const drawn = tracePath(ctx, t, n > TAIL ? null : start, live, current, dpr, n - TAIL);
    ctx.strokeStyle = "rgba(0, 0, 0, 0.55)";
    ctx.lineWidth = 3.5 * dpr;
    ctx.stroke();
    ctx.strokeStyle = PATH_COLOR;
    ctx.lineWidth = 1.5 * dpr;
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
  }, [background, pinnedLayer, data, size, dpr, runId, problem, start, live, current, decaySteps, diverged, version]);

  const pick = (e: MouseEvent<HTMLCanvasElement>) => {
    if (onPick === undefined || data === null) return;
    // Offsets from the padding box, so the border does not shift the picked point.
    const el = e.currentTarget;
    if (el.clientWidth === 0 || el.clientHeight === 0) return;
    const t = viewTransform(data.bounds, el.clientWidth, el.clientHeight);
    onPick(roundToView(t.wx(e.nativeEvent.offsetX), data.bounds), roundToView(t.wy(e.nativeEvent.offsetY), data.bounds));
  };

  const fmt = (v: number) => (Number.isFinite(v) ? v.toPrecision(4) : String(v));
  return (
    <div ref={wrapRef} className="surface-wrap" data-testid="surface-view">
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
    </div>
  );
}
