// How a slider's position maps to a field's value: linear, logarithmic (optionally with an exact
// zero at the left end), or "beta" — over -log10(1 - β), so 0.9, 0.99, 0.999 and 0.9999 sit one
// even step apart. Pure, so the mapping is unit-tested; the slider only ever sees positions.

import { validateNumberField, type NumberRange, type SliderHint } from "../../engine/config.ts";
import type { Problem } from "../../engine/types.ts";
import { readNumber } from "../../engine/value-text.ts";

export type SliderMode = "linear" | "log" | "beta";

interface SliderTick {
  pos: number;
  label: string;
}

export interface SliderScale {
  min: number;
  max: number;
  step: number;
  toPos(value: number): number;
  fromPos(pos: number): number;
  /** Labelled snap points shown under the slider (beta mode). */
  ticks: readonly SliderTick[];
}

/** Positions of a log slider; fine enough for 2-significant-digit values over several decades. */
const LOG_POSITIONS = 200;
/** Beta mode spans β = 0 (u = 0) to β = 0.99999 (u = 5). */
const BETA_MAX_U = 5;

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Removes float noise such as 0.30000000000000004 without changing meaningful digits. */
function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

/** A round step for a linear slider over [lo, hi]: a power of ten giving about 100+ positions. */
function niceStep(lo: number, hi: number): number {
  const span = hi - lo;
  if (!(span > 0)) return 1;
  return 10 ** Math.floor(Math.log10(span / 100));
}

function decimals(step: number): number {
  return step >= 1 ? 0 : Math.min(20, Math.ceil(-Math.log10(step) - 1e-9));
}

function linearScale(lo: number, hi: number, integer: boolean): SliderScale {
  const step = integer ? 1 : niceStep(lo, hi);
  const digits = decimals(step);
  return {
    min: lo,
    max: hi,
    step,
    toPos: (v) => clamp(v, lo, hi),
    fromPos: (p) => (integer ? Math.round(p) : Number(clamp(p, lo, hi).toFixed(digits))),
    ticks: [],
  };
}

/**
 * Positions 0..LOG_POSITIONS over log10 [lo, hi]. With `zero`, position 0 is exactly 0 and the
 * decades start at position 1, so a field like etaMin can be set to 0 from the slider.
 */
function logScale(lo: number, hi: number, zero: boolean, integer: boolean): SliderScale {
  const first = zero ? 1 : 0;
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  const span = LOG_POSITIONS - first;
  return {
    min: 0,
    max: LOG_POSITIONS,
    step: 1,
    toPos: (v) => {
      if (zero && v <= 0) return 0;
      if (!(v > 0)) return first;
      return clamp(first + ((Math.log10(v) - a) / (b - a)) * span, first, LOG_POSITIONS);
    },
    fromPos: (p) => {
      if (zero && p < 0.5) return 0;
      const v = 10 ** (a + ((clamp(p, first, LOG_POSITIONS) - first) / span) * (b - a));
      const rounded = clamp(Number(v.toPrecision(2)), lo, hi);
      return integer ? clamp(Math.round(rounded), Math.ceil(lo), Math.floor(hi)) : rounded;
    },
    ticks: [],
  };
}

/** β = 1 - 10^-u, with 1 - β kept to 2 significant digits (whole u give 0.9, 0.99, ... exactly). */
export function betaFromU(u: number): number {
  if (!(u > 0)) return 0;
  const gap = Number((10 ** -Math.min(u, BETA_MAX_U)).toPrecision(2));
  return tidy(1 - gap);
}

export function uFromBeta(beta: number): number {
  if (!(beta > 0)) return 0;
  if (beta >= 1) return BETA_MAX_U;
  return clamp(-Math.log10(1 - beta), 0, BETA_MAX_U);
}

function betaScale(): SliderScale {
  const ticks: SliderTick[] = [];
  for (let u = 0; u <= BETA_MAX_U; u++) ticks.push({ pos: u, label: String(betaFromU(u)) });
  // Ten positions a decade: whole positions are 0.9, 0.99, ... and an arrow key moves a tenth of a decade.
  return { min: 0, max: BETA_MAX_U, step: 0.1, toPos: uFromBeta, fromPos: betaFromU, ticks };
}

export interface ScaleInput extends NumberRange {
  slider?: SliderHint;
}

/** The slider for a field: its span is the schema's slider hint (or `span`), else its range. */
export function sliderScale(field: ScaleInput, mode: SliderMode, span?: SliderHint): SliderScale {
  if (mode === "beta") return betaScale();
  const hint = span ?? field.slider ?? { min: field.min, max: field.max };
  let hi = Number.isFinite(hint.max) ? hint.max : Math.max(1, hint.min * 100);
  if (!field.maxInclusive && hi >= field.max) hi = field.max - (field.integer ? 1 : (field.max - hint.min) / 1000);
  if (mode === "log") {
    const zero = field.min <= 0 && field.minInclusive && hint.min <= 0;
    const lo = hint.min > 0 ? hint.min : hi * 1e-4;
    return logScale(lo, hi, zero, field.integer === true);
  }
  let lo = hint.min;
  if (!field.minInclusive && lo <= field.min) lo = field.min + (field.integer ? 1 : (hi - field.min) / 1000);
  return linearScale(lo, hi, field.integer === true);
}

/**
 * Where the slider shows `value`: on the step grid, exactly as the browser would round it. Giving
 * the input an off-grid value would make the browser's rounded value differ from React's, and
 * React would report that difference as a second change (moving the value back).
 */
export function sliderPosition(scale: SliderScale, value: number): number {
  const pos = Math.min(scale.max, Math.max(scale.min, scale.toPos(value)));
  return tidy(scale.min + Math.round((pos - scale.min) / scale.step) * scale.step);
}

/**
 * The value for a slider moved to `pos` from the committed `value`. Rounding can map a one-step move
 * back onto the same value (the slider would then be stuck under the keyboard), so the move goes on
 * step by step in its direction until the value changes or the end is reached.
 */
export function valueAtPos(scale: SliderScale, value: number, pos: number): number {
  let next = scale.fromPos(pos);
  const from = sliderPosition(scale, value);
  if (Math.abs(pos - from) < scale.step / 2) return value;
  if (next !== value) return next;
  const dir = Math.sign(pos - from);
  for (let p = pos + dir * scale.step; next === value && p >= scale.min - 1e-9 && p <= scale.max + 1e-9; p += dir * scale.step) {
    next = scale.fromPos(p);
  }
  return next;
}

/** The text of a number box for `value`: exactly what String() gives, so it round-trips. */
export function formatNumber(value: number): string {
  return String(value);
}

export interface ParsedNumber {
  value: number | null;
  problem: Problem | null;
}

/**
 * Reads a number box. Blank text and text that is not a number are handed to the schema as the raw
 * text, so its message quotes what was typed (`lr must be a number, got "abc"`).
 */
export function parseNumberText(name: string, field: NumberRange & { default: number }, text: string): ParsedNumber {
  // The links' and the CLI's one number grammar: plain decimals (`0x10` is quoted back, not read as 16).
  const n = readNumber(text);
  const checked = validateNumberField(name, field, n === undefined || Number.isNaN(n) ? text : n);
  if (checked.problems.length > 0) return { value: null, problem: checked.problems[0] };
  return { value: checked.value, problem: null };
}
