import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as D from "./det-math.ts";
// Pinned outputs, shared with e2e/det-math.spec.ts (which checks them in Chromium).
import frozen from "./det-math.frozen.json";

// ---------------------------------------------------------------------------------------------
// Helpers: bit patterns and ulp distance

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
const i64 = new BigInt64Array(f64.buffer);

function toHex(x: number): string {
  f64[0] = x;
  return u64[0].toString(16).padStart(16, "0");
}

function fromHex(h: string): number {
  u64[0] = BigInt(`0x${h}`);
  return f64[0];
}

/** Position of x on the line of doubles (monotone: -max < ... < -0 = +0 < ... < max). */
function ordinal(x: number): bigint {
  f64[0] = x;
  const v = i64[0];
  return v < 0n ? -(v & 0x7fffffffffffffffn) : v;
}

/** Number of doubles between a and b (0 when equal, ±0 count as equal; Infinity if one is NaN). */
function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const d = ordinal(a) - ordinal(b);
  return Number(d < 0n ? -d : d);
}

/** Bit-exact equality, except that every NaN equals every NaN (JS engines do not keep NaN payloads). */
function sameBits(a: number, b: number): boolean {
  return Number.isNaN(a) ? Number.isNaN(b) : Object.is(a, b);
}

type Unary = "exp" | "log" | "log10" | "log1p" | "expm1" | "tanh" | "sin" | "cos";

const UNARY: Record<Unary, { ours: (x: number) => number; ref: (x: number) => number }> = {
  exp: { ours: D.exp, ref: Math.exp },
  log: { ours: D.log, ref: Math.log },
  log10: { ours: D.log10, ref: Math.log10 },
  log1p: { ours: D.log1p, ref: Math.log1p },
  expm1: { ours: D.expm1, ref: Math.expm1 },
  tanh: { ours: D.tanh, ref: Math.tanh },
  sin: { ours: D.sin, ref: Math.sin },
  cos: { ours: D.cos, ref: Math.cos },
};

// Documented bounds (det-math.ts headers): each function is within 1 ulp of the exact value
// (faithful), and so is V8's, so the two differ by at most 1 ulp. tanh and pow: 2. log10: 2,
// because V8's Math.log10 (fdlibm's older ivln10·log(x)) is itself up to ~1.7 ulp off, while
// det-math's (FreeBSD's extra-precision form) stays within 0.6 ulp.
const BOUND: Record<Unary | "pow", number> = { exp: 1, log: 1, log10: 2, log1p: 1, expm1: 1, sin: 1, cos: 1, tanh: 2, pow: 2 };

describe("ulpDistance", () => {
  it("counts doubles between two numbers, across zero", () => {
    expect(ulpDistance(1, 1)).toBe(0);
    expect(ulpDistance(1, 1 + 2 ** -52)).toBe(1);
    expect(ulpDistance(1, 1 - 2 ** -53)).toBe(1);
    expect(ulpDistance(0, -0)).toBe(0);
    expect(ulpDistance(5e-324, -5e-324)).toBe(2);
    expect(ulpDistance(NaN, NaN)).toBe(0);
    expect(ulpDistance(NaN, 1)).toBe(Infinity);
    expect(ulpDistance(Number.MAX_VALUE, Infinity)).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Against Math.* within the documented bound

/** Doubles spread over the whole range of a function's interesting inputs. */
const anyDouble = fc.double({ noNaN: false });
const domains: Record<Unary, fc.Arbitrary<number>> = {
  exp: fc.oneof(fc.double({ min: -750, max: 750 }), fc.double({ min: -1, max: 1 }), anyDouble),
  log: fc.oneof(fc.double({ min: 0, max: 1e6 }), fc.double({ min: 0.5, max: 2 }), anyDouble),
  log10: fc.oneof(fc.double({ min: 0, max: 1e6 }), fc.double({ min: 0.5, max: 2 }), anyDouble),
  log1p: fc.oneof(fc.double({ min: -1, max: 1 }), fc.double({ min: -1e-5, max: 1e-5 }), anyDouble),
  expm1: fc.oneof(fc.double({ min: -60, max: 710 }), fc.double({ min: -1, max: 1 }), anyDouble),
  tanh: fc.oneof(fc.double({ min: -25, max: 25 }), fc.double({ min: -1, max: 1 }), anyDouble),
  // Cody–Waite range (|x| <= 2^19·pi/2), small arguments, and any double (Payne–Hanek beyond).
  sin: fc.oneof(fc.double({ min: -823550, max: 823550 }), fc.double({ min: -10, max: 10 }), anyDouble),
  cos: fc.oneof(fc.double({ min: -823550, max: 823550 }), fc.double({ min: -10, max: 10 }), anyDouble),
};

/** Every ~1/1000 of the range of each function, plus its edges: a dense deterministic sweep. */
function sweep(name: Unary): number[] {
  const ranges: Record<Unary, [number, number]> = {
    exp: [-746, 710],
    log: [1e-6, 1e3],
    log10: [1e-6, 1e3],
    log1p: [-0.9999, 10],
    expm1: [-40, 710],
    tanh: [-23, 23],
    sin: [-100, 100],
    cos: [-100, 100],
  };
  const [a, b] = ranges[name];
  const xs: number[] = [];
  for (let i = 0; i <= 20000; i++) xs.push(a + ((b - a) * i) / 20000);
  return xs;
}

describe.each(Object.keys(UNARY) as Unary[])("%s against Math", (name) => {
  const { ours, ref } = UNARY[name];
  it(`is within ${BOUND[name]} ulp of Math.${name} on random inputs`, () => {
    fc.assert(
      fc.property(domains[name], (x) => ulpDistance(ours(x), ref(x)) <= BOUND[name]),
      { numRuns: 20000 },
    );
  });
  it(`is within ${BOUND[name]} ulp of Math.${name} on a sweep of its range`, () => {
    let worst = 0;
    for (const x of sweep(name)) worst = Math.max(worst, ulpDistance(ours(x), ref(x)));
    expect(worst).toBeLessThanOrEqual(BOUND[name]);
  });
  it("matches Math on the edge cases exactly in kind (NaN, ±0, ±Infinity) and within bound otherwise", () => {
    const edges = [
      0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 2.2250738585072014e-308, -2.2250738585072014e-308,
      2.225073858507201e-308, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1, 0.5, 2 ** -28, 2 ** -54, 2 ** -60, 709.782712893384,
      709.7827128933841, -745.1332191019411, -745.1332191019412, -708.4, 1 + 2 ** -52, 1 - 2 ** -53, Math.PI, -Math.PI,
      Math.PI / 2, Math.PI / 4, 0.7853981633974483, 2.356194490192345, 22, -22, 0.41422, -0.2929, -0.9999999999999999,
    ];
    for (const x of edges) {
      const got = ours(x);
      const want = ref(x);
      if (Number.isNaN(want)) expect(got, `${name}(${x})`).toBeNaN();
      else if (!Number.isFinite(want) || want === 0) expect(toHex(got), `${name}(${x})`).toBe(toHex(want));
      else expect(ulpDistance(got, want), `${name}(${x})`).toBeLessThanOrEqual(BOUND[name]);
    }
  });
});

describe("pow against Math.pow", () => {
  const base = fc.oneof(fc.double({ min: 0, max: 10 }), fc.double({ min: -10, max: 10 }), fc.double({ min: 0.9, max: 1.1 }), anyDouble);
  const exponent = fc.oneof(
    fc.double({ min: -60, max: 60 }),
    fc.integer({ min: -2000, max: 2000 }),
    fc.integer({ min: 0, max: 2 ** 31 }),
    anyDouble,
  );
  it(`is within ${BOUND.pow} ulp on random (x, y), including integer exponents and negative bases`, () => {
    fc.assert(
      fc.property(base, exponent, (x, y) => ulpDistance(D.pow(x, y), Math.pow(x, y)) <= BOUND.pow),
      { numRuns: 30000 },
    );
  });
  it("follows ECMAScript's special cases exactly", () => {
    const cases: [number, number][] = [];
    const specials = [0, -0, 1, -1, 0.5, -0.5, 2, -2, 3, -3, 0.3, -0.3, Infinity, -Infinity, NaN, 5e-324, Number.MAX_VALUE];
    for (const x of specials) for (const y of specials) cases.push([x, y]);
    for (const [x, y] of cases) {
      const want = Math.pow(x, y);
      const got = D.pow(x, y);
      if (Number.isNaN(want)) {
        expect(got, `pow(${x}, ${y})`).toBeNaN();
      } else if (!Number.isFinite(want) || want === 0 || Number.isInteger(want)) {
        expect(toHex(got), `pow(${x}, ${y})`).toBe(toHex(want));
      } else {
        expect(ulpDistance(got, want), `pow(${x}, ${y})`).toBeLessThanOrEqual(BOUND.pow);
      }
    }
    // The ones ECMAScript names explicitly (Number::exponentiate).
    expect(D.pow(NaN, 0)).toBe(1);
    expect(D.pow(NaN, -0)).toBe(1);
    expect(D.pow(1, NaN)).toBeNaN();
    expect(D.pow(1, Infinity)).toBeNaN();
    expect(D.pow(-1, -Infinity)).toBeNaN();
    expect(Object.is(D.pow(-0, 3), -0)).toBe(true);
    expect(D.pow(-0, -3)).toBe(-Infinity);
    expect(D.pow(-0, -2)).toBe(Infinity);
    expect(Object.is(D.pow(-Infinity, -3), -0)).toBe(true);
    expect(D.pow(-2, 0.5)).toBeNaN();
    expect(D.pow(-2, 3)).toBe(-8);
    expect(D.pow(-2, 4)).toBe(16);
  });
});

// ---------------------------------------------------------------------------------------------
// Independent of Math: exact references

/** x^n for a positive normal double x and integer n >= 1, correctly rounded, by exact BigInt arithmetic. */
function powExact(x: number, n: number): number {
  f64[0] = x;
  const bits = u64[0];
  const m = (bits & ((1n << 52n) - 1n)) | (1n << 52n);
  const e = Number((bits >> 52n) & 0x7ffn) - 1075;
  const big = m ** BigInt(n); // x^n = big * 2^(e n)
  const shift = big.toString(2).length - 53;
  let q = big >> BigInt(shift);
  const rem = big - (q << BigInt(shift));
  const half = 1n << BigInt(shift - 1);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  return Number(q) * 2 ** (e * n + shift);
}

describe("exact references", () => {
  it("integer powers are correctly rounded (double-double binary powering)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 2, noNaN: true }), fc.integer({ min: 3, max: 1500 }), (x, n) => {
        const want = powExact(x, n);
        // The double-double path's range (det-math.ts powIntDD); outside it pow falls back to fdlibm.
        fc.pre(want > 2 ** -960 && want < 2 ** 990);
        return Object.is(D.pow(x, n), want);
      }),
      { numRuns: 3000 },
    );
  });
  it("Adam's beta^t and StepLR's gamma^k are the correctly rounded powers", () => {
    for (const [b, t] of [[0.9, 3], [0.999, 5000], [0.99, 777], [0.5, 7], [0.1, 5], [0.6, 12]] as const) {
      expect(toHex(D.pow(b, t)), `${b}^${t}`).toBe(toHex(powExact(b, t)));
    }
  });
  it("hits the constants ECMAScript gives as correctly rounded doubles", () => {
    // fdlibm's exp(1) is 1 ulp above Math.E (within its < 1 ulp bound); exp(x) for x = k·ln2-ish is exact.
    expect(ulpDistance(D.exp(1), Math.E)).toBe(1);
    expect(D.exp(0)).toBe(1);
    expect(D.exp(Math.LN2)).toBe(2);
    expect(D.log(2)).toBe(Math.LN2);
    expect(D.log(10)).toBe(Math.LN10);
    expect(D.log10(Math.E)).toBe(Math.LOG10E);
    expect(D.cos(Math.PI)).toBe(-1);
    expect(D.sin(Math.PI / 2)).toBe(1);
    expect(D.cos(0)).toBe(1);
    for (let n = -20; n <= 22; n++) expect(D.log10(Number(`1e${n}`)), `log10(1e${n})`).toBe(n);
  });
  it("keeps the sign of zero and the values at the ends", () => {
    for (const f of [D.sin, D.tanh, D.expm1, D.log1p]) {
      expect(Object.is(f(-0), -0)).toBe(true);
      expect(Object.is(f(0), 0)).toBe(true);
    }
    expect(D.exp(-Infinity)).toBe(0);
    expect(D.exp(Infinity)).toBe(Infinity);
    expect(D.exp(710)).toBe(Infinity);
    expect(D.exp(-746)).toBe(0);
    expect(D.exp(-745)).toBe(5e-324);
    expect(D.log(0)).toBe(-Infinity);
    expect(D.log(-0)).toBe(-Infinity);
    expect(D.log(-1)).toBeNaN();
    expect(D.log1p(-1)).toBe(-Infinity);
    expect(D.log1p(-2)).toBeNaN();
    expect(D.expm1(-Infinity)).toBe(-1);
    expect(D.tanh(Infinity)).toBe(1);
    expect(D.tanh(-Infinity)).toBe(-1);
    expect(D.cos(Infinity)).toBeNaN();
    expect(D.sin(-Infinity)).toBeNaN();
    for (const f of Object.values(UNARY)) expect(f.ours(NaN)).toBeNaN();
  });
  it("sin² + cos² = 1 and the symmetries hold (within rounding)", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e5, max: 1e5, noNaN: true }), (x) => {
        const s = D.sin(x);
        const c = D.cos(x);
        return Math.abs(s * s + c * c - 1) <= 4e-16 && Object.is(D.sin(-x), -s) && D.cos(-x) === c;
      }),
      { numRuns: 5000 },
    );
  });
  it("reduces huge arguments exactly (Payne–Hanek): within 1 ulp of Math for |x| up to the largest double", () => {
    const xs = [823550.5, 1e6, 1e7, 123456789.5, 1e9, 2 ** 52 + 1, 1e22, 1e100, 1e200, 1e300, Number.MAX_VALUE];
    for (const x of [...xs, ...xs.map((v) => -v)]) {
      expect(ulpDistance(D.sin(x), Math.sin(x)), `sin(${x})`).toBeLessThanOrEqual(1);
      expect(ulpDistance(D.cos(x), Math.cos(x)), `cos(${x})`).toBeLessThanOrEqual(1);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Frozen values: any change in behaviour (or a platform where these bits differ) fails here.

type Frozen = Record<Unary, [string, string][]> & { pow: [string, string, string][] };
const table = frozen as unknown as Frozen;

describe("frozen values", () => {
  it.each(Object.keys(UNARY) as Unary[])("%s reproduces its pinned bit patterns", (name) => {
    const rows = table[name];
    expect(rows.length).toBeGreaterThan(15);
    const bad = rows
      .map(([x, want]) => ({ x, want, got: toHex(UNARY[name].ours(fromHex(x))) }))
      .filter((r) => !sameBits(fromHex(r.got), fromHex(r.want)));
    expect(bad).toEqual([]);
  });
  it("pow reproduces its pinned bit patterns", () => {
    const bad = table.pow
      .map(([x, y, want]) => ({ x, y, want, got: toHex(D.pow(fromHex(x), fromHex(y))) }))
      .filter((r) => !sameBits(fromHex(r.got), fromHex(r.want)));
    expect(table.pow.length).toBeGreaterThan(40);
    expect(bad).toEqual([]);
  });
});
