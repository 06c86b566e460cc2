// fast-check arbitraries of valid configs, generated from the one schema's field tables; shared by
// the property tests (URL codec round trip, code export). Test support only: nothing in the app
// imports this file, so it never reaches the bundle.

import fc from "fast-check";
import { OPTIMIZER_FIELDS, OPTIMIZER_KINDS, POLICY_KINDS, WARMUP_FIELDS, policyFieldTable, type FieldDescriptor } from "../config.ts";
import { CUSTOM_PRESETS, PROBLEM_IDS } from "../problems/index.ts";
import type { CustomSurface } from "../custom-config.ts";
import { DEFAULT_RUN, type RunConfig } from "../run-config.ts";
import type { OptimizerConfig, Policy, PolicyKind } from "../types.ts";

export const noNegZero = (x: number): number => (Object.is(x, -0) ? 0 : x);

/** A valid value for a schema field (finite, in range, integers where required; unbounded ranges capped). */
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

/** Fields that do not apply to the kind stay at their defaults (that is what a valid config holds). */
export const arbOptimizer: fc.Arbitrary<OptimizerConfig> = fc
  .tuple(fc.constantFrom(...OPTIMIZER_KINDS), arbRecord(OPTIMIZER_FIELDS as unknown as Record<string, FieldDescriptor>))
  .map(([kind, values]) => {
    const o = { ...DEFAULT_RUN.optimizer, kind } as Record<string, unknown>;
    for (const [k, f] of Object.entries(OPTIMIZER_FIELDS)) if (f.kinds.includes(kind)) o[k] = values[k];
    // Schedule-free's beta1 must be above 0 (SPEC.md §5).
    if (kind === "scheduleFree" && o.beta1 === 0) o.beta1 = 0.5;
    return o as unknown as OptimizerConfig;
  });

export const arbPolicy: fc.Arbitrary<Policy> = fc.constantFrom(...POLICY_KINDS).chain((kind: PolicyKind) =>
  fc
    .tuple(
      arbRecord(policyFieldTable(kind)),
      fc.constantFrom("epoch" as const, "step" as const),
      fc.option(arbRecord(WARMUP_FIELDS as unknown as Record<string, FieldDescriptor>), { nil: null }),
    )
    .map(([fields, unit, warmup]) => ({ kind, ...fields, unit, warmup }) as unknown as Policy),
);

/** A Custom problem's surface: an example's expression or a few more, any noise, any ordered view. */
const arbCustom: fc.Arbitrary<CustomSurface> = fc.record({
  f: fc.constantFrom(...CUSTOM_PRESETS.map((p) => p.surface.f), "x^2 + 10*y^2", "max(x, y)^2 + sin(x*y)", "(1-x)^2 + 100*(y-x^2)^2"),
  noise: fc.double({ min: 0, max: 100, noNaN: true }).map((v) => v + 0),
  bounds: fc
    .tuple(fc.integer({ min: -1000, max: 999 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: -1000, max: 999 }), fc.integer({ min: 1, max: 100 }))
    .map(([x, w, y, h]) => ({ xMin: x, xMax: Math.min(1000, x + w), yMin: y, yMax: Math.min(1000, y + h) })),
});

export const arbRunConfig: fc.Arbitrary<RunConfig> = fc
  .record({
    optimizer: arbOptimizer,
    policy: arbPolicy,
    problem: fc.constantFrom(...PROBLEM_IDS),
    batchSize: fc.integer({ min: 1, max: 4096 }),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    epochs: fc.integer({ min: 1, max: 1_000_000 }),
  })
  .chain((c): fc.Arbitrary<RunConfig> => (c.problem === "custom" ? arbCustom.map((custom) => ({ ...c, custom })) : fc.constant(c)));
