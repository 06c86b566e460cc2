// What a pinned run's label says: the settings where it differs from the config now on screen,
// in the schema's own field ids ("lr 0.02→0.005"), so a pinned line explains itself.

import { OPTIMIZER_FIELDS, POLICY_FIELDS, optimizerFieldApplies, type OptimizerFieldName } from "../engine/config.ts";
import type { RunConfig } from "../engine/run-config.ts";
import type { Policy, Warmup } from "../engine/types.ts";

/** Differences listed before "+N more": a legend label must stay one short line. */
const MAX_PARTS = 3;

/** A number short enough for a label: 4 significant digits, exponent form for tiny or huge values. */
export function formatShort(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs < 1e-3 || abs >= 1e5) return x.toExponential(2).replace(/\.?0+e/, "e").replace("e+", "e");
  return String(Number(x.toPrecision(4)));
}

function formatAny(v: unknown): string {
  if (typeof v === "number") return formatShort(v);
  if (v === null) return "none";
  if (Array.isArray(v)) return `[${v.map(formatAny).join(",")}]`;
  return String(v);
}

function formatWarmup(w: Warmup | null): string {
  if (w === null) return "off";
  return w.startFactor === 0 ? `${w.steps}` : `${w.steps} from ×${formatShort(w.startFactor)}`;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
  return Object.is(a, b);
}

function policyParts(a: Policy, b: Policy): string[] {
  if (a.kind !== b.kind) return [`decay ${a.kind}→${b.kind}`];
  const parts: string[] = [];
  const aFields = a as unknown as Record<string, unknown>;
  const bFields = b as unknown as Record<string, unknown>;
  for (const name of Object.keys(POLICY_FIELDS[a.kind])) {
    if (!same(aFields[name], bFields[name])) parts.push(`${name} ${formatAny(aFields[name])}→${formatAny(bFields[name])}`);
  }
  if (a.unit !== b.unit) parts.push(`unit ${a.unit}→${b.unit}`);
  const wa = formatWarmup(a.warmup);
  const wb = formatWarmup(b.warmup);
  if (wa !== wb) parts.push(`warmup ${wa}→${wb}`);
  return parts;
}

/** Every difference between `a` (e.g. a pinned run) and `b` (the current config), as "field a→b". */
export function diffParts(a: RunConfig, b: RunConfig): string[] {
  const parts: string[] = [];
  const oa = a.optimizer;
  const ob = b.optimizer;
  if (oa.kind !== ob.kind) parts.push(`optimizer ${oa.kind}→${ob.kind}`);
  for (const name of Object.keys(OPTIMIZER_FIELDS) as OptimizerFieldName[]) {
    // A field neither optimizer uses (momentum between two Adams) changes nothing worth showing.
    const matters = optimizerFieldApplies(name, oa.kind) || optimizerFieldApplies(name, ob.kind);
    if (matters && !same(oa[name], ob[name])) parts.push(`${name} ${formatAny(oa[name])}→${formatAny(ob[name])}`);
  }
  parts.push(...policyParts(a.policy, b.policy));
  for (const name of ["problem", "batchSize", "seed", "epochs"] as const) {
    if (!same(a[name], b[name])) parts.push(`${name} ${formatAny(a[name])}→${formatAny(b[name])}`);
  }
  // Two Custom surfaces (issue #17): the expression (shortened: it names a legend entry) and the noise.
  const ca = a.custom;
  const cb = b.custom;
  if (ca !== undefined && cb !== undefined) {
    const short = (f: string) => (f.length > 30 ? `${f.slice(0, 29)}…` : f);
    if (ca.f !== cb.f) parts.push(`f ${short(ca.f)}→${short(cb.f)}`);
    if (ca.noise !== cb.noise) parts.push(`noise ${formatShort(ca.noise)}→${formatShort(cb.noise)}`);
  }
  return parts;
}

/**
 * What sets `a` apart from `base`, as "field value" with `a`'s values ("lr 0.005", "decay constant"):
 * a pinned run's name, fixed when it is pinned.
 */
export function valueParts(a: RunConfig, base: RunConfig): string[] {
  return diffParts(a, base).map((p) => p.slice(0, p.lastIndexOf("→")));
}

/** One short label: up to three differences and "+N more", or "same settings". */
export function describeDiff(a: RunConfig, b: RunConfig): string {
  const parts = diffParts(a, b);
  if (parts.length === 0) return "same settings";
  const shown = parts.slice(0, MAX_PARTS).join(", ");
  return parts.length > MAX_PARTS ? `${shown} +${parts.length - MAX_PARTS} more` : shown;
}
