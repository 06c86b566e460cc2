// Why an expression for f(x, y) was refused, as data: the lexical check, the parser, the AST
// whitelist and the surface checks each return one of these, and each language words it
// (English here, Chinese in state/problem-text.ts). Positions are 1-based character columns of
// the expression as typed.

export type ExpressionError =
  | { kind: "empty" }
  | { kind: "tooLong"; length: number; max: number }
  /** Parentheses or calls nested deeper than `max` at `position`. */
  | { kind: "tooDeep"; max: number; position: number }
  /** A character no expression may contain (`"`, `[`, `.`, `=`, `;`, a line break, a non-ASCII letter…). */
  | { kind: "badChar"; token: string; position: number }
  /** A name that is not x, y, pi, e or a listed function (`evaluate`, `import`, `cm`, `constructor`…). */
  | { kind: "unknownName"; token: string; position: number }
  /** A listed function used without an argument list (`sin x` is fine in mathjs, `sin` alone is not a value). */
  | { kind: "notFunction"; token: string; position: number }
  /** A variable or constant called like a function (`x(2)`). */
  | { kind: "notCallable"; token: string; position: number }
  /** A number that is not finite in double precision (`1e309`). */
  | { kind: "badNumber"; token: string; position: number }
  | { kind: "unbalanced"; token: "(" | ")"; position: number }
  /** The parser's own complaint (`Unexpected end of expression`). */
  | { kind: "syntax"; detail: string; position: number }
  /** A construct the whitelist refuses (an operator like `%`, an assignment…), found in the parsed tree. */
  | { kind: "notAllowed"; token: string; position: number; construct: string }
  | { kind: "arity"; token: string; position: number; min: number; max: number; got: number }
  /** f (or its gradient) is not finite at the start point. */
  | { kind: "notFiniteAtStart"; x: number; y: number; value: number; what: "f" | "gradient" }
  /** |f| > limit or not finite over more than half of the view. */
  | { kind: "overflow"; share: number; limit: number }
  /** f takes one value over the whole view: nothing to descend. */
  | { kind: "flat"; value: number };

/** A character as a message shows it: itself when printable ASCII, else its code point. */
function showChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code === 10 || code === 13) return "a line break";
  if (code > 32 && code < 127) return `"${c}"`;
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

const at = (p: number): string => `at position ${p}`;

/** The English sentence (without the field name). */
export function expressionErrorEnglish(e: ExpressionError): string {
  switch (e.kind) {
    case "empty":
      return "is empty: type an expression in x and y, e.g. x^2 + 10*y^2";
    case "tooLong":
      return `is too long (${e.length} characters, at most ${e.max})`;
    case "tooDeep":
      return `nests parentheses or calls deeper than ${e.max} levels ${at(e.position)}`;
    case "badChar":
      return `may not contain ${showChar(e.token)} (${at(e.position)}); use numbers, x, y, pi, e, + - * / ^, parentheses and the listed functions`;
    case "unknownName":
      return `uses the unknown name "${e.token}" ${at(e.position)}; allowed are x, y, pi, e and the listed functions`;
    case "notFunction":
      return `uses the function "${e.token}" without arguments ${at(e.position)}; write ${e.token}(...)`;
    case "notCallable":
      return `calls "${e.token}" like a function ${at(e.position)}; write ${e.token}*(...) to multiply`;
    case "badNumber":
      return `has the number "${e.token}" ${at(e.position)}, which is not finite in double precision`;
    case "unbalanced":
      return e.token === "(" ? `has an unclosed "(" ${at(e.position)}` : `has a ")" without its "(" ${at(e.position)}`;
    case "syntax":
      return `cannot be read ${at(e.position)}: ${e.detail}`;
    case "notAllowed":
      return `uses "${e.token}" (${e.construct}) ${at(e.position)}, which is not allowed`;
    case "arity":
      return `calls "${e.token}" with ${e.got} argument${e.got === 1 ? "" : "s"} ${at(e.position)}; it takes ${e.min === e.max ? e.min : `${e.min} to ${e.max}`}`;
    case "notFiniteAtStart":
      return `${e.what === "f" ? "is" : "has a gradient that is"} not finite at the start point (${e.x}, ${e.y}): ${e.what} = ${e.value}; choose another start or expression`;
    case "overflow":
      return `overflows: |f| > ${e.limit.toExponential(0)} or not finite on ${Math.round(e.share * 100)}% of the view; make it smaller or the view narrower`;
    case "flat":
      return `is flat: f = ${e.value} everywhere in the view, so there is nothing to descend`;
  }
}
