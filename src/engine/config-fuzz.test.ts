// Property tests of config.ts: whatever the input, validation never throws and returns a value
// that re-validates with zero problems (a fixed point). Exact messages are in config.test.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  OPTIMIZER_FIELDS,

  POLICY_KINDS,
  optimizerFieldsFor,
  validateOptimizer,
  validatePolicy,
  type FieldDescriptor, policyFieldTable } from "./config.ts";

const anything = fc.anything({
  withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true,
  withNullPrototype: true, withObjectString: true,
});

const nastyNumber = fc.oneof(
  fc.double(), fc.integer(), fc.constantFrom(0, -0, 1, -1, 0.5, 1e6, 1e9, 1e308, NaN, Infinity, -Infinity),
);

function fieldValue(field: FieldDescriptor): fc.Arbitrary<unknown> {
  switch (field.type) {
    case "number":
    case "nullableNumber":
      return fc.oneof(fc.constant(field.default), fc.constant(field.min), fc.constant(field.max), nastyNumber, anything);
    case "boolean":
      return fc.oneof(fc.boolean(), anything);
    case "enum":
      return fc.oneof(fc.constantFrom(...field.values), fc.string(), anything);
    case "numberArray":
      return fc.oneof(fc.array(fc.nat(100)), fc.array(nastyNumber, { maxLength: 60 }), anything);
  }
}

const extraKeys = fc.dictionary(
  fc.oneof(fc.constantFrom("__proto__", "constructor", "toString", "kind", "metrics", "momentum", "beta1"), fc.string()),
  anything,
  { maxKeys: 3 },
);

const mutatedPolicy = fc
  .constantFrom(...POLICY_KINDS)
  .chain((kind) => {
    const table = policyFieldTable(kind);
    const fields: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, field] of Object.entries(table)) fields[name] = fieldValue(field);
    fields.unit = fc.oneof(fc.constantFrom("epoch", "step"), anything);
    fields.warmup = fc.oneof(
      fc.constant(null),
      fc.record({ steps: nastyNumber, startFactor: nastyNumber }, { requiredKeys: [] }),
      anything,
    );
    return fc.tuple(fc.constant(kind), fc.record(fields, { requiredKeys: [] }), extraKeys);
  })
  .map(([kind, fields, extra]) => ({ ...extra, ...fields, kind }));

const mutatedOptimizer = fc
  .tuple(
    fc.oneof(fc.constantFrom("adam", "sgd"), anything),
    fc.record(
      Object.fromEntries(Object.entries(OPTIMIZER_FIELDS).map(([name, field]) => [name, fieldValue(field)])),
      { requiredKeys: [] },
    ),
    extraKeys,
  )
  .map(([kind, fields, extra]) => ({ ...extra, ...fields, kind }));

function checkPolicyFixedPoint(raw: unknown): void {
  const first = validatePolicy(raw);
  const again = validatePolicy(first.value);
  expect(again.problems).toEqual([]);
  expect(again.value).toEqual(first.value);
  expect(JSON.parse(JSON.stringify(first.value))).toEqual(first.value);
}

function checkOptimizerFixedPoint(raw: unknown): void {
  const first = validateOptimizer(raw);
  const again = validateOptimizer(first.value);
  expect(again.problems).toEqual([]);
  expect(again.value).toEqual(first.value);
  for (const name of optimizerFieldsFor(first.value.kind)) {
    expect(validateOptimizer({ kind: first.value.kind, [name]: first.value[name] }, { strict: true }).problems).toEqual(
      [],
    );
  }
}

describe("fuzz", () => {
  it("anything: never throws, result is a clean fixed point", () => {
    fc.assert(
      fc.property(anything, (raw) => {
        checkPolicyFixedPoint(raw);
        checkOptimizerFixedPoint(raw);
      }),
      { numRuns: 500 },
    );
  });

  it("mutated valid policies: never throw, result is a clean fixed point", () => {
    fc.assert(fc.property(mutatedPolicy, checkPolicyFixedPoint), { numRuns: 1000 });
  });

  it("mutated valid optimizers: never throw, result is a clean fixed point", () => {
    fc.assert(fc.property(mutatedOptimizer, checkOptimizerFixedPoint), { numRuns: 1000 });
  });

  it("every problem names a field under the right root and a non-empty message", () => {
    fc.assert(
      fc.property(mutatedPolicy, mutatedOptimizer, (policy, optimizer) => {
        for (const p of validatePolicy(policy).problems) {
          expect(p.field.startsWith("policy")).toBe(true);
          expect(p.message.length).toBeGreaterThan(0);
        }
        for (const p of validateOptimizer(optimizer).problems) expect(p.field.startsWith("optimizer")).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("exotic objects do not make it throw", () => {
    const trap = new Proxy({}, { ownKeys: () => { throw new Error("trap"); } });
    expect(validatePolicy(trap).problems).toHaveLength(1);
    expect(validateOptimizer(trap).problems).toHaveLength(1);
    expect(validatePolicy({ kind: "step", stepSize: trap }).problems).toHaveLength(1);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(validatePolicy({ kind: "step", gamma: deep }).problems).toHaveLength(1);
    expect(validatePolicy({ kind: "multiStep", milestones: new Array(1e6).fill(1) }).problems).toHaveLength(1);
  });
});
