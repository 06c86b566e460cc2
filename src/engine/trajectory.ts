// A bounded path of a 2-D optimizer: (step, x, y) per kept point. Like StepSeries it never grows
// past `cap`; when full it drops every other point and from then on keeps one raw point in
// `stride`, so a million-step run still draws its whole path from start to now, evenly thinned.
// The latest raw point is always kept exactly (the surface view's "current point").

export interface TrajectoryData {
  step: Float64Array;
  x: Float64Array;
  y: Float64Array;
}

const DEFAULT_TRAJECTORY_CAP = 20_000;

export class Trajectory {
  readonly cap: number;
  private readonly steps: Float64Array;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private n = 0;
  /** Keep raw point k iff k % stride === 0 (stride doubles at each halving). */
  private strideValue = 1;
  private total = 0;
  private lastStep = Number.NaN;
  private lastX = Number.NaN;
  private lastY = Number.NaN;

  constructor(cap: number = DEFAULT_TRAJECTORY_CAP) {
    this.cap = Math.max(4, Math.floor(cap / 2) * 2);
    this.steps = new Float64Array(this.cap);
    this.xs = new Float64Array(this.cap);
    this.ys = new Float64Array(this.cap);
  }

  get length(): number {
    return this.n;
  }

  /** Raw points pushed in all. */
  get pushed(): number {
    return this.total;
  }

  get stride(): number {
    return this.strideValue;
  }

  /** The latest raw point, or null when empty. */
  last(): { step: number; x: number; y: number } | null {
    return this.total === 0 ? null : { step: this.lastStep, x: this.lastX, y: this.lastY };
  }

  push(step: number, x: number, y: number): void {
    const k = this.total++;
    this.lastStep = step;
    this.lastX = x;
    this.lastY = y;
    if (k % this.strideValue !== 0) return;
    if (this.n === this.cap) this.halve();
    // After halving, the stride has doubled: this point may no longer be one to keep.
    if (k % this.strideValue !== 0) return;
    this.steps[this.n] = step;
    this.xs[this.n] = x;
    this.ys[this.n] = y;
    this.n++;
  }

  /** Appends `count` points: `xy` interleaved (x0, y0, x1, y1, ...), `step` their step numbers. */
  pushInterleaved(xy: Float64Array, step: Float64Array, count: number): void {
    const m = Math.min(count, step.length, Math.floor(xy.length / 2));
    for (let i = 0; i < m; i++) this.push(step[i], xy[2 * i], xy[2 * i + 1]);
  }

  /** Views of the kept points (valid until the next push); copy to keep. */
  view(): TrajectoryData {
    return { step: this.steps.subarray(0, this.n), x: this.xs.subarray(0, this.n), y: this.ys.subarray(0, this.n) };
  }

  /** A copy of the kept points, plus the latest raw point if it was not kept. */
  copy(): TrajectoryData {
    const extra = this.total > 0 && (this.n === 0 || this.steps[this.n - 1] !== this.lastStep) ? 1 : 0;
    const m = this.n + extra;
    const out: TrajectoryData = { step: new Float64Array(m), x: new Float64Array(m), y: new Float64Array(m) };
    out.step.set(this.steps.subarray(0, this.n));
    out.x.set(this.xs.subarray(0, this.n));
    out.y.set(this.ys.subarray(0, this.n));
    if (extra === 1) {
      out.step[m - 1] = this.lastStep;
      out.x[m - 1] = this.lastX;
      out.y[m - 1] = this.lastY;
    }
    return out;
  }

  private halve(): void {
    const half = this.n >> 1;
    for (let i = 0; i < half; i++) {
      this.steps[i] = this.steps[2 * i];
      this.xs[i] = this.xs[2 * i];
      this.ys[i] = this.ys[2 * i];
    }
    this.n = half;
    this.strideValue *= 2;
  }
}

/** Index of the last kept point at or before `step` (binary search over ascending steps), or -1. */
export function indexAtStep(steps: Float64Array, step: number): number {
  let lo = 0;
  let hi = steps.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid] <= step) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
