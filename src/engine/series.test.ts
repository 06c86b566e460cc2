import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { STEP_FIELDS, StepSeries, type StepColumns, type StepSample } from "./series.ts";

function sample(step: number, loss: number): StepSample {
  return { step, epoch: step / 10, lr: 0.1, lrT: 0.05, batchLoss: loss + 1, loss, gradNorm: 2, updateNorm: 3, lossAtY: Number.NaN };
}

function columnsOf(samples: StepSample[]): StepColumns {
  const out = {} as StepColumns;
  for (const f of STEP_FIELDS) out[f] = Float64Array.from(samples, (s) => s[f]);
  return out;
}

describe("StepSeries.pushColumns", () => {
  it("stores exactly what pushing each sample would, through compaction", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 8, max: 64 }), (losses, cap) => {
        const samples = losses.map((l, i) => sample(i + 1, l));
        const a = new StepSeries(cap);
        for (const s of samples) a.push(s);
        const b = new StepSeries(cap);
        // In uneven batches, as the worker sends them.
        for (let i = 0; i < samples.length; i += 7) {
          const part = samples.slice(i, i + 7);
          b.pushColumns(columnsOf(part), part.length);
        }
        expect(b.pushed).toBe(a.pushed);
        expect(b.columns()).toEqual(a.columns());
        expect(b.last()).toEqual(a.last());
      }),
      { numRuns: 200 },
    );
  });
});

describe("StepSeries.columnsInto", () => {
  it("writes the same columns into the given buffers and returns views of the stored length", () => {
    const s = new StepSeries(16);
    for (let i = 1; i <= 50; i++) s.push(sample(i, Math.sin(i)));
    const buffers = {} as StepColumns;
    for (const f of STEP_FIELDS) buffers[f] = new Float64Array(s.cap);
    const views = s.columnsInto(buffers);
    expect(views).toEqual(s.columns());
    for (const f of STEP_FIELDS) {
      expect(views[f].length).toBe(s.length);
      expect(views[f].buffer).toBe(buffers[f].buffer);
    }
  });

  it("refuses buffers too short for the stored rows", () => {
    const s = new StepSeries(16);
    for (let i = 1; i <= 10; i++) s.push(sample(i, i));
    const small = {} as StepColumns;
    for (const f of STEP_FIELDS) small[f] = new Float64Array(4);
    expect(() => s.columnsInto(small)).toThrow(/holds 4 rows, need 10/);
  });
});
