// det-math in the real Chromium: the same source, compiled here with TypeScript's transpileModule
// and evaluated in the page, must give the same bits as in Node — on the frozen table of
// src/engine/det-math.frozen.json and on 20,000 random inputs per function. This is what lets a
// shared link replay the simulator's run point for point. Math.* is measured alongside (reported
// as an annotation, not asserted: it is the problem det-math exists for).

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";
import ts from "typescript";
import * as D from "../src/engine/det-math.ts";

const NAMES = ["exp", "log", "log10", "log1p", "expm1", "tanh", "sin", "cos", "pow"] as const;
type Name = (typeof NAMES)[number];
type Cases = Record<Name, number[][]>;

const sourcePath = fileURLToPath(new URL("../src/engine/det-math.ts", import.meta.url));
const frozenPath = fileURLToPath(new URL("../src/engine/det-math.frozen.json", import.meta.url));

/** Bit pattern as hex; every NaN is "nan" (engines need not keep NaN payloads). */
function bitsOf(x: number): string {
  if (Number.isNaN(x)) return "nan";
  const f = new Float64Array([x]);
  return new BigUint64Array(f.buffer)[0].toString(16).padStart(16, "0");
}

function fromHex(h: string): number {
  const u = new BigUint64Array([BigInt(`0x${h}`)]);
  return new Float64Array(u.buffer)[0];
}

/** det-math.ts as a script that sets `window.__detMath` (types stripped, exports to an object). */
function detMathScript(): string {
  const { outputText } = ts.transpileModule(readFileSync(sourcePath, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  return `window.__detMath = (() => { const exports = {}; const module = { exports };\n${outputText}\nreturn module.exports; })();`;
}

/** Runs every case through det-math (and Math.*) in the page; results as bit patterns. */
async function inPage(page: Page, cases: Cases): Promise<{ det: Record<Name, string[]>; math: Record<Name, string[]> }> {
  return page.evaluate((c) => {
    const w = window as unknown as { __detMath: Record<string, (...a: number[]) => number> };
    const f = new Float64Array(1);
    const u = new BigUint64Array(f.buffer);
    const bits = (x: number): string => {
      if (Number.isNaN(x)) return "nan";
      f[0] = x;
      return u[0].toString(16).padStart(16, "0");
    };
    const det: Record<string, string[]> = {};
    const math: Record<string, string[]> = {};
    const mathOf = Math as unknown as Record<string, (...a: number[]) => number>;
    for (const [name, rows] of Object.entries(c)) {
      det[name] = rows.map((args) => bits(w.__detMath[name](...args)));
      math[name] = rows.map((args) => bits(mathOf[name](...args)));
    }
    return { det, math } as { det: Record<Name, string[]>; math: Record<Name, string[]> };
  }, cases);
}

async function loadDetMath(page: Page): Promise<void> {
  await page.setContent("<!doctype html><title>det-math</title>");
  await page.addScriptTag({ content: detMathScript() });
  await expect.poll(() => page.evaluate(() => typeof (window as unknown as { __detMath?: unknown }).__detMath)).toBe("object");
}

const nodeFns = D as unknown as Record<Name, (...a: number[]) => number>;

test("det-math reproduces its frozen bit patterns in Chromium", async ({ page }) => {
  await loadDetMath(page);
  const table = JSON.parse(readFileSync(frozenPath, "utf8")) as Record<Name, string[][]>;
  const cases = {} as Cases;
  const want = {} as Record<Name, string[]>;
  for (const name of NAMES) {
    const rows = table[name];
    expect(rows.length, name).toBeGreaterThan(15);
    cases[name] = rows.map((r) => r.slice(0, -1).map(fromHex));
    want[name] = rows.map((r) => bitsOf(fromHex(r[r.length - 1])));
  }
  const { det } = await inPage(page, cases);
  for (const name of NAMES) expect(det[name], name).toEqual(want[name]);
});

/** xorshift-style generator: the same inputs every run. */
function generator(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** Any double at all (subnormals, huge, NaN, ±Infinity included), from random bits. */
function anyDouble(rnd: () => number): number {
  const u = new Uint32Array([Math.floor(rnd() * 4294967296), Math.floor(rnd() * 4294967296)]);
  return new Float64Array(u.buffer)[0];
}

const RANGES: Record<Exclude<Name, "pow">, [number, number][]> = {
  exp: [[-750, 750], [-10, 10], [-1, 1]],
  log: [[0, 100], [0.5, 2], [0, 1e-300]],
  log10: [[0, 100], [0.5, 2], [0, 1e6]],
  log1p: [[-1, 1], [-1e-6, 1e-6], [0, 1e6]],
  expm1: [[-50, 710], [-1, 1], [-1e-6, 1e-6]],
  tanh: [[-25, 25], [-3, 3], [-1e-3, 1e-3]],
  sin: [[-10, 10], [-1e6, 1e6], [0, Math.PI]],
  cos: [[-10, 10], [-1e6, 1e6], [0, Math.PI]],
};

function randomCases(perFunction: number): Cases {
  const rnd = generator(20261127);
  const cases = {} as Cases;
  for (const name of NAMES) {
    const rows: number[][] = [];
    for (let i = 0; i < perFunction; i++) {
      const pick = rnd();
      if (name === "pow") {
        const x = pick < 0.1 ? anyDouble(rnd) : pick < 0.4 ? 0.5 + rnd() * 0.5 : pick < 0.7 ? rnd() * 10 : -10 + rnd() * 20;
        const kind = rnd();
        const y = kind < 0.1 ? anyDouble(rnd) : kind < 0.5 ? Math.floor(rnd() * 6000) : kind < 0.6 ? -Math.floor(rnd() * 300) : -60 + rnd() * 120;
        rows.push([x, y]);
      } else if (pick < 0.1) {
        rows.push([anyDouble(rnd)]);
      } else {
        const [a, b] = RANGES[name][Math.floor(rnd() * 3)];
        rows.push([a + (b - a) * rnd()]);
      }
    }
    cases[name] = rows;
  }
  return cases;
}

test("det-math gives Node's bits in Chromium on 20,000 random inputs per function", async ({ page }) => {
  test.setTimeout(120_000);
  await loadDetMath(page);
  const cases = randomCases(20_000);
  const { det, math } = await inPage(page, cases);
  const mathOf = Math as unknown as Record<string, (...a: number[]) => number>;
  const summary: string[] = [];
  const firstBad: Record<string, number[] | null> = {};
  for (const name of NAMES) {
    const node = cases[name].map((args) => bitsOf(nodeFns[name](...args)));
    const nodeMath = cases[name].map((args) => bitsOf(mathOf[name](...args)));
    const detDiff = node.filter((b, i) => b !== det[name][i]).length;
    const mathDiff = nodeMath.filter((b, i) => b !== math[name][i]).length;
    summary.push(`${name}: det-math ${detDiff}, Math ${mathDiff}`);
    const bad = node.findIndex((b, i) => b !== det[name][i]);
    firstBad[name] = bad < 0 ? null : cases[name][bad];
  }
  test.info().annotations.push({ type: "differing outputs of 20,000 (Node vs Chromium)", description: summary.join("; ") });
  console.log(`differing outputs of 20,000, Node vs Chromium: ${summary.join("; ")}`);
  // Every function: no input whose det-math bits differ between Node and Chromium.
  expect(firstBad).toEqual(Object.fromEntries(NAMES.map((n) => [n, null])));
});
