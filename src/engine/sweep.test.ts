import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun, validateRunConfig, type RunConfig } from "./run-config.ts";
import { simulate } from "./headless-run.ts";
import { validatePolicy } from "./config.ts";
import {
  DEFAULT_SWEEP,
  MIN_LR_RATIO,
  SWEEP_LIMITS,
  aggregateCell,
  axisPolicy,
  bestCell,
  cellConfig,
  enumerateRuns,
  lrGrid,
  runCell,
  summarizeLosses,
  sweepCells,
  sweepRunCount,
  validateSweep,
  type SweepSpec,
} from "./sweep.ts";

const lrArb = fc.double({ min: 1e-6, max: 10, noNaN: true, noDefaultInfinity: true });

/** A valid spec (runs within the limit). */
const specArb: fc.Arbitrary<SweepSpec> = fc
  .record({
    a: lrArb,
    b: lrArb,
    lrCount: fc.integer({ min: 2, max: 40 }),
    axis: fc.constantFrom("gamma" as const, "stepSize" as const),
    n: fc.integer({ min: 1, max: 20 }),
    seeds: fc.integer({ min: 1, max: 10 }),
  })
  .filter(({ a, b, lrCount, n, seeds }) => Math.min(a, b) * MIN_LR_RATIO <= Math.max(a, b) && lrCount * n * seeds <= 400)
  .map(({ a, b, lrCount, axis, n, seeds }) => ({
    lrMin: Math.min(a, b),
    lrMax: Math.max(a, b),
    lrCount,
    axis,
    values: Array.from({ length: n }, (_, i) => (axis === "gamma" ? (i + 1) / n : (i + 1) * 3)),
    seeds,
  }));

function messages(raw: unknown): string[] {
  return validateSweep(raw).problems.map((p) => p.message);
}

describe("lrGrid", () => {
  it("is log-spaced, strictly increasing and includes both ends", () => {
    fc.assert(
      fc.property(lrArb, lrArb, fc.integer({ min: 2, max: 40 }), (a, b, n) => {
        fc.pre(Math.min(a, b) * MIN_LR_RATIO <= Math.max(a, b));
        const lo = Math.min(a, b);
        const hi = Math.max(a, b);
        const g = lrGrid(lo, hi, n);
        expect(g).toHaveLength(n);
        expect(g[0]).toBe(lo);
        expect(g[n - 1]).toBe(hi);
        for (let i = 1; i < n; i++) expect(g[i]).toBeGreaterThan(g[i - 1]);
        // Equal ratios between neighbours, up to the 4-significant-digit rounding of interior points.
        const ratio = Math.log(hi / lo) / (n - 1);
        for (let i = 0; i < n; i++) {
          const want = Math.exp(Math.log(lo) + i * ratio);
          expect(Math.abs(g[i] - want) / want).toBeLessThan(1e-3);
        }
      }),
    );
  });

  it("gives the familiar decades exactly", () => {
    expect(lrGrid(0.0001, 1, 5)).toEqual([0.0001, 0.001, 0.01, 0.1, 1]);
    expect(lrGrid(0.001, 0.3, 12)).toHaveLength(12);
  });
});

describe("sweep cells and runs", () => {
  it("has lrCount × values cells and lrCount × values × seeds runs, every one a valid config", () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const cells = sweepCells(spec);
        expect(cells).toHaveLength(spec.lrCount * spec.values.length);
        const runs = enumerateRuns(spec, DEFAULT_RUN);
        expect(runs).toHaveLength(sweepRunCount(spec));
        expect(runs.map((r) => r.index)).toEqual(runs.map((_, i) => i));
        // Every (lr, value) pair appears exactly once per seed.
        const keys = new Set(runs.map((r) => `${r.config.optimizer.lr}|${r.config.policy.kind === "step" && spec.axis !== "cooldown" ? r.config.policy[spec.axis] : "?"}|${r.config.seed}`));
        expect(keys.size).toBe(runs.length);
        for (const r of runs.slice(0, 5)) expect(validateRunConfig(r.config).problems).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it("changes only lr, the axis field and the seed of the base", () => {
    const base = cloneRun({ ...DEFAULT_RUN, seed: 7, epochs: 3 });
    base.policy = { kind: "step", stepSize: 3, gamma: 0.3, unit: "epoch", warmup: { steps: 2, startFactor: 0.1 } };
    const spec: SweepSpec = { lrMin: 0.001, lrMax: 0.1, lrCount: 3, axis: "gamma", values: [0.2, 1], seeds: 2 };
    const runs = enumerateRuns(spec, base);
    expect(runs).toHaveLength(12);
    expect(runs[0].config).toEqual({ ...base, optimizer: { ...base.optimizer, lr: 0.001 }, policy: { ...base.policy, gamma: 0.2 } });
    expect(runs[1].config.seed).toBe(8);
    expect(runs[11].config.optimizer.lr).toBe(0.1);
    expect(runs[11].config.policy).toMatchObject({ kind: "step", stepSize: 3, gamma: 1 });
    // The base is not mutated.
    expect(base.optimizer.lr).toBe(DEFAULT_RUN.optimizer.lr);
  });

  it("puts a step decay on a base of another kind, keeping unit and warmup", () => {
    const p = axisPolicy({ kind: "cosine", tMax: 20, etaMin: 0, unit: "step", warmup: null }, "stepSize", 10);
    expect(p).toEqual({ kind: "step", stepSize: 10, gamma: 0.5, unit: "step", warmup: null });
  });

  it("is unchanged after loading any cell into the playground (links stay reproducible)", () => {
    fc.assert(
      fc.property(specArb, fc.nat(), (spec, pick) => {
        const cells = sweepCells(spec);
        const cell = cells[pick % cells.length];
        const loaded = cellConfig(spec, DEFAULT_RUN, cell);
        expect(enumerateRuns(spec, loaded)).toEqual(enumerateRuns(spec, DEFAULT_RUN));
      }),
      { numRuns: 40 },
    );
  });
});

describe("validateSweep", () => {
  it("accepts the default and fills missing fields from it", () => {
    expect(validateSweep({})).toEqual({ value: DEFAULT_SWEEP, problems: [] });
    expect(validateSweep({ axis: "stepSize" }).value.values).toEqual([2, 5, 10, 25]);
  });

  it("names the field, the value and the valid range", () => {
    expect(messages({ lrMin: 0 })).toEqual(["lrMin must be in (0, 10], got 0"]);
    expect(messages({ lrMax: Number.NaN })).toEqual(["lrMax must be in (0, 10], got NaN"]);
    expect(messages({ lrMin: 0.1, lrMax: 0.01 })).toEqual(["lrMax must be at least 1.01 × lrMin (0.1), got 0.01"]);
    expect(messages({ lrCount: 41 })).toEqual(["lrCount must be an integer in [2, 40], got 41"]);
    expect(messages({ lrCount: 2.5 })).toEqual(["lrCount must be an integer in [2, 40], got 2.5"]);
    expect(messages({ axis: "beta1" })).toEqual(['axis must be one of "gamma", "stepSize", "cooldown", got "beta1"']);
    expect(messages({ values: [0.5, 0] })).toEqual(["values[1] (gamma) must be in (0, 10], got 0"]);
    expect(messages({ axis: "stepSize", values: [2.5] })).toEqual(["values[0] (stepSize) must be an integer in [1, 1000000], got 2.5"]);
    expect(messages({ values: [] })).toEqual(["values must have 1 to 20 entries, got 0"]);
    expect(messages({ seeds: 0 })).toEqual(["seeds must be an integer in [1, 10], got 0"]);
    expect(messages({ foo: 1 })).toEqual(['unknown sweep field "foo"']);
    expect(messages(null)).toEqual(["sweep must be an object, got null"]);
  });

  it("sorts values, drops repeats with a note, and keeps the valid fields of a bad spec", () => {
    const r = validateSweep({ values: [1, 0.5, 0.1, 0.5], lrCount: 0, seeds: 3 });
    expect(r.value.values).toEqual([0.1, 0.5, 1]);
    expect(r.value.seeds).toBe(3);
    expect(r.value.lrCount).toBe(DEFAULT_SWEEP.lrCount);
    expect(r.problems.map((p) => p.field)).toEqual(["sweep.lrCount", "sweep.values"]);
  });

  it(`refuses more than ${SWEEP_LIMITS.runs} runs`, () => {
    const r = validateSweep({ lrCount: 40, values: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], seeds: 2 });
    expect(r.value).toEqual(DEFAULT_SWEEP);
    expect(r.problems.map((p) => p.message)).toEqual(["the sweep has 40 × 6 × 2 = 480 runs; at most 400 (fewer rates, values or seeds)"]);
    expect(validateSweep({ lrCount: 40, values: Array.from({ length: 10 }, (_, i) => i + 1), seeds: 1 }).problems).toEqual([]);
  });

  it("never throws and always returns a spec within the limits", () => {
    fc.assert(
      fc.property(fc.anything(), fc.dictionary(fc.constantFrom("lrMin", "lrMax", "lrCount", "axis", "values", "seeds"), fc.anything()), (a, d) => {
        for (const raw of [a, d]) {
          const { value } = validateSweep(raw);
          expect(sweepRunCount(value)).toBeLessThanOrEqual(SWEEP_LIMITS.runs);
          expect(value.lrMin * MIN_LR_RATIO).toBeLessThanOrEqual(value.lrMax);
          expect(validateSweep(value).problems).toEqual([]);
        }
      }),
    );
  });
});

describe("outcomes", () => {
  const short = (patch: Partial<RunConfig>): RunConfig => ({ ...cloneRun(DEFAULT_RUN), epochs: 3, ...patch });

  it("final loss is the mean training loss of the last epoch, the same as from a full simulate()", () => {
    for (const lr of [0.003, 0.025, 0.2]) {
      const config = short({ optimizer: { ...DEFAULT_RUN.optimizer, lr } });
      const full = simulate(config);
      const want = summarizeLosses(full.columns.loss, full.stepsPerEpoch);
      const got = runCell(config);
      expect(got).toEqual({ status: "done", finalLoss: want, steps: 600 });
      const last = Array.from(full.columns.loss.slice(400));
      expect(want).toBeCloseTo(last.reduce((s, x) => s + x, 0) / 200, 12);
    }
  });

  it("is deterministic and reports divergence with its step", () => {
    const sgd = short({ optimizer: { ...DEFAULT_RUN.optimizer, kind: "sgd", lr: 5 }, epochs: 2 });
    const a = runCell(sgd);
    expect(a.status).toBe("diverged");
    if (a.status === "diverged") {
      expect(a.step).toBeGreaterThan(0);
      expect(a.step).toBeLessThan(400);
    }
    expect(runCell(sgd)).toEqual(a);
  });

  it("aggregates seeds: mean loss, or diverged at the earliest step when any seed diverged", () => {
    expect(aggregateCell([])).toBeNull();
    expect(aggregateCell([{ status: "done", finalLoss: 1, steps: 5 }, { status: "done", finalLoss: 2, steps: 5 }])).toEqual({
      status: "done", finalLoss: 1.5, seeds: 2,
    });
    expect(
      aggregateCell([
        { status: "done", finalLoss: 1, steps: 5 },
        { status: "diverged", step: 9, epoch: 1, reason: "x" },
        { status: "diverged", step: 4, epoch: 1, reason: "x" },
      ]),
    ).toEqual({ status: "diverged", step: 4, divergedSeeds: 2, seeds: 3 });
    expect(bestCell([null, { status: "done", finalLoss: 2, seeds: 1 }, { status: "diverged", step: 1, divergedSeeds: 1, seeds: 1 }, { status: "done", finalLoss: 0.9, seeds: 1 }])).toBe(3);
    expect(bestCell([null])).toBeNull();
  });
});

describe("the WSD cooldown axis (issue #15)", () => {
  const base = { ...DEFAULT_RUN, epochs: 2 };
  const spec = validateSweep({ axis: "cooldown", lrMin: 0.01, lrMax: 0.05, lrCount: 2 }).value;

  it("defaults to cooldowns of 0, 10%, 20% and 50% of the run; values outside [0, 1] are refused with the range", () => {
    expect(spec.values).toEqual([0, 0.1, 0.2, 0.5]);
    expect(validateSweep({ axis: "cooldown", values: [0.2, 1.5] }).problems.map((p) => p.message)).toEqual([
      "values[1] (cooldown) must be in [0, 1], got 1.5",
    ]);
  });

  it("each cell is a per-step WSD whose cooldown is that share of the run; a cooldown of 0 is the constant-rate run", () => {
    const cells = sweepCells(spec);
    const total = 2 * 200;
    for (const cell of cells) {
      const p = cellConfig(spec, base, cell).policy;
      expect(p).toMatchObject({ kind: "wsd", unit: "step", decayShape: "1-sqrt", warmupTicks: 0 });
      if (p.kind !== "wsd") continue;
      expect(p.decayTicks).toBe(Math.max(1, Math.round(cell.value * total)));
      expect(p.stableTicks + p.decayTicks).toBe(total);
      expect(validateRunConfig(cellConfig(spec, base, cell)).problems).toEqual([]);
    }
    const none = cellConfig(spec, base, cells[0]);
    const constant = { ...none, policy: { kind: "constant", unit: "epoch", warmup: null } as const };
    expect(runCell(none)).toEqual(runCell(constant));
  });

  it("keeps a WSD base's warmup, shapes and floor, and counts in its unit", () => {
    const wsdBase = {
      ...base,
      policy: validatePolicy({ kind: "wsd", warmupTicks: 1, stableTicks: 0, decayTicks: 1, decayShape: "cosine", minLrRatio: 0.1, unit: "epoch" }).value,
    };
    const p = cellConfig(spec, wsdBase, sweepCells(spec)[3]).policy;
    expect(p).toMatchObject({ kind: "wsd", unit: "epoch", warmupTicks: 1, decayShape: "cosine", minLrRatio: 0.1, decayTicks: 1, stableTicks: 0 });
  });
});
