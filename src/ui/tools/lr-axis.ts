// The shared learning-rate axis of the range-test panel: where the range test's suggestions, the
// sweep's best cell and the current rate sit on one log-lr number line. Pure (no DOM), so the
// placement is unit-tested: a log domain in whole decades around the marks, decade ticks, and
// label lanes so no two labels overlap.

export type LrMarkKind = "steep" | "valley" | "sweep" | "current";

export interface LrMark {
  kind: LrMarkKind;
  lr: number;
  /** The label's text (e.g. "valley 0.0012"), for its width. */
  label: string;
}

export interface PlacedMark extends LrMark {
  /** Pixel x of the mark on the axis. */
  x: number;
  /** Label lane: 0 nearest the axis. */
  lane: number;
  /** Pixel x of the label's left edge (kept inside the strip). */
  labelX: number;
  labelWidth: number;
}

/** Log10 domain in whole decades covering every mark with at least half a decade to spare, at least two decades wide. */
export function lrDomain(lrs: readonly number[]): [number, number] {
  const ok = lrs.filter((v) => Number.isFinite(v) && v > 0).map((v) => Math.log10(v));
  if (ok.length === 0) return [-4, 0];
  let lo = Math.floor(Math.min(...ok) - 0.5);
  let hi = Math.ceil(Math.max(...ok) + 0.5);
  while (hi - lo < 2) {
    lo -= 1;
    if (hi - lo < 2) hi += 1;
  }
  return [lo + 0, hi + 0];
}

/** Decade ticks of a domain (log10 exponents). */
export function decadeTicks([lo, hi]: readonly [number, number]): number[] {
  const out: number[] = [];
  for (let e = lo; e <= hi; e++) out.push(e);
  return out;
}

/** The pixel x of `lr` on an axis from `left` to `right` pixels over the log10 domain. */
export function lrToX(lr: number, [lo, hi]: readonly [number, number], left: number, right: number): number {
  return left + ((Math.log10(lr) - lo) / (hi - lo)) * (right - left);
}

/** Approximate label width at `fontPx`: Latin about 0.58 em a character, CJK 1 em. */
export function textWidth(text: string, fontPx: number): number {
  let w = 0;
  for (const ch of text) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? fontPx : 0.58 * fontPx;
  return w;
}

/**
 * Places the marks: x on the axis, then each label (centred over its mark, clamped inside
 * [0, width]) in the lowest lane where it keeps `gap` pixels from every label already there.
 */
export function placeMarks(
  marks: readonly LrMark[],
  domain: readonly [number, number],
  width: number,
  opts: { pad: number; fontPx: number; gap: number },
): PlacedMark[] {
  const left = opts.pad;
  const right = Math.max(left + 1, width - opts.pad);
  const sorted = marks
    .filter((m) => Number.isFinite(m.lr) && m.lr > 0)
    .map((m) => ({ ...m, x: lrToX(m.lr, domain, left, right) }))
    .sort((a, b) => a.x - b.x);
  const lanes: [number, number][][] = [];
  return sorted.map((m) => {
    const labelWidth = textWidth(m.label, opts.fontPx);
    const labelX = Math.min(Math.max(0, m.x - labelWidth / 2), Math.max(0, width - labelWidth));
    let lane = 0;
    for (; ; lane++) {
      const used = lanes[lane] ?? [];
      if (used.every(([a, b]) => labelX + labelWidth + opts.gap <= a || labelX >= b + opts.gap)) {
        used.push([labelX, labelX + labelWidth]);
        lanes[lane] = used;
        break;
      }
    }
    return { ...m, lane, labelX, labelWidth };
  });
}

/** Short rate text: three significant digits, no trailing zeros. */
export function lrText(lr: number): string {
  return String(Number(lr.toPrecision(3)));
}
