import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_RUN, validateRunConfig } from "../engine/run-config.ts";
import { arbRunConfig, noNegZero } from "../engine/testing/arbitraries.ts";
import { decodeState, defaultUrlState, encodeState, type UrlState } from "./url.ts";
import { CONTROL_IDS } from "./control-ids.ts";
import { problemMessage } from "./problem-text.ts";

const arbState: fc.Arbitrary<UrlState> = fc.record({
  config: arbRunConfig,
  view: fc.record({
    smoothing: fc.double({ min: 0, max: 0.999, noNaN: true }).map(noNegZero),
    logY: fc.boolean(),
    logX: fc.boolean(),
    xUnit: fc.constantFrom("step" as const, "epoch" as const),
    fitY: fc.boolean(),
    theory: fc.boolean(),
    seeds: fc.integer({ min: 1, max: 64 }),
  }),
  pins: fc.array(arbRunConfig, { maxLength: 3 }),
  lang: fc.constantFrom("en" as const, "zh" as const),
  // bias-correction opens in steps on log x: its view keys are written against that base.
  lesson: fc.option(fc.constantFrom("plateau", "halve-vs-tenth", "epsilon-hat", "bias-correction"), { nil: null }),
  hide: fc.uniqueArray(fc.constantFrom("beta1", "beta2", "eps", "decay-kind", "seed"), { maxLength: 3 }),
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
    expect(problems).toMatchObject([
      { field: "stepSize", value: "3", message: "stepSize does not apply to decay kind cosine (it belongs to step)" },
    ]);
  });

  it("keeps script and markup as inert text in messages", () => {
    const { state, problems } = decodeState("lr=%3Cscript%3Ealert(1)%3C/script%3E&lesson=javascript:alert(1)");
    expect(state.config.optimizer.lr).toBe(DEFAULT_RUN.optimizer.lr);
    expect(state.lesson).toBeNull();
    expect(problems).toHaveLength(2);
    expect(problems.find((p) => p.field === "lr")?.message).toContain('"<script>alert(1)</script>"');
    expect(problems.find((p) => p.field === "lesson")?.message).toContain('"javascript:alert(1)"');
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

  it("reports hide= and lock= ids no control has, with the valid ids, and applies the known ones", () => {
    const { state, problems } = decodeState("hide=beta1,betaOne,decay,beta1&lock=epochs,epoch&epochs=10");
    expect(state.hide).toEqual(["beta1"]);
    expect(state.lock).toEqual(["epochs"]);
    expect(state.config.epochs).toBe(10);
    const valid = CONTROL_IDS.join(", ");
    expect(problems).toMatchObject([
      { field: "hide", value: "beta1,betaOne,decay,beta1", message: `hide names unknown control ids "betaOne", "decay"; valid ids are ${valid}` },
      { field: "lock", value: "epochs,epoch", message: `lock names an unknown control id "epoch"; valid ids are ${valid}` },
    ]);
    expect(valid).toContain("beta1, beta2, epsilon");
    expect(valid).toContain("decay-kind");
    expect(valid).toContain("stepSize");
    // In Chinese too, naming the key, the unknown ids and the valid ones.
    const zh = problemMessage(problems[0], "zh");
    expect(zh).toMatch(/^hide 中有未知的控件 id："betaOne", "decay"（有效的 id：optimizer, lr, /);
    // Known ids alone, and malformed ones, are reported as before.
    expect(decodeState("hide=beta1,decay-preview&lock=seed").problems).toEqual([]);
    expect(decodeState("lock=!").problems.map((p) => p.message)).toEqual(['lock must be a comma-separated list of control ids, got "!"']);
  });
});

describe("pinned runs in a link", () => {
  it("adds a well-formed pin and leaves out a malformed one, saying which", () => {
    const { state, problems } = decodeState("lr=0.02&pin=lr:0.005&pin=lr:banana;decay:constant&pin=decay:constant");
    expect(state.pins.map((p) => [p.optimizer.lr, p.policy.kind])).toEqual([
      [0.005, "step"],
      [0.02, "constant"],
    ]);
    expect(problems.map((p) => p.field)).toEqual(["pin2.lr", "pin2"]);
    expect(problems[1].message).toBe("pinned run 2 was not added: fix the fields listed for it");
  });
});
