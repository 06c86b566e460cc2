// The learning-rate range test (Smith 2017, "Cyclical Learning Rates for Training Neural
// Networks", section 3.3; popularised as fastai's `lr_find`): train the current problem with the
// current optimizer while the rate grows exponentially each step from lrMin to lrMax, record the
// smoothed loss against the rate, and stop once training has clearly diverged. Two rules read a
// suggested starting rate off the curve, as fastai does (fastai/callback/schedule.py, v2.5+):
// `steep` (steepest descent of loss vs log lr) and `valley` (the middle, on the log-lr axis, of the
// longest descending stretch).

import type { NumberRange } from "./config-fields.ts";
import { problem } from "./problem-codes.ts";
import type { Problem, Validated } from "./types.ts";
import type { RunConfig } from "./run-config.ts";
import { Trainer } from "./trainer.ts";
import { log, pow } from "./det-math.ts";

export interface RangeTestOptions {
  /** First rate (step 1). */
  lrMin: number;
  /** Rate of the last step, if training gets that far. At most 10, the schema's largest lr. */
  lrMax: number;
  /** Steps from lrMin to lrMax. */
  steps: number;
  /**
   * EMA weight of the loss smoothing, debiased as in fastai's Recorder. fastai uses 0.98 over ~100
   * steps of a noisy minibatch loss; our losses are the full training loss (little noise), and a
   * long EMA lags the curve to the right (0.98 would shift it by ~50 steps, a factor of ~15 in lr
   * here; 0.8 lags ~4 steps, a factor of ~1.25), so the default is 0.8.
   */
  beta: number;
  /** Stop once the smoothed loss exceeds this multiple of the best smoothed loss so far (fastai: 4). */
  divergeFactor: number;
}

export const DEFAULT_RANGE_TEST: Readonly<RangeTestOptions> = Object.freeze({
  lrMin: 1e-6,
  lrMax: 10,
  steps: 300,
  beta: 0.8,
  divergeFactor: 4,
});

const RANGE_TEST_LIMITS = {
  lrMax: 10,
  minSteps: 20,
  maxSteps: 5000,
} as const;

export type RangeRule = "steep" | "valley";

export interface RangeSuggestion {
  rule: RangeRule;
  lr: number;
  /** Index into the result's arrays. */
  index: number;
  /** The smoothed loss there. */
  loss: number;
  /**
   * valley only: the stretch the rule took as "the longest valley" (indices into the result's
   * arrays, `from` <= index <= `to`); the suggestion is its middle on the log-lr axis.
   */
  stretch?: { from: number; to: number };
}

type RangeStop =
  /** All `steps` steps ran. */
  | { reason: "end"; step: number; lr: number }
  /** Smoothed loss > divergeFactor x best, or a non-finite loss / parameters. */
  | { reason: "diverged"; step: number; lr: number };

export interface RangeTestResult {
  /** Rate used at each recorded step (strictly increasing). */
  lr: number[];
  /** Full training loss after the step. */
  loss: number[];
  /** The debiased EMA of `loss`. */
  smoothed: number[];
  stop: RangeStop;
  suggestions: { steep: RangeSuggestion | null; valley: RangeSuggestion | null };
}

/** Rate of step i (0-based) of n: lrMin * (lrMax / lrMin)^(i / (n - 1)). */
export function rangeRate(o: Pick<RangeTestOptions, "lrMin" | "lrMax" | "steps">, i: number): number {
  if (o.steps <= 1) return o.lrMin;
  return o.lrMin * pow(o.lrMax / o.lrMin, i / (o.steps - 1));
}

/** Checks options; bad fields fall back to the defaults, each with a message naming field, value and range. */
export function validateRangeOptions(given: Partial<RangeTestOptions>): Validated<RangeTestOptions> {
  const value: RangeTestOptions = { ...DEFAULT_RANGE_TEST };
  const problems: Problem[] = [];
  const bad = (field: keyof RangeTestOptions, v: unknown, range: NumberRange, maxName?: string) =>
    problems.push(problem(field, v, maxName === undefined ? { code: "outOfRange", range } : { code: "outOfRange", range, maxName }));
  const span = (min: number, minInclusive: boolean, max: number, maxInclusive: boolean, integer = false): NumberRange =>
    integer ? { min, max, minInclusive, maxInclusive, integer } : { min, max, minInclusive, maxInclusive };
  const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
  const { lrMin, lrMax, steps, beta, divergeFactor } = given;
  if (lrMax !== undefined) {
    if (num(lrMax) && lrMax > 0 && lrMax <= RANGE_TEST_LIMITS.lrMax) value.lrMax = lrMax;
    else bad("lrMax", lrMax, span(0, false, RANGE_TEST_LIMITS.lrMax, true));
  }
  if (lrMin !== undefined) {
    if (num(lrMin) && lrMin > 0 && lrMin < value.lrMax) value.lrMin = lrMin;
    else bad("lrMin", lrMin, span(0, false, value.lrMax, false), "lrMax");
  }
  if (steps !== undefined) {
    if (Number.isInteger(steps) && steps >= RANGE_TEST_LIMITS.minSteps && steps <= RANGE_TEST_LIMITS.maxSteps) value.steps = steps;
    else bad("steps", steps, span(RANGE_TEST_LIMITS.minSteps, true, RANGE_TEST_LIMITS.maxSteps, true, true));
  }
  if (beta !== undefined) {
    if (num(beta) && beta >= 0 && beta < 1) value.beta = beta;
    else bad("beta", beta, span(0, true, 1, false));
  }
  if (divergeFactor !== undefined) {
    if (num(divergeFactor) && divergeFactor > 1) value.divergeFactor = divergeFactor;
    else bad("divergeFactor", divergeFactor, span(1, false, Infinity, true));
  }
  return { value, problems };
}

/**
 * Runs the range test on `config`'s problem, optimizer settings, batch size and seed (its decay
 * policy and length are replaced by the exponential sweep). Deterministic: same inputs, same result.
 * `options` must be valid (see validateRangeOptions).
 */
export function runRangeTest(config: RunConfig, options: RangeTestOptions = DEFAULT_RANGE_TEST): RangeTestResult {
  const lr: number[] = [];
  const loss: number[] = [];
  const smoothed: number[] = [];
  let last: number;
  // A constant policy scaled by hand each step (Trainer.setRate), with far more epochs than needed
  // so the trainer never ends the run first. No sink for events: one per step would be noise.
  const trainer = new Trainer(
    { ...config, policy: { kind: "constant", unit: "step", warmup: null }, epochs: 1_000_000 },
    { onStep: (s) => (last = s.loss) },
  );
  let avg = 0;
  let best = Number.POSITIVE_INFINITY;
  let stop: RangeStop = { reason: "end", step: options.steps, lr: rangeRate(options, options.steps - 1) };
  for (let i = 0; i < options.steps; i++) {
    const rate = rangeRate(options, i);
    trainer.setRate(rate);
    last = Number.NaN;
    const ran = trainer.run(1);
    if (ran === 0 || !Number.isFinite(last)) {
      stop = { reason: "diverged", step: i + 1, lr: rate };
      break;
    }
    avg = options.beta * avg + (1 - options.beta) * last;
    const s = avg / (1 - pow(options.beta, i + 1));
    lr.push(rate);
    loss.push(last);
    smoothed.push(s);
    if (s < best) best = s;
    if (!Number.isFinite(s) || s > options.divergeFactor * best) {
      stop = { reason: "diverged", step: i + 1, lr: rate };
      break;
    }
  }
  return { lr, loss, smoothed, stop, suggestions: suggest(lr, smoothed, options.steps) };
}

/**
 * Both suggestions, on the recorded curve without its first tenth of the planned steps and its
 * last five points (fastai's `lrs[num_it//10:-5]`: the start is flat and the end is the blow-up).
 */
export function suggest(lrs: readonly number[], losses: readonly number[], plannedSteps: number): RangeTestResult["suggestions"] {
  const from = Math.floor(plannedSteps / 10);
  const to = losses.length - 5;
  if (to - from < 3) return { steep: null, valley: null };
  const l = lrs.slice(from, to);
  const y = losses.slice(from, to);
  const at = (rule: RangeRule, i: number): RangeSuggestion => ({ rule, lr: l[i], index: from + i, loss: y[i] });
  const s = steepIndex(l, y);
  const v = valleyStretch(y);
  return {
    steep: s === null ? null : at("steep", s),
    valley: v === null ? null : { ...at("valley", v.index), stretch: { from: from + v.from, to: from + v.to } },
  };
}

/** fastai `steep`: the index where loss falls fastest per unit of log lr, (y[i+1]-y[i]) / (ln l[i+1] - ln l[i]). */
export function steepIndex(lrs: readonly number[], losses: readonly number[]): number | null {
  let bestI: number | null = null;
  let bestSlope = Number.POSITIVE_INFINITY;
  for (let i = 0; i + 1 < losses.length; i++) {
    const dx = log(lrs[i + 1]) - log(lrs[i]);
    if (!(dx > 0)) continue;
    const slope = (losses[i + 1] - losses[i]) / dx;
    if (slope < bestSlope) {
      bestSlope = slope;
      bestI = i;
    }
  }
  return bestI;
}

/**
 * fastai `valley` (fastai/callback/schedule.py, v2.5+), step by step as its code does it: `lds[i]`
 * is the length of the longest strictly decreasing subsequence ending at i; the valley ends at the
 * first i with the largest lds (`end`) and starts lds[end] points before it (`start = end -
 * lds[end]`, which is where a contiguous descent of that length begins, one point early); the
 * suggestion is `start + floor(len/3) + floor(len/3/2)` with len = end - start, i.e. the middle of
 * the stretch by index. The rate grows geometrically per step, so that is the middle of the
 * stretch on the log-lr axis: NOT halfway down in loss. On a curve with a long, slowly falling
 * shoulder (the default problem) the stretch begins on the shoulder and the mark sits near the top
 * of the drop. (Some write-ups describe it as "2/3 of the way"; this follows the code.) `stretch`
 * is [max(0, start), end]; the index is clamped into it (fastai would index lrs[-1] when start = -1
 * and the valley has 2 points).
 * O(n^2), fine for a few thousand points.
 */
export function valleyStretch(losses: readonly number[]): { index: number; from: number; to: number } | null {
  const n = losses.length;
  if (n === 0) return null;
  const lds = new Int32Array(n).fill(1);
  let maxStart = 0;
  let maxEnd = 0;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (losses[i] < losses[j] && lds[i] < lds[j] + 1) lds[i] = lds[j] + 1;
      if (lds[maxEnd] < lds[i]) {
        maxEnd = i;
        maxStart = maxEnd - lds[maxEnd];
      }
    }
  }
  const sections = (maxEnd - maxStart) / 3;
  const idx = maxStart + Math.floor(sections) + Math.floor(sections / 2);
  const from = Math.max(0, maxStart);
  return { index: Math.min(maxEnd, Math.max(from, idx)), from, to: maxEnd };
}

/** The index of fastai's `valley` suggestion (see valleyStretch). */
export function valleyIndex(losses: readonly number[]): number | null {
  return valleyStretch(losses)?.index ?? null;
}
