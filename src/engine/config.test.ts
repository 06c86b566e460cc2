import { describe, expect, it } from "vitest";
import {
  DEFAULT_OPTIMIZER,
  OPTIMIZER_FIELDS,
  POLICY_FIELDS,
  POLICY_KINDS,
  WARMUP_FIELDS,
  defaultPolicy,
  formatRange,
  formatValue,
  optimizerFieldsFor,
  validateNumberField,
  validateOptimizer,
  validatePolicy,
  policyFieldTable } from "./config.ts";
import type { PolicyKind } from "./types.ts";

function optimizerMessages(raw: unknown, strict = false): string[] {
  return validateOptimizer(raw, { strict }).problems.map((p) => p.message);
}

function policyMessages(raw: unknown): string[] {
  return validatePolicy(raw).problems.map((p) => p.message);
}

describe("defaults", () => {
  it("DEFAULT_OPTIMIZER is TF1's Adam", () => {
    expect(DEFAULT_OPTIMIZER).toEqual({
      kind: "adam", lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, epsilonForm: "hat",
      amsgrad: false, weightDecay: 0, decoupled: false, momentum: 0, nesterov: false,
      warmupSteps: 0, r: 0, weightLrPower: 2,
    });
    for (const [name, field] of Object.entries(OPTIMIZER_FIELDS)) {
      expect(field.default, name).toEqual(DEFAULT_OPTIMIZER[name as keyof typeof DEFAULT_OPTIMIZER]);
    }
  });

  it("defaultPolicy follows SPEC.md and the documented choices", () => {
    expect(defaultPolicy("constant")).toEqual({ kind: "constant", unit: "epoch", warmup: null });
    expect(defaultPolicy("step")).toEqual({ kind: "step", stepSize: 5, gamma: 0.5, unit: "epoch", warmup: null });
    expect(defaultPolicy("multiStep")).toMatchObject({ milestones: [5, 10, 15], gamma: 0.5 });
    expect(defaultPolicy("exponential")).toMatchObject({ decaySteps: 1, decayRate: 0.5, staircase: false });
    expect(defaultPolicy("inverseTime")).toMatchObject({ decaySteps: 1, decayRate: 0.5, staircase: false });
    expect(defaultPolicy("polynomial")).toMatchObject({ decaySteps: 25, endLr: 0.0001, power: 1, cycle: false });
    expect(defaultPolicy("cosine")).toMatchObject({ tMax: 25, etaMin: 0 });
    expect(defaultPolicy("cosineRestarts")).toMatchObject({ t0: 5, tMult: 1, etaMin: 0 });
    expect(defaultPolicy("oneCycle")).toMatchObject({
      totalSteps: 25, pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4, annealStrategy: "cos", threePhase: false,
    });
    expect(defaultPolicy("cyclic")).toMatchObject({
      baseLr: 1e-4, stepSizeUp: 5, stepSizeDown: null, mode: "triangular", gamma: 1,
    });
    expect(defaultPolicy("plateau")).toMatchObject({
      mode: "min", factor: 0.1, patience: 10, threshold: 1e-4, thresholdMode: "rel", cooldown: 0, minLr: 0, eps: 1e-8,
    });
    expect(WARMUP_FIELDS.startFactor.default).toBe(0);
  });

  it("defaults validate cleanly, and missing fields take them", () => {
    expect(validateOptimizer(DEFAULT_OPTIMIZER).problems).toEqual([]);
    expect(validateOptimizer({})).toEqual({ value: DEFAULT_OPTIMIZER, problems: [] });
    for (const kind of POLICY_KINDS) {
      expect(validatePolicy(defaultPolicy(kind))).toEqual({ value: defaultPolicy(kind), problems: [] });
      expect(validatePolicy({ kind })).toEqual({ value: defaultPolicy(kind), problems: [] });
    }
  });

  it("defaultPolicy returns fresh arrays", () => {
    const a = defaultPolicy("multiStep");
    a.milestones.push(99);
    expect(defaultPolicy("multiStep").milestones).toEqual([5, 10, 15]);
  });

  it("a property holding undefined counts as missing", () => {
    expect(validatePolicy({ kind: "step", stepSize: undefined }).problems).toEqual([]);
  });
});

describe("optimizer field ranges (exact messages)", () => {
  const bad: [Record<string, unknown>, string][] = [
    [{ lr: 0 }, "lr must be in (0, 10], got 0"],
    [{ lr: -1 }, "lr must be in (0, 10], got -1"],
    [{ lr: 10.000001 }, "lr must be in (0, 10], got 10.000001"],
    [{ beta1: 1 }, "beta1 must be in [0, 1), got 1"],
    [{ beta1: 1.2 }, "beta1 must be in [0, 1), got 1.2"],
    [{ beta1: -0.1 }, "beta1 must be in [0, 1), got -0.1"],
    [{ beta2: 1 }, "beta2 must be in [0, 1), got 1"],
    [{ beta2: -1e-9 }, "beta2 must be in [0, 1), got -1e-9"],
    [{ epsilon: 0 }, "epsilon must be in (0, 100], got 0"],
    [{ epsilon: 100.5 }, "epsilon must be in (0, 100], got 100.5"],
    [{ weightDecay: -0.01 }, "weightDecay must be in [0, 1], got -0.01"],
    [{ weightDecay: 1.5 }, "weightDecay must be in [0, 1], got 1.5"],
    [{ kind: "sgd", momentum: 1 }, "momentum must be in [0, 1), got 1"],
    [{ kind: "sgd", momentum: -0.5 }, "momentum must be in [0, 1), got -0.5"],
    [{ epsilonForm: "foo" }, 'epsilonForm must be one of "hat", "paper", got "foo"'],
    [{ epsilonForm: 1 }, 'epsilonForm must be one of "hat", "paper", got 1'],
    [{ amsgrad: "true" }, 'amsgrad must be a boolean, got "true"'],
    [{ decoupled: 1 }, "decoupled must be a boolean, got 1"],
    [{ kind: "sgd", nesterov: null }, "nesterov must be a boolean, got null"],
    [{ kind: "rmsprop" }, 'optimizer kind must be one of "adam", "sgd", "scheduleFree", got "rmsprop"'],
    [{ kind: 3 }, 'optimizer kind must be one of "adam", "sgd", "scheduleFree", got 3'],
    [{ foo: 1 }, 'unknown optimizer field "foo"'],
  ];
  it.each(bad)("%j → %s", (raw, message) => {
    const result = validateOptimizer(raw);
    expect(result.problems.map((p) => p.message)).toEqual([message]);
    const [field] = Object.keys(raw).filter((k) => k !== "kind" || Object.keys(raw).length === 1);
    expect(result.problems[0].field).toBe(`optimizer.${field}`);
    expect(result.problems[0].value).toEqual(raw[field]);
  });

  const good: Record<string, unknown>[] = [
    { lr: 10 }, { lr: 1e-300 }, { beta1: 0 }, { beta1: 0.999999 }, { beta2: 0 }, { epsilon: 100 },
    { epsilon: 1e-300 }, { weightDecay: 0 }, { weightDecay: 1 }, { kind: "sgd", momentum: 0.99 },
    { epsilonForm: "paper" }, { amsgrad: true }, { decoupled: true }, { kind: "sgd", nesterov: true },
  ];
  it.each(good)("%j is valid and kept", (raw) => {
    const result = validateOptimizer(raw);
    expect(result.problems).toEqual([]);
    expect(result.value).toEqual({ ...DEFAULT_OPTIMIZER, ...raw });
  });

  it("bad fields fall back to defaults, good ones are kept", () => {
    const result = validateOptimizer({ lr: 0.5, beta1: 2, epsilon: "x" });
    expect(result.value).toEqual({ ...DEFAULT_OPTIMIZER, lr: 0.5 });
    expect(result.problems).toHaveLength(2);
  });
});

describe("optimizer fields of the other kind", () => {
  it("are problems when set away from their default", () => {
    expect(optimizerMessages({ kind: "sgd", decoupled: true })).toEqual([
      'decoupled does not apply to optimizer kind "sgd"',
    ]);
    expect(optimizerMessages({ kind: "sgd", beta1: 0.5 })).toEqual(['beta1 does not apply to optimizer kind "sgd"']);
    expect(optimizerMessages({ momentum: 0.9 })).toEqual(['momentum does not apply to optimizer kind "adam"']);
    expect(optimizerMessages({ nesterov: true })).toEqual(['nesterov does not apply to optimizer kind "adam"']);
    expect(validateOptimizer({ kind: "sgd", decoupled: true }).problems[0].field).toBe("optimizer.decoupled");
    expect(validateOptimizer({ kind: "sgd", decoupled: true }).value.decoupled).toBe(false);
  });

  it("are inert at their default, so a flat config re-validates; strict mode rejects any", () => {
    const flatSgd = { ...DEFAULT_OPTIMIZER, kind: "sgd", momentum: 0.9 };
    expect(optimizerMessages(flatSgd)).toEqual([]);
    expect(optimizerMessages(flatSgd, true)).toEqual([
      'beta1 does not apply to optimizer kind "sgd"',
      'beta2 does not apply to optimizer kind "sgd"',
      'epsilon does not apply to optimizer kind "sgd"',
      'epsilonForm does not apply to optimizer kind "sgd"',
      'amsgrad does not apply to optimizer kind "sgd"',
      'decoupled does not apply to optimizer kind "sgd"',
      'warmupSteps does not apply to optimizer kind "sgd"',
      'r does not apply to optimizer kind "sgd"',
      'weightLrPower does not apply to optimizer kind "sgd"',
    ]);
    expect(optimizerMessages({ kind: "sgd", decoupled: false }, true)).toEqual([
      'decoupled does not apply to optimizer kind "sgd"',
    ]);
    expect(optimizerMessages({ kind: "sgd", momentum: 0.9, nesterov: true, lr: 0.1, weightDecay: 0.1 }, true)).toEqual(
      [],
    );
  });

  it("optimizerFieldsFor lists each kind's fields", () => {
    expect(optimizerFieldsFor("sgd")).toEqual(["lr", "weightDecay", "momentum", "nesterov"]);
    expect(optimizerFieldsFor("adam")).toEqual([
      "lr", "beta1", "beta2", "epsilon", "epsilonForm", "amsgrad", "weightDecay", "decoupled",
    ]);
  });
});

describe("policy field ranges (exact messages)", () => {
  const bad: [PolicyKind, string, unknown, string][] = [
    ["step", "stepSize", 0, "stepSize must be an integer in [1, 1000000], got 0"],
    ["step", "stepSize", 2.5, "stepSize must be an integer in [1, 1000000], got 2.5"],
    ["step", "stepSize", 1000001, "stepSize must be an integer in [1, 1000000], got 1000001"],
    ["step", "gamma", 0, "gamma must be in (0, 10], got 0"],
    ["step", "gamma", 10.5, "gamma must be in (0, 10], got 10.5"],
    ["multiStep", "gamma", -1, "gamma must be in (0, 10], got -1"],
    ["multiStep", "milestones", "x", 'milestones must be an array, got "x"'],
    ["multiStep", "milestones", [1, -1], "milestones[1] must be an integer >= 0, got -1"],
    ["multiStep", "milestones", [1.5], "milestones[0] must be an integer >= 0, got 1.5"],
    ["multiStep", "milestones", ["1"], 'milestones[0] must be a number, got "1"'],
    ["multiStep", "milestones", [1, NaN], "milestones[1] must be a number, got NaN"],
    ["multiStep", "milestones", [10, 5], "milestones must be non-decreasing, got [10,5]"],
    ["multiStep", "milestones", Array.from({ length: 51 }, (_, i) => i), "milestones must have at most 50 entries, got 51"],
    ["exponential", "decaySteps", 0, "decaySteps must be in (0, 1000000000], got 0"],
    ["exponential", "decaySteps", 2e9, "decaySteps must be in (0, 1000000000], got 2000000000"],
    ["exponential", "decayRate", 0, "decayRate must be in (0, 10], got 0"],
    ["exponential", "decayRate", 11, "decayRate must be in (0, 10], got 11"],
    ["exponential", "staircase", "yes", 'staircase must be a boolean, got "yes"'],
    ["inverseTime", "decayRate", -1, "decayRate must be in [0, 1000000], got -1"],
    ["inverseTime", "decaySteps", -5, "decaySteps must be in (0, 1000000000], got -5"],
    ["polynomial", "endLr", 11, "endLr must be in [0, 10], got 11"],
    ["polynomial", "endLr", -0.1, "endLr must be in [0, 10], got -0.1"],
    ["polynomial", "power", 0, "power must be in (0, 10], got 0"],
    ["polynomial", "cycle", 0, "cycle must be a boolean, got 0"],
    ["cosine", "tMax", 0, "tMax must be an integer >= 1, got 0"],
    ["cosine", "tMax", 1.5, "tMax must be an integer >= 1, got 1.5"],
    ["cosine", "etaMin", -1, "etaMin must be in [0, 10], got -1"],
    ["cosineRestarts", "t0", 0, "t0 must be an integer >= 1, got 0"],
    ["cosineRestarts", "tMult", 0, "tMult must be an integer >= 1, got 0"],
    ["cosineRestarts", "tMult", 1.5, "tMult must be an integer >= 1, got 1.5"],
    ["oneCycle", "totalSteps", 1, "totalSteps must be an integer >= 2, got 1"],
    ["oneCycle", "pctStart", 0, "pctStart must be in (0, 1), got 0"],
    ["oneCycle", "pctStart", 1, "pctStart must be in (0, 1), got 1"],
    ["oneCycle", "divFactor", 0, "divFactor must be > 0, got 0"],
    ["oneCycle", "finalDivFactor", -1, "finalDivFactor must be > 0, got -1"],
    ["oneCycle", "annealStrategy", "cosine", 'annealStrategy must be one of "cos", "linear", got "cosine"'],
    ["oneCycle", "threePhase", "false", 'threePhase must be a boolean, got "false"'],
    ["cyclic", "baseLr", -1, "baseLr must be in [0, 10], got -1"],
    ["cyclic", "stepSizeUp", 0, "stepSizeUp must be an integer >= 1, got 0"],
    ["cyclic", "stepSizeDown", 0, "stepSizeDown must be null or an integer >= 1, got 0"],
    ["cyclic", "stepSizeDown", 2.5, "stepSizeDown must be null or an integer >= 1, got 2.5"],
    ["cyclic", "stepSizeDown", "3", 'stepSizeDown must be null or a number, got "3"'],
    ["cyclic", "mode", "exp_range", 'mode must be one of "triangular", "triangular2", "expRange", got "exp_range"'],
    ["cyclic", "gamma", 0, "gamma must be in (0, 10], got 0"],
    ["plateau", "mode", "avg", 'mode must be one of "min", "max", got "avg"'],
    ["plateau", "factor", 1, "factor must be in (0, 1), got 1"],
    ["plateau", "factor", 0, "factor must be in (0, 1), got 0"],
    ["plateau", "patience", -1, "patience must be an integer >= 0, got -1"],
    ["plateau", "patience", 0.5, "patience must be an integer >= 0, got 0.5"],
    ["plateau", "threshold", -1, "threshold must be >= 0, got -1"],
    ["plateau", "thresholdMode", "relative", 'thresholdMode must be one of "rel", "abs", got "relative"'],
    ["plateau", "cooldown", 1.5, "cooldown must be an integer >= 0, got 1.5"],
    ["plateau", "minLr", -1, "minLr must be >= 0, got -1"],
    ["plateau", "eps", -1e-9, "eps must be >= 0, got -1e-9"],
    ["step", "unit", "batch", 'unit must be one of "epoch", "step", got "batch"'],
  ];
  it.each(bad)("%s.%s = %j → %s", (kind, field, value, message) => {
    const result = validatePolicy({ kind, [field]: value });
    // A bad list entry is the problem's value (its sentence names it `milestones[i]`); else the field's value.
    const element = /^\w+\[(\d+)\]/.exec(message);
    const given = element === null ? value : (value as unknown[])[Number(element[1])];
    expect(result.problems).toMatchObject([{ field: `policy.${field}`, value: given, message }]);
    expect(result.value).toEqual(defaultPolicy(kind));
  });

  const good: [PolicyKind, Record<string, unknown>][] = [
    ["step", { stepSize: 1 }], ["step", { stepSize: 1e6 }], ["step", { gamma: 10 }], ["step", { gamma: 1e-300 }],
    ["multiStep", { milestones: [] }], ["multiStep", { milestones: [0, 5, 5, 7] }],
    ["multiStep", { milestones: Array.from({ length: 50 }, (_, i) => i) }],
    ["exponential", { decaySteps: 0.5, decayRate: 10, staircase: true }], ["exponential", { decaySteps: 1e9 }],
    ["inverseTime", { decayRate: 0 }], ["inverseTime", { decayRate: 1e6 }],
    ["polynomial", { endLr: 0, power: 10, cycle: true }], ["polynomial", { endLr: 10 }],
    ["cosine", { tMax: 1, etaMin: 0 }], ["cosine", { tMax: 1e9, etaMin: 10 }],
    ["cosineRestarts", { t0: 1, tMult: 1 }], ["cosineRestarts", { t0: 3, tMult: 3 }],
    ["oneCycle", { totalSteps: 2, pctStart: 0.999, divFactor: 1e-6, finalDivFactor: 1e9, annealStrategy: "linear" }],
    ["oneCycle", { threePhase: true, pctStart: 1e-6 }],
    ["cyclic", { baseLr: 0, stepSizeUp: 1, stepSizeDown: 1, mode: "expRange", gamma: 0.99994 }],
    ["cyclic", { baseLr: 10, stepSizeDown: null, mode: "triangular2" }],
    ["plateau", { mode: "max", factor: 0.999, patience: 0, threshold: 0, thresholdMode: "abs", cooldown: 3 }],
    ["plateau", { minLr: 0, eps: 0 }],
    ["constant", { unit: "step" }], ["constant", { warmup: null }],
    ["constant", { warmup: { steps: 1 } }], ["constant", { warmup: { steps: 3, startFactor: 1 } }],
  ];
  it.each(good)("%s %j is valid and kept", (kind, fields) => {
    const raw = { kind, ...fields };
    const result = validatePolicy(raw);
    expect(result.problems).toEqual([]);
    const expected: Record<string, unknown> = { ...defaultPolicy(kind), ...fields };
    if (fields.warmup) expected.warmup = { startFactor: 0, ...(fields.warmup as object) };
    expect(result.value).toEqual(expected);
  });
});

describe("warmup", () => {
  it.each([
    [{ steps: 0 }, "policy.warmup.steps", "steps must be an integer >= 1, got 0"],
    [{ steps: 2.5 }, "policy.warmup.steps", "steps must be an integer >= 1, got 2.5"],
    [{ steps: 5, startFactor: 1.5 }, "policy.warmup.startFactor", "startFactor must be in [0, 1], got 1.5"],
    [{ steps: 5, startFactor: -0.1 }, "policy.warmup.startFactor", "startFactor must be in [0, 1], got -0.1"],
    [{ startFactor: 0.5 }, "policy.warmup.steps", "warmup steps is required (an integer >= 1)"],
    [{ steps: 5, foo: 1 }, "policy.warmup.foo", 'unknown warmup field "foo"'],
    [5, "policy.warmup", "warmup must be an object or null, got 5"],
    [[1, 2], "policy.warmup", "warmup must be an object or null, got [1,2]"],
  ])("%j → %s: %s", (warmup, field, message) => {
    const result = validatePolicy({ kind: "constant", warmup });
    expect(result.problems.map((p) => [p.field, p.message])).toEqual([[field, message]]);
  });

  it("keeps a valid warmup and defaults startFactor to 0", () => {
    expect(validatePolicy({ kind: "step", warmup: { steps: 4 } }).value.warmup).toEqual({ steps: 4, startFactor: 0 });
  });
});

describe("kinds, shapes and unknown fields", () => {
  const allKinds =
    '"constant", "step", "multiStep", "exponential", "inverseTime", "polynomial", "cosine", "cosineRestarts", "oneCycle", "cyclic", "plateau", "wsd", "inverseSqrt"';

  it("unknown or missing kind falls back to step 5 / 0.5", () => {
    for (const [kind, shown] of [["foo", '"foo"'], [42, "42"], [null, "null"], ["__proto__", '"__proto__"']]) {
      const result = validatePolicy({ kind, stepSize: 7 });
      expect(result.value).toEqual({ kind: "step", stepSize: 5, gamma: 0.5, unit: "epoch", warmup: null });
      expect(result.problems).toMatchObject([
        { field: "policy.kind", value: kind, message: `decay kind must be one of ${allKinds}, got ${shown}` },
      ]);
    }
    expect(policyMessages({})).toEqual([`decay kind must be one of ${allKinds}, got undefined`]);
  });

  it("still checks unit and warmup when the kind is bad", () => {
    const result = validatePolicy({ kind: "nope", unit: "step", warmup: { steps: 2 } });
    expect(result.value).toMatchObject({ kind: "step", unit: "step", warmup: { steps: 2, startFactor: 0 } });
    expect(result.problems).toHaveLength(1);
  });

  it("fields of another kind are unknown for this kind", () => {
    expect(validatePolicy({ kind: "step", foo: 1 }).problems).toMatchObject([
      { field: "policy.foo", value: 1, message: 'unknown field "foo" for decay kind "step"' },
    ]);
    expect(policyMessages({ kind: "step", tMax: 10 })).toEqual(['unknown field "tMax" for decay kind "step"']);
    expect(policyMessages({ kind: "constant", gamma: 0.5 })).toEqual(['unknown field "gamma" for decay kind "constant"']);
    expect(policyMessages({ kind: "cosine", metrics: [1] })).toEqual(['unknown field "metrics" for decay kind "cosine"']);
  });

  it("non-objects are rejected with one problem", () => {
    for (const [raw, shown] of [[null, "null"], [[1], "[1]"], ["step", '"step"'], [5, "5"], [undefined, "undefined"]]) {
      expect(policyMessages(raw)).toEqual([`policy must be an object, got ${shown}`]);
      expect(optimizerMessages(raw)).toEqual([`optimizer must be an object, got ${shown}`]);
    }
  });

  it("prototype keys are unknown fields and pollute nothing", () => {
    const raw: unknown = JSON.parse('{"kind":"step","__proto__":{"polluted":1},"constructor":1,"toString":2}');
    expect(policyMessages(raw)).toEqual([
      'unknown field "__proto__" for decay kind "step"',
      'unknown field "constructor" for decay kind "step"',
      'unknown field "toString" for decay kind "step"',
    ]);
    const rawOptimizer: unknown = JSON.parse('{"__proto__":{"lr":5},"hasOwnProperty":1}');
    expect(optimizerMessages(rawOptimizer)).toEqual([
      'unknown optimizer field "__proto__"',
      'unknown optimizer field "hasOwnProperty"',
    ]);
    expect(validateOptimizer(rawOptimizer).value.lr).toBe(0.001);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("getters are not run", () => {
    const raw = { kind: "step", get stepSize(): number { throw new Error("boom"); } };
    expect(validatePolicy(raw).value).toEqual(defaultPolicy("step"));
  });
});

describe("number type checks and value display", () => {
  const numberFields = Object.entries(OPTIMIZER_FIELDS).filter(([, f]) => f.type === "number");
  const wrong: [unknown, string][] = [
    ["abc", '"abc"'], [NaN, "NaN"], [Infinity, "Infinity"], [-Infinity, "-Infinity"], [null, "null"],
    [true, "true"], [[], "[]"], [{}, "{}"], ["0.5", '"0.5"'], [10n, "10n"],
  ];
  it.each(numberFields.map(([name]) => name))("optimizer %s rejects non-numbers", (name) => {
    const kind = OPTIMIZER_FIELDS[name as keyof typeof OPTIMIZER_FIELDS].kinds[0];
    for (const [value, shown] of wrong) {
      expect(optimizerMessages({ kind, [name]: value })).toEqual([`${name} must be a number, got ${shown}`]);
    }
  });

  it.each(POLICY_KINDS)("every number field of %s rejects non-numbers and checks its bounds", (kind) => {
    const table = policyFieldTable(kind);
    for (const [name, field] of Object.entries(table)) {
      if (field.type !== "number") continue;
      for (const [value, shown] of wrong) {
        expect(policyMessages({ kind, [name]: value })).toEqual([`${name} must be a number, got ${shown}`]);
      }
      const out = `${name} must be ${formatRange(field)}, got`;
      expect(policyMessages({ kind, [name]: field.min }).length).toBe(field.minInclusive ? 0 : 1);
      expect(policyMessages({ kind, [name]: field.min - 1 })).toEqual([`${out} ${field.min - 1}`]);
      if (Number.isFinite(field.max)) {
        expect(policyMessages({ kind, [name]: field.max }).length).toBe(field.maxInclusive ? 0 : 1);
        expect(policyMessages({ kind, [name]: field.max * 2 + 1 })).toEqual([`${out} ${field.max * 2 + 1}`]);
      } else {
        expect(policyMessages({ kind, [name]: 1e300 })).toEqual([]);
      }
      expect(policyMessages({ kind, [name]: 1e308 * 10 })).toEqual([`${name} must be a number, got Infinity`]);
    }
  });

  it("formatRange and formatValue", () => {
    expect(formatRange({ min: 0, max: 1, minInclusive: true, maxInclusive: false })).toBe("in [0, 1)");
    expect(formatRange(OPTIMIZER_FIELDS.lr)).toBe("in (0, 10]");
    expect(formatRange({ min: 1, max: 1e6, minInclusive: true, maxInclusive: true, integer: true })).toBe(
      "an integer in [1, 1000000]",
    );
    expect(formatRange(WARMUP_FIELDS.steps)).toBe("an integer >= 1");
    expect(formatRange(POLICY_FIELDS.oneCycle.divFactor)).toBe("> 0");
    expect(formatValue("x".repeat(100))).toBe(`"${"x".repeat(59)}…`);
    expect(formatValue("x".repeat(58))).toBe(`"${"x".repeat(58)}"`);
    expect(formatValue(-0)).toBe("-0");
    expect(Object.is(validateOptimizer({ weightDecay: -0 }).value.weightDecay, 0)).toBe(true);
    expect(formatValue(Symbol("s"))).toBe("Symbol(s)");
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(formatValue(cyclic)).toBe("an object");
  });

  it("long values are truncated in messages", () => {
    const long = "y".repeat(200);
    expect(optimizerMessages({ lr: long })).toEqual([`lr must be a number, got "${"y".repeat(59)}…`]);
    expect(optimizerMessages({ [long]: 1 })).toEqual([`unknown optimizer field "${"y".repeat(59)}…`]);
  });

  it("validateNumberField reports under the given path", () => {
    expect(validateNumberField("beta1", OPTIMIZER_FIELDS.beta1, 1.2, "optimizer.beta1")).toMatchObject({
      value: 0.9,
      problems: [{ field: "optimizer.beta1", value: 1.2, message: "beta1 must be in [0, 1), got 1.2" }],
    });
    expect(validateNumberField("beta1", OPTIMIZER_FIELDS.beta1, 0.5)).toEqual({ value: 0.5, problems: [] });
  });
});

describe("JSON keys are read as own properties everywhere", () => {
  // JSON.parse makes `__proto__` an own key; assigning it elsewhere would set a prototype instead,
  // and a prototype's fields would then be read as defaults no one reported.
  const json = (text: string): unknown => JSON.parse(text);

  it("reports __proto__, constructor and toString as unknown config fields", async () => {
    const { validateRunConfig, DEFAULT_RUN } = await import("./run-config.ts");
    const r = validateRunConfig(json('{"__proto__":{"epochs":2},"constructor":1,"toString":2}'));
    expect(r.value.epochs).toBe(DEFAULT_RUN.epochs);
    expect(r.problems.map((p) => p.message)).toEqual([
      'unknown config field "__proto__"',
      'unknown config field "constructor"',
      'unknown config field "toString"',
    ]);
    // A prototype's fields are not the object's: nothing is read from it.
    const viaPrototype = Object.create({ epochs: 2 }) as object;
    expect(validateRunConfig(viaPrototype)).toEqual({ value: validateRunConfig({}).value, problems: [] });
  });

  it("in the optimizer, the policy, the warmup and the sweep", async () => {
    const { validateSweep } = await import("./sweep.ts");
    expect(validateOptimizer(json('{"__proto__":{"lr":2}}')).problems.map((p) => p.message)).toEqual(['unknown optimizer field "__proto__"']);
    expect(validatePolicy(json('{"kind":"step","__proto__":{"gamma":2}}')).problems.map((p) => p.message)).toEqual([
      'unknown field "__proto__" for decay kind "step"',
    ]);
    expect(validatePolicy(json('{"kind":"constant","warmup":{"steps":3,"__proto__":{}}}')).problems.map((p) => p.message)).toEqual([
      'unknown warmup field "__proto__"',
    ]);
    expect(validateSweep(json('{"__proto__":{"seeds":3}}')).problems.map((p) => p.message)).toEqual(['unknown sweep field "__proto__"']);
  });
});
