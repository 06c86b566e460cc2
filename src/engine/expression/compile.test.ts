import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { evaluate } from "mathjs";
import { customRunProblem } from "../custom-check.ts";
import { expressionProblem } from "../custom-config.ts";
import { DEFAULT_RUN, cloneRun, type RunConfig } from "../run-config.ts";
import { Trainer } from "../trainer.ts";
import { checkSurface } from "./checks.ts";
import { compileExpression } from "./compile.ts";
import { compileNow } from "./compile-now.ts";
import { atan } from "./det-atan.ts";
import { expressionErrorEnglish, type ExpressionError } from "./errors.ts";
import { EXPRESSION_FUNCTIONS } from "./functions.ts";
import { HOSTILE_EXPRESSIONS } from "./hostile.ts";
import { EXPRESSION_MAX_DEPTH, EXPRESSION_MAX_LENGTH, checkExpressionText } from "./lexer.ts";

const VIEW = { xMin: -3, xMax: 3, yMin: -3, yMax: 3 };

function compiled(text: string) {
  const c = compileExpression(text);
  if (!c.ok) throw new Error(`${text}: ${expressionErrorEnglish(c.error)}`);
  return c.surface;
}

function customRun(f: string, start?: [number, number]): RunConfig {
  const c = cloneRun(DEFAULT_RUN);
  c.problem = "custom";
  c.custom = { f, noise: 0.5, bounds: { ...VIEW } };
  if (start !== undefined) c.start = start;
  return c;
}

describe("expression whitelist", () => {
  it("accepts arithmetic in x, y, pi, e and every listed function", () => {
    const ok = [
      "x^2 + 10*y^2",
      "(1-x)^2 + 100*(y-x^2)^2",
      "sin(3*x)*cos(3*y) + 0.1*(x^2+y^2)",
      "-x + +y - -3",
      "2x + 3y",
      "x y",
      "pi*x + e*y",
      "1.5e-3*x^2 + .5*y^2",
      "log(x^2 + 1, 2) + max(x, y, 0) + min(x, y)",
      ...Object.entries(EXPRESSION_FUNCTIONS).map(([name, f]) => `${name}(${Array(f.minArgs).fill("x/2 + 1.3").join(", ")}) + y^2`),
    ];
    for (const text of ok) expect(compileExpression(text).ok, text).toBe(true);
  });

  it("computes what it says: values at a point", () => {
    expect(compiled("x^2 + 10*y^2").f(2, 3)).toBe(94);
    expect(compiled("max(x, y, 0) - min(x, y)").f(-1, 2)).toBe(3);
    expect(compiled("atan(x)").f(1, 0)).toBeCloseTo(Math.PI / 4, 15);
    expect(compiled("sign(x) + abs(y) + cube(2) + square(3)").f(-4, -5)).toBe(-1 + 5 + 8 + 9);
    expect(compiled("log(8, 2)").f(0, 0)).toBeCloseTo(3, 14);
  });

  it("its atan is fdlibm's: within an ulp of Math.atan over many scales", () => {
    for (let k = -40; k <= 40; k++) {
      for (const s of [1, -1]) {
        const x = s * Math.pow(1.7, k);
        const want = Math.atan(x);
        expect(Math.abs(atan(x) - want), String(x)).toBeLessThanOrEqual(Math.abs(want) * 2.3e-16);
      }
    }
    expect(atan(Number.NaN)).toBeNaN();
    expect(Object.is(atan(-0), -0)).toBe(true);
  });

  it("says symbolic when mathjs can differentiate, central differences when it cannot", () => {
    expect(compiled("(1-x)^2 + 100*(y-x^2)^2").gradient).toBe("symbolic");
    expect(compiled("tanh(x) + atan(y) + sqrt(1 + x^2)").gradient).toBe("symbolic");
    expect(compiled("max(x, y)^2 + x").gradient).toBe("numeric");
    // A derivative too large to build at typing speed is not built.
    expect(compiled("x" + "*x".repeat(149)).gradient).toBe("numeric");
  });

  it("the symbolic gradient is exact where it should be", () => {
    const g = new Float64Array(2);
    compiled("(1-x)^2 + 100*(y-x^2)^2").grad(-1.2, 1, g);
    const r = 1 - 1.44;
    expect(g[0]).toBeCloseTo(-2 * 2.2 - 400 * -1.2 * r, 10);
    expect(g[1]).toBeCloseTo(200 * r, 10);
    // abs(x)/x at 0: the symbolic form is 0/0 there, the difference quotient stands in.
    compiled("abs(x) + y^2").grad(0, 1, g);
    expect(g[0]).toBe(0);
    expect(g[1]).toBeCloseTo(2, 8);
  });
});

describe("hostile and broken expressions", () => {
  it("has at least 40 of them", () => expect(HOSTILE_EXPRESSIONS.length).toBeGreaterThanOrEqual(40));

  it.each(HOSTILE_EXPRESSIONS.map((h) => [h.why, h.text] as const))("refuses %s: %j", (_why, text) => {
    (globalThis as { __hostileRan?: unknown }).__hostileRan = undefined;
    let lexical: ExpressionError | null = null;
    let result: ReturnType<typeof compileExpression> | undefined;
    expect(() => {
      lexical = checkExpressionText(text);
      result = compileExpression(text);
      expressionProblem(text);
    }).not.toThrow();
    // Refused by the compiler, or (a well-formed surface that is useless) by the surface checks.
    const problem = customRunProblem(customRun(text, [-1, 0.5]), compileNow);
    expect(problem, text).not.toBeNull();
    expect(problem?.code).toBe("badExpression");
    expect(problem?.message.length).toBeGreaterThan(10);
    if (result !== undefined && !result.ok && "position" in result.error) {
      expect(result.error.position).toBeGreaterThanOrEqual(1);
      expect(result.error.position).toBeLessThanOrEqual(Math.max(1, text.length));
    }
    // What the lexical check refuses, the compiler refuses the same way.
    if (lexical !== null && result !== undefined && !result.ok) expect(result.error).toEqual(lexical);
    expect((globalThis as { __hostileRan?: unknown }).__hostileRan).toBeUndefined();
  });

  it("names the token and its 1-based position", () => {
    expect(checkExpressionText("x + evaluate(1)")).toEqual({ kind: "unknownName", token: "evaluate", position: 5 });
    expect(checkExpressionText("cos.constructor")).toEqual({ kind: "badChar", token: ".", position: 4 });
    expect(checkExpressionText("x + (y")).toEqual({ kind: "unbalanced", token: "(", position: 5 });
    expect(checkExpressionText("x + y)")).toEqual({ kind: "unbalanced", token: ")", position: 6 });
    expect(checkExpressionText("x".repeat(301))).toEqual({ kind: "tooLong", length: 301, max: EXPRESSION_MAX_LENGTH });
    expect(checkExpressionText("(".repeat(21) + "x" + ")".repeat(21))).toEqual({ kind: "tooDeep", max: EXPRESSION_MAX_DEPTH, position: 21 });
    expect(compileExpression("x + ")).toEqual({ ok: false, error: { kind: "syntax", detail: "Unexpected end of expression", position: 4 } });
    expect(compileExpression("sin(x, y)")).toEqual({ ok: false, error: { kind: "arity", token: "sin", position: 1, min: 1, max: 1, got: 2 } });
    expect(expressionErrorEnglish({ kind: "unknownName", token: "evaluate", position: 5 })).toBe(
      'uses the unknown name "evaluate" at position 5; allowed are x, y, pi, e and the listed functions',
    );
  });
});

describe("surface checks", () => {
  it("not finite at the start, overflow, flat", () => {
    expect(checkSurface(compiled("log(x)"), [-1, 0], VIEW)).toMatchObject({ kind: "notFiniteAtStart", what: "f" });
    expect(checkSurface(compiled("exp(exp(x^2 + y^2))"), [0, 0], VIEW)).toMatchObject({ kind: "overflow" });
    expect(checkSurface(compiled("0*x + 1"), [1, 1], VIEW)).toEqual({ kind: "flat", value: 1 });
    expect(checkSurface(compiled("x^2 + y^2"), [1, 1], VIEW)).toBeNull();
  });
});

describe("speed: validation never stalls typing", () => {
  it("checks and compiles a 300-character expression in well under 200 ms", () => {
    let text = "sin(3*x)*cos(3*y) + 0.1*(x^2+y^2)";
    while (text.length < EXPRESSION_MAX_LENGTH - 30) text += " + sin(x*y)*exp(-x^2)/(1+y^2)";
    expect(text.length).toBeGreaterThan(260);
    compileExpression(text); // warm up
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t0 = Date.now();
      const c = compileExpression(text + " ".repeat(k));
      if (!c.ok) throw new Error("refused");
      checkSurface(c.surface, [1, 1], VIEW);
      times.push(Date.now() - t0);
    }
    expect(Math.min(...times)).toBeLessThan(100);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties on random whitelisted expressions

const leaf = fc.oneof(
  fc.constantFrom("x", "y", "pi", "e"),
  fc.double({ min: 0.1, max: 5, noNaN: true }).map((v) => v.toFixed(3)),
);
const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { maxDepth: 4, depthIdentifier: "expr" },
    leaf,
    fc.tuple(tie("expr"), fc.constantFrom("+", "-", "*"), tie("expr")).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `${a} / (2 + (${b})^2)`),
    fc.tuple(fc.constantFrom("sin", "cos", "tanh", "atan", "sinh"), tie("expr")).map(([f, a]) => `${f}(${a} / 4)`),
    tie("expr").map((a) => `(${a})^2`),
    tie("expr").map((a) => `sqrt(1 + (${a})^2)`),
    tie("expr").map((a) => `log(1 + (${a})^2)`),
    tie("expr").map((a) => `exp(-(${a})^2)`),
    tie("expr").map((a) => `-${a}`),
  ),
}));
const shortExpr = expr.filter((t) => t.length <= EXPRESSION_MAX_LENGTH);
const point = fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }));

describe("properties", () => {
  it("the symbolic gradient agrees with central differences", () => {
    fc.assert(
      fc.property(shortExpr, point, (text, [x, y]) => {
        const s = compiled(text);
        const f = s.f(x, y);
        fc.pre(Number.isFinite(f) && Math.abs(f) < 1e6);
        const g = new Float64Array(2);
        s.grad(x, y, g);
        for (const [i, dx, dy] of [[0, 1, 0], [1, 0, 1]] as const) {
          const h = 1e-5;
          const num = (s.f(x + dx * h, y + dy * h) - s.f(x - dx * h, y - dy * h)) / (2 * h);
          expect(Math.abs(g[i] - num), `${text} at (${x}, ${y})`).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(num) + Math.abs(f)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("the compiler agrees with mathjs's own evaluation", () => {
    fc.assert(
      fc.property(shortExpr, point, (text, [x, y]) => {
        const mine = compiled(text).f(x, y);
        // Test code only: mathjs evaluates a generated, whitelisted expression as the reference.
        const theirs = evaluate(text, { x, y }) as number;
        if (!Number.isFinite(theirs)) return;
        expect(Math.abs(mine - theirs), text).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(theirs)));
      }),
      { numRuns: 300 },
    );
  });
});

describe("a built-in surface typed as an expression", () => {
  it("Rosenbrock typed in gives problem rosenbrock's run, bit for bit", () => {
    const rosen = cloneRun(DEFAULT_RUN);
    rosen.problem = "rosenbrock";
    rosen.optimizer.lr = 0.01;
    const custom: RunConfig = { ...cloneRun(rosen), problem: "custom", custom: { f: "(1-x)^2 + 100*(y-x^2)^2", noise: 1, bounds: { xMin: -2, xMax: 2, yMin: -1, yMax: 3 } }, start: [-1.2, 1] };
    compileNow(custom.custom?.f ?? "");
    const run = (c: RunConfig) => {
      const loss: number[] = [];
      new Trainer(c, { onStep: (s) => void loss.push(s.loss) }).runToEnd();
      return loss;
    };
    const a = run(rosen);
    const b = run(custom);
    expect(b.length).toBe(a.length);
    expect(new Trainer(custom).initialLoss).toBe(new Trainer(rosen).initialLoss);
    // The squares compile to products as the built-in writes them, and mathjs's derivative, its
    // constants folded, rounds the same way as the hand-written gradient here: every step agrees.
    expect(b).toEqual(a);
  });

  it("same config and seed, same numbers", () => {
    const c = customRun("sin(3*x)*cos(3*y) + 0.1*(x^2+y^2)");
    compileNow(c.custom?.f ?? "");
    const run = () => {
      const loss: number[] = [];
      new Trainer(c, { onStep: (s) => void loss.push(s.loss) }).runToEnd();
      return loss;
    };
    expect(run()).toEqual(run());
  });
});
