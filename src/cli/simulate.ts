// `npm run simulate -- [--preset default|no-decay|low-lr | --url '<link or query>'] [--config '<json>']
//                      [--seed N] [--epochs N] [--seeds N] [--format json|csv] [--max-steps N]`
// `--url` takes the page's link (or just its query): the same codec as the page decodes it, so the
// printed run is the page's run point for point. Unlike the page, any problem in it is an error.
// Prints one headless run to stdout. Bad flags or config: messages on stderr, exit status 2.
// A run over the step budget (STEP_BUDGET, 5×10⁷ steps) is refused unless `--max-steps` allows it;
// while a run computes, a progress line goes to stderr when stderr is a terminal. A reader that
// closes the pipe early (`| head -1`) ends the program quietly with status 0.
// `--seeds N` (2–64; 1 is the plain run) prints the run's seed band instead: the engine's
// computeBand, the function whose pieces the page's ensemble workers run, so the numbers are the
// page's for the same link (`--url` with `seeds=N` in it gives N too). Its budget is
// BAND_STEP_BUDGET (seeds × steps), overridable with `--max-steps` like a run's.

import { formatValue } from "../engine/config.ts";
import { BAND_STEP_BUDGET, bandSteps, computeBand, seedsProblem, type Band } from "../engine/ensemble.ts";
import { PRESET_IDS, preset, validateRunConfig, type PresetId, type RunConfig } from "../engine/run-config.ts";
import { simulate, type RunResult } from "../engine/headless-run.ts";
import { decodeState } from "../state/url.ts";
import { customRunProblem } from "../engine/custom-check.ts";
import { compileNow } from "../engine/expression/compile-now.ts";
import { STEP_FIELDS } from "../engine/series.ts";
import { numberOrText, readNumber } from "../engine/value-text.ts";
import { STEP_BUDGET, groupDigits, runSteps, stepsPerEpochOf } from "../engine/step-budget.ts";

const USAGE =
  "usage: npm run simulate -- [--preset default|no-decay|low-lr | --url '<link or query>'] [--config '<json>'] [--seed N] [--epochs N] [--seeds N] [--format json|csv] [--max-steps N]";

const FLAGS = ["--preset", "--url", "--config", "--seed", "--epochs", "--seeds", "--format", "--max-steps"];

/** The query part of a full link, a `?query` or a bare query (a #fragment is dropped). */
export function queryOf(link: string): string {
  const noHash = link.split("#", 1)[0];
  const q = noHash.indexOf("?");
  if (q >= 0) return noHash.slice(q + 1);
  // A link without a query is the default page.
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(noHash) ? "" : noHash;
}

/** Columns the CLI prints, in order (SPEC of the simulator: step, epoch, lr, lrT, batchLoss, loss, ...). */
const COLUMNS = STEP_FIELDS;

export interface ParsedArgs {
  config: RunConfig;
  format: "json" | "csv";
  /** The run's length in steps (at most `--max-steps`, or STEP_BUDGET). */
  steps: number;
  /** Seeds of the band to print (`--seeds`, or the link's `seeds`); 1 prints the run itself. */
  seeds: number;
}

/** Parses argv (without node and script); returns the run or the messages explaining what is wrong. */
export function parseArgs(argv: readonly string[]): ParsedArgs | { errors: string[] } {
  const errors: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!FLAGS.includes(name)) {
      errors.push(`unknown flag ${formatValue(arg)}`);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) errors.push(`${name} needs a value`);
    else if (flags.has(name)) errors.push(`${name} given twice`);
    else flags.set(name, value);
  }

  const presetName = flags.get("--preset") ?? "default";
  const presetId = PRESET_IDS.find((p) => p === presetName);
  if (presetId === undefined) {
    errors.push(`--preset must be one of ${PRESET_IDS.map((p) => JSON.stringify(p)).join(", ")}, got ${formatValue(presetName)}`);
  }
  const format = flags.get("--format") ?? "json";
  if (format !== "json" && format !== "csv") errors.push(`--format must be "json" or "csv", got ${formatValue(format)}`);

  let base = preset((presetId ?? "default") as PresetId);
  let seeds = 1;
  const link = flags.get("--url");
  if (link !== undefined) {
    if (flags.has("--preset")) errors.push("--url and --preset cannot be combined: the link carries the whole config");
    const decoded = decodeState(queryOf(link));
    for (const p of decoded.problems) errors.push(`--url: ${p.field}: ${p.message}`);
    base = decoded.state.config;
    seeds = decoded.state.view.seeds;
  }
  const seedsText = flags.get("--seeds");
  if (seedsText !== undefined) {
    const n = numberOrText(seedsText);
    const bad = seedsProblem("--seeds", n);
    if (bad === null) seeds = n as number;
    else errors.push(`--seeds must be an integer in [1, 64], got ${formatValue(n)}`);
  }
  // Keys are defined, never assigned: assigning `__proto__` would set the object's prototype (and
  // hide the key from validation) instead of making it a field the validator reports as unknown.
  const raw: Record<string, unknown> = {};
  const put = (key: string, v: unknown) => Object.defineProperty(raw, key, { value: v, enumerable: true, writable: true, configurable: true });
  for (const key of Object.keys(base)) put(key, (base as unknown as Record<string, unknown>)[key]);
  const configText = flags.get("--config");
  if (configText !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(configText);
    } catch (e) {
      errors.push(`--config is not valid JSON: ${(e as Error).message}`);
    }
    if (parsed !== undefined) {
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        errors.push(`--config must be a JSON object, got ${formatValue(parsed)}`);
      } else {
        const over = parsed as Record<string, unknown>;
        for (const key of Object.keys(over)) {
          // The optimizer merges over the preset's (so `{"optimizer":{"lr":0.01}}` works); others replace.
          // (Spreads define keys, so an own `__proto__` inside stays a field there too.)
          const o = Object.getOwnPropertyDescriptor(over, key)?.value;
          put(key, key === "optimizer" && typeof o === "object" && o !== null && !Array.isArray(o) ? { ...base.optimizer, ...o } : o);
        }
      }
    }
  }
  for (const flag of ["--seed", "--epochs"] as const) {
    const text = flags.get(flag);
    // The links' number grammar: plain decimals only (`0x10` is a value the schema refuses).
    if (text !== undefined) put(flag.slice(2), numberOrText(text));
  }
  const maxText = flags.get("--max-steps");
  let maxSteps = seeds > 1 ? BAND_STEP_BUDGET : STEP_BUDGET;
  if (maxText !== undefined) {
    const n = readNumber(maxText);
    if (n !== undefined && Number.isSafeInteger(n) && n >= 1) maxSteps = n;
    else errors.push(`--max-steps must be a whole number of steps, at least 1, got ${formatValue(maxText)}`);
  }
  const checked = validateRunConfig(raw);
  for (const p of checked.problems) errors.push(`${p.field}: ${p.message}`);
  if (errors.length > 0) return { errors };
  const config = checked.value;
  // A Custom surface is compiled and checked as the page does; its problem is worded as the page lists it.
  const surface = customRunProblem(config, compileNow);
  if (surface !== null) return { errors: [`${link !== undefined ? "--url: " : ""}${surface.field}: ${surface.message}`] };
  const steps = runSteps(config);
  const total = seeds > 1 ? bandSteps(config, seeds) : steps;
  if (total > maxSteps) {
    const given = maxText === undefined ? `the step budget of ${groupDigits(maxSteps)}` : `--max-steps ${groupDigits(maxSteps)}`;
    const what = `${groupDigits(stepsPerEpochOf(config))} steps an epoch × ${groupDigits(config.epochs)} epochs` + (seeds > 1 ? ` × ${seeds} seeds` : "");
    return {
      errors: [`the ${seeds > 1 ? "band" : "run"} has ${what} = ${groupDigits(total)} steps, more than ${given}; to run it anyway, pass --max-steps ${total}`],
    };
  }
  return { config, format: format as "json" | "csv", steps, seeds };
}

/** The JSON document of a run (shape documented in the README). */
export function toJson(r: RunResult): string {
  const steps: Record<string, number[]> = {};
  for (const c of COLUMNS) steps[c] = Array.from(r.columns[c]);
  return JSON.stringify({
    config: r.config,
    seed: r.config.seed,
    stepsPerEpoch: r.stepsPerEpoch,
    steps,
    epochs: r.epochs,
    events: r.events,
    summary: r.summary,
  });
}

/**
 * One row per step; numbers printed with full float64 precision (shortest round-trip form). A
 * non-finite value is an empty cell, as in the page's export: `batchLoss` of a problem without a
 * minibatch loss (NaN) is "no value", not a number.
 */
export function toCsv(r: RunResult): string {
  const lines = [COLUMNS.join(",")];
  const n = r.columns.step.length;
  const cell = (v: number): string => (Number.isFinite(v) ? String(v) : "");
  for (let i = 0; i < n; i++) lines.push(COLUMNS.map((c) => cell(r.columns[c][i])).join(","));
  return lines.join("\n") + "\n";
}

/** A band column as JSON: +Infinity (diverged seeds) as null, like the page's export. */
const bandColumn = (c: Float64Array): (number | null)[] => Array.from(c, (x) => (Number.isFinite(x) ? x : null));

/** The JSON document of a seed band: its config and seeds, then one array per column. */
export function bandToJson(config: RunConfig, band: Band): string {
  return JSON.stringify({
    config,
    seeds: band.seeds,
    baseSeed: band.baseSeed,
    stepsPerEpoch: band.stepsPerEpoch,
    diverged: band.diverged,
    step: Array.from(band.step),
    epoch: Array.from(band.epoch),
    q10: bandColumn(band.q10),
    q50: bandColumn(band.q50),
    q90: bandColumn(band.q90),
  });
}

/** One row per sample step: `seeds,step,epoch,q10,q50,q90` (an empty cell: above every loss, a diverged seed). */
export function bandToCsv(band: Band): string {
  const cell = (v: number): string => (Number.isFinite(v) ? String(v) : "");
  const lines = ["seeds,step,epoch,q10,q50,q90"];
  for (let k = 0; k < band.step.length; k++) {
    lines.push([String(band.seeds), String(band.step[k]), String(band.epoch[k]), cell(band.q10[k]), cell(band.q50[k]), cell(band.q90[k])].join(","));
  }
  return lines.join("\n") + "\n";
}

/** "1:05" for 65 s, "1:02:05" past an hour. */
function clock(ms: number): string {
  const t = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = String(t % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

/** The progress line: `step 1,000,000 of 200,000,000 (0.5%), 0:12 elapsed, about 39:48 left`. */
export function progressLine(step: number, total: number, elapsedMs: number): string {
  const pct = total > 0 ? (100 * step) / total : 100;
  const left = step > 0 && step < total ? `, about ${clock((elapsedMs * (total - step)) / step)} left` : "";
  return `simulate: step ${groupDigits(step)} of ${groupDigits(total)} (${pct.toFixed(1)}%), ${clock(elapsedMs)} elapsed${left}`;
}

/** Where main() writes; tests pass their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (then a progress line is redrawn in place while the run computes). */
  progress: boolean;
  now(): number;
}

/** Time between two redraws of the progress line. */
const PROGRESS_MS = 250;

export function main(argv: readonly string[], io: Io): number {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.out(USAGE + "\n");
    return 0;
  }
  const parsed = parseArgs(argv);
  if ("errors" in parsed) {
    for (const e of parsed.errors) io.err(`simulate: ${e}\n`);
    io.err(USAGE + "\n");
    return 2;
  }
  if (parsed.seeds > 1) {
    const band = computeBand(parsed.config, parsed.seeds);
    io.out(parsed.format === "json" ? bandToJson(parsed.config, band) + "\n" : bandToCsv(band));
    return 0;
  }
  let onProgress: ((step: number, total: number) => void) | undefined;
  const started = io.now();
  let drawn = false;
  if (io.progress) {
    let last = started;
    onProgress = (step, total) => {
      const now = io.now();
      if (now - last < PROGRESS_MS) return;
      last = now;
      drawn = true;
      io.err(`\r${progressLine(step, total, now - started)}\x1b[K`);
    };
  }
  // Full resolution for the runs the CLI is for; a run past the cap is decimated (see StepSeries).
  const result = simulate(parsed.config, 1_000_000, Number.POSITIVE_INFINITY, onProgress);
  if (drawn) io.err(`\r${progressLine(result.summary.steps, result.totalSteps, io.now() - started)}\x1b[K\n`);
  io.out(parsed.format === "json" ? toJson(result) + "\n" : toCsv(result));
  return 0;
}

/**
 * A reader that stops early (`simulate … | head -1`) closes the pipe: the next write fails with
 * EPIPE. That is the reader's choice, not an error of the run, so exit quietly with status 0.
 */
export function exitQuietlyOnClosedPipe(stream: NodeJS.WritableStream, exit: (code: number) => void): void {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") exit(0);
    else throw e;
  });
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/"));
if (invokedDirectly) {
  exitQuietlyOnClosedPipe(process.stdout, (code) => process.exit(code));
  process.exitCode = main(process.argv.slice(2), {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    progress: process.stderr.isTTY === true,
    now: () => performance.now(),
  });
}
