// A lesson's marks on the charts ("rattles 0.7–0.9", "first decay", "lr/16 gets below 0.7 here"),
// placed from the runs' own drawn lines and events, never from numbers written by hand; and the
// "starts at 55 ↑" marks of curves that begin above a fixed frame. Pure and DOM-free.

import type { CalloutSpec, RunRef } from "../state/lessons.ts";
import { translator, type Lang } from "../state/i18n.ts";
import { chartMessages } from "./chart-messages.ts";
import { decayEvents, decayLabel, formatRate, nearestIndex, type XY } from "./chart-data.ts";
import type { ChartOptions, ChartRun } from "./types.ts";

export interface Callout {
  key: string;
  /** The point marked, in data units (x in the chart's unit). */
  x: number;
  y: number;
  text: string;
  color: string;
  /** Which run and spec it came from (tests read these off the page). */
  kind: CalloutSpec["kind"] | "start" | "label" | "floor";
  /** The number the text states, for tests that check the text against the run. */
  value: number;
  /** Draw a vertical line through the point (decay marks). */
  rule?: boolean;
  /** Noise-floor labels: the rate whose floor it is (tests read it off the page). */
  lr?: number;
}

/** A run's drawn loss line, with the run it belongs to. */
export interface DrawnLine {
  run: ChartRun;
  points: readonly XY[];
}

/** Two significant digits past the point for losses ("0.53", "55"). */
function formatLoss(v: number): string {
  return Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(2);
}

/** An x position in the chart's unit, for labels: epochs to one decimal, steps as integers. */
function formatX(x: number, unit: ChartOptions["xUnit"], lang: Lang): string {
  return unit === "step" ? Math.round(x).toLocaleString(lang) : String(Number(x.toFixed(1)));
}

function findRun(lines: readonly DrawnLine[], ref: RunRef): DrawnLine | undefined {
  return lines.find((l) => l.run.lessonRef === ref);
}

/** The first point at or below `level` after the line was above it, or null. */
function firstBelow(points: readonly XY[], level: number): XY | null {
  let wasAbove = false;
  for (const p of points) {
    if (p.y > level) wasAbove = true;
    else if (wasAbove || p === points[0]) return p;
  }
  return null;
}

/** The loss-chart marks of a lesson's callouts, from the drawn lines. */
export function lossCallouts(
  specs: readonly CalloutSpec[],
  lines: readonly DrawnLine[],
  options: Pick<ChartOptions, "xUnit" | "logX">,
  lang: Lang,
): Callout[] {
  const t = translator(chartMessages, lang);
  const out: Callout[] = [];
  const unit = t(options.xUnit);
  specs.forEach((spec, i) => {
    if (spec.kind === "lrT") return;
    const line = findRun(lines, spec.run);
    if (line === undefined || line.points.length === 0) return;
    const { run, points } = line;
    const last = points[points.length - 1];
    const key = `${spec.kind}-${i}`;
    switch (spec.kind) {
      case "band": {
        // Over the part of the run drawn so far that lies in the band, mid-way along it.
        const inBand = points.filter((p) => p.y >= spec.band[0] && p.y <= spec.band[1]);
        if (inBand.length < 10) return;
        const p = inBand[Math.floor(inBand.length * 0.6)];
        out.push({ key, x: p.x, y: spec.band[1], text: t("calloutBand", { run: run.label, lo: spec.band[0], hi: spec.band[1] }), color: run.color, kind: spec.kind, value: spec.band[1] });
        return;
      }
      case "firstDecay": {
        const e = decayEvents(run.events).find((d) => !d.manual);
        if (e === undefined) return;
        const x = options.xUnit === "step" ? e.step : e.epoch;
        const at = points[nearestIndex(points, x)];
        out.push({ key, x, y: at.y, text: t("calloutFirstDecay", { label: decayLabel(e.from, e.to, false, lang), unit, x: formatX(x, options.xUnit, lang) }), color: run.color, kind: spec.kind, value: x, rule: true });
        return;
      }
      case "settles":
        if (!isFinished(run)) return;
        out.push({ key, x: last.x, y: last.y, text: t("calloutSettles", { loss: formatLoss(last.y) }), color: run.color, kind: spec.kind, value: last.y });
        return;
      case "end":
        if (!isFinished(run)) return;
        out.push({ key, x: last.x, y: last.y, text: t("calloutEnd", { run: run.label, loss: formatLoss(last.y) }), color: run.color, kind: spec.kind, value: last.y });
        return;
      case "reaches": {
        const p = firstBelow(points, spec.level);
        if (p === null) return;
        out.push({ key, x: p.x, y: p.y, text: t("calloutReaches", { run: run.label, level: spec.level, unit, x: formatX(p.x, options.xUnit, lang) }), color: run.color, kind: spec.kind, value: p.x });
        return;
      }
      case "sameUntil": {
        const others = spec.others.map((ref) => findRun(lines, ref));
        const step = sameUntilStep(run, others.map((o) => o?.run));
        if (step === null) return;
        const spe = Math.max(1, run.stepsPerEpoch);
        const x = options.xUnit === "step" ? step : step / spe;
        if (options.logX && x <= 0) return;
        const at = points[nearestIndex(points, x)];
        out.push({
          key, x, y: at.y, rule: true, color: run.color, kind: spec.kind, value: step,
          text: t("calloutSameUntil", { runs: 1 + spec.others.length, unit, x: formatX(x, options.xUnit, lang) }),
        });
        return;
      }
      case "decays":
        decayEvents(run.events).forEach((e, k) => {
          const x = options.xUnit === "step" ? e.step : e.epoch;
          if (options.logX && x <= 0) return;
          const at = points[nearestIndex(points, x)];
          const label = decayLabel(e.from, e.to, e.manual, lang);
          out.push({ key: `${key}-${k}`, x, y: at.y, text: k === 0 ? t("calloutPlateauDecay", { run: run.label, label }) : label, color: run.color, kind: spec.kind, value: x, rule: true });
        });
        return;
    }
  });
  return out;
}

/**
 * The last step after which `run` and every run of `others` still had the very same loss (compared
 * as stored, row by row; the rows are single steps until a run passes LIVE_SERIES_CAP), once they
 * have parted; null while they have not parted yet, or when a run is missing or not comparable.
 */
function sameUntilStep(run: ChartRun, others: readonly (ChartRun | undefined)[]): number | null {
  let last: number | null = null;
  for (const other of others) {
    if (other === undefined) return null;
    const a = run.columns;
    const b = other.columns;
    const n = Math.min(a.step.length, b.step.length);
    let i = 0;
    while (i < n && a.step[i] === b.step[i] && Object.is(a.loss[i], b.loss[i])) i++;
    // Not parted within the rows both have (or a row's step differs: compacted series): nothing to mark.
    if (i === n || i === 0 || a.step[i] !== b.step[i]) return null;
    const step = a.step[i - 1];
    last = last === null ? step : Math.min(last, step);
  }
  return last;
}

/** A run has reached its planned end (pinned runs arrive whole). */
function isFinished(run: ChartRun): boolean {
  const n = run.columns.step.length;
  return n > 0 && run.columns.step[n - 1] >= run.plannedSteps;
}

/**
 * Lesson 4's marks on the learning-rate chart: Adam's lr_t as a fraction of lr at step 1, at its
 * lowest and at the last step drawn, from the live run's own columns.
 */
export function lrTCallouts(specs: readonly CalloutSpec[], run: ChartRun | undefined, options: Pick<ChartOptions, "xUnit">, lang: Lang, color: string): Callout[] {
  if (run === undefined || !specs.some((s) => s.kind === "lrT")) return [];
  const { step, epoch, lr, lrT } = run.columns;
  const n = Math.min(step.length, lr.length, lrT.length);
  if (n === 0) return [];
  const t = translator(chartMessages, lang);
  const xOf = (i: number) => (options.xUnit === "step" ? step[i] : epoch[i]);
  const ratio = (i: number) => lrT[i] / lr[i];
  let lo = 0;
  for (let i = 1; i < n; i++) if (ratio(i) < ratio(lo)) lo = i;
  const stepText = (i: number) => Math.round(step[i]).toLocaleString(lang);
  const out: Callout[] = [
    { key: "lrT-start", x: xOf(0), y: lrT[0], text: t("calloutLrTStart", { r: formatRate(ratio(0)), step: stepText(0) }), color, kind: "lrT", value: ratio(0) },
  ];
  if (lo > 0 && lo < n - 1) out.push({ key: "lrT-low", x: xOf(lo), y: lrT[lo], text: t("calloutLrTLow", { r: formatRate(ratio(lo)), step: stepText(lo) }), color, kind: "lrT", value: ratio(lo) });
  if (n > 1) out.push({ key: "lrT-end", x: xOf(n - 1), y: lrT[n - 1], text: t("calloutLrTEnd", { r: formatRate(ratio(n - 1)), step: stepText(n - 1) }), color, kind: "lrT", value: ratio(n - 1) });
  return out;
}

/**
 * "starts at 55 ↑": for each line that begins above the frame's top, a mark where it comes into
 * view (runs that start at the same loss share one mark, where the first of them enters).
 */
export function startMarks(lines: readonly DrawnLine[], top: number, lang: Lang): Callout[] {
  const t = translator(chartMessages, lang);
  const out: Callout[] = [];
  for (const { run, points } of lines) {
    if (points.length === 0 || !(points[0].y > top)) continue;
    const enter = points.find((p) => p.y <= top);
    const x = enter === undefined ? points[points.length - 1].x : enter.x;
    const start = points[0].y;
    // One mark per starting loss: runs that start alike (a lesson's runs share their seed, so their
    // start) say so once, where the first of them enters.
    const same = out.find((c) => formatLoss(c.value) === formatLoss(start) || Math.abs(c.value - start) <= 0.05 * Math.abs(start));
    if (same !== undefined) {
      if (x < same.x) same.x = x;
      continue;
    }
    out.push({ key: `start-${run.id}`, x, y: top, text: t("startsAt", { loss: formatLoss(start) }), color: run.color, kind: "start", value: start });
  }
  return out;
}

/** A pinned run's name at the end of its line, unless a callout there names it already. */
export function endLabels(lines: readonly DrawnLine[], taken: readonly Callout[]): Callout[] {
  const out: Callout[] = [];
  for (const { run, points } of lines) {
    if (!run.pinned || points.length === 0) continue;
    if (taken.some((c) => c.kind === "end" && c.color === run.color)) continue;
    const last = points[points.length - 1];
    out.push({ key: `label-${run.id}`, x: last.x, y: last.y, text: run.label, color: run.color, kind: "label", value: last.y });
  }
  return out;
}
