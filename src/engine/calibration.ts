// The lesson's criteria, measured on runs' full training-set loss (issue "default configuration"):
// phase A rattles in [0.7, 0.9] without improving; after decay the loss settles lower; without
// decay it keeps rattling; a constant low rate gets low too, but at least twice as late.

import { preset } from "./run-config.ts";
import { simulate, type RunResult } from "./headless-run.ts";

const BAND_LOW = 0.7;
const BAND_HIGH = 0.9;
const BAND_MID = 0.8;

export interface LessonStats {
  seed: number;
  /** Phase A: first step with loss <= 0.9 until the first decay event. */
  phaseAStartEpoch: number;
  phaseAEpochs: number;
  phaseAInBand: number;
  phaseACrossings: number;
  phaseARange: number;
  /** Last 5 epochs of the decayed run. */
  lastMean: number;
  lastRange: number;
  /** lastRange / phaseARange; the criterion is <= 0.25. */
  settleRatio: number;
  /** Fraction of the no-decay run's last-5-epoch samples in [0.7, 0.9]. */
  noDecayInBand: number;
  /** Mean of the low-rate run's last 5 epochs. */
  lowLrLastMean: number;
  /** Epoch from which the loss stays <= 0.7 for a whole epoch: decayed and low-rate runs. */
  decayedStaysLowAt: number;
  lowLrStaysLowAt: number;
  /** lowLrStaysLowAt / decayedStaysLowAt; the criterion is >= 2. */
  slowdown: number;
}

export interface LessonCriteria {
  ok: boolean;
  failures: string[];
}

function lastEpochs(run: RunResult, epochs: number): Float64Array {
  const loss = run.columns.loss;
  return loss.subarray(Math.max(0, loss.length - epochs * run.stepsPerEpoch));
}

function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return a.length === 0 ? Number.NaN : s / a.length;
}

function range(a: ArrayLike<number>): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < a.length; i++) {
    lo = Math.min(lo, a[i]);
    hi = Math.max(hi, a[i]);
  }
  return a.length === 0 ? 0 : hi - lo;
}

function fractionIn(a: ArrayLike<number>, lo: number, hi: number): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] >= lo && a[i] <= hi) n++;
  return a.length === 0 ? 0 : n / a.length;
}

/** Epoch (fractional) of the first step from which the loss stays <= level for a whole epoch. */
function staysBelowAt(run: RunResult, level: number): number {
  const loss = run.columns.loss;
  let streak = 0;
  for (let i = 0; i < loss.length; i++) {
    streak = loss[i] <= level ? streak + 1 : 0;
    if (streak >= run.stepsPerEpoch) return (i - run.stepsPerEpoch + 1) / run.stepsPerEpoch;
  }
  return Infinity;
}

/** Measures the lesson on the three presets for one seed (runs are at full resolution). */
export function lessonStats(seed: number): LessonStats {
  const decayed = simulate(preset("default", seed));
  const noDecay = simulate(preset("no-decay", seed));
  const lowLr = simulate(preset("low-lr", seed));
  const loss = decayed.columns.loss;
  const step = decayed.columns.step;
  const firstDecay = decayed.events.find((e) => e.type === "decay");
  const start = loss.findIndex((l) => l <= BAND_HIGH);
  // The decay event's step is the first step that uses the new rate; phase A ends before it.
  const endStep = firstDecay ? firstDecay.step : Infinity;
  let end = start < 0 ? 0 : start;
  while (end < loss.length && step[end] < endStep) end++;
  const phaseA = start < 0 ? new Float64Array(0) : loss.subarray(start, end);
  let crossings = 0;
  for (let i = 1; i < phaseA.length; i++) if ((phaseA[i - 1] - BAND_MID) * (phaseA[i] - BAND_MID) < 0) crossings++;
  const last = lastEpochs(decayed, 5);
  const phaseARange = range(phaseA);
  const decayedStaysLowAt = staysBelowAt(decayed, BAND_LOW);
  const lowLrStaysLowAt = staysBelowAt(lowLr, BAND_LOW);
  return {
    seed,
    phaseAStartEpoch: start < 0 ? Infinity : step[start] / decayed.stepsPerEpoch,
    phaseAEpochs: phaseA.length / decayed.stepsPerEpoch,
    phaseAInBand: fractionIn(phaseA, BAND_LOW, BAND_HIGH),
    phaseACrossings: crossings,
    phaseARange,
    lastMean: mean(last),
    lastRange: range(last),
    settleRatio: phaseARange > 0 ? range(last) / phaseARange : Infinity,
    noDecayInBand: fractionIn(lastEpochs(noDecay, 5), BAND_LOW, BAND_HIGH),
    lowLrLastMean: mean(lastEpochs(lowLr, 5)),
    decayedStaysLowAt,
    lowLrStaysLowAt,
    slowdown: lowLrStaysLowAt / decayedStaysLowAt,
  };
}

/** The thresholds of the lesson, as stated in the issue. */
export function checkLesson(s: LessonStats): LessonCriteria {
  const failures: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) failures.push(`seed ${s.seed}: ${what}`);
  };
  need(s.phaseAEpochs >= 2, `phase A lasts ${s.phaseAEpochs.toFixed(2)} epochs (< 2)`);
  need(s.phaseAInBand >= 0.9, `phase A has ${(100 * s.phaseAInBand).toFixed(1)}% in [0.7, 0.9] (< 90%)`);
  need(s.phaseACrossings >= 6, `phase A crosses 0.8 ${s.phaseACrossings} times (< 6)`);
  need(s.phaseARange >= 0.1, `phase A max-min ${s.phaseARange.toFixed(3)} (< 0.1)`);
  need(s.lastMean < 0.7, `last-5-epoch mean ${s.lastMean.toFixed(3)} (>= 0.7)`);
  need(s.settleRatio <= 0.25, `last-5-epoch range is ${s.settleRatio.toFixed(3)} of phase A's (> 0.25)`);
  need(s.noDecayInBand >= 0.8, `no-decay run has ${(100 * s.noDecayInBand).toFixed(1)}% in band (< 80%)`);
  need(s.lowLrLastMean < 0.7, `low-lr last-5-epoch mean ${s.lowLrLastMean.toFixed(3)} (>= 0.7)`);
  need(s.slowdown >= 2, `low-lr reaches <= 0.7 only ${s.slowdown.toFixed(2)}x later (< 2x)`);
  return { ok: failures.length === 0, failures };
}
