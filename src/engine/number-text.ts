// One grammar for numbers typed by people: CLI flags, link values and form fields all read numbers
// through `parseNumberText`, so `--epochs 0x10` and `?epochs=0x10` are refused alike. JavaScript's
// `Number()` alone would accept hex (`0x10`), octal and binary literals (`0o20`, `0b1`), an empty
// or blank string (0) and surrounding whitespace of any kind; none of those is a plain decimal.

/**
 * Plain decimal: optional sign, digits with an optional fraction (`1`, `1.`, `.5`, `1.5`), optional
 * exponent (`1e-8`, `2.5E+3`). `Infinity` and `NaN` are read as numbers too, so the schema can say
 * "must be finite" about them instead of "not a number".
 */
const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$|^[-+]?Infinity$|^NaN$/;

/**
 * Number text -> number; anything that is not plainly a decimal number comes back as the text
 * itself (untrimmed), so a validator names the value the person typed. Leading and trailing
 * spaces are ignored; the empty string is not a number.
 */
export function parseNumberText(text: string): number | string {
  const t = text.trim();
  return t !== "" && DECIMAL.test(t) ? Number(t) : text;
}
