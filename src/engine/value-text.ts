// Values and ranges as text, both ways: how a message shows a value or a valid range, and the one
// grammar by which typed text becomes a number (links, the page's text boxes, the CLI's flags).

import type { NumberRange } from "./config-fields.ts";

const MAX_SHOWN = 60;

/** A value as shown in messages: JSON, except `NaN`, `Infinity`, `undefined` literally; cut at 60 chars. */
export function formatValue(value: unknown): string {
  let text: string;
  if (typeof value === "number") text = Object.is(value, -0) ? "-0" : String(value);
  else if (typeof value === "bigint") text = `${String(value)}n`;
  else if (value === undefined || typeof value === "symbol" || typeof value === "function") {
    text = typeof value === "function" ? "a function" : String(value);
  } else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Array.isArray(value) ? "an array" : "an object";
    }
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/** The valid range in words: `in [0, 1)`, `an integer in [1, 1000000]`, `an integer >= 0`, `> 0`. */
export function formatRange(range: NumberRange, maxName?: string): string {
  const lo = Number.isFinite(range.min);
  const hi = Number.isFinite(range.max);
  const prefix = range.integer ? "an integer " : "";
  const max = maxName === undefined ? String(range.max) : `${maxName} = ${String(range.max)}`;
  if (lo && hi) {
    const open = range.minInclusive ? "[" : "(";
    const close = range.maxInclusive ? "]" : ")";
    return `${prefix}in ${open}${String(range.min)}, ${max}${close}`;
  }
  if (lo) return `${prefix}${range.minInclusive ? ">=" : ">"} ${String(range.min)}`;
  if (hi) return `${prefix}${range.maxInclusive ? "<=" : "<"} ${max}`;
  return range.integer ? "an integer" : "a finite number";
}

/** Just the bounds of a descriptor (a problem carries its range, not the whole field). */
export function rangeOf(r: NumberRange): NumberRange {
  const out: NumberRange = { min: r.min, max: r.max, minInclusive: r.minInclusive, maxInclusive: r.maxInclusive };
  if (r.integer === true) out.integer = true;
  return out;
}

/** Whether a finite number lies in `range` (and is an integer when required). */
export function inRange(range: NumberRange, x: number): boolean {
  if (!Number.isFinite(x)) return false;
  if (range.integer && !Number.isInteger(x)) return false;
  const aboveMin = range.minInclusive ? x >= range.min : x > range.min;
  const belowMax = range.maxInclusive ? x <= range.max : x < range.max;
  return aboveMin && belowMax;
}

/**
 * The one number grammar: optional sign, decimal digits with an optional point and exponent
 * (`5`, `-0.5`, `.5`, `1e-3`), or `Infinity` / `NaN` (read so a message can say "must be a number,
 * got NaN"). Surrounding blanks are ignored. No hex (`0x10`), binary, octal, `_` separators or
 * empty text: those are not numbers here, whatever `Number()` says. Returns undefined then.
 */
export function readNumber(text: string): number | undefined {
  const t = text.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?Infinity$|^NaN$/.test(t)) return undefined;
  return Number(t);
}

/** readNumber, keeping text that is not a number as the text itself, so the schema quotes it. */
export function numberOrText(text: string): unknown {
  return readNumber(text) ?? text;
}
