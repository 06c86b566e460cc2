// The Custom problem's loss surface in an exported snippet (issue #17): the expression as a comment,
// and, where the translation is trivial (every function has a Python `math` twin, no implicit
// multiplication such as `2x`), a plain-Python `loss_surface(x, y)` to evaluate it. Nothing else of
// the snippet depends on the problem. The expression is whitelisted data (no line breaks, no quotes),
// so it cannot leave its comment.

import { tokenize, type Token } from "../../engine/expression/lexer.ts";
import type { RunConfig } from "../../engine/run-config.ts";

/** mathjs names with a Python twin (the rest make the translation non-trivial). */
const PYTHON_NAMES: Readonly<Record<string, string>> = {
  sin: "math.sin", cos: "math.cos", tan: "math.tan", atan: "math.atan", sinh: "math.sinh", cosh: "math.cosh",
  tanh: "math.tanh", exp: "math.exp", expm1: "math.expm1", log: "math.log", log10: "math.log10", log2: "math.log2",
  log1p: "math.log1p", sqrt: "math.sqrt", abs: "abs", pow: "math.pow", min: "min", max: "max",
  pi: "math.pi", e: "math.e", x: "x", y: "y",
};

const operand = (t: Token | undefined): boolean => t !== undefined && (t.kind === "number" || t.kind === "name" || t.kind === "close");
const startsOperand = (t: Token | undefined): boolean => t !== undefined && (t.kind === "number" || t.kind === "name" || t.kind === "open");

/** The expression in Python, or null when that is not a token-for-token translation. */
export function pythonExpression(text: string): string | null {
  const read = tokenize(text);
  if ("error" in read) return null;
  const out: string[] = [];
  const tokens = read.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    const isCall = t.kind === "name" && next?.kind === "open";
    // Juxtaposition (`2x`, `x y`, `(x)(y)`) is multiplication in mathjs, a syntax error in Python.
    if (operand(t) && !isCall && startsOperand(next)) return null;
    if (t.kind === "name") {
      const py = Object.prototype.hasOwnProperty.call(PYTHON_NAMES, t.text) ? PYTHON_NAMES[t.text] : undefined;
      if (py === undefined) return null;
      out.push(py);
    } else if (t.kind === "op") {
      const unary = (t.text === "-" || t.text === "+") && !operand(tokens[i - 1]);
      out.push(unary ? t.text : t.text === "^" ? " ** " : ` ${t.text} `);
    }
    else if (t.kind === "comma") out.push(", ");
    else out.push(t.text);
  }
  return out.join("").replace(/\( /g, "(").replace(/^ /, "").replace(/ {2,}/g, " ").trim();
}

/** Lines for the snippet's header: empty unless the run is on a Custom surface. */
export function surfaceLines(run: RunConfig): string[] {
  const c = run.custom;
  if (run.problem !== "custom" || c === undefined) return [];
  const py = pythonExpression(c.f);
  const lines = [
    `# Loss surface: the playground's Custom problem, f(x, y) = ${c.f}`,
    `# (gradient noise N(0, ${c.noise}^2 / BATCH_SIZE) per coordinate; the parameters are (x, y)).`,
  ];
  if (py === null) return [...lines, "# (Not translated to Python: it uses a function without a Python math twin or implicit multiplication.)"];
  return [...lines, "def loss_surface(x, y):", "    import math", `    return ${py}`];
}
