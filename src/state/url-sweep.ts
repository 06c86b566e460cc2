// A link's sweep keys (issue #7): `sweep=gamma&sweepLr=0.001,0.3,12&sweepValues=0.1,0.25,0.5,1&sweepSeeds=2`.
// `sweep` is the axis (a step-decay field); `sweepLr` the log-spaced rates as min,max,count. Any of
// the keys alone opens a sweep, the others taking DEFAULT_SWEEP's values; the engine's
// validateSweep checks every value and range. The main config is the sweep's base.

import { atField, problem, type Problem } from "../engine/problem-codes.ts";
import { SWEEP_AXIS_KINDS, validateSweep, type SweepSpec } from "../engine/sweep.ts";
import { numberOrText } from "../engine/value-text.ts";

export const SWEEP_KEYS = ["sweep", "sweepLr", "sweepValues", "sweepSeeds"] as const;

/** The link key each of validateSweep's fields is written under, for problems. */
const KEY_OF_FIELD: Record<string, string> = {
  "sweep.axis": "sweep",
  "sweep.lrMin": "sweepLr",
  "sweep.lrMax": "sweepLr",
  "sweep.lrCount": "sweepLr",
  "sweep.values": "sweepValues",
  "sweep.seeds": "sweepSeeds",
  "sweep.runs": "sweep",
};

const text = (n: number): string => String(n);

/** The sweep's query pairs, in key order (`sweepSeeds` omitted at 1). */
export function sweepPairs(s: SweepSpec): [string, string][] {
  const out: [string, string][] = [
    ["sweep", s.axis],
    ["sweepLr", `${text(s.lrMin)},${text(s.lrMax)},${text(s.lrCount)}`],
    ["sweepValues", s.values.map(text).join(",")],
  ];
  if (s.seeds !== 1) out.push(["sweepSeeds", text(s.seeds)]);
  return out;
}

/** The sweep of a link's keys (undefined when it has none), with one problem per bad value. */
export function decodeSweep(pairs: ReadonlyMap<string, string>): { spec: SweepSpec | undefined; problems: Problem[] } {
  if (!SWEEP_KEYS.some((k) => pairs.has(k))) return { spec: undefined, problems: [] };
  const problems: Problem[] = [];
  const raw: Record<string, unknown> = {};
  const axis = pairs.get("sweep");
  if (axis !== undefined) {
    if ((SWEEP_AXIS_KINDS as readonly string[]).includes(axis)) raw.axis = axis;
    else problems.push(problem("sweep", axis, { code: "notOneOf", values: SWEEP_AXIS_KINDS, quote: false }));
  }
  const lr = pairs.get("sweepLr");
  if (lr !== undefined) {
    const parts = lr.split(",");
    if (parts.length !== 3) problems.push(problem("sweepLr", lr, { code: "badFormat", format: "min,max,count", example: "0.001,0.3,12" }));
    else [raw.lrMin, raw.lrMax, raw.lrCount] = parts.map(numberOrText);
  }
  const values = pairs.get("sweepValues");
  if (values !== undefined) raw.values = values === "" ? [] : values.split(",").map(numberOrText);
  const seeds = pairs.get("sweepSeeds");
  if (seeds !== undefined) raw.seeds = numberOrText(seeds);
  const checked = validateSweep(raw);
  for (const p of checked.problems) problems.push(atField(p, KEY_OF_FIELD[p.field] ?? "sweep"));
  return { spec: checked.value, problems };
}
