// The charts as one PNG, and file downloads. DOM code (the pure data export is state/export-data.ts).
//
// A chart is an SVG drawn by Recharts and styled partly by CSS (axis text, tick colours, CSS
// variables in stroke attributes). An SVG drawn through an <img> sees none of the page's CSS, so each
// element's computed style is copied inline before the SVG is serialized; the image is then drawn
// onto a canvas at least twice the CSS size (sharp on projectors and high-density screens), under a
// title and each chart's heading and legend, on white.

export interface ChartsPngOptions {
  title: string;
  /** One line under the title (e.g. the settings), wrapped to the width. */
  subtitle: string;
  /** The charts to draw, top to bottom: the figure's data-testid and the heading over it. */
  charts: readonly { testId: string; heading: string }[];
  /** Pixels per CSS pixel; at least 2. */
  scale?: number;
}

/** Presentation properties that Recharts or the page's CSS may set, copied onto each SVG element. */
const STYLE_PROPS = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-opacity",
  "stroke-dasharray",
  "stroke-linecap",
  "stroke-linejoin",
  "opacity",
  "visibility",
  "font-family",
  "font-size",
  "font-weight",
  "font-style",
  "text-anchor",
  "dominant-baseline",
  "paint-order",
  "alignment-baseline",
] as const;

const PAD = 24;
const GAP = 18;
const SWATCH = 28;
const MIN_WIDTH = 640;

interface LegendEntry {
  label: string;
  color: string;
  dash: string | null;
  opacity: number;
  band: boolean;
}

interface ChartPart {
  heading: string;
  legend: LegendEntry[];
  image: HTMLImageElement;
  width: number;
  height: number;
}

/** The plot's SVG: the largest <svg> in the figure (the legend swatches are small SVGs too). */
function plotSvg(figure: Element): SVGSVGElement | null {
  let best: SVGSVGElement | null = null;
  let bestArea = 0;
  for (const svg of Array.from(figure.querySelectorAll("svg"))) {
    const r = svg.getBoundingClientRect();
    if (r.width * r.height > bestArea) {
      best = svg;
      bestArea = r.width * r.height;
    }
  }
  return best;
}

/** A standalone copy of `svg` with every element's computed presentation style written inline. */
export function inlineSvg(svg: SVGSVGElement): { markup: string; width: number; height: number } {
  const rect = svg.getBoundingClientRect();
  const width = Math.max(1, Math.round(rect.width));
  const height = Math.max(1, Math.round(rect.height));
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...Array.from(svg.querySelectorAll("*"))];
  const copies = [clone, ...Array.from(clone.querySelectorAll("*"))];
  const hidden: Element[] = [];
  for (let i = 0; i < originals.length && i < copies.length; i++) {
    const cs = getComputedStyle(originals[i]);
    if (cs.display === "none") {
      hidden.push(copies[i]);
      continue;
    }
    const decls = STYLE_PROPS.map((p) => {
      const v = cs.getPropertyValue(p);
      return v === "" ? "" : `${p}:${v};`;
    }).join("");
    copies[i].setAttribute("style", decls);
  }
  for (const el of hidden) el.remove();
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("width", String(width));
  clone.setAttribute("height", String(height));
  if (!clone.hasAttribute("viewBox")) clone.setAttribute("viewBox", `0 0 ${width} ${height}`);
  return { markup: new XMLSerializer().serializeToString(clone), width, height };
}

function loadImage(markup: string): Promise<HTMLImageElement> {
  const url = URL.createObjectURL(new Blob([markup], { type: "image/svg+xml;charset=utf-8" }));
  return new Promise<HTMLImageElement>((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      resolve(img);
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error("The chart image could not be drawn."));
    };
    img.src = url;
  });
}

/** The figure's HTML legend as data: each item's text and its swatch's colour and dash. */
function readLegend(figure: Element): LegendEntry[] {
  const out: LegendEntry[] = [];
  for (const item of Array.from(figure.querySelectorAll(".chart-legend-item"))) {
    const label = (item.textContent ?? "").trim();
    const line = item.querySelector("line");
    const rect = item.querySelector("rect");
    if (line !== null) {
      out.push({
        label,
        color: line.getAttribute("stroke") ?? "#000",
        dash: line.getAttribute("stroke-dasharray"),
        opacity: Number(line.getAttribute("stroke-opacity") ?? "1"),
        band: false,
      });
    } else if (rect !== null) {
      out.push({ label, color: rect.getAttribute("fill") ?? "#000", dash: null, opacity: 1, band: true });
    }
  }
  return out;
}

/** Words of `text` in lines no wider than `width` (a single over-long word gets its own line). */
function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    const next = line === "" ? word : `${line} ${word}`;
    if (line !== "" && ctx.measureText(next).width > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** Legend items laid out in rows within `width`: each item's x offset and row. */
function layoutLegend(ctx: CanvasRenderingContext2D, items: readonly LegendEntry[], width: number) {
  const placed: { entry: LegendEntry; x: number; row: number }[] = [];
  let x = 0;
  let row = 0;
  for (const entry of items) {
    const w = SWATCH + 6 + ctx.measureText(entry.label).width;
    if (x > 0 && x + w > width) {
      x = 0;
      row++;
    }
    placed.push({ entry, x, row });
    x += w + 18;
  }
  return { placed, rows: items.length === 0 ? 0 : row + 1 };
}

/** Renders the charts (as on screen now) into one PNG. Rejects when a chart is missing or empty. */
export async function chartsToPng(doc: Document, opts: ChartsPngOptions): Promise<Blob> {
  const parts: ChartPart[] = [];
  for (const c of opts.charts) {
    const figure = doc.querySelector(`[data-testid="${c.testId}"]`);
    const svg = figure === null ? null : plotSvg(figure);
    if (figure === null || svg === null) throw new Error(`Chart "${c.testId}" is not on the page.`);
    const { markup, width, height } = inlineSvg(svg);
    parts.push({ heading: c.heading, legend: readLegend(figure), image: await loadImage(markup), width, height });
  }

  const family = getComputedStyle(doc.body).fontFamily || "sans-serif";
  const font = (px: number, weight = 400) => `${weight} ${px}px ${family}`;
  const contentWidth = Math.max(MIN_WIDTH, ...parts.map((p) => p.width));
  const width = contentWidth + 2 * PAD;
  const scale = Math.max(2, opts.scale ?? 2, Math.ceil(window.devicePixelRatio || 1));

  const canvas = doc.createElement("canvas");
  const measure = canvas.getContext("2d");
  if (measure === null) throw new Error("This browser cannot draw on a canvas.");

  // Pass 1: measure.
  measure.font = font(13);
  const subtitleLines = wrap(measure, opts.subtitle, contentWidth);
  const legends = parts.map((p) => layoutLegend(measure, p.legend, contentWidth));
  let height = PAD + 26 + subtitleLines.length * 18 + GAP;
  parts.forEach((p, i) => {
    height += 22 + legends[i].rows * 20 + 6 + p.height + GAP;
  });
  height += PAD - GAP;

  // Pass 2: draw (resizing the canvas resets its state).
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext("2d");
  if (ctx === null) throw new Error("This browser cannot draw on a canvas.");
  ctx.scale(scale, scale);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, height);
  ctx.textBaseline = "top";

  let y = PAD;
  ctx.fillStyle = "#0f172a";
  ctx.font = font(20, 700);
  ctx.fillText(opts.title, PAD, y);
  y += 26;
  ctx.fillStyle = "#475569";
  ctx.font = font(13);
  for (const line of subtitleLines) {
    ctx.fillText(line, PAD, y);
    y += 18;
  }
  y += GAP;

  parts.forEach((p, i) => {
    ctx.fillStyle = "#0f172a";
    ctx.font = font(15, 700);
    ctx.fillText(p.heading, PAD, y);
    y += 22;
    ctx.font = font(13);
    for (const { entry, x, row } of legends[i].placed) {
      const ly = y + row * 20;
      const sx = PAD + x;
      ctx.save();
      if (entry.band) {
        ctx.globalAlpha = 0.18;
        ctx.fillStyle = entry.color;
        ctx.fillRect(sx, ly + 3, SWATCH, 10);
      } else {
        ctx.globalAlpha = entry.opacity;
        ctx.strokeStyle = entry.color;
        ctx.lineWidth = 3;
        const dash = entry.dash === null ? [] : entry.dash.split(/[\s,]+/).map(Number).filter((n) => Number.isFinite(n));
        ctx.setLineDash(dash);
        ctx.beginPath();
        ctx.moveTo(sx + 1, ly + 8);
        ctx.lineTo(sx + SWATCH - 1, ly + 8);
        ctx.stroke();
      }
      ctx.restore();
      ctx.fillStyle = "#0f172a";
      ctx.fillText(entry.label, sx + SWATCH + 6, ly + 1);
    }
    y += legends[i].rows * 20 + 6;
    ctx.drawImage(p.image, PAD, y, p.width, p.height);
    y += p.height + GAP;
  });

  return new Promise<Blob>((resolve, reject) => {
    canvas.toBlob((blob) => (blob === null ? reject(new Error("The PNG could not be encoded.")) : resolve(blob)), "image/png");
  });
}

/** Saves `blob` as `fileName` through a temporary object URL and <a download>. */
export function downloadBlob(doc: Document, blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = doc.createElement("a");
  a.href = url;
  a.download = fileName;
  a.rel = "noopener";
  a.style.display = "none";
  doc.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started reading the URL by now; release it a moment later.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
