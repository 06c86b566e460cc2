// Seed bands (issue #14): the same config run on N seeds, summarised per sample step by the
// median and the 10–90% range over the seeds. The band shows that a fixed rate's 0.7–0.9 rattle is
// a law of the setting, not the luck of one seed.
//
// Pure and deterministic, DOM-free: the ensemble workers (worker/ensemble), the page's e2e, the
// `simulate --seeds` CLI and the benchmark all call the functions here, so the same config and
// seeds give the same numbers bit for bit everywhere.
//
// Memory: a seed records its loss only at the band's sample steps (at most BAND_SAMPLES of them),
// never a per-step array, so a 10⁶-step run × 64 seeds holds 64 × 600 doubles, not 64 × 10⁶.

import { problem } from "./problem-codes.ts";
import type { NumberField } from "./config-fields.ts";
import { RUN_FIELDS, type RunConfig } from "./run-config.ts";
import { STEP_BUDGET, runSteps } from "./step-budget.ts";
import { Trainer } from "./trainer.ts";
import type { Problem } from "./types.ts";

/** Seeds of a band: 1 is a single run (bands off, the default); up to 64. */
export const SEEDS_FIELD: NumberField = {
  type: "number",
  min: 1,
  max: 64,
  minInclusive: true,
  maxInclusive: true,
  integer: true,
  default: 1,
  scale: "log",
  slider: { min: 1, max: 64 },
};
/** The seeds a band has when it is turned on (and what the lessons that show bands open with). */
export const DEFAULT_BAND_SEEDS = 8;
/** Sample steps of a band at most: the loss chart's resolution (~1 point per 2 px at 1280 px). */
export const BAND_SAMPLES = 600;

/**
 * Steps of one band at most (seeds × steps a seed): twice the one-request STEP_BUDGET, because a
 * band runs in the background, split over the cores, and stops at the next setting change. 64
 * seeds of a 10⁶-step run (6.4×10⁷ steps) fit; 64 seeds of 5×10⁶ steps do not.
 */
export const BAND_STEP_BUDGET = 2 * STEP_BUDGET;

/** The steps a band of `seeds` seeds of `config` takes (fewer only when seeds diverge). */
export function bandSteps(config: Pick<RunConfig, "problem" | "batchSize" | "epochs">, seeds: number): number {
  return seeds * runSteps(config);
}

/** The quantiles a band draws: its lower edge, its median line, its upper edge. */
const BAND_QUANTILES = { q10: 0.1, q50: 0.5, q90: 0.9 } as const;

/** Whether `n` is a valid seed count (an integer in 1–64). */
export function isSeedCount(n: unknown): n is number {
  return typeof n === "number" && Number.isInteger(n) && n >= SEEDS_FIELD.min && n <= SEEDS_FIELD.max;
}

/**
 * The problem of a bad seed count at `field` (the link's `seeds`, the CLI's `--seeds`), or null.
 * Any bad value, a number or not, is told the range: "seeds must be an integer in [1, 64], got 999".
 */
export function seedsProblem(field: string, value: unknown): Problem | null {
  if (isSeedCount(value)) return null;
  const { min, max, minInclusive, maxInclusive, integer } = SEEDS_FIELD;
  return problem(field, value, { code: "outOfRange", range: { min, max, minInclusive, maxInclusive, integer } }, "seeds");
}

/** Seed number `i` of a band on `baseSeed`: base, base + 1, …, wrapping mod 2³² (the seed field's range). */
function bandSeed(baseSeed: number, i: number): number {
  return (baseSeed + i) % (RUN_FIELDS.seed.max + 1);
}

/** The seeds of a band: `baseSeed, baseSeed + 1, …, baseSeed + n − 1` (mod 2³²). */
export function bandSeeds(baseSeed: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => bandSeed(baseSeed, i));
}

/**
 * The steps a band is sampled at, for a run of `totalSteps` steps: S = min(totalSteps, BAND_SAMPLES)
 * steps, `floor(k · totalSteps / S)` for k = 1 … S. Strictly increasing (totalSteps / S ≥ 1), the
 * last one is the run's last step, evenly spaced to within one step. The page, the workers and the
 * CLI all sample by this rule.
 */
export function bandSampleSteps(totalSteps: number, samples = BAND_SAMPLES): Float64Array {
  const s = Math.max(0, Math.min(totalSteps, samples));
  const out = new Float64Array(s);
  // k · totalSteps < 600 · 2·10⁸ is exact in a double, so the floor of the quotient is exact too.
  for (let k = 1; k <= s; k++) out[k - 1] = Math.floor((k * totalSteps) / s);
  return out;
}

// ---------------------------------------------------------------------------------------------
// One seed

/** What one seed of a band contributes: its loss at each sample step, and where it diverged. */
export interface SeedTrace {
  seed: number;
  /**
   * The full training-set loss after each sample step (the quantity the loss chart draws, unsmoothed).
   * A seed that diverged has +Infinity from its divergence on: it counts as "worse than every
   * finite loss", so the quantiles stay honest (a band whose upper edge is +Infinity says that more
   * than 10% of the seeds diverged by then) instead of silently shrinking to the survivors.
   */
  loss: Float64Array;
  /** The step at which the seed diverged, or null. */
  divergedAt: number | null;
}

/**
 * Runs one seed of a band in chunks (so a worker can stop it at a cancel), recording the loss only
 * at the sample steps.
 */
export class SeedRunner {
  readonly trainer: Trainer;
  readonly sampleSteps: Float64Array;
  private readonly loss: Float64Array;
  private next = 0;
  private divergedAt: number | null = null;

  /** `config` is the band's config; `seed` replaces its seed (data, init and noise all follow it). */
  constructor(config: RunConfig, seed: number) {
    const run: RunConfig = { ...config, seed };
    this.trainer = new Trainer(run, {
      onStep: (s) => {
        if (this.next < this.sampleSteps.length && s.step === this.sampleSteps[this.next]) this.loss[this.next++] = s.loss;
      },
      onEvent: (e) => {
        if (e.type === "diverged") this.divergedAt = e.step;
      },
    });
    this.sampleSteps = bandSampleSteps(this.trainer.totalSteps);
    this.loss = new Float64Array(this.sampleSteps.length);
  }

  /** Runs up to `steps` more steps; true while the seed is not over. */
  advance(steps: number): boolean {
    this.trainer.run(steps);
    return this.trainer.status === "running";
  }

  /** The seed's trace once it is over (done or diverged), else null. */
  trace(): SeedTrace | null {
    if (this.trainer.status === "running") return null;
    this.loss.fill(Number.POSITIVE_INFINITY, this.next);
    return { seed: this.trainer.config.seed, loss: this.loss, divergedAt: this.divergedAt };
  }
}

/** Runs seed `seed` of `config`'s band to its end in one go (Node, tests, the CLI). */
export function runSeed(config: RunConfig, seed: number): SeedTrace {
  const runner = new SeedRunner(config, seed);
  runner.advance(Number.POSITIVE_INFINITY);
  // A Trainer stops only when done or diverged, so the trace is always there.
  return runner.trace() as SeedTrace;
}

// ---------------------------------------------------------------------------------------------
// Quantiles and the reduction

/**
 * The p-quantile of `sorted` (ascending, no NaN; +Infinity allowed), by linear interpolation
 * between order statistics — Hyndman & Fan (1996) type 7, R's default `quantile(type = 7)` and
 * NumPy's `method="linear"`:
 *
 *     h = (n − 1) · p,  j = floor(h),  Q(p) = x[j] + (h − j) · (x[j+1] − x[j])
 *
 * (0-based x). When x[j] = x[j+1] (two diverged seeds, both +Infinity) the value is x[j] itself,
 * not ∞ − ∞ = NaN; the result is clamped to [x[j], x[j+1]] so rounding never steps outside.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const j = Math.min(n - 1, Math.max(0, Math.floor(h)));
  const a = sorted[j];
  const f = h - j;
  if (f <= 0 || j + 1 >= n) return a;
  const b = sorted[j + 1];
  if (a === b) return a;
  const q = a + f * (b - a);
  return Math.min(b, Math.max(a, q));
}

/** A band: per sample step, the q10, q50 and q90 of the seeds' losses. */
export interface Band {
  /** Seeds the band is over. */
  seeds: number;
  /** The first seed (the config's); the others follow it (bandSeeds). */
  baseSeed: number;
  stepsPerEpoch: number;
  /** The sample steps (bandSampleSteps) and the same positions in epochs. */
  step: Float64Array;
  epoch: Float64Array;
  q10: Float64Array;
  q50: Float64Array;
  q90: Float64Array;
  /** Seeds that diverged during the run (their loss is +Infinity from then on). */
  diverged: number;
}

/**
 * Reduces the seeds' traces (each at the same sample steps) to the band. The order of the traces
 * does not matter: each sample step's values are sorted before the quantiles are read.
 */
export function reduceBand(traces: readonly SeedTrace[], sampleSteps: Float64Array, stepsPerEpoch: number, baseSeed: number): Band {
  const n = traces.length;
  const s = sampleSteps.length;
  const q10 = new Float64Array(s);
  const q50 = new Float64Array(s);
  const q90 = new Float64Array(s);
  const column = new Float64Array(n);
  for (let k = 0; k < s; k++) {
    for (let i = 0; i < n; i++) {
      const v = traces[i].loss[k];
      // A NaN loss cannot come from a Trainer (it ends the run as diverged); treat one as diverged.
      column[i] = v === v ? v : Number.POSITIVE_INFINITY;
    }
    column.sort();
    q10[k] = quantileSorted(column, BAND_QUANTILES.q10);
    q50[k] = quantileSorted(column, BAND_QUANTILES.q50);
    q90[k] = quantileSorted(column, BAND_QUANTILES.q90);
  }
  const epoch = sampleSteps.map((st) => st / stepsPerEpoch);
  return {
    seeds: n,
    baseSeed,
    stepsPerEpoch,
    step: sampleSteps.slice(),
    epoch,
    q10,
    q50,
    q90,
    diverged: traces.filter((t) => t.divergedAt !== null).length,
  };
}

/** The sample steps and steps per epoch of `config`'s runs (every seed has the same). */
export function bandShape(config: RunConfig): { sampleSteps: Float64Array; stepsPerEpoch: number; totalSteps: number } {
  const t = new Trainer(config);
  return { sampleSteps: bandSampleSteps(t.totalSteps), stepsPerEpoch: t.stepsPerEpoch, totalSteps: t.totalSteps };
}

/**
 * The band of `config` over `seeds` seeds, computed in one go: the reference the page's workers
 * agree with (they run the same SeedRunner per seed and call the same reduceBand).
 */
export function computeBand(config: RunConfig, seeds: number): Band {
  const { sampleSteps, stepsPerEpoch } = bandShape(config);
  const traces = bandSeeds(config.seed, seeds).map((seed) => runSeed(config, seed));
  return reduceBand(traces, sampleSteps, stepsPerEpoch, config.seed);
}
