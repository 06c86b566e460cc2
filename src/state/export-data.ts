// Data export (pure, no DOM): every run on the charts — the live run and each pinned one — as one
// CSV file or one JSON document.
//
// CSV: long ("tidy") format, one row per stored sample of each run, the runs one after another.
//   The first line is the header, nothing before it: `run,label,` followed by the engine's
//   STEP_FIELDS (`step,epoch,lr,lrT,batchLoss,loss,gradNorm,updateNorm,lossAtY`), so the columns follow
//   the engine and never drift. `lossAtY` is schedule-free AdamW's loss at its gradient point y (its
//   `loss` is at the evaluation point x); empty for every other optimizer. `run` is the run's id (`current`, `pin-1`, …), `label` says what it is.
//   `batchLoss` is the loss of the step's minibatch before the step; it is NaN (an empty cell, null
//   in JSON) for the noisy quadratic and the 2-D surfaces, which have no minibatch loss (their
//   noise is added to the gradient; see ToyProblem.minibatchLoss).
//   Numbers are written in JavaScript's shortest round-trip form (`String(x)`, `-0` kept), so
//   parsing a cell back gives the same double bit for bit. A non-finite value (NaN or ±Infinity,
//   which a diverging run can produce) is written as an EMPTY cell; the row itself is kept, since
//   its step and the other columns are still real. Text cells are quoted per RFC 4180 when they
//   hold a comma, a double quote, CR or LF (quotes doubled). Lines end with "\n".
//   Events (rate changes, divergence) are not rows of a table, so they are only in the JSON.
// JSON: `{ format: "lr-decay-playground/run", version: 1, link, config, runs: [{ id, label, config,
//   stepsPerEpoch, steps, truncated, events, diverged, columns: { step: [...], ... } }] }`; `link`
//   is the page's query string, `config` the settings on screen, each run's `config` the one it
//   ran with.
//   Non-finite numbers in the columns are written as null (JSON has no NaN).
//   Each run also has `band`: its seed band (issue #14) when bands are on and it is computed —
//   `{ seeds, baseSeed, stepsPerEpoch, diverged, step, epoch, q10, q50, q90 }` (engine/ensemble.ts; a
//   diverged seed's loss is +Infinity, so an edge above every loss is null) — else null.
// Bands CSV (bandsToCsv): one row per sample step of each run's band, the bands one after another:
//   `run,label,seeds,step,epoch,q10,q50,q90`; an empty q cell is +Infinity (diverged seeds).
//
// A long run's series is bounded (series.ts LIVE_SERIES_CAP): past the cap a row stands for several
// steps (the loss extremes of each group are kept), so the export holds what the charts hold.

import type { Band } from "../engine/ensemble.ts";
import { readNumber } from "../engine/value-text.ts";
import type { RunConfig } from "../engine/run-config.ts";
import { STEP_FIELDS, type StepColumns, type StepField } from "../engine/series.ts";
import type { TrainEvent } from "../engine/trainer.ts";
import type { DivergedInfo } from "../worker/training/protocol.ts";
import type { PinnedRun, PlaygroundState } from "./store.ts";
import type { BandsState } from "./bands.ts";

export const EXPORT_FORMAT = "lr-decay-playground/run";
const EXPORT_VERSION = 1;

/** The CSV header, in order. */
export const CSV_COLUMNS: readonly string[] = ["run", "label", ...STEP_FIELDS];

/** One run to export. */
export interface ExportRun {
  /** `current` for the live run, the pin's id for a pinned one. */
  id: string;
  label: string;
  config: RunConfig;
  stepsPerEpoch: number;
  /** Steps the run had completed. */
  steps: number;
  /** A comparison run cut at the step limit before its planned end. */
  truncated: boolean;
  events: readonly TrainEvent[];
  diverged: DivergedInfo | null;
  columns: StepColumns;
  /** Its computed seed band, or null (bands off, or not computed yet). */
  band: Band | null;
}

export interface ExportInput {
  /** The page's query string (without "?"), so the file says how to open the same settings. */
  link: string;
  /** The settings on screen. */
  config: RunConfig;
  runs: readonly ExportRun[];
}

/** Rows stored for a run (all columns have the same length). */
function rowCount(run: Pick<ExportRun, "columns">): number {
  return run.columns[STEP_FIELDS[0]].length;
}

/** Whether there is anything to export. */
export function hasData(runs: readonly ExportRun[]): boolean {
  return runs.some((r) => rowCount(r) > 0);
}

/**
 * A number as its shortest round-trip decimal (`Number(s)` gives `x` back bit for bit), or "" for
 * NaN and ±Infinity. `String(-0)` is "0", so minus zero is written out.
 */
export function csvNumber(x: number): string {
  if (!Number.isFinite(x)) return "";
  return Object.is(x, -0) ? "-0" : String(x);
}

/**
 * A text cell, made inert for spreadsheets, then quoted per RFC 4180 when it needs to be.
 * OWASP's CSV injection guidance: a cell starting with `=`, `+`, `-`, `@`, tab or carriage return
 * can be read as a formula (`=HYPERLINK(...)`, `@SUM(...)`), so it gets a leading single quote,
 * which spreadsheets show as text. A cell that is a plain decimal number (`-0.5`, `1e-8`) is
 * data, not a formula, and stays as it is so it still reads as a number.
 */
export function csvText(s: string): string {
  const inert = /^[=+\-@\t\r]/.test(s) && readNumber(s) === undefined ? `'${s}` : s;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

/** All runs in one long-format CSV (see the top of this file). */
export function toCsv(runs: readonly ExportRun[]): string {
  const lines: string[] = [CSV_COLUMNS.join(",")];
  for (const run of runs) {
    const prefix = `${csvText(run.id)},${csvText(run.label)}`;
    const cols = STEP_FIELDS.map((f) => run.columns[f]);
    const n = rowCount(run);
    for (let i = 0; i < n; i++) {
      let line = prefix;
      for (const c of cols) line += `,${csvNumber(c[i])}`;
      lines.push(line);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** A column as a JSON array: numbers as they are, non-finite values as null. */
function jsonColumn(c: Float64Array): (number | null)[] {
  return Array.from(c, (x) => (Number.isFinite(x) ? x : null));
}

/** The JSON document's value (see the top of this file). */
function toJsonValue(input: ExportInput) {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    link: input.link,
    config: input.config,
    runs: input.runs.map((r) => {
      const columns = {} as Record<StepField, (number | null)[]>;
      for (const f of STEP_FIELDS) columns[f] = jsonColumn(r.columns[f]);
      return {
        id: r.id,
        label: r.label,
        config: r.config,
        stepsPerEpoch: r.stepsPerEpoch,
        steps: r.steps,
        truncated: r.truncated,
        events: r.events,
        diverged: r.diverged,
        columns,
        band: r.band === null ? null : bandJson(r.band),
      };
    }),
  };
}

function bandJson(b: Band) {
  return {
    seeds: b.seeds,
    baseSeed: b.baseSeed,
    stepsPerEpoch: b.stepsPerEpoch,
    diverged: b.diverged,
    step: Array.from(b.step),
    epoch: Array.from(b.epoch),
    q10: jsonColumn(b.q10),
    q50: jsonColumn(b.q50),
    q90: jsonColumn(b.q90),
  };
}

/** The bands CSV's header. */
export const BAND_CSV_COLUMNS: readonly string[] = ["run", "label", "seeds", "step", "epoch", "q10", "q50", "q90"];

/** Whether any run has a computed band. */
export function hasBands(runs: readonly ExportRun[]): boolean {
  return runs.some((r) => r.band !== null);
}

/** Every run's band in one long-format CSV (see the top of this file). */
export function bandsToCsv(runs: readonly ExportRun[]): string {
  const lines: string[] = [BAND_CSV_COLUMNS.join(",")];
  for (const run of runs) {
    const b = run.band;
    if (b === null) continue;
    const prefix = `${csvText(run.id)},${csvText(run.label)},${b.seeds}`;
    for (let k = 0; k < b.step.length; k++) {
      lines.push(`${prefix},${csvNumber(b.step[k])},${csvNumber(b.epoch[k])},${csvNumber(b.q10[k])},${csvNumber(b.q50[k])},${csvNumber(b.q90[k])}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export function toJson(input: ExportInput): string {
  return `${JSON.stringify(toJsonValue(input))}\n`;
}

/** `lr-decay-0.025-step.csv`: the base rate and decay kind, in characters safe in any file name. */
export function exportFileName(config: RunConfig, ext: string): string {
  const lr = String(config.optimizer.lr).replace(/[^0-9a-zA-Z.+-]/g, "_");
  return `lr-decay-${lr}-${config.policy.kind}.${ext}`;
}

/** Labels are user-visible words in the page's language, so the caller (the UI) supplies them. */
export interface RunLabels {
  /** The live run, e.g. "This run". */
  current: string;
  /** A pinned run's label, as the charts' legend shows it. */
  pinned(p: PinnedRun): string;
}

/**
 * The export input from the store: the live run (if it has data) then each pinned run that has
 * data (a comparison run still being computed, or one that failed, has none and is left out).
 */
export function exportInputFromStore(
  s: Pick<PlaygroundState, "config" | "current" | "pinned">,
  link: string,
  labels: RunLabels,
  bands: BandsState = { live: null, pinned: {} },
): ExportInput {
  // A band counts only when computed for the config the run has (the live one: the settings on screen).
  const bandOf = (e: BandsState["live"] | undefined, config: RunConfig): Band | null =>
    e !== null && e !== undefined && e.status === "done" && e.config === config ? e.band : null;
  const runs: ExportRun[] = [];
  const cur = s.current;
  if (cur.series.length > 0) {
    runs.push({
      id: "current",
      label: labels.current,
      config: cur.config,
      stepsPerEpoch: cur.stepsPerEpoch,
      steps: cur.step,
      truncated: false,
      events: cur.events.slice(),
      diverged: cur.diverged,
      columns: cur.series.columns(),
      band: bandOf(bands.live, cur.config),
    });
  }
  for (const p of s.pinned) {
    if (p.columns.step.length === 0) continue;
    runs.push({
      id: p.id,
      label: labels.pinned(p),
      config: p.config,
      stepsPerEpoch: p.stepsPerEpoch,
      steps: p.step,
      truncated: p.truncated,
      events: p.events,
      diverged: p.diverged,
      columns: p.columns,
      band: bandOf(bands.pinned[p.id], p.config),
    });
  }
  return { link: link.replace(/^\?/, ""), config: s.config, runs };
}
