// The live run's snapshot columns: a small pool of reused buffers (see snapshotColumns).

import { STEP_FIELDS, type StepColumns, type StepSeries } from "../engine/series.ts";

/**
 * Column buffers the snapshots take turns writing into, instead of allocating 8 fresh columns 15
 * times a second (at full speed that churn of typed-array memory set off 35-45 ms major GCs).
 * Three sets: the loss chart draws snapshot N while the lr chart may still hold N-1, so the set
 * being rewritten (N-2's) is no longer read by anyone. A snapshot's columns are therefore valid
 * only until two more snapshots have been taken: copy them (`series.columns()`) to keep them.
 */
const SNAPSHOT_BUFFERS = 3;
let snapshotBuffers: StepColumns[] = [];
let nextBuffer = 0;

export function snapshotColumns(series: StepSeries): StepColumns {
  if (snapshotBuffers.length === 0 || snapshotBuffers[0].step.length < series.cap) {
    snapshotBuffers = Array.from({ length: SNAPSHOT_BUFFERS }, () => {
      const set = {} as StepColumns;
      for (const f of STEP_FIELDS) set[f] = new Float64Array(series.cap);
      return set;
    });
  }
  const target = snapshotBuffers[nextBuffer];
  nextBuffer = (nextBuffer + 1) % SNAPSHOT_BUFFERS;
  return series.columnsInto(target);
}
