// `npm run simulate -- [--preset default|no-decay|low-lr | --url '<link or query>'] [--config '<json>']
//                      [--seed N] [--epochs N] [--format json|csv]`
// `--url` takes the page's link (or just its query): the same codec as the page decodes it, so the
// printed run is the page's run point for point. Unlike the page, any problem in it is an error.
// Prints one headless run to stdout. Bad flags or config: messages on stderr, exit status 2.

import { formatValue } from "../engine/config.ts";
import { PRESET_IDS, preset, validateRunConfig, type PresetId, type RunConfig } from "../engine/run-config.ts";
import { simulate, type RunResult } from "../engine/simulate.ts";
import { decodeState } from "../state/url.ts";
import { STEP_FIELDS } from "../engine/series.ts";

const USAGE =
  "usage: npm run simulate -- [--preset default|no-decay|low-lr | --url '<link or query>'] [--config '<json>'] [--seed N] [--epochs N] [--format json|csv]";

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
}

/** Parses argv (without node and script); returns the run or the messages explaining what is wrong. */
export function parseArgs(argv: readonly string[]): ParsedArgs | { errors: string[] } {
  const errors: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!["--preset", "--url", "--config", "--seed", "--epochs", "--format"].includes(name)) {
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
  const link = flags.get("--url");
  if (link !== undefined) {
    if (flags.has("--preset")) errors.push("--url and --preset cannot be combined: the link carries the whole config");
    const decoded = decodeState(queryOf(link));
    for (const p of decoded.problems) errors.push(`--url: ${p.field}: ${p.message}`);
    base = decoded.state.config;
  }
  const raw: Record<string, unknown> = { ...base };
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
          const o = over[key];
          raw[key] = key === "optimizer" && typeof o === "object" && o !== null && !Array.isArray(o) ? { ...base.optimizer, ...o } : o;
        }
      }
    }
  }
  for (const flag of ["--seed", "--epochs"] as const) {
    const text = flags.get(flag);
    if (text === undefined) continue;
    const n = text.trim() === "" ? Number.NaN : Number(text);
    raw[flag.slice(2)] = Number.isNaN(n) ? text : n;
  }
  const checked = validateRunConfig(raw);
  for (const p of checked.problems) errors.push(`${p.field}: ${p.message}`);
  if (errors.length > 0) return { errors };
  return { config: checked.value, format: format as "json" | "csv" };
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

function main(argv: readonly string[]): number {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  const parsed = parseArgs(argv);
  if ("errors" in parsed) {
    for (const e of parsed.errors) process.stderr.write(`simulate: ${e}\n`);
    process.stderr.write(USAGE + "\n");
    return 2;
  }
  // Full resolution for the runs the CLI is for; a run past the cap is decimated (see StepSeries).
  const result = simulate(parsed.config, 1_000_000);
  process.stdout.write(parsed.format === "json" ? toJson(result) + "\n" : toCsv(result));
  return 0;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/"));
if (invokedDirectly) process.exitCode = main(process.argv.slice(2));
