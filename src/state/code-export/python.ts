// Python source text: literals with full precision and calls laid out one argument a line when they
// carry comments or run long. Pure string building, no DOM.

/**
 * A Python float literal: JS's shortest round-trip form (`0.025`, `1e-8`, `1e+21`), with `.0` added to
 * whole numbers so libraries that check `isinstance(x, float)` (Keras SGD's momentum) or infer a tensor
 * dtype from the value (Keras schedules) see a float.
 */
export function pyFloat(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${String(x)}`);
  const text = String(x + 0); // + 0 turns -0 into 0
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** A Python int literal (exact also beyond 2^53, where String() would switch to exponent form). */
export function pyInt(x: number): string {
  if (!Number.isInteger(x)) throw new RangeError(`not an integer: ${String(x)}`);
  return Number.isSafeInteger(x) ? String(x + 0) : BigInt(x).toString();
}

/** An int literal for whole numbers, a float literal otherwise (TF's `decay_steps` may be fractional). */
export function pyNum(x: number): string {
  return Number.isInteger(x) ? pyInt(x) : pyFloat(x);
}

export function pyBool(b: boolean): string {
  return b ? "True" : "False";
}

/** A double-quoted Python string (the values exported are plain ASCII identifiers). */
export function pyStr(s: string): string {
  return JSON.stringify(s);
}

export function pyList(items: readonly string[]): string {
  return `[${items.join(", ")}]`;
}

/** One argument of a call: positional when `name` is omitted; `comment` goes after it as `# ...`. */
export interface Arg {
  name?: string;
  value: string;
  comment?: string;
}

export function kw(name: string, value: string, comment?: string): Arg {
  return comment === undefined ? { name, value } : { name, value, comment };
}

export function pos(value: string): Arg {
  return { value };
}

const MAX_LINE = 88;

/**
 * `lhs + fn(args)` as lines at `indent`: on one line when it fits and no argument carries a comment,
 * otherwise one argument a line with a trailing comma (Black's layout).
 */
export function call(lhs: string, fn: string, args: readonly Arg[], indent = ""): string[] {
  const text = (a: Arg) => (a.name === undefined ? a.value : `${a.name}=${a.value}`);
  const oneLine = `${indent}${lhs}${fn}(${args.map(text).join(", ")})`;
  if (oneLine.length <= MAX_LINE && args.every((a) => a.comment === undefined)) return [oneLine];
  return [
    `${indent}${lhs}${fn}(`,
    ...args.map((a) => `${indent}    ${text(a)},${a.comment === undefined ? "" : `  # ${a.comment}`}`),
    `${indent})`,
  ];
}

/** Prefixes every line with `# ` (an empty line becomes `#`). */
export function commented(lines: readonly string[]): string[] {
  return lines.map((l) => (l === "" ? "#" : `# ${l}`));
}

/** A short number for prose in comments (4 significant digits). */
export function approx(x: number): string {
  return String(Number(x.toPrecision(4)));
}
