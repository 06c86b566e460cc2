// Bounded storage for per-step series and decimation for drawing.
//
// A run of a million steps must not hold a million rows (9 columns x 8 bytes x 1e6 = 72 MB, per
// run, per pinned run). `StepSeries` keeps full resolution up to `cap` rows; when it fills, it
// compacts every 4 rows to the 2 with the lowest and highest `loss` (in step order), halving the
// rows and doubling the raw steps each row stands for. New samples then arrive in groups of the
// same width, reduced the same way. So the envelope of the loss curve (its extremes) survives at
// every level, memory stays at `cap` rows, and events — kept in their own list — are never lost.

/**
 * `loss` is the full training loss at the parameters the run reports; `lossAtY` only for schedule-free
 * AdamW (SPEC.md §5), whose gradients are taken at another point y: the loss there (NaN for the others).
 */
export const STEP_FIELDS = ["step", "epoch", "lr", "lrT", "batchLoss", "loss", "gradNorm", "updateNorm", "lossAtY"] as const;
export type StepField = (typeof STEP_FIELDS)[number];
export type StepSample = Record<StepField, number>;
export type StepColumns = Record<StepField, Float64Array>;

/** Default row cap: 100,000 rows x 9 columns x 8 bytes = 7.2 MB per run. */
const DEFAULT_SERIES_CAP = 100_000;

/**
 * Rows kept for a run the page draws (the live run and pinned ones). Charts draw ~1,000 points a
 * line and compaction keeps each group's loss extremes, so 10,000 rows lose nothing visible, while
 * every 15 Hz redraw decimates 10,000 rows per line rather than more.
 */
export const LIVE_SERIES_CAP = 10_000;

const LOSS = STEP_FIELDS.indexOf("loss");
const WIDTH = STEP_FIELDS.length;

export class StepSeries {
  readonly cap: number;
  /** Row-major storage, WIDTH numbers a row. */
  private rows: Float64Array;
  private n = 0;
  /** 0 = full resolution; level k >= 1 means each pair of rows stands for 2^(k+1) raw steps. */
  private level = 0;
  /** The group being gathered at level >= 1: its min-loss and max-loss samples and first-seen order. */
  private groupCount = 0;
  private readonly groupMin = new Float64Array(WIDTH);
  private readonly groupMax = new Float64Array(WIDTH);
  private minFirst = true;
  private readonly lastRow = new Float64Array(WIDTH);
  private total = 0;

  constructor(cap: number = DEFAULT_SERIES_CAP) {
    // Compaction works on groups of 4 rows; keep the cap a positive multiple of 4.
    this.cap = Math.max(8, Math.floor(cap / 4) * 4);
    this.rows = new Float64Array(this.cap * WIDTH);
  }

  /** Rows stored now (<= cap). */
  get length(): number {
    return this.n;
  }

  /** Raw samples pushed in all. */
  get pushed(): number {
    return this.total;
  }

  /** Raw steps one stored row stands for, on average (1 until the first compaction). */
  get stride(): number {
    return this.level === 0 ? 1 : 2 ** this.level;
  }

  /** The latest raw sample pushed, or null when empty (always exact, whatever the level). */
  last(): StepSample | null {
    return this.total === 0 ? null : toSample(this.lastRow, 0);
  }

  push(s: StepSample): void {
    for (let j = 0; j < WIDTH; j++) this.lastRow[j] = s[STEP_FIELDS[j]];
    this.pushLastRow();
  }

  /** Appends `count` samples given as columns (e.g. a batch from the worker). */
  pushColumns(cols: StepColumns, count: number): void {
    const src = STEP_FIELDS.map((f) => cols[f]);
    const row = this.lastRow;
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < WIDTH; j++) row[j] = src[j][i];
      this.pushLastRow();
    }
  }

  /** Stores the sample just written into `lastRow`. */
  private pushLastRow(): void {
    this.total++;
    if (this.level === 0) {
      this.appendRow(this.lastRow);
      return;
    }
    if (this.groupCount === 0) {
      this.groupMin.set(this.lastRow);
      this.groupMax.set(this.lastRow);
      this.minFirst = true;
    } else {
      if (this.lastRow[LOSS] < this.groupMin[LOSS]) {
        this.groupMin.set(this.lastRow);
        this.minFirst = false;
      }
      if (this.lastRow[LOSS] > this.groupMax[LOSS]) {
        this.groupMax.set(this.lastRow);
        this.minFirst = true;
      }
    }
    this.groupCount++;
    if (this.groupCount >= 2 ** (this.level + 1)) this.flushGroup();
  }

  /** A copy of one column's stored rows. */
  column(field: StepField): Float64Array {
    const j = STEP_FIELDS.indexOf(field);
    const out = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) out[i] = this.rows[i * WIDTH + j];
    return out;
  }

  /**
   * The stored rows as columns written into `buffers` (each at least `length` long), returned as
   * views of exactly `length`: for a caller that redraws often and reuses its buffers instead of
   * allocating (typed-array memory is what drives the page's major garbage collections).
   */
  columnsInto(buffers: StepColumns): StepColumns {
    const out = {} as StepColumns;
    const n = this.n;
    const rows = this.rows;
    for (let j = 0; j < WIDTH; j++) {
      const f = STEP_FIELDS[j];
      const buf = buffers[f];
      if (buf.length < n) throw new RangeError(`columnsInto: buffer for ${f} holds ${buf.length} rows, need ${n}`);
      for (let i = 0; i < n; i++) buf[i] = rows[i * WIDTH + j];
      out[f] = buf.subarray(0, n);
    }
    return out;
  }

  columns(): StepColumns {
    const out = {} as StepColumns;
    for (const f of STEP_FIELDS) out[f] = this.column(f);
    return out;
  }

  row(i: number): StepSample {
    return toSample(this.rows, i * WIDTH);
  }

  clear(): void {
    this.n = 0;
    this.level = 0;
    this.groupCount = 0;
    this.total = 0;
  }

  private flushGroup(): void {
    // The two extremes in the order they happened; a group whose extremes coincide keeps one row.
    const sameRow = this.groupMin[0] === this.groupMax[0];
    if (sameRow) this.appendRow(this.groupMin);
    else if (this.minFirst) {
      this.appendRow(this.groupMin);
      this.appendRow(this.groupMax);
    } else {
      this.appendRow(this.groupMax);
      this.appendRow(this.groupMin);
    }
    this.groupCount = 0;
  }

  private appendRow(r: Float64Array): void {
    if (this.n >= this.cap) this.compact();
    this.rows.set(r, this.n * WIDTH);
    this.n++;
  }

  /** Every 4 rows -> the min-loss and max-loss rows among them, in step order. */
  private compact(): void {
    const rows = this.rows;
    let out = 0;
    for (let g = 0; g < this.n; g += 4) {
      const end = Math.min(g + 4, this.n);
      let lo = g;
      let hi = g;
      for (let i = g + 1; i < end; i++) {
        if (rows[i * WIDTH + LOSS] < rows[lo * WIDTH + LOSS]) lo = i;
        if (rows[i * WIDTH + LOSS] > rows[hi * WIDTH + LOSS]) hi = i;
      }
      const keep = lo === hi ? [lo] : lo < hi ? [lo, hi] : [hi, lo];
      for (const i of keep) {
        if (i !== out) rows.copyWithin(out * WIDTH, i * WIDTH, (i + 1) * WIDTH);
        out++;
      }
    }
    this.n = out;
    this.level++;
  }
}

function toSample(buf: Float64Array, offset: number): StepSample {
  const s = {} as StepSample;
  for (let j = 0; j < WIDTH; j++) s[STEP_FIELDS[j]] = buf[offset + j];
  return s;
}

/** Index of the first element of the sorted array `xs` that is >= `x` (xs.length if none). */
export function lowerBound(xs: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * TensorBoard's smoothing: an exponential moving average debiased like Adam's first moment, so the
 * first points are not dragged toward zero. `weight` in [0, 1): 0 returns the input.
 */
export function smoothEma(y: ArrayLike<number>, weight: number): Float64Array {
  const out = new Float64Array(y.length);
  let last = 0;
  let debias = 1;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * weight + (1 - weight) * v;
    debias *= weight;
    out[i] = weight === 0 ? v : last / (1 - debias);
  }
  return out;
}
