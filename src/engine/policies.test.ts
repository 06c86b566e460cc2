import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createScheduler,
  lrAt,
  plateauInit,
  plateauUpdate,
  previewSeries,
  type PlateauSpec,
} from "./policies.ts";
import type { Policy, PolicySpec, Warmup } from "./types.ts";
// A JSON import rather than node:fs + import.meta.url: tsconfig.engine.json also type-checks the tests
// in src/engine with `types: []` and lib ES2022, where Node APIs, URL and import.meta.url don't exist.
import reference from "../../../shared/golden/reference.json";

// ---------------------------------------------------------------------------------------------
// Golden vectors (SPEC.md §3). Golden `schedule` objects omit fields with SPEC defaults; this local
// helper fills them (deliberately independent of the config module) and rejects unknown fields.

type Raw = Record<string, unknown>;

function isRaw(v: unknown): v is Raw {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function withDefaults(raw: Raw): Policy {
  const used = new Set(["kind", "unit", "warmup"]);
  const get = <T>(key: string, def: T | undefined, ok: (v: unknown) => v is T): T => {
    used.add(key);
    const v = key in raw ? raw[key] : def;
    if (!ok(v)) throw new Error(`golden schedule field ${key}: bad value ${JSON.stringify(v)}`);
    return v;
  };
  const isNum = (v: unknown): v is number => typeof v === "number";
  const isBool = (v: unknown): v is boolean => typeof v === "boolean";
  const oneOf =
    <T extends string>(...xs: T[]) =>
    (v: unknown): v is T =>
      typeof v === "string" && (xs as string[]).includes(v);
  const num = (key: string, def?: number): number => get(key, def, isNum);
  const bool = (key: string, def?: boolean): boolean => get(key, def, isBool);

  let spec: PolicySpec;
  const kind = raw.kind;
  switch (kind) {
    case "constant":
      spec = { kind };
      break;
    case "step":
      spec = { kind, stepSize: num("stepSize"), gamma: num("gamma") };
      break;
    case "multiStep":
      spec = {
        kind,
        milestones: get("milestones", undefined, (v): v is number[] => Array.isArray(v) && v.every(isNum)),
        gamma: num("gamma"),
      };
      break;
    case "exponential":
    case "inverseTime":
      spec = { kind, decaySteps: num("decaySteps", 1), decayRate: num("decayRate"), staircase: bool("staircase", false) };
      break;
    case "polynomial":
      spec = {
        kind,
        decaySteps: num("decaySteps"),
        endLr: num("endLr", 0.0001),
        power: num("power", 1),
        cycle: bool("cycle", false),
      };
      break;
    case "cosine":
      spec = { kind, tMax: num("tMax"), etaMin: num("etaMin", 0) };
      break;
    case "cosineRestarts":
      spec = { kind, t0: num("t0"), tMult: num("tMult", 1), etaMin: num("etaMin", 0) };
      break;
    case "oneCycle":
      spec = {
        kind,
        totalSteps: num("totalSteps"),
        pctStart: num("pctStart", 0.3),
        divFactor: num("divFactor", 25),
        finalDivFactor: num("finalDivFactor", 1e4),
        annealStrategy: get("annealStrategy", "cos", oneOf("cos", "linear")),
        threePhase: bool("threePhase", false),
      };
      break;
    case "cyclic":
      spec = {
        kind,
        baseLr: num("baseLr"),
        stepSizeUp: num("stepSizeUp"),
        stepSizeDown: get("stepSizeDown", null, (v): v is number | null => v === null || isNum(v)),
        mode: get("mode", "triangular", oneOf("triangular", "triangular2", "expRange")),
        gamma: num("gamma", 1),
      };
      break;
    case "plateau":
      spec = {
        kind,
        mode: get("mode", "min", oneOf("min", "max")),
        factor: num("factor", 0.1),
        patience: num("patience", 10),
        threshold: num("threshold", 1e-4),
        thresholdMode: get("thresholdMode", "rel", oneOf("rel", "abs")),
        cooldown: num("cooldown", 0),
        minLr: num("minLr", 0),
        eps: num("eps", 1e-8),
      };
      break;
    default:
      throw new Error(`golden schedule: unknown kind ${JSON.stringify(kind)}`);
  }
  const unknown = Object.keys(raw).filter((k) => !used.has(k));
  if (unknown.length > 0) throw new Error(`golden schedule ${String(kind)}: unknown fields ${unknown.join(", ")}`);
  const unit = get("unit", "epoch", oneOf("epoch", "step"));
  let warmup: Warmup | null = null;
  if (raw.warmup !== undefined && raw.warmup !== null) {
    if (!isRaw(raw.warmup) || typeof raw.warmup.steps !== "number") throw new Error("golden warmup needs steps");
    const s = raw.warmup.startFactor ?? 0;
    if (typeof s !== "number") throw new Error("golden warmup.startFactor must be a number");
    warmup = { steps: raw.warmup.steps, startFactor: s };
  }
  return { ...spec, unit, warmup };
}

interface GoldenSchedule {
  name: string;
  baseLr: number;
  policy: Policy;
  metrics: number[] | undefined;
  lr: number[];
}

function loadGolden(): GoldenSchedule[] {
  const json: unknown = reference;
  if (!isRaw(json) || !Array.isArray(json.schedules)) throw new Error("golden file has no schedules");
  return json.schedules.map((c: unknown): GoldenSchedule => {
    if (!isRaw(c) || typeof c.name !== "string" || typeof c.baseLr !== "number" || !isRaw(c.schedule)) {
      throw new Error(`bad golden case ${JSON.stringify(c)}`);
    }
    const nums = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === "number");
    if (!nums(c.lr)) throw new Error(`${c.name}: lr must be numbers`);
    if (c.metrics !== undefined && !nums(c.metrics)) throw new Error(`${c.name}: metrics must be numbers`);
    const policy = withDefaults(c.schedule);
    if (c.metrics !== undefined && policy.kind !== "plateau") throw new Error(`${c.name}: metrics on ${policy.kind}`);
    return { name: c.name, baseLr: c.baseLr, policy, metrics: c.metrics, lr: c.lr };
  });
}

const close = (got: number, want: number): boolean => Math.abs(got - want) <= 1e-9 * Math.abs(want) + 1e-15;

const golden = loadGolden();

describe("golden schedules (SPEC.md §3)", () => {
  it("has cases", () => expect(golden.length).toBeGreaterThan(0));

  it.each(golden.map((g) => [g.name, g] as const))("%s: lrAt matches", (_name, g) => {
    const bad: string[] = [];
    g.lr.forEach((want, t) => {
      const got = lrAt(g.policy, g.baseLr, t, g.metrics);
      if (!close(got, want)) bad.push(`t=${t} got ${got} want ${want}`);
    });
    expect(bad).toEqual([]);
  });

  it.each(golden.map((g) => [g.name, g] as const))("%s: createScheduler === lrAt", (_name, g) => {
    const s = createScheduler(g.policy, g.baseLr);
    for (let t = 0; t < g.lr.length; t++) {
      expect(s.tick).toBe(t);
      expect(s.lr).toBe(lrAt(g.policy, g.baseLr, t, g.metrics));
      const next = s.advance(g.metrics?.[t]);
      expect(next).toBe(s.lr);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Properties.

const T = 500;
const pos = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const int = (min: number, max: number) => fc.integer({ min, max });
const baseLrArb = pos(1e-4, 1);

const COMMON = { unit: "epoch", warmup: null } as const;

/**
 * Random valid policy specs, `lr`-relative end values given as fractions (scaled by `scaleToLr`),
 * all positive. Ranges keep every rate of ticks 0..500 clear of float underflow.
 */
function specArb(kind: PolicySpec["kind"]): fc.Arbitrary<PolicySpec> {
  switch (kind) {
    case "constant":
      return fc.constant({ kind });
    case "step":
      return fc.record({ kind: fc.constant(kind), stepSize: int(1, 60), gamma: pos(0.3, 1) });
    case "multiStep":
      return fc.record({
        kind: fc.constant(kind),
        milestones: fc.array(int(0, 400), { maxLength: 12 }).map((m) => m.sort((a, b) => a - b)),
        gamma: pos(0.05, 1),
      });
    case "exponential":
      return fc.record({ kind: fc.constant(kind), decaySteps: int(1, 60), decayRate: pos(0.3, 1.2), staircase: fc.boolean() });
    case "inverseTime":
      return fc.record({ kind: fc.constant(kind), decaySteps: int(1, 60), decayRate: pos(0, 10), staircase: fc.boolean() });
    case "polynomial":
      return fc.record({
        kind: fc.constant(kind),
        decaySteps: int(1, 400),
        endLr: pos(1e-4, 2),
        power: pos(0, 4),
        cycle: fc.boolean(),
      });
    case "cosine":
      return fc.record({ kind: fc.constant(kind), tMax: int(1, 400), etaMin: pos(1e-4, 2) });
    case "cosineRestarts":
      // etaMin 0 included: the restarts never reach etaMin, so rates stay positive.
      return fc.record({ kind: fc.constant(kind), t0: int(1, 60), tMult: int(1, 3), etaMin: pos(0, 1) });
    case "oneCycle":
      return fc.record({
        kind: fc.constant(kind),
        totalSteps: int(1, 600),
        pctStart: pos(0, 1),
        divFactor: pos(1, 1e3),
        finalDivFactor: pos(1, 1e5),
        annealStrategy: fc.constantFrom("cos" as const, "linear" as const),
        threePhase: fc.boolean(),
      });
    case "cyclic":
      return fc.record({
        kind: fc.constant(kind),
        baseLr: pos(1e-3, 1),
        stepSizeUp: int(1, 60),
        stepSizeDown: fc.option(int(1, 60), { nil: null }),
        mode: fc.constantFrom("triangular" as const, "triangular2" as const, "expRange" as const),
        gamma: pos(0.5, 1),
      });
    case "plateau":
      return fc.record({
        kind: fc.constant(kind),
        mode: fc.constantFrom("min" as const, "max" as const),
        factor: pos(0.01, 0.99),
        patience: int(0, 15),
        threshold: pos(0, 0.1),
        thresholdMode: fc.constantFrom("rel" as const, "abs" as const),
        cooldown: int(0, 8),
        minLr: pos(1e-6, 1),
        eps: pos(0, 1e-6),
      });
    case "wsd":
      // minLrRatio > 0 keeps every rate positive.
      return fc.record({
        kind: fc.constant(kind),
        warmupTicks: int(0, 60),
        stableTicks: int(0, 200),
        decayTicks: int(1, 200),
        warmupShape: fc.constantFrom("linear" as const, "cosine" as const, "1-sqrt" as const),
        decayShape: fc.constantFrom("linear" as const, "cosine" as const, "1-sqrt" as const),
        minLrRatio: pos(1e-3, 1),
        numCycles: fc.constant(0.5),
      });
    case "inverseSqrt":
      return fc.record({ kind: fc.constant(kind), warmupTicks: int(0, 60), timescale: fc.option(pos(1, 1e4), { nil: null }) });
  }
}

/** Turn the lr-relative end values into absolute ones. */
function scaleToLr(spec: PolicySpec, lr: number): PolicySpec {
  switch (spec.kind) {
    case "polynomial":
      return { ...spec, endLr: spec.endLr * lr };
    case "cosine":
    case "cosineRestarts":
      return { ...spec, etaMin: spec.etaMin * lr };
    case "cyclic":
      return { ...spec, baseLr: spec.baseLr * lr };
    case "plateau":
      return { ...spec, minLr: spec.minLr * lr };
    default:
      return spec;
  }
}

const KINDS: PolicySpec["kind"][] = [
  "constant",
  "step",
  "multiStep",
  "exponential",
  "inverseTime",
  "polynomial",
  "cosine",
  "cosineRestarts",
  "oneCycle",
  "cyclic",
  "plateau",
  "wsd",
  "inverseSqrt",
];

const warmupArb = (minStart: number) =>
  fc.option(fc.record({ steps: int(1, 40), startFactor: pos(minStart, 1) }), { nil: null });
const metricsArb = (maxLength: number) =>
  fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { maxLength });

/** A random valid policy with positive end values, its base rate and a metrics series. */
const caseArb = (kinds: PolicySpec["kind"][], minStart: number, metricsLength: number) =>
  fc
    .tuple(fc.constantFrom(...kinds).chain(specArb), baseLrArb, warmupArb(minStart), metricsArb(metricsLength))
    .map(([spec, lr, warmup, metrics]) => {
      const policy: Policy = { ...scaleToLr(spec, lr), unit: "epoch", warmup };
      return { policy, lr, metrics };
    });

/** Rates of ticks 0..n-1, feeding metrics[t] (when present) at the end of tick t. */
function run(policy: Policy, lr: number, n: number, metrics: number[]): number[] {
  const s = createScheduler(policy, lr);
  const out: number[] = [];
  for (let t = 0; t < n; t++) {
    out.push(s.lr);
    s.advance(metrics[t]);
  }
  return out;
}

describe("policy properties", () => {
  it("every valid policy with positive end values gives finite positive rates on ticks 0..500", () => {
    fc.assert(
      fc.property(caseArb(KINDS, 0.01, T), ({ policy, lr, metrics }) => {
        // inverseSqrt's own warmup starts from 0 (SPEC.md §5), a valid zero.
        fc.pre(policy.kind !== "inverseSqrt" || policy.warmupTicks === 0);
        const bad = run(policy, lr, T + 1, metrics).findIndex((r) => !(Number.isFinite(r) && r > 0));
        expect(bad).toBe(-1);
      }),
      { numRuns: 300 },
    );
  });

  it("createScheduler reproduces lrAt bit for bit (metrics possibly short)", () => {
    fc.assert(
      fc.property(caseArb(KINDS, 0, 120), ({ policy, lr, metrics }) => {
        const rates = run(policy, lr, 150, metrics);
        expect(rates.findIndex((r, t) => !Object.is(r, lrAt(policy, lr, t, metrics)))).toBe(-1);
      }),
      { numRuns: 300 },
    );
  });

  it("previewSeries equals lrAt without metrics", () => {
    fc.assert(
      fc.property(caseArb(KINDS, 0, 0), int(0, 200), ({ policy, lr }, n) => {
        const series = previewSeries(policy, lr, n);
        expect(series.length).toBe(n);
        expect(series.findIndex((r, t) => !Object.is(r, lrAt(policy, lr, t)))).toBe(-1);
      }),
    );
  });

  it("decays whose settings don't grow are non-increasing", () => {
    const shrinking = (p: PolicySpec, lr: number): boolean => {
      switch (p.kind) {
        case "step":
        case "multiStep":
          return p.gamma <= 1;
        case "exponential":
          return p.decayRate <= 1;
        case "inverseTime":
          return p.decayRate >= 0;
        case "polynomial":
          return !p.cycle && p.endLr <= lr;
        case "cosine":
          return p.etaMin <= lr;
        default:
          return false;
      }
    };
    const kinds: PolicySpec["kind"][] = ["step", "multiStep", "exponential", "inverseTime", "polynomial", "cosine"];
    fc.assert(
      fc.property(
        fc.tuple(fc.constantFrom(...kinds).chain(specArb), baseLrArb).map(([s, lr]) => ({ spec: scaleToLr(s, lr), lr })),
        ({ spec, lr }) => {
          fc.pre(shrinking(spec, lr));
          const r = previewSeries({ ...spec, ...COMMON }, lr, T + 1);
          expect(r.findIndex((x, t) => t > 0 && x > r[t - 1])).toBe(-1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("warmup starts at startFactor*lr, ramps linearly and joins the main policy at W", () => {
    fc.assert(
      fc.property(
        caseArb(KINDS, 0, 0).filter((c) => c.policy.warmup !== null),
        ({ policy, lr }) => {
          const w = policy.warmup;
          if (w === null) return;
          const main: Policy = { ...policy, warmup: null };
          expect(lrAt(policy, lr, 0)).toBe(w.startFactor * lr);
          for (let t = 1; t < w.steps; t++) {
            expect(close(lrAt(policy, lr, t) - lrAt(policy, lr, t - 1), ((1 - w.startFactor) * lr) / w.steps)).toBe(
              true,
            );
          }
          for (let k = 0; k < 30; k++) expect(lrAt(policy, lr, w.steps + k)).toBe(lrAt(main, lr, k));
          // Policies that start at lr continue the ramp's limit lr*(s + (1-s)*W/W) = lr. Not so:
          // oneCycle, cyclic, multiStep with a milestone 0 (gamma already applies at tick 0), and wsd or
          // inverseSqrt with their own warmup.
          const startsBelow =
            policy.kind === "oneCycle" || policy.kind === "cyclic" || (policy.kind === "multiStep" && policy.milestones.includes(0)) ||
            ((policy.kind === "wsd" || policy.kind === "inverseSqrt") && policy.warmupTicks > 0);
          if (!startsBelow) {
            expect(close(lrAt(policy, lr, w.steps), lr)).toBe(true);
          }
        },
      ),
    );
  });

  it("step(stepSize k, gamma) equals exponential staircase(decaySteps k, decayRate gamma)", () => {
    fc.assert(
      fc.property(int(1, 60), pos(0, 1.5), baseLrArb, warmupArb(0), (k, gamma, lr, warmup) => {
        const a: Policy = { kind: "step", stepSize: k, gamma, unit: "epoch", warmup };
        const b: Policy = { kind: "exponential", decaySteps: k, decayRate: gamma, staircase: true, unit: "step", warmup };
        for (let t = 0; t <= T; t += 7) expect(lrAt(a, lr, t)).toBe(lrAt(b, lr, t));
      }),
    );
  });

  it("polynomial with cycle restarts after every multiple of decaySteps", () => {
    fc.assert(
      // decaySteps >= 2: with 1, every tick is a multiple and the cycle never shows (rate = endLr from tick 1).
      fc.property(int(2, 100), pos(1e-3, 0.99), pos(0.1, 4), baseLrArb, (d, endFrac, power, lr) => {
        const endLr = endFrac * lr;
        const cyc: Policy = { kind: "polynomial", decaySteps: d, endLr, power, cycle: true, ...COMMON };
        const once: Policy = { ...cyc, cycle: false };
        for (let t = 0; t <= d; t++) expect(lrAt(cyc, lr, t)).toBe(lrAt(once, lr, t));
        for (let m = 1; m <= 4; m++) {
          expect(close(lrAt(cyc, lr, m * d), endLr)).toBe(true);
          // Right after the multiple the rate jumps back up, to the decay over the doubled horizon.
          const next = lrAt(cyc, lr, m * d + 1);
          expect(next).toBeGreaterThan(lrAt(cyc, lr, m * d));
          expect(close(next, (lr - endLr) * (1 - (m * d + 1) / ((m + 1) * d)) ** power + endLr)).toBe(true);
          expect(lrAt(once, lr, m * d + 1)).toBe(lrAt(once, lr, d));
        }
      }),
    );
  });

  it("plateau never raises the rate and never goes below minLr", () => {
    fc.assert(
      fc.property(caseArb(["plateau"], 0, T), fc.boolean(), ({ policy, lr, metrics }, withMinAboveLr) => {
        if (policy.kind !== "plateau") return;
        const p = withMinAboveLr ? { ...policy, minLr: 2 * lr } : policy;
        const rates = run(p, lr, T + 1, metrics);
        const start = p.warmup === null ? 0 : p.warmup.steps;
        const after = rates.slice(start);
        expect(after.findIndex((x, k) => k > 0 && x > after[k - 1])).toBe(-1);
        expect(after.findIndex((x) => x < Math.min(p.minLr, lr))).toBe(-1);
      }),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Worked examples of the rules and of SPEC.md §4's departures from PyTorch.

const plateau = (over: Partial<PlateauSpec> = {}): PlateauSpec => ({
  kind: "plateau",
  mode: "min",
  factor: 0.1,
  patience: 10,
  threshold: 1e-4,
  thresholdMode: "rel",
  cooldown: 0,
  minLr: 0,
  eps: 1e-8,
  ...over,
});

describe("plateau reducer", () => {
  it("reduces after patience+1 non-improving ticks, then cools down", () => {
    const p = plateau({ patience: 2, factor: 0.5, cooldown: 2 });
    const policy: Policy = { ...p, ...COMMON };
    const metrics = Array<number>(12).fill(1);
    // Tick 0 improves (best = +Infinity); ticks 1, 2, 3 are bad; 3 > patience → rate of tick 4 halves.
    // Cooldown forgives ticks 4 and 5; bad again from 6 → next reduction after tick 8.
    const want = [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25];
    want.forEach((w, t) => expect(lrAt(policy, 1, t, metrics)).toBe(w));
  });

  it("threshold modes follow PyTorch's _is_better literally", () => {
    const improves = (over: Partial<PlateauSpec>, best: number, a: number) => {
      const s = plateauUpdate(plateau({ patience: 0, ...over }), { ...plateauInit(plateau(over), 1), best }, a);
      return s.best === a && s.lr === 1;
    };
    expect(improves({}, 1, 0.99989)).toBe(true);
    expect(improves({}, 1, 0.99991)).toBe(false);
    expect(improves({ thresholdMode: "abs", threshold: 0.1 }, 1, 0.89)).toBe(true);
    expect(improves({ thresholdMode: "abs", threshold: 0.1 }, 1, 0.91)).toBe(false);
    expect(improves({ mode: "max", threshold: 0.1 }, 1, 1.11)).toBe(true);
    expect(improves({ mode: "max", threshold: 0.1 }, 1, 1.09)).toBe(false);
    expect(improves({ mode: "max", thresholdMode: "abs", threshold: 0.1 }, -1, -0.89)).toBe(true);
    // Negative metric, min/rel: best*(1 - threshold) is *above* best, PyTorch's literal rule.
    expect(improves({ threshold: 0.1 }, -1, -0.95)).toBe(true);
  });

  it("skips reductions of at most eps and never raises the rate to minLr", () => {
    const p = plateau({ patience: 0, eps: 0.5 });
    const s = plateauUpdate(p, plateauUpdate(p, plateauInit(p, 1), 1), 1);
    expect(s.lr).toBe(0.1);
    const low = plateau({ patience: 0, minLr: 5 });
    expect(plateauUpdate(low, plateauUpdate(low, plateauInit(low, 1), 1), 1).lr).toBe(1);
  });

  it("drops warmup metrics and starts fresh at W; missing metrics leave the rate alone", () => {
    const policy: Policy = { ...plateau({ patience: 0, factor: 0.5 }), unit: "step", warmup: { steps: 3, startFactor: 0 } };
    const metrics = [1, 1, 1, 1, 1];
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((t) => lrAt(policy, 1, t, metrics))).toEqual([0, 1 / 3, 2 / 3, 1, 1, 0.5, 0.5, 0.5]);
    expect(lrAt(policy, 1, 7)).toBe(1);
  });
});

describe("SPEC.md §4 departures and edge cases", () => {
  it("cosine holds etaMin after tMax", () => {
    const p: Policy = { kind: "cosine", tMax: 10, etaMin: 0.001, ...COMMON };
    for (let t = 10; t < 40; t++) expect(lrAt(p, 0.1, t)).toBe(0.001);
  });

  it("oneCycle holds its value at totalSteps - 1 from then on", () => {
    for (const annealStrategy of ["cos", "linear"] as const) {
      const p: Policy = {
        kind: "oneCycle",
        totalSteps: 20,
        pctStart: 0.3,
        divFactor: 25,
        finalDivFactor: 1e4,
        annealStrategy,
        threePhase: true,
        ...COMMON,
      };
      const last = lrAt(p, 0.1, 19);
      expect(close(last, 0.1 / 25 / 1e4)).toBe(true);
      for (let t = 20; t < 60; t++) expect(lrAt(p, 0.1, t)).toBe(last);
    }
  });

  it("oneCycle with pctStart*totalSteps = 1 is finite at tick 0 (PyTorch: 0/0)", () => {
    const p: Policy = {
      kind: "oneCycle",
      totalSteps: 4,
      pctStart: 0.25,
      divFactor: 25,
      finalDivFactor: 1e4,
      annealStrategy: "cos",
      threePhase: false,
      ...COMMON,
    };
    expect(lrAt(p, 0.1, 0)).toBe(0.1);
  });

  it("warmup before oneCycle ramps toward lr, then one-cycle starts at t - W", () => {
    const p: Policy = {
      kind: "oneCycle",
      totalSteps: 10,
      pctStart: 0.3,
      divFactor: 25,
      finalDivFactor: 1e4,
      annealStrategy: "cos",
      threePhase: false,
      unit: "epoch",
      warmup: { steps: 4, startFactor: 0 },
    };
    expect([0, 1, 2, 3].map((t) => lrAt(p, 1, t))).toEqual([0, 0.25, 0.5, 0.75]);
    expect(close(lrAt(p, 1, 4), 1 / 25)).toBe(true); // PyTorch's cos-annealing order: not exactly 1/25
  });

  it("documented zeros: startFactor 0, polynomial endLr 0, cosine etaMin 0", () => {
    expect(lrAt({ kind: "constant", unit: "epoch", warmup: { steps: 5, startFactor: 0 } }, 0.1, 0)).toBe(0);
    expect(lrAt({ kind: "polynomial", decaySteps: 10, endLr: 0, power: 2, cycle: false, ...COMMON }, 0.1, 12)).toBe(0);
    expect(lrAt({ kind: "cosine", tMax: 10, etaMin: 0, ...COMMON }, 0.1, 10)).toBe(0);
  });

  it("cyclic triangular2 halves the amplitude each cycle; expRange scales by gamma^t", () => {
    const tri2: Policy = { kind: "cyclic", baseLr: 0, stepSizeUp: 2, stepSizeDown: null, mode: "triangular2", gamma: 1, ...COMMON };
    expect([0, 1, 2, 3, 4, 5, 6, 8, 10].map((t) => lrAt(tri2, 1, t))).toEqual([0, 0.5, 1, 0.5, 0, 0.25, 0.5, 0, 0.25]);
    const exp: Policy = { ...tri2, mode: "expRange", gamma: 0.5 };
    expect(lrAt(exp, 1, 2)).toBe(0.25);
  });

  it("cosineRestarts walks growing periods", () => {
    const p: Policy = { kind: "cosineRestarts", t0: 2, tMult: 3, etaMin: 0, ...COMMON };
    // Periods [0,2), [2,8), [8,26): restarts at 0, 2, 8, 26.
    for (const t of [0, 2, 8, 26, 80]) expect(lrAt(p, 1, t)).toBe(1);
    expect(close(lrAt(p, 1, 5), 0.5)).toBe(true);
  });

  it("rejects ticks that are not integers >= 0", () => {
    const p: Policy = { kind: "constant", ...COMMON };
    for (const t of [-1, 0.5, NaN, Infinity]) expect(() => lrAt(p, 0.1, t)).toThrow(RangeError);
  });
});
