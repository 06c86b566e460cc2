import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OPTIMIZER_FIELDS, POLICY_FIELDS, POLICY_KINDS, WARMUP_FIELDS, type FieldDescriptor } from "../engine/config.ts";
import { PROBLEM_IDS } from "../engine/problems/index.ts";
import { DEFAULT_RUN, validateRunConfig, type RunConfig } from "../engine/run-config.ts";
import type { OptimizerConfig, Policy, PolicyKind } from "../engine/types.ts";
import { decodeState, defaultUrlState, encodeState, type UrlState } from "./url.ts";

const noNegZero = (x: number) => (Object.is(x, -0) ? 0 : x);

/** A valid value for a schema field (finite, in range, integers where required). */
function arbField(f: FieldDescriptor): fc.Arbitrary<unknown> {
  switch (f.type) {
    case "number":
    case "nullableNumber": {
      const max = Math.min(f.max, 1e6);
      const num = f.integer
        ? fc.integer({ min: Math.ceil(f.min + (f.minInclusive ? 0 : 1)), max: Math.floor(max - (f.maxInclusive || max < f.max ? 0 : 1)) })
        : fc
            .double({ min: f.min, max, minExcluded: !f.minInclusive, maxExcluded: !f.maxInclusive && max === f.max, noNaN: true })
            .map(noNegZero);
      return f.type === "nullableNumber" ? fc.option(num, { nil: null }) : num;
    }
    case "boolean":
      return fc.boolean();
    case "enum":
      return fc.constantFrom(...f.values);
    case "numberArray":
      return fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 6 }).map((a) => a.sort((x, y) => x - y));
  }
}

function arbRecord(fields: Record<string, FieldDescriptor>): fc.Arbitrary<Record<string, unknown>> {
  const rec: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, f] of Object.entries(fields)) rec[k] = arbField(f);
  return fc.record(rec);
}

const arbOptimizer: fc.Arbitrary<OptimizerConfig> = fc
  .tuple(fc.constantFrom("adam" as const, "sgd" as const), arbRecord(OPTIMIZER_FIELDS as unknown as Record<string, FieldDescriptor>))
  .map(([kind, values]) => {
    const o = { ...DEFAULT_RUN.optimizer, kind } as Record<string, unknown>;
    // Fields that do not apply to the kind stay at their defaults (that is what a valid config holds).
    for (const [k, f] of Object.entries(OPTIMIZER_FIELDS)) if (f.kinds.includes(kind)) o[k] = values[k];
    return o as unknown as OptimizerConfig;
  });

const arbPolicy: fc.Arbitrary<Policy> = fc.constantFrom(...POLICY_KINDS).chain((kind: PolicyKind) =>
  fc
    .tuple(
      arbRecord(POLICY_FIELDS[kind] as Record<string, FieldDescriptor>),
      fc.constantFrom("epoch" as const, "step" as const),
      fc.option(arbRecord(WARMUP_FIELDS as unknown as Record<string, FieldDescriptor>), { nil: null }),
    )
    .map(([fields, unit, warmup]) => ({ kind, ...fields, unit, warmup }) as unknown as Policy),
);

const arbConfig: fc.Arbitrary<RunConfig> = fc.record({
  optimizer: arbOptimizer,
  policy: arbPolicy,
  problem: fc.constantFrom(...PROBLEM_IDS),
  batchSize: fc.integer({ min: 1, max: 4096 }),
  seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  epochs: fc.integer({ min: 1, max: 1_000_000 }),
});

const arbState: fc.Arbitrary<UrlState> = fc.record({
  config: arbConfig,
  view: fc.record({
    smoothing: fc.double({ min: 0, max: 0.999, noNaN: true }).map(noNegZero),
    logY: fc.boolean(),
    logX: fc.boolean(),
    xUnit: fc.constantFrom("step" as const, "epoch" as const),
  }),
  pins: fc.array(arbConfig, { maxLength: 3 }),
  lang: fc.constantFrom("en" as const, "zh" as const),
  lesson: fc.option(fc.constantFrom("plateau", "halve-vs-tenth", "epsilon-hat"), { nil: null }),
  hide: fc.uniqueArray(fc.constantFrom("beta1", "beta2", "eps", "decay", "seed"), { maxLength: 3 }),
  lock: fc.uniqueArray(fc.constantFrom("epochs", "lr"), { maxLength: 2 }),
});

describe("URL codec", () => {
  it("the default state encodes to an empty query and decodes back", () => {
    expect(encodeState(defaultUrlState())).toBe("");
    expect(decodeState("")).toEqual({ state: defaultUrlState(), problems: [] });
  });

  it("reads the documented hand-written example", () => {
    const { state, problems } = decodeState("?lr=0.05&decay=step&stepSize=5&gamma=0.5&seed=3");
    expect(problems).toEqual([]);
    expect(state.config.optimizer.lr).toBe(0.05);
    expect(state.config.policy).toEqual({ kind: "step", stepSize: 5, gamma: 0.5, unit: "epoch", warmup: null });
    expect(state.config.seed).toBe(3);
    expect(encodeState(state)).toBe("v=1&lr=0.05&seed=3");
  });

  it("round-trips every field and decay kind (property)", () => {
    fc.assert(
      fc.property(arbState, (s) => {
        const q = encodeState(s);
        const back = decodeState(q);
        expect(back.problems).toEqual([]);
        expect(back.state).toEqual(s);
      }),
      { numRuns: 2000 },
    );
  });

  it("names the key, the value and the range of each bad input, and keeps the valid ones", () => {
    const { state, problems } = decodeState(
      "lr=abc&beta1=1.2&seed=7&decay=zigzag&foo=1&eps=NaN&epochs=&batch=1e9&smooth=2&lang=fr&x=minutes&lr=3",
    );
    expect(state.config.seed).toBe(7);
    expect(state.config.optimizer.lr).toBe(DEFAULT_RUN.optimizer.lr);
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'foo: unknown key "foo"',
      "lr: lr is given more than once; the first value is used",
      'lr: lr must be a number, got "abc"',
      "beta1: beta1 must be in [0, 1), got 1.2",
      "eps: epsilon must be a number, got NaN",
      expect.stringMatching(/^decay: decay must be one of constant, step, .*, got "zigzag"$/),
      "batch: batch must be an integer in [1, 4096], got 1000000000",
      'epochs: epochs must be a number, got ""',
      "smooth: smooth must be in [0, 0.999], got 2",
      'x: x must be one of step, epoch, got "minutes"',
      'lang: lang must be one of en, zh, got "fr"',
    ]);
  });

  it("reports fields of another decay kind instead of guessing", () => {
    const { state, problems } = decodeState("decay=cosine&stepSize=3&tMax=40");
    expect(state.config.policy).toMatchObject({ kind: "cosine", tMax: 40 });
    expect(problems).toEqual([
      { field: "stepSize", value: "3", message: "stepSize does not apply to decay kind cosine (it belongs to step)" },
    ]);
  });

  it("keeps script and markup as inert text in messages", () => {
    const { state, problems } = decodeState("lr=%3Cscript%3Ealert(1)%3C/script%3E&lesson=javascript:alert(1)");
    expect(state.config.optimizer.lr).toBe(DEFAULT_RUN.optimizer.lr);
    expect(state.lesson).toBeNull();
    expect(problems).toHaveLength(2);
    expect(problems[0].message).toContain('"<script>alert(1)</script>"');
  });

  it("carries pinned runs as differences from the main config", () => {
    const s = defaultUrlState();
    s.pins = [{ ...s.config, policy: { kind: "constant", unit: "epoch", warmup: null } }];
    const q = encodeState(s);
    expect(q).toBe("v=1&pin=decay:constant");
    expect(decodeState(q).state.pins).toEqual(s.pins);
  });

  it("never throws and always yields a valid config on 10,000 random and mutated queries (fuzz)", () => {
    const valid = arbState.map(encodeState);
    const junk = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: "binary", maxLength: 100 }),
      fc.array(fc.tuple(fc.constantFrom("lr", "beta1", "eps", "decay", "pin", "seed", "gamma", "warmup", "milestones", "x", "zz"), fc.oneof(
        fc.constantFrom("NaN", "Infinity", "-0", "1e309", "-1", "", "<b>x</b>", "javascript:alert(1)", "0x10", "1,2,,3", "a".repeat(10_000)),
        fc.double().map(String),
        fc.string(),
      ))).map((pairs) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&")),
      fc.tuple(valid, fc.string({ maxLength: 20 }), fc.nat()).map(([q, ins, at]) => q.slice(0, at % (q.length + 1)) + ins + q.slice(at % (q.length + 1))),
    );
    fc.assert(
      fc.property(junk, (q) => {
        const { state, problems } = decodeState(q);
        expect(validateRunConfig(state.config).problems).toEqual([]);
        for (const pin of state.pins) expect(validateRunConfig(pin).problems).toEqual([]);
        for (const p of problems) expect(p.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 10_000 },
    );
  });
});
