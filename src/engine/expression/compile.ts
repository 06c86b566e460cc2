// Compiles an expression for f(x, y) into plain closures over the engine's deterministic math, with
// its gradient: symbolic (mathjs's `derivative`) where mathjs can differentiate it, central
// differences otherwise. This module is the only one that imports mathjs, and it is loaded lazily
// (the page when Custom is chosen, a worker when a config's problem is `custom`).
//
// Safety follows mathjs's own guidance, https://mathjs.org/docs/expressions/security.html: an
// expression is data, never code. We never call mathjs's `evaluate` or `compile` on user input and
// never expose `import`, `createUnit`, `evaluate`, `parse`, `simplify` or `derivative` to an
// expression. mathjs is used only to parse text into a tree and to differentiate that tree; the
// tree is walked and whitelisted (numbers, x, y, pi, e, + - * / ^, unary ±, parentheses and the
// functions of functions.ts — every other node type and name is refused), then compiled into our
// own closures. Before parsing, lexer.ts has refused every character and name outside that
// vocabulary (with its position), and capped the length and nesting depth, so the parser never
// sees a string, a property access, an assignment, a block or a unit.

import { create, derivativeDependencies, parseDependencies, type MathNode } from "mathjs/number";
import type { ExpressionError } from "./errors.ts";
import { EXPRESSION_CONSTANTS, expressionFunction, isConstantName, power } from "./functions.ts";
import { checkExpressionText, tokenize, type Token } from "./lexer.ts";
import type { Compilation, CompiledSurface } from "./registry.ts";

// A minimal instance: the parser and `derivative` (and what they need), number type only.
const math = create({ parseDependencies, derivativeDependencies });

type Fn = (x: number, y: number) => number;

/** The fields of mathjs's nodes this module reads (their published classes, seen structurally). */
interface NodeView {
  type: string;
  value?: unknown;
  name?: string;
  fn?: unknown;
  op?: string;
  args?: MathNode[];
  content?: MathNode;
}

const view = (n: MathNode): NodeView => n as unknown as NodeView;

/**
 * More nodes than this in a derivative and the gradient is taken by central differences instead:
 * mathjs's unsimplified derivative of a 150-factor product has tens of thousands of nodes and takes
 * a tenth of a second to build, too long for a keystroke.
 */
const MAX_DERIVATIVE_NODES = 5000;

const BINARY: Readonly<Record<string, (a: number, b: number) => number>> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  pow: power,
};

const UNARY: Readonly<Record<string, (a: number) => number>> = {
  unaryMinus: (a) => -a,
  unaryPlus: (a) => a,
};

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

class Refused extends Error {
  constructor(readonly error: ExpressionError) {
    super("refused");
  }
}

/** Where a token first appears in the expression as typed (1 when it does not: a derivative's node). */
function positionOf(tokens: readonly Token[], text: string): number {
  return tokens.find((t) => t.text === text)?.position ?? 1;
}

interface Compiled {
  fn: Fn;
  /** Set when the subtree has no x or y: folded to its value at compile time. */
  constant: number | null;
  nodes: number;
}

const constant = (v: number): Compiled => ({ fn: () => v, constant: v, nodes: 1 });

/**
 * The whitelist and the compiler in one walk: every node is either one of the allowed shapes, or the
 * walk stops with the construct it met. Subtrees without x or y are folded to numbers.
 */
function compileNode(node: MathNode, tokens: readonly Token[]): Compiled {
  const n = view(node);
  const refuse = (token: string, construct: string): never => {
    throw new Refused({ kind: "notAllowed", token, position: positionOf(tokens, token), construct });
  };
  switch (n.type) {
    case "ConstantNode": {
      if (typeof n.value !== "number" || !Number.isFinite(n.value)) return refuse(String(n.value), "a value that is not a finite number");
      return constant(n.value);
    }
    case "SymbolNode": {
      const name = String(n.name);
      if (name === "x") return { fn: (x) => x, constant: null, nodes: 1 };
      if (name === "y") return { fn: (_x, y) => y, constant: null, nodes: 1 };
      if (isConstantName(name)) return constant(EXPRESSION_CONSTANTS[name]);
      return refuse(name, "a name that is not x, y, pi or e");
    }
    case "ParenthesisNode":
      return n.content === undefined ? refuse("()", "empty parentheses") : compileNode(n.content, tokens);
    case "OperatorNode": {
      const fnName = String(n.fn);
      const args = n.args ?? [];
      if (args.length === 1 && has(UNARY, fnName)) {
        const a = compileNode(args[0], tokens);
        const op = UNARY[fnName];
        if (a.constant !== null) return constant(op(a.constant));
        const fa = a.fn;
        return { fn: (x, y) => op(fa(x, y)), constant: null, nodes: a.nodes + 1 };
      }
      if (args.length === 2 && has(BINARY, fnName)) {
        const a = compileNode(args[0], tokens);
        const b = compileNode(args[1], tokens);
        const op = BINARY[fnName];
        const nodes = a.nodes + b.nodes + 1;
        if (a.constant !== null && b.constant !== null) return constant(op(a.constant, b.constant));
        const fa = a.fn;
        const fb = b.fn;
        if (fnName === "pow" && b.constant !== null) {
          const k = b.constant;
          if (k === 2) return { fn: (x, y) => { const t = fa(x, y); return t * t; }, constant: null, nodes };
          if (k === 1) return { fn: fa, constant: null, nodes };
          return { fn: (x, y) => power(fa(x, y), k), constant: null, nodes };
        }
        return { fn: (x, y) => op(fa(x, y), fb(x, y)), constant: null, nodes };
      }
      return refuse(String(n.op), "an operator other than + - * / ^");
    }
    case "FunctionNode": {
      const callee = n.fn as MathNode | undefined;
      const name = callee !== undefined && view(callee).type === "SymbolNode" ? String(view(callee).name) : "";
      const spec = name === "" ? undefined : expressionFunction(name);
      if (spec === undefined) return refuse(name === "" ? "(…)(…)" : name, "a function that is not listed");
      const args = (n.args ?? []).map((a) => compileNode(a, tokens));
      if (args.length < spec.minArgs || args.length > spec.maxArgs) {
        throw new Refused({ kind: "arity", token: name, position: positionOf(tokens, name), min: spec.minArgs, max: spec.maxArgs, got: args.length });
      }
      const nodes = args.reduce((s, a) => s + a.nodes, 1);
      if (args.every((a) => a.constant !== null)) return constant(spec.apply(args.map((a) => a.constant as number)));
      const apply = spec.apply;
      if (args.length === 1) {
        const fa = args[0].fn;
        return { fn: (x, y) => apply([fa(x, y)]), constant: null, nodes };
      }
      const fns = args.map((a) => a.fn);
      return { fn: (x, y) => apply(fns.map((f) => f(x, y))), constant: null, nodes };
    }
    default:
      // AssignmentNode, FunctionAssignmentNode, AccessorNode, IndexNode, ObjectNode, ArrayNode,
      // BlockNode, ConditionalNode, RangeNode, RelationalNode… (lexer.ts keeps them out already).
      return refuse(n.type, `a ${n.type}`);
  }
}

/** Central differences with a step scaled to the coordinate (h = ∛ε · max(1, |x|), the optimal order for a smooth f). */
const H = 6.0554544523933395e-6;

function centralGradient(f: Fn): (x: number, y: number, out: Float64Array) => void {
  return (x, y, out) => {
    const hx = H * Math.max(1, Math.abs(x));
    const hy = H * Math.max(1, Math.abs(y));
    out[0] = (f(x + hx, y) - f(x - hx, y)) / (2 * hx);
    out[1] = (f(x, y + hy) - f(x, y - hy)) / (2 * hy);
  };
}

/**
 * A bound on the size of mathjs's unsimplified derivative of `node` (and the node's own size), by
 * the product, quotient, power and chain rules, each of which copies its operands once or twice.
 * Computed before differentiating, so an expression whose derivative would be huge never builds it.
 */
function derivativeSize(node: MathNode): { size: number; d: number } {
  const n = view(node);
  if (n.type === "ParenthesisNode" && n.content !== undefined) return derivativeSize(n.content);
  const args = (n.args ?? []).map(derivativeSize);
  const size = args.reduce((s, a) => s + a.size, 1);
  const dSum = args.reduce((s, a) => s + a.d, 0);
  if (args.length === 0) return { size, d: 1 };
  if (n.type === "OperatorNode") {
    const fn = String(n.fn);
    if (fn === "add" || fn === "subtract" || args.length === 1) return { size, d: dSum + 1 };
    if (fn === "multiply") return { size, d: dSum + size + 3 };
    return { size, d: dSum + 3 * size + 8 }; // divide, pow
  }
  return { size, d: dSum + 3 * size + 5 }; // a function: f'(g) copies g
}

/** mathjs's derivative of `node` by `v`, compiled through the same whitelist; null when it cannot. */
function symbolicPartial(node: MathNode, v: "x" | "y", tokens: readonly Token[]): Compiled | null {
  if (derivativeSize(node).d > MAX_DERIVATIVE_NODES) return null;
  try {
    // simplify: false — mathjs's simplify takes seconds on a 300-character expression; the
    // compiler folds the constant subtrees (`2 - 1`) the raw derivative is full of instead.
    const d = math.derivative(node, v, { simplify: false });
    const c = compileNode(d, tokens);
    return c.nodes > MAX_DERIVATIVE_NODES ? null : c;
  } catch {
    return null;
  }
}


/** The parser's complaint without its "(char N)", and N. */
function syntaxError(e: unknown, length: number): ExpressionError {
  const message = e instanceof Error ? e.message : String(e);
  const char = typeof (e as { char?: unknown }).char === "number" ? (e as { char: number }).char : null;
  const detail = message.replace(/\s*\(char \d+\)\s*$/, "");
  return { kind: "syntax", detail, position: Math.max(1, Math.min(char ?? length, length)) };
}

/**
 * Checks and compiles `text`. Never throws and never runs anything but arithmetic: every refusal
 * comes back as an ExpressionError naming the token and its position.
 */
export function compileExpression(text: string): Compilation {
  const lexical = checkExpressionText(text);
  if (lexical !== null) return { ok: false, error: lexical };
  const tokens = tokenize(text).tokens;
  let tree: MathNode;
  try {
    tree = math.parse(text);
  } catch (e) {
    return { ok: false, error: syntaxError(e, text.length) };
  }
  let value: Compiled;
  try {
    value = compileNode(tree, tokens);
  } catch (e) {
    if (e instanceof Refused) return { ok: false, error: e.error };
    return { ok: false, error: { kind: "syntax", detail: e instanceof Error ? e.message : String(e), position: 1 } };
  }
  const f = value.fn;
  const dx = symbolicPartial(tree, "x", tokens);
  const dy = dx === null ? null : symbolicPartial(tree, "y", tokens);
  const numeric = centralGradient(f);
  let grad: CompiledSurface["grad"];
  if (dx !== null && dy !== null) {
    const gx = dx.fn;
    const gy = dy.fn;
    grad = (x, y, out) => {
      out[0] = gx(x, y);
      out[1] = gy(x, y);
      // Where the symbolic form has a removable singularity (abs(x)/x at 0, sqrt at 0) but f is
      // finite, the difference quotient stands in at that point (still a function of x, y alone).
      if (!Number.isFinite(out[0]) || !Number.isFinite(out[1])) {
        if (Number.isFinite(f(x, y))) numeric(x, y, out);
      }
    };
  } else grad = numeric;
  const surface: CompiledSurface = { text, f, grad, gradient: dx !== null && dy !== null ? "symbolic" : "numeric" };
  return { ok: true, surface };
}
