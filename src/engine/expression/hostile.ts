// Hostile and broken expressions for f(x, y): each must be refused with a message naming what is
// wrong (and where), never throw out of the checker, never run code. The attacks are taken from
// mathjs's published security advisories and its security page
// (https://mathjs.org/docs/expressions/security.html): reaching Function through `constructor`,
// `import`/`createUnit`/`evaluate`/`parse` from inside an expression, property access and indexing,
// prototype pollution. The rest are the plain mistakes a class makes. The would-be payloads write
// `globalThis.__hostileRan`, which the tests (unit and e2e) check stays unset.

export interface HostileExpression {
  text: string;
  /** What it tries, or what is wrong with it. */
  why: string;
}

const SENTINEL = "globalThis.__hostileRan = 1";

export const HOSTILE_EXPRESSIONS: readonly HostileExpression[] = [
  // mathjs advisories: Function through a function's constructor, with and without property syntax
  { text: `cos.constructor("${SENTINEL}")()`, why: "Function via a function's constructor (mathjs < 3.10)" },
  { text: `[].map.constructor("${SENTINEL}")()`, why: "Function via Array.prototype.map's constructor" },
  { text: `sin["constructor"]("${SENTINEL}")()`, why: "constructor by index" },
  { text: `{}["constructor"]["constructor"]("${SENTINEL}")()`, why: "Object's constructor's constructor" },
  { text: `cos.constructor.call(0, "${SENTINEL}")()`, why: "call on the constructor" },
  { text: `Function("${SENTINEL}")()`, why: "the global Function" },
  { text: `eval("${SENTINEL}")`, why: "eval" },
  { text: `evaluate("${SENTINEL}")`, why: "mathjs evaluate inside an expression" },
  { text: `parse("x").compile().evaluate()`, why: "mathjs parse/compile inside an expression" },
  { text: `import({evil: 1}, {override: true})`, why: "mathjs import (override built-ins)" },
  { text: `createUnit("hack")`, why: "mathjs createUnit" },
  { text: `simplify("x")`, why: "mathjs simplify" },
  { text: `derivative("x^2", "x")`, why: "mathjs derivative" },
  { text: `config({number: "BigNumber"})`, why: "mathjs config" },
  { text: `typed("f", {"number": f(x) = x})`, why: "mathjs typed" },
  { text: `chain(x).done()`, why: "mathjs chain and a method" },
  { text: `__proto__`, why: "prototype name" },
  { text: `x.__proto__.polluted = 1`, why: "prototype pollution through a property" },
  { text: `constructor`, why: "the constructor name" },
  { text: `toString(x)`, why: "an Object.prototype method as a function" },
  { text: `process.exit()`, why: "Node's process" },
  { text: `require("fs")`, why: "require" },
  { text: `globalThis`, why: "the global object" },
  { text: `Math.sin(x)`, why: "JavaScript's Math by property" },
  // assignments, definitions, blocks
  { text: `f(x) = x`, why: "function definition" },
  { text: `a = 1`, why: "assignment" },
  { text: `x = 1; x^2`, why: "assignment and a block" },
  { text: "x\ny", why: "a line break (a block of two statements)" },
  // strings, units, matrices, objects, indexing, ranges, conditionals
  { text: `"str"`, why: "a string" },
  { text: `'str'`, why: "a single-quoted string" },
  { text: `2 cm`, why: "a unit" },
  { text: `5 inch to cm`, why: "unit conversion" },
  { text: `[1, 2]`, why: "a matrix" },
  { text: `{a: 1}`, why: "an object" },
  { text: `x.y`, why: "property access" },
  { text: `x[1]`, why: "indexing" },
  { text: `1:3`, why: "a range" },
  { text: `x ? 1 : 2`, why: "a conditional" },
  { text: `?:`, why: "conditional operators alone" },
  // operators outside + - * / ^
  { text: `x == y`, why: "comparison" },
  { text: `x > 0`, why: "comparison" },
  { text: `x!`, why: "factorial" },
  { text: `x'`, why: "transpose" },
  { text: `x % 2`, why: "modulo / percent" },
  { text: `x mod 2`, why: "modulo by name" },
  { text: `x and y`, why: "logical operator" },
  { text: `not x`, why: "logical operator" },
  { text: `x & y`, why: "bitwise operator" },
  { text: `x << 1`, why: "shift" },
  { text: "`x`", why: "backticks" },
  { text: `$x + #y`, why: "stray symbols" },
  { text: `x \\ y`, why: "backslash" },
  // unicode tricks
  { text: "x\u200b+ y", why: "a zero-width space" },
  { text: "\uff58^2 + y^2", why: "a full-width x" },
  { text: "x^2 + \u0443^2", why: "a Cyrillic у that looks like y" },
  { text: "x\u00a0+ y", why: "a non-breaking space" },
  { text: "x \u2212 y", why: "a Unicode minus sign" },
  { text: "\u202ex + y", why: "a right-to-left override" },
  { text: "π * x", why: "the Greek pi (write pi)" },
  // sizes and numbers
  { text: "x + ".repeat(75) + "y", why: "301 characters: over the length limit" },
  { text: "(".repeat(500) + "x" + ")".repeat(500), why: "500 levels of parentheses" },
  { text: "sin(".repeat(25) + "x" + ")".repeat(25), why: "calls nested 25 deep" },
  { text: `1e309`, why: "a number beyond double precision" },
  { text: `x * 1e400`, why: "a number beyond double precision" },
  { text: `NaN`, why: "not a number by name" },
  { text: `Infinity`, why: "infinity by name" },
  { text: `i * x`, why: "the imaginary unit" },
  { text: `true`, why: "a boolean" },
  { text: `null`, why: "null" },
  // plain mistakes
  { text: ``, why: "empty" },
  { text: `   `, why: "only spaces" },
  { text: `(x + y`, why: "unclosed parenthesis" },
  { text: `x + y)`, why: "unmatched closing parenthesis" },
  { text: `x +`, why: "an operator without its operand" },
  { text: `* x`, why: "an operator without its left operand" },
  { text: `x ^`, why: "an exponent missing" },
  { text: `()`, why: "empty parentheses" },
  { text: `x, y`, why: "two expressions" },
  { text: `foo(x)`, why: "an unknown function" },
  { text: `xy`, why: "an unknown name (x*y meant)" },
  { text: `z^2`, why: "a third variable" },
  { text: `sin`, why: "a function without arguments" },
  { text: `x(2)`, why: "a variable called like a function" },
  { text: `pi(1)`, why: "a constant called like a function" },
  { text: `sin(x, y)`, why: "too many arguments" },
  { text: `pow(x)`, why: "too few arguments" },
  { text: `1/0`, why: "not finite anywhere" },
  { text: `log(x)`, why: "not finite at a start with x < 0" },
  { text: `3`, why: "flat: no x or y" },
  { text: `exp(exp(x^2 + y^2))`, why: "overflows over most of the view" },
];
