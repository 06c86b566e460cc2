// The charts as one PNG, and file downloads. DOM code (the pure data export is state/export-data.ts).
//
// A chart is an SVG drawn by Recharts and styled partly by CSS (axis text, tick colours, CSS
// variables in stroke attributes). An SVG drawn through an <img> sees none of the page's CSS, so each
// element's computed style is copied inline before the SVG is serialized; the image is then drawn
// onto a canvas at least twice the CSS size (sharp on projectors and high-density screens), under a
// title and each chart's heading and legend, on white.

import type { RunConfig } from "../../engine/run-config.ts";
import type { OptimizerConfig, Policy, Unit } from "../../engine/types.ts";
import { inverseSqrtTimescale } from "../../engine/policies.ts";
import { formatShort } from "../../state/describe-diff.ts";
import { defineMessages, translator, type Lang, type Translate } from "../../state/i18n.ts";
import { problemMessages } from "../controls/problem-info.ts";

// ---------------------------------------------------------------------------------------------
// The picture's subtitle: the run in words ("Adam (TF ε-hat), lr 0.025, halve every 5 epochs; …"),
// not the link's ids (`decay=step`), in the page's language.

export const exportPngMessages = defineMessages({
  en: {
    "opt.adam": "Adam",
    "opt.amsgrad": "AMSGrad",
    "opt.adamw": "AdamW",
    "opt.adamw-amsgrad": "AdamW + AMSGrad",
    "opt.sgd": "SGD",
    "form.hat": "TF ε-hat",
    "form.paper": "paper ε",
    adam: "{name} ({form})",
    sgdMomentum: "SGD, momentum {m}",
    nesterov: "{text} (Nesterov)",
    weightDecay: "weight decay {wd}",
    l2: "L2 weight decay {wd}",
    lr: "lr {lr}",
    "ticks.epoch": "{n} epochs",
    "ticks.step": "{n} steps",
    "tick.epoch": "1 epoch",
    "tick.step": "1 step",
    "per.epoch": "epoch",
    "per.step": "step",
    "unit.epoch": "epochs",
    "unit.step": "steps",
    constant: "no decay",
    halve: "halve every {n}",
    step: "×{g} every {n}",
    multiStep: "×{g} at {unit} {list}",
    exponential: "exponential decay ×{r} per {n}",
    staircase: "{text}, in whole periods",
    inverseTime: "inverse-time decay, rate {r} per {n}",
    linear: "linear decay to {end} over {n}",
    polynomial: "polynomial decay (power {p}) to {end} over {n}",
    cycle: "{text}, repeating",
    cosine: "cosine decay to {eta} over {n}",
    cosineRestarts: "cosine restarts every {n} (×{m} longer each time) down to {eta}",
    cosineRestartsEven: "cosine restarts every {n} down to {eta}",
    oneCycle: "one-cycle over {n}, rising for {pct}%",
    cyclic: "cyclic between {base} and lr ({mode}), {up} up, {down} down",
    plateau: "×{f} after {n} without improvement",
    wsd: "warmup–stable–decay: {w} warmup, {s} stable, {d} {shape} cooldown to ×{m}",
    inverseSqrt: "inverse square root after {w} warmup (timescale {ts})",
    "opt.scheduleFree": "schedule-free AdamW",
    sfWarmup: "{text}, warmup {n} steps",
    warmup: "{text}, warmup {n}",
    warmupFrom: "{text}, warmup {n} from ×{s}",
    batch: "batch {b}",
    seed: "seed {s}",
    list: ", ",
    parts: ", ",
    sections: "; ",
  },
  zh: {
    "opt.adam": "Adam",
    "opt.amsgrad": "AMSGrad",
    "opt.adamw": "AdamW",
    "opt.adamw-amsgrad": "AdamW + AMSGrad",
    "opt.sgd": "SGD",
    "form.hat": "TF 的 ε-hat 形式",
    "form.paper": "论文的 ε 形式",
    adam: "{name}（{form}）",
    sgdMomentum: "SGD，动量 {m}",
    nesterov: "{text}（Nesterov）",
    weightDecay: "权重衰减 {wd}",
    l2: "L2 权重衰减 {wd}",
    lr: "学习率 {lr}",
    "ticks.epoch": "{n} 轮",
    "ticks.step": "{n} 步",
    "tick.epoch": "1 轮",
    "tick.step": "1 步",
    "per.epoch": "1 轮",
    "per.step": "1 步",
    "unit.epoch": "轮",
    "unit.step": "步",
    constant: "不衰减",
    halve: "每 {n}减半",
    step: "每 {n} ×{g}",
    multiStep: "在第 {list} {unit} ×{g}",
    exponential: "指数衰减，每 {n} ×{r}",
    staircase: "{text}，按整周期",
    inverseTime: "逆时间衰减，每 {n} 速率 {r}",
    linear: "在 {n}内线性衰减到 {end}",
    polynomial: "在 {n}内按 {p} 次多项式衰减到 {end}",
    cycle: "{text}，循环",
    cosine: "在 {n}内余弦衰减到 {eta}",
    cosineRestarts: "余弦热重启，首个周期 {n}（每次延长 ×{m}），最低 {eta}",
    cosineRestartsEven: "余弦热重启，每 {n}一次，最低 {eta}",
    oneCycle: "单周期，共 {n}，前 {pct}% 上升",
    cyclic: "在 {base} 与 lr 之间循环（{mode}），上升 {up}，下降 {down}",
    plateau: "连续 {n}无改善时 ×{f}",
    wsd: "预热–稳定–衰减：预热 {w}，稳定 {s}，{shape} 冷却 {d} 降到 ×{m}",
    inverseSqrt: "预热 {w}后按平方根倒数衰减（时间尺度 {ts}）",
    "opt.scheduleFree": "无调度 AdamW（schedule-free）",
    sfWarmup: "{text}，预热 {n} 步",
    warmup: "{text}，预热 {n}",
    warmupFrom: "{text}，预热 {n}（从 ×{s} 开始）",
    batch: "批大小 {b}",
    seed: "种子 {s}",
    list: "、",
    parts: "，",
    sections: "；",
  },
});

type T = Translate<keyof (typeof exportPngMessages)["en"]>;

/** "5 epochs", "1 step", "5 轮". */
function count(t: T, n: number, unit: Unit): string {
  return n === 1 ? t(unit === "epoch" ? "tick.epoch" : "tick.step") : t(unit === "epoch" ? "ticks.epoch" : "ticks.step", { n: formatShort(n) });
}

const num = formatShort;

function optimizerWords(t: T, o: OptimizerConfig): string {
  if (o.kind === "scheduleFree") {
    const text = o.warmupSteps > 0 ? t("sfWarmup", { text: t("opt.scheduleFree"), n: num(o.warmupSteps) }) : t("opt.scheduleFree");
    return o.weightDecay > 0 ? `${text}${t("parts")}${t("weightDecay", { wd: num(o.weightDecay) })}` : text;
  }
  if (o.kind === "sgd") {
    let text = o.momentum > 0 ? t("sgdMomentum", { m: num(o.momentum) }) : t("opt.sgd");
    if (o.nesterov) text = t("nesterov", { text });
    return o.weightDecay > 0 ? `${text}${t("parts")}${t("l2", { wd: num(o.weightDecay) })}` : text;
  }
  const name = o.decoupled ? (o.amsgrad ? t("opt.adamw-amsgrad") : t("opt.adamw")) : o.amsgrad ? t("opt.amsgrad") : t("opt.adam");
  const text = t("adam", { name, form: t(o.epsilonForm === "paper" ? "form.paper" : "form.hat") });
  if (o.weightDecay <= 0) return text;
  return `${text}${t("parts")}${t(o.decoupled ? "weightDecay" : "l2", { wd: num(o.weightDecay) })}`;
}

function policyWords(t: T, p: Policy): string {
  const n = (v: number) => count(t, v, p.unit);
  // "per epoch", not "per 1 epoch".
  const per = (v: number) => (v === 1 ? t(p.unit === "epoch" ? "per.epoch" : "per.step") : n(v));
  let text: string;
  switch (p.kind) {
    case "constant":
      text = t("constant");
      break;
    case "step":
      text = p.gamma === 0.5 ? t("halve", { n: n(p.stepSize) }) : t("step", { g: num(p.gamma), n: n(p.stepSize) });
      break;
    case "multiStep":
      text = t("multiStep", { g: num(p.gamma), unit: t(p.unit === "epoch" ? "unit.epoch" : "unit.step"), list: p.milestones.map(num).join(t("list")) });
      break;
    case "exponential":
      text = t("exponential", { r: num(p.decayRate), n: per(p.decaySteps) });
      if (p.staircase) text = t("staircase", { text });
      break;
    case "inverseTime":
      text = t("inverseTime", { r: num(p.decayRate), n: per(p.decaySteps) });
      if (p.staircase) text = t("staircase", { text });
      break;
    case "polynomial":
      text = p.power === 1 ? t("linear", { end: num(p.endLr), n: n(p.decaySteps) }) : t("polynomial", { p: num(p.power), end: num(p.endLr), n: n(p.decaySteps) });
      if (p.cycle) text = t("cycle", { text });
      break;
    case "cosine":
      text = t("cosine", { eta: num(p.etaMin), n: n(p.tMax) });
      break;
    case "cosineRestarts":
      text = p.tMult === 1 ? t("cosineRestartsEven", { n: n(p.t0), eta: num(p.etaMin) }) : t("cosineRestarts", { n: n(p.t0), m: num(p.tMult), eta: num(p.etaMin) });
      break;
    case "oneCycle":
      text = t("oneCycle", { n: n(p.totalSteps), pct: num(Math.round(p.pctStart * 1000) / 10) });
      break;
    case "cyclic":
      text = t("cyclic", { base: num(p.baseLr), mode: p.mode, up: n(p.stepSizeUp), down: n(p.stepSizeDown ?? p.stepSizeUp) });
      break;
    case "plateau":
      text = t("plateau", { f: num(p.factor), n: n(p.patience) });
      break;
    case "wsd":
      text = t("wsd", { w: n(p.warmupTicks), s: n(p.stableTicks), d: n(p.decayTicks), shape: p.decayShape, m: num(p.minLrRatio) });
      break;
    case "inverseSqrt":
      text = t("inverseSqrt", { w: n(p.warmupTicks), ts: num(inverseSqrtTimescale(p)) });
      break;
  }
  if (p.warmup === null) return text;
  const w = count(t, p.warmup.steps, p.unit);
  return p.warmup.startFactor === 0 ? t("warmup", { text, n: w }) : t("warmupFrom", { text, n: w, s: num(p.warmup.startFactor) });
}

/**
 * The run in words for the PNG's subtitle: optimizer, rate and decay; then problem, batch, length
 * and seed. E.g. "Adam (TF ε-hat), lr 0.025, halve every 5 epochs; Noisy quadratic, 100-D (the
 * lesson), batch 32, 25 epochs, seed 1".
 */
export function describeRun(config: RunConfig, lang: Lang): string {
  const t = translator(exportPngMessages, lang);
  const problem = translator(problemMessages, lang)(`label.${config.problem}`);
  const training = [optimizerWords(t, config.optimizer), t("lr", { lr: num(config.optimizer.lr) }), policyWords(t, config.policy)].join(t("parts"));
  const run = [problem, t("batch", { b: config.batchSize }), count(t, config.epochs, "epoch"), t("seed", { s: config.seed })].join(t("parts"));
  return `${training}${t("sections")}${run}`;
}

// ---------------------------------------------------------------------------------------------
// The picture.

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
function inlineSvg(svg: SVGSVGElement): { markup: string; width: number; height: number } {
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
        // The computed colour: a series' stroke is a CSS variable (state/palette.ts), which a canvas cannot read.
        color: getComputedStyle(line).stroke || (line.getAttribute("stroke") ?? "#000"),
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
