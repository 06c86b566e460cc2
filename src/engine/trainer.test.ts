import "./testing/custom-surfaces.ts";
import { describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun, preset, type RunConfig } from "./run-config.ts";
import { StepSeries, STEP_FIELDS } from "./series.ts";
import { simulate } from "./headless-run.ts";
import { Trainer, type TrainEvent } from "./trainer.ts";
import { HAS_MINIBATCH_LOSS, PROBLEM_IDS, createProblem } from "./problems/index.ts";

/** Columns every problem fills (batchLoss is empty for problems without a minibatch loss). */
const FILLED_FIELDS = STEP_FIELDS.filter((f) => f !== "batchLoss" && f !== "lossAtY");

/** FNV-1a over the float64 bit patterns of every column: equal hashes <=> bit-identical series. */
function hashRun(cfg: RunConfig): string {
  const r = simulate(cfg);
  let h = 0x811c9dc5;
  for (const f of STEP_FIELDS) {
    const bytes = new Uint8Array(r.columns[f].buffer, r.columns[f].byteOffset, r.columns[f].byteLength);
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  }
  return (h >>> 0).toString(16) + ":" + r.columns.step.length;
}

const LR = DEFAULT_RUN.optimizer.lr;

function short(cfg: RunConfig, epochs = 2): RunConfig {
  return { ...cloneRun(cfg), epochs };
}

describe("Trainer", () => {
  it("is deterministic: the same config and seed give bit-identical series", () => {
    const a = hashRun(short(DEFAULT_RUN));
    const b = hashRun(short(DEFAULT_RUN));
    expect(a).toBe(b);
  });

  it("different seeds give different series", () => {
    const a = hashRun(short({ ...DEFAULT_RUN, seed: 1 }));
    const b = hashRun(short({ ...DEFAULT_RUN, seed: 2 }));
    expect(a).not.toBe(b);
  });

  it("running in chunks gives the same series as one go", () => {
    const cfg = short(DEFAULT_RUN, 1);
    const whole = simulate(cfg).columns.loss;
    const series = new StepSeries();
    const t = new Trainer(cfg, { onStep: (s) => series.push(s) });
    while (t.run(37) > 0);
    expect(Array.from(series.column("loss"))).toEqual(Array.from(whole));
  });

  it("records every per-step field, with fractional epochs and 1-based steps", () => {
    const r = simulate(short(DEFAULT_RUN, 1));
    expect(r.columns.step[0]).toBe(1);
    expect(r.columns.epoch[r.stepsPerEpoch - 1]).toBe(1);
    expect(r.columns.epoch[0]).toBeCloseTo(1 / r.stepsPerEpoch, 15);
    for (const f of FILLED_FIELDS) expect(r.columns[f].every(Number.isFinite)).toBe(true);
    // The noisy quadratic has no minibatch loss: the column is empty rather than mislabelled.
    expect(r.columns.batchLoss.every(Number.isNaN)).toBe(true);
    // Adam's lr_t is bias correction: lr*sqrt(1-beta2)/(1-beta1) at t=1.
    expect(r.columns.lrT[0]).toBeCloseTo((LR * Math.sqrt(1 - 0.999)) / (1 - 0.9), 15);
    expect(r.epochs).toHaveLength(1);
    expect(r.epochs[0].loss).toBe(r.columns.loss[r.stepsPerEpoch - 1]);
  });

  it("ticks an epoch policy at epoch ends and records each decay", () => {
    const r = simulate(short(DEFAULT_RUN, 11));
    const decays = r.events.filter((e): e is Extract<TrainEvent, { type: "decay" }> => e.type === "decay");
    expect(decays.map((e) => [e.step, e.from, e.to])).toEqual([
      [5 * r.stepsPerEpoch + 1, LR, LR / 2],
      [10 * r.stepsPerEpoch + 1, LR / 2, LR / 4],
    ]);
    expect(r.columns.lr[5 * r.stepsPerEpoch - 1]).toBe(LR);
    expect(r.columns.lr[5 * r.stepsPerEpoch]).toBe(LR / 2);
    expect(r.events.at(-1)?.type).toBe("done");
  });

  it("ticks a step policy every step and coalesces smooth decay events", () => {
    const cfg: RunConfig = {
      ...short(DEFAULT_RUN, 2),
      policy: { kind: "exponential", decaySteps: 100, decayRate: 0.5, staircase: false, unit: "step", warmup: null },
    };
    const r = simulate(cfg);
    expect(r.columns.lr[1]).toBeLessThan(r.columns.lr[0]);
    expect(r.columns.lr[0]).toBe(LR);
    const decays = r.events.filter((e) => e.type === "decay");
    // 400 steps halve the rate 4 times: 1/16 -> about log(16)/log(1/0.75) ~ 9.6 events of >= 25%.
    expect(decays.length).toBeGreaterThan(4);
    expect(decays.length).toBeLessThan(15);
  });

  it("feeds plateau the epoch's mean training loss", () => {
    const cfg: RunConfig = {
      ...short(preset("no-decay"), 12),
      policy: {
        kind: "plateau", mode: "min", factor: 0.5, patience: 1, threshold: 0.05, thresholdMode: "rel",
        cooldown: 0, minLr: 0, eps: 1e-8, unit: "epoch", warmup: null,
      },
    };
    const r = simulate(cfg);
    expect(r.events.some((e) => e.type === "decay")).toBe(true);
    expect(r.columns.lr.at(-1)).toBeLessThan(LR);
  });

  it("a manual rate change is a recorded decay and scales the schedule from then on", () => {
    const events: TrainEvent[] = [];
    const t = new Trainer(short(DEFAULT_RUN, 12), { onEvent: (e) => events.push(e) });
    t.run(50);
    t.setRate(0.005);
    expect(t.rate()).toBe(0.005);
    expect(events).toEqual([{ type: "decay", step: 51, epoch: 50 / t.stepsPerEpoch, from: LR, to: 0.005, manual: true }]);
    t.run(5 * t.stepsPerEpoch);
    // The epoch-5 step decay still halves, from the manual level.
    expect(t.rate()).toBeCloseTo(0.0025, 15);
    t.setRate(Number.NaN);
    t.setRate(-1);
    expect(t.rate()).toBeCloseTo(0.0025, 15);
  });

  it("diverges cleanly at lr 10 with SGD: an event with a reason, and no NaN anywhere", () => {
    const cfg: RunConfig = {
      ...short(DEFAULT_RUN, 3),
      optimizer: { ...DEFAULT_RUN.optimizer, kind: "sgd", lr: 10 },
    };
    const r = simulate(cfg);
    expect(r.summary.diverged).toBe(true);
    const d = r.events.find((e) => e.type === "diverged");
    expect(d?.type === "diverged" && d.reason.length > 0).toBe(true);
    for (const f of FILLED_FIELDS) expect(r.columns[f].every(Number.isFinite)).toBe(true);
    expect(r.summary.steps).toBeLessThan(3 * r.stepsPerEpoch);
  });

  it("runs every problem for an epoch without non-finite samples", () => {
    for (const problem of ["nqm", "classify", "linreg", "rosenbrock", "beale", "saddle", "bowl", "nqm2d"] as const) {
      const r = simulate({ ...short(DEFAULT_RUN, 1), problem, optimizer: { ...DEFAULT_RUN.optimizer, lr: 0.01 } });
      expect(r.summary.steps, problem).toBeGreaterThan(0);
      for (const f of FILLED_FIELDS) expect(r.columns[f].every(Number.isFinite), `${problem} ${f}`).toBe(true);
      // batchLoss is filled exactly for the problems that have a minibatch loss, and empty otherwise.
      const want = HAS_MINIBATCH_LOSS[problem] ? Number.isFinite : Number.isNaN;
      expect(r.columns.batchLoss.every(want), `${problem} batchLoss`).toBe(true);
    }
  });
});

describe("honest labels: batchLoss is a minibatch loss or nothing", () => {
  it("on the noisy quadratic the column is empty, and the loss curve is bit for bit the one before", () => {
    const r = simulate(preset("default"));
    expect(r.columns.batchLoss.every(Number.isNaN)).toBe(true);
    // Values of the default run (seed 1) recorded before batchLoss was emptied: the gradient noise
    // draws nothing more or less, so the lesson's curve is unchanged.
    expect(r.columns.loss[0]).toBe(54.91937510467549);
    expect(r.columns.loss[999]).toBe(0.7986124587826282);
    expect(r.columns.loss[4999]).toBe(0.5312348700468329);
  });

  it("reduce-on-plateau on the noisy quadratic still watches the exact loss before each step", () => {
    const cfg: RunConfig = {
      ...preset("default"),
      policy: {
        kind: "plateau", mode: "min", factor: 0.5, patience: 2, threshold: 0.01, thresholdMode: "rel",
        cooldown: 0, minLr: 0, eps: 1e-8, unit: "epoch", warmup: null,
      },
    };
    const r = simulate(cfg);
    // Lesson 5's plateau run, recorded before the change: same cuts, same end.
    expect(r.events.filter((e) => e.type === "decay").map((e) => e.step)).toEqual([1201, 2801, 3801]);
    expect(r.columns.loss[4999]).toBe(0.547186183715349);
    // Its metric: the epoch's mean of the loss where each gradient was taken, i.e. the start's
    // loss, then every step's loss but the last.
    const spe = r.stepsPerEpoch;
    const initial = new Trainer(cfg).initialLoss;
    let sum = initial;
    for (let i = 0; i < spe - 1; i++) sum += r.columns.loss[i];
    expect(r.epochs[0].meanStepLoss).toBeCloseTo(sum / spe, 12);
  });

  it.each(["linreg", "classify"] as const)("on %s it is the loss of the step's minibatch, not the previous step's loss", (problem) => {
    const r = simulate({ ...short(DEFAULT_RUN, 3), problem, optimizer: { ...DEFAULT_RUN.optimizer, lr: 0.01 } });
    const { batchLoss, loss } = r.columns;
    let shifted = 0;
    for (let t = 1; t < loss.length; t++) if (batchLoss[t] === loss[t - 1]) shifted++;
    expect(shifted).toBe(0);
    // An unbiased sample of the full loss before the step: over an epoch the two means agree
    // within a few percent, while single rows scatter.
    const spe = r.stepsPerEpoch;
    let mb = 0;
    let full = 0;
    for (let t = 2 * spe; t < 3 * spe; t++) {
      mb += batchLoss[t];
      full += loss[t - 1];
    }
    expect(Math.abs(mb / full - 1)).toBeLessThan(0.1);
    expect(r.epochs[2].meanStepLoss).toBeCloseTo(mb / spe, 10);
  });

  it("HAS_MINIBATCH_LOSS agrees with each problem", () => {
    for (const id of PROBLEM_IDS) expect(createProblem(id, 1).minibatchLoss, id).toBe(HAS_MINIBATCH_LOSS[id]);
  });
});

describe("StepSeries: bounded memory", () => {
  it("keeps at most `cap` rows over a 1,000,000-step run, every event, and the loss envelope", () => {
    // The 2-D bowl with one full batch per epoch: a million cheap steps, with step decay every 5 epochs.
    const cfg: RunConfig = { ...cloneRun(DEFAULT_RUN), problem: "bowl", batchSize: 4096, epochs: 1_000_000 };
    const series = new StepSeries(10_000);
    const events: TrainEvent[] = [];
    let maxLoss = -Infinity;
    let minLoss = Infinity;
    let maxRows = 0;
    const t = new Trainer(cfg, {
      onStep: (s) => {
        series.push(s);
        if (s.loss > maxLoss) maxLoss = s.loss;
        if (s.loss < minLoss) minLoss = s.loss;
      },
      onEvent: (e) => events.push(e),
    });
    while (t.run(100_000) > 0) maxRows = Math.max(maxRows, series.length);
    expect(t.step).toBe(1_000_000);
    expect(series.pushed).toBe(1_000_000);
    expect(maxRows).toBeLessThanOrEqual(10_000);
    const loss = series.column("loss");
    expect(Math.max(...loss)).toBe(maxLoss);
    expect(Math.min(...loss)).toBe(minLoss);
    const steps = series.column("step");
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThan(steps[i - 1]);
    // The rate halves every 5 epochs until it underflows to 0, after which it no longer changes.
    expect(events.filter((e) => e.type === "decay").length).toBeGreaterThan(100);
    expect(series.last()?.step).toBe(1_000_000);
    // A million steps: about 30 s on an idle 2-core machine, 90 s with the other core busy; a
    // correctness check, so its time limit is generous rather than a speed target.
  }, 240_000);
});
