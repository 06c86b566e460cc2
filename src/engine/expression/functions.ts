// The whole vocabulary of a custom loss surface f(x, y): its variables, constants, operators and
// functions. One list: the lexical check (lexer.ts), the AST whitelist (compile.ts), the page's
// help text and the tests all read it, so "what may a surface use" is written down once.
//
// Every function is computed with the engine's deterministic math (det-math.ts, det-atan.ts) or
// with IEEE-exact operations (√, |x|, min, max), so a custom surface gives the same numbers in Node
// (`simulate`) and in every browser, as the built-in surfaces do.

import { cos, exp, expm1, log, log10, log1p, pow, sin, tanh } from "../det-math.ts";
import { atan } from "./det-atan.ts";

/** Named constants (mathjs's names and values). */
export const EXPRESSION_CONSTANTS: Readonly<Record<string, number>> = Object.freeze({ pi: Math.PI, e: Math.E });

export interface ExpressionFunction {
  /** Fewest and most arguments. */
  minArgs: number;
  maxArgs: number;
  apply(args: readonly number[]): number;
}

const LN2 = 0.6931471805599453;

function unary(f: (a: number) => number): ExpressionFunction {
  return { minArgs: 1, maxArgs: 1, apply: (a) => f(a[0]) };
}

/**
 * Squares as products: `t^2` must give the same bits as the built-in surfaces' `t * t` (det-math's
 * pow is faithful, not correctly rounded, so pow(t, 2) might differ from t * t in the last bit).
 */
export function power(base: number, exponent: number): number {
  if (exponent === 2) return base * base;
  if (exponent === 1) return base;
  return pow(base, exponent);
}

const sinh = (a: number): number => 0.5 * (expm1(a) - expm1(-a));
const cosh = (a: number): number => 0.5 * (exp(a) + exp(-a));

/** Every function a surface may call, by its mathjs name. */
export const EXPRESSION_FUNCTIONS: Readonly<Record<string, ExpressionFunction>> = Object.freeze({
  sin: unary(sin),
  cos: unary(cos),
  tan: unary((a) => sin(a) / cos(a)),
  sec: unary((a) => 1 / cos(a)),
  csc: unary((a) => 1 / sin(a)),
  cot: unary((a) => cos(a) / sin(a)),
  atan: unary(atan),
  sinh: unary(sinh),
  cosh: unary(cosh),
  tanh: unary(tanh),
  sech: unary((a) => 1 / cosh(a)),
  csch: unary((a) => 1 / sinh(a)),
  coth: unary((a) => 1 / tanh(a)),
  exp: unary(exp),
  expm1: unary(expm1),
  // log(x) or log(x, base), as mathjs has it.
  log: { minArgs: 1, maxArgs: 2, apply: (a) => (a.length === 1 ? log(a[0]) : log(a[0]) / log(a[1])) },
  log10: unary(log10),
  log2: unary((a) => log(a) / LN2),
  log1p: unary(log1p),
  sqrt: unary(Math.sqrt),
  cbrt: unary((a) => (a < 0 ? -pow(-a, 1 / 3) : pow(a, 1 / 3))),
  abs: unary(Math.abs),
  sign: unary((a) => (Number.isNaN(a) ? a : a > 0 ? 1 : a < 0 ? -1 : 0)),
  square: unary((a) => a * a),
  cube: unary((a) => a * a * a),
  pow: { minArgs: 2, maxArgs: 2, apply: (a) => power(a[0], a[1]) },
  min: { minArgs: 2, maxArgs: 8, apply: (a) => Math.min(...a) },
  max: { minArgs: 2, maxArgs: 8, apply: (a) => Math.max(...a) },
});

/** The function names, in the order the page lists them. */
export const EXPRESSION_FUNCTION_NAMES: readonly string[] = Object.keys(EXPRESSION_FUNCTIONS);

/** Own entries only: `constructor`, `__proto__` and `toString` are not functions of a surface. */
export function expressionFunction(name: string): ExpressionFunction | undefined {
  return Object.prototype.hasOwnProperty.call(EXPRESSION_FUNCTIONS, name) ? EXPRESSION_FUNCTIONS[name] : undefined;
}

export function isConstantName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(EXPRESSION_CONSTANTS, name);
}

export function isVariableName(name: string): name is "x" | "y" {
  return name === "x" || name === "y";
}
