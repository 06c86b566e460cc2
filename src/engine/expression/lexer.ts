// The first, synchronous check of an expression for f(x, y): no parser library, so the URL codec,
// the config schema and the page's text box can run it on every keystroke and before the parser
// chunk has loaded. It alone refuses everything that could be code rather than arithmetic: any
// character outside digits, ASCII letters, `_`, `+ - * / ^ ( ) ,` and spaces (so no strings, `.`
// property access, `[ ]` indexing or matrices, `{ }` objects, `=` assignment, `;` or line breaks
// (blocks), `? :` conditionals and ranges, `'` or `!`), and any name other than x, y, pi, e and the
// listed functions (so no `evaluate`, `parse`, `import`, `createUnit`, `constructor`, units…).
// compile.ts then parses with mathjs and checks the tree against the same list again.

import type { ExpressionError } from "./errors.ts";
import { expressionFunction, isConstantName, isVariableName } from "./functions.ts";

/** Longest expression accepted (characters). */
export const EXPRESSION_MAX_LENGTH = 300;
/** Deepest nesting of parentheses (a call's counts as one level). */
export const EXPRESSION_MAX_DEPTH = 20;

type TokenKind = "number" | "name" | "op" | "open" | "close" | "comma";

export interface Token {
  kind: TokenKind;
  text: string;
  /** 1-based column of the token's first character. */
  position: number;
}

const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPS = "+-*/^";

/** The tokens of `text`, or the first lexical error (with the tokens before it). */
export function tokenize(text: string): { tokens: Token[] } | { error: ExpressionError; tokens: Token[] } {
  // Length first: a two-megabyte paste is refused without being scanned.
  if (text.length > EXPRESSION_MAX_LENGTH) return { error: { kind: "tooLong", length: text.length, max: EXPRESSION_MAX_LENGTH }, tokens: [] };
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const position = i + 1;
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    const rest = text.slice(i);
    const num = NUMBER.exec(rest);
    if (num !== null) {
      tokens.push({ kind: "number", text: num[0], position });
      i += num[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name !== null) {
      tokens.push({ kind: "name", text: name[0], position });
      i += name[0].length;
      continue;
    }
    if (OPS.includes(c)) tokens.push({ kind: "op", text: c, position });
    else if (c === "(") tokens.push({ kind: "open", text: c, position });
    else if (c === ")") tokens.push({ kind: "close", text: c, position });
    else if (c === ",") tokens.push({ kind: "comma", text: c, position });
    else return { error: { kind: "badChar", token: String.fromCodePoint(text.codePointAt(i) ?? 0), position }, tokens };
    i++;
  }
  return { tokens };
}

/**
 * The lexical check: length, characters, names, numbers, balanced parentheses and their depth.
 * Null when the expression may go on to the parser. Linear in the length; never throws.
 */
export function checkExpressionText(text: string): ExpressionError | null {
  if (typeof text !== "string") return { kind: "empty" };
  const read = tokenize(text);
  const { tokens } = read;
  // The first problem from the left: a bad name before a bad character is named first.
  if ("error" in read) return checkTokens(tokens, true) ?? read.error;
  if (tokens.length === 0) return { kind: "empty" };
  return checkTokens(tokens, false);
}

/** Names, numbers and parentheses of `tokens`; `partial`: they end early (the text goes on), so no end checks. */
function checkTokens(tokens: readonly Token[], partial: boolean): ExpressionError | null {
  const opens: number[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const next = tokens[k + 1];
    if (partial && next === undefined && t.kind === "name" && expressionFunction(t.text) !== undefined) break; // its call may be past the cut
    const called = next !== undefined && next.kind === "open";
    if (t.kind === "number") {
      if (!Number.isFinite(Number(t.text))) return { kind: "badNumber", token: t.text, position: t.position };
    } else if (t.kind === "name") {
      if (expressionFunction(t.text) !== undefined) {
        if (!called) return { kind: "notFunction", token: t.text, position: t.position };
      } else if (isVariableName(t.text) || isConstantName(t.text)) {
        if (called) return { kind: "notCallable", token: t.text, position: t.position };
      } else return { kind: "unknownName", token: t.text, position: t.position };
    } else if (t.kind === "open") {
      opens.push(t.position);
      if (opens.length > EXPRESSION_MAX_DEPTH) return { kind: "tooDeep", max: EXPRESSION_MAX_DEPTH, position: t.position };
    } else if (t.kind === "close") {
      if (opens.pop() === undefined) return { kind: "unbalanced", token: ")", position: t.position };
    }
  }
  if (!partial && opens.length > 0) return { kind: "unbalanced", token: "(", position: opens[0] };
  return null;
}
