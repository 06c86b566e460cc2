// The nearest replayable config of a run whose rate was changed by hand ("change live").
//
// A hand change multiplies the rest of the schedule by to/from (Trainer.setRate), so such a run's
// rates are its policy's rates times a factor that changes at the hand-change steps. No policy has a
// "rate changed by hand at step s" field, and there is no piecewise-constant policy (SPEC.md §2),
// so the link cannot say so directly. `multiStep` comes closest: `lr * gamma^(milestones <= t)`,
// with a repeated milestone counting once per occurrence. When every change of the run's rate
// (the policy's own steps and the hand changes together) is a whole power of one factor, in one
// direction, a multiStep config replays the same rates: exact. Otherwise the nearest multiStep keeps
// the start rate, the change points and the final rate, and changes by one geometric-mean factor at
// each point: approximate. A plateau policy (its cuts depend on the loss) or one that changes the
// rate at more ticks than a link can list has no replayable form.
//
// Pure: no DOM, no store, so it is tested on its own (replay-link.test.ts).

import { createScheduler } from "../engine/policies.ts";
import type { RunConfig } from "../engine/run-config.ts";
import type { TrainEvent } from "../engine/trainer.ts";
import type { Policy } from "../engine/types.ts";

/** multiStep's `milestones` field takes at most this many entries (config-fields.ts). */
const MAX_MILESTONES = 50;
/** A link value longer than this is refused by the URL decoder (url.ts MAX_VALUE_LENGTH). */
const MAX_MILESTONES_TEXT = 200;
/** Walking a policy tick by tick to find where it changes the rate stops here (a link never needs more). */
const MAX_TICKS_WALKED = 2_000_000;
/** Relative tolerance for "the same rate" and "a whole power of gamma" (rates are products of a few doubles). */
const REL_TOL = 1e-9;
/** multiStep's gamma must lie in (0, 10] (config-fields.ts). */
const MAX_GAMMA = 10;

interface HandChange {
  /** First step (1-based) that used the new rate. */
  step: number;
  /** The factor the rest of the schedule was multiplied by. */
  factor: number;
}

export type ReplayPlan =
  | {
      kind: "exact";
      /** The run's config with its policy replaced by the equivalent multiStep. */
      config: RunConfig;
      changes: HandChange[];
    }
  | {
      kind: "approximate";
      config: RunConfig;
      changes: HandChange[];
      /** The rate's factor at each change point of the run (policy steps and hand changes). */
      factors: number[];
      /** The one factor the replay applies at each of those points instead. */
      gamma: number;
    }
  | {
      kind: "none";
      changes: HandChange[];
      /** `plateau`: cuts depend on the loss; `tooMany`: more rate changes than a link can list. */
      reason: "plateau" | "tooMany";
    };

/** The hand changes among a run's events, in order. */
function handChanges(events: readonly TrainEvent[]): HandChange[] {
  const out: HandChange[] = [];
  for (const e of events) if (e.type === "decay" && e.manual) out.push({ step: e.step, factor: e.to / e.from });
  return out;
}

const sameRate = (a: number, b: number): boolean => Math.abs(a - b) <= REL_TOL * Math.max(Math.abs(a), Math.abs(b));

/**
 * Step ticks (completed steps, 0-based) at which `policy` itself changes the rate, within a run of
 * `totalSteps` steps, or null when there are more than `limit` or the walk would be too long.
 */
function policyChangeTicks(policy: Policy, lr: number, stepsPerEpoch: number, totalSteps: number, limit: number): number[] | null {
  const perTick = policy.unit === "step" ? 1 : stepsPerEpoch;
  const ticks = Math.ceil(totalSteps / perTick);
  if (ticks > MAX_TICKS_WALKED) return null;
  const s = createScheduler(policy, lr);
  const out: number[] = [];
  let prev = s.lr;
  for (let t = 1; t < ticks; t++) {
    const next = s.advance();
    if (next !== prev) {
      if (out.length >= limit) return null;
      out.push(t * perTick);
    }
    prev = next;
  }
  return out;
}

/**
 * The nearest replayable config of `run` (the config it started with) given its events; null when
 * no rate was changed by hand (its own config replays it). `stepsPerEpoch` is the run's.
 */
export function replayPlan(run: RunConfig, events: readonly TrainEvent[], stepsPerEpoch: number): ReplayPlan | null {
  const changes = handChanges(events);
  if (changes.length === 0) return null;
  if (run.policy.kind === "plateau") return { kind: "none", changes, reason: "plateau" };
  const spe = Math.max(1, stepsPerEpoch);
  const totalSteps = spe * run.epochs;
  const lr = run.optimizer.lr;
  const own = policyChangeTicks(run.policy, lr, spe, totalSteps, MAX_MILESTONES);
  if (own === null) return { kind: "none", changes, reason: "tooMany" };

  // The run's rate at step tick k (step k+1): the policy's rate times every hand factor so far.
  const perTick = run.policy.unit === "step" ? 1 : spe;
  const scheduler = createScheduler(run.policy, lr);
  const policyAt = (k: number): number => {
    const t = Math.floor(k / perTick);
    while (scheduler.tick < t) scheduler.advance();
    return scheduler.lr;
  };
  const candidates = [...new Set([...own, ...changes.map((c) => c.step - 1)])].filter((k) => k < totalSteps).sort((a, b) => a - b);
  let scale = 1;
  let h = 0;
  const rateAt = (k: number): number => {
    while (h < changes.length && changes[h].step - 1 <= k) scale *= changes[h++].factor;
    return policyAt(k) * scale;
  };
  // Changes at tick 0 (a hand change before the first step) set the start rate itself.
  const start = rateAt(0);
  const points: number[] = [];
  const levels: number[] = [start];
  for (const k of candidates) {
    if (k === 0) continue;
    const r = rateAt(k);
    if (sameRate(r, levels[levels.length - 1])) continue;
    points.push(k);
    levels.push(r);
  }
  if (points.length > MAX_MILESTONES) return { kind: "none", changes, reason: "tooMany" };

  // Milestones in epochs when every change falls on an epoch boundary (the readable form), else in steps.
  const inEpochs = points.every((k) => k % spe === 0);
  const unit = inEpochs ? "epoch" : "step";
  const tickOf = (k: number): number => (inEpochs ? k / spe : k);
  const factors = points.map((_, i) => levels[i + 1] / levels[i]);

  const exact = fitPowers(factors);
  const milestones: number[] = [];
  let gamma: number;
  if (exact !== null) {
    gamma = exact.gamma;
    points.forEach((k, i) => {
      for (let j = 0; j < exact.powers[i]; j++) milestones.push(tickOf(k));
    });
  } else {
    gamma = Math.pow(levels[levels.length - 1] / start, 1 / points.length);
    milestones.push(...points.map(tickOf));
  }
  if (
    milestones.length > MAX_MILESTONES ||
    milestones.join(",").length > MAX_MILESTONES_TEXT ||
    !(gamma > 0 && gamma <= MAX_GAMMA) ||
    !(start > 0)
  ) {
    return { kind: "none", changes, reason: "tooMany" };
  }
  const config: RunConfig = {
    ...run,
    optimizer: { ...run.optimizer, lr: start },
    // No change point left (say, one hand change before the first step): a constant rate.
    policy: milestones.length === 0 ? { kind: "constant", unit: "epoch", warmup: null } : { kind: "multiStep", milestones, gamma, unit, warmup: null },
  };
  return exact !== null ? { kind: "exact", config, changes } : { kind: "approximate", config, changes, factors, gamma };
}

/** Roots tried when the finest factor is itself a power of the gamma (0.25 and 0.125 are 0.5² and 0.5³). */
const MAX_ROOT = 8;

/**
 * One gamma and whole powers (>= 1) with factors[i] = gamma^powers[i] (to REL_TOL), or null. The
 * candidates are the factor nearest 1 (the finest step) and its square, cube, … roots, coarsest
 * first, so the link lists as few milestones as it can. The factors must all lie on one side of 1,
 * since multiStep's count only grows. No factors: gamma 1, nothing to fit.
 */
export function fitPowers(factors: readonly number[]): { gamma: number; powers: number[] } | null {
  if (factors.length === 0) return { gamma: 1, powers: [] };
  let finest = factors[0];
  for (const f of factors) if (Math.abs(Math.log(f)) < Math.abs(Math.log(finest))) finest = f;
  if (!(finest > 0) || finest === 1 || !Number.isFinite(finest)) return null;
  for (let root = 1; root <= MAX_ROOT; root++) {
    let gamma = root === 1 ? finest : Math.pow(finest, 1 / root);
    // A root that is a short decimal up to rounding (0.5000000000000001) is written as that decimal.
    const short = Number(gamma.toPrecision(12));
    if (sameRate(short, gamma)) gamma = short;
    const powers: number[] = [];
    for (const f of factors) {
      const p = Math.round(Math.log(f) / Math.log(gamma));
      if (p < 1 || !sameRate(Math.pow(gamma, p), f)) break;
      powers.push(p);
    }
    if (powers.length === factors.length) return { gamma, powers };
  }
  return null;
}
