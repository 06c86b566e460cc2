import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Rng, hashString } from "./rng.ts";

function draws(r: Rng, n: number): number[] {
  return Array.from({ length: n }, () => r.uint32());
}

function meanVar(xs: Float64Array): { mean: number; variance: number } {
  let s = 0;
  for (const x of xs) s += x;
  const mean = s / xs.length;
  let q = 0;
  for (const x of xs) q += (x - mean) ** 2;
  return { mean, variance: q / (xs.length - 1) };
}

describe("Rng: pinned outputs", () => {
  // Raw xoshiro128** outputs after SplitMix64 seeding, checked against the reference C code
  // (prng.di.unimi.it/xoshiro128starstar.c seeded with splitmix64.c: s0 = lo(a), s1 = hi(a),
  // s2 = lo(b), s3 = hi(b)). Any change to the generator or the seeding breaks these.
  it.each([
    [0, [3737715805, 2584255861, 2876756834, 3286328325, 1553311962, 1625202774]],
    [1, [1695105466, 1423115009, 634581793, 1068227753, 716759206, 4186505319]],
    [42, [1776835114, 4165204688, 17111135, 2317295270, 2792088233, 2554630222]],
    [-1, [477689756, 2493998634, 555695776, 607808419, 61340979, 301466976]],
  ])("seed %d matches the reference C implementation", (seed, want) => {
    expect(draws(new Rng(seed), 6)).toEqual(want);
  });

  it("pins uniform, normal, int, shuffle and fork for seed 42", () => {
    const u = new Rng(42);
    expect([u.uniform(), u.uniform(), u.uniform()]).toEqual([
      0.4137016681565887, 0.003983993377814743, 0.6500837027638867,
    ]);
    const n = new Rng(42);
    expect([n.normal(), n.normal(), n.normal(), n.normal()]).toEqual([
      1.0873020675225118, 1.3373747636261168, 0.7409935464462171, 0.5294255135865079,
    ]);
    const i = new Rng(42);
    expect(Array.from({ length: 8 }, () => i.int(10))).toEqual([4, 8, 5, 0, 3, 2, 1, 1]);
    const s = new Rng(42);
    const a = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    s.shuffle(a);
    expect(Array.from(a)).toEqual([1, 0, 9, 6, 2, 5, 3, 7, 8, 4]);
    expect(draws(new Rng(42).fork("data"), 3)).toEqual([3939446446, 1766947032, 132920098]);
    expect(draws(new Rng(42).fork(3), 2)).toEqual([1618776547, 4161719961]);
  });

  it("hashString is 32-bit FNV-1a (published test vectors)", () => {
    expect(hashString("")).toBe(0x811c9dc5);
    expect(hashString("a")).toBe(0xe40c292c);
    expect(hashString("foobar")).toBe(0xbf9cf968);
  });
});

describe("Rng: determinism and seeds", () => {
  it("same seed gives the same stream; different seeds differ", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (a, b) => {
        expect(draws(new Rng(a), 8)).toEqual(draws(new Rng(a), 8));
        if (a !== b) expect(draws(new Rng(a), 4)).not.toEqual(draws(new Rng(b), 4));
      }),
      { numRuns: 50 },
    );
  });

  it("accepts fractional and large seeds, rejects non-finite ones", () => {
    expect(draws(new Rng(0.5), 3)).toEqual(draws(new Rng(0.5), 3));
    expect(draws(new Rng(0.5), 3)).not.toEqual(draws(new Rng(0), 3));
    expect(draws(new Rng(2 ** 60), 3)).not.toEqual(draws(new Rng(2 ** 60 + 2 ** 10), 3));
    expect(() => new Rng(Number.NaN)).toThrow(RangeError);
    expect(() => new Rng(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe("Rng: distributions", () => {
  const N = 100_000;

  it("uniform lies in [0, 1) with mean 1/2 and variance 1/12", () => {
    const r = new Rng(7);
    const xs = new Float64Array(N);
    let outside = 0;
    for (let k = 0; k < N; k++) {
      const u = r.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      xs[k] = u;
    }
    expect(outside).toBe(0);
    const { mean, variance } = meanVar(xs);
    // Std error of the mean is sqrt(1/12 / N) ~ 9e-4; allow ~5 of them.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5e-3);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(2e-3);
  });

  it("uniform uses all 53 bits (values below 2^-32 granularity occur)", () => {
    const r = new Rng(11);
    let fine = 0;
    for (let k = 0; k < 1000; k++) {
      const u = r.uniform();
      if (u * 2 ** 32 !== Math.floor(u * 2 ** 32)) fine++;
    }
    expect(fine).toBeGreaterThan(990);
  });

  it("normal has mean 0, variance 1 and light tails", () => {
    const r = new Rng(8);
    const xs = new Float64Array(N);
    let beyond3 = 0;
    for (let k = 0; k < N; k++) {
      xs[k] = r.normal();
      if (Math.abs(xs[k]) > 3) beyond3++;
    }
    const { mean, variance } = meanVar(xs);
    expect(Math.abs(mean)).toBeLessThan(0.015);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
    // P(|Z| > 3) = 0.0027: expect about 270 of 1e5.
    expect(beyond3).toBeGreaterThan(200);
    expect(beyond3).toBeLessThan(350);
  });

  it("int(n) stays in [0, n) and hits every value about equally", () => {
    const r = new Rng(9);
    const n = 10;
    const counts = new Array<number>(n).fill(0);
    let outside = 0;
    for (let k = 0; k < N; k++) {
      const v = r.int(n);
      if (Number.isInteger(v) && v >= 0 && v < n) counts[v]++;
      else outside++;
    }
    expect(outside).toBe(0);
    // Chi-square with 9 degrees of freedom: the 0.999 quantile is 27.9.
    const expected = N / n;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(27.9);
  });

  it("int handles the edges and rejects invalid n", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 32 }), fc.integer(), (n, seed) => {
        const v = new Rng(seed).int(n);
        expect(v >= 0 && v < n && Number.isInteger(v)).toBe(true);
      }),
    );
    expect(new Rng(1).int(1)).toBe(0);
    for (const n of [0, -1, 1.5, 2 ** 32 + 1, Number.NaN]) expect(() => new Rng(1).int(n)).toThrow(RangeError);
  });
});

describe("Rng: forks", () => {
  it("forks differ from the parent and from each other", () => {
    const parent = draws(new Rng(5), 4);
    const a = draws(new Rng(5).fork("a"), 4);
    const b = draws(new Rng(5).fork("b"), 4);
    const n3 = draws(new Rng(5).fork(3), 4);
    const s3 = draws(new Rng(5).fork("3"), 4);
    const all = [parent, a, b, n3, s3].map((d) => d.join(","));
    expect(new Set(all).size).toBe(all.length);
    // The same label under another seed is another stream.
    expect(draws(new Rng(6).fork("a"), 4)).not.toEqual(a);
  });

  it("a fork does not depend on how many values the parent drew", () => {
    fc.assert(
      fc.property(fc.integer(), fc.string(), fc.nat({ max: 50 }), (seed, label, used) => {
        const fresh = new Rng(seed);
        const busy = new Rng(seed);
        for (let k = 0; k < used; k++) busy.normal();
        expect(draws(busy.fork(label), 4)).toEqual(draws(fresh.fork(label), 4));
      }),
      { numRuns: 50 },
    );
  });

  it("nested forks are deterministic and distinct", () => {
    const x = draws(new Rng(1).fork("a").fork("b"), 3);
    expect(draws(new Rng(1).fork("a").fork("b"), 3)).toEqual(x);
    expect(draws(new Rng(1).fork("b").fork("a"), 3)).not.toEqual(x);
  });

  it("fork streams are uncorrelated with the parent", () => {
    const p = new Rng(12);
    const c = new Rng(12).fork("noise");
    const n = 20_000;
    let sxy = 0;
    for (let k = 0; k < n; k++) sxy += p.normal() * c.normal();
    // Correlation of independent standard normals has std 1/sqrt(n) ~ 0.007.
    expect(Math.abs(sxy / n)).toBeLessThan(0.035);
  });

  it("rejects non-integer number labels", () => {
    expect(() => new Rng(1).fork(1.5)).toThrow(RangeError);
  });
});

describe("Rng: shuffle", () => {
  it("produces a permutation of the input", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 200 }), fc.integer(), (xs, seed) => {
        const a = Int32Array.from(xs);
        new Rng(seed).shuffle(a);
        expect(Array.from(a).sort((p, q) => p - q)).toEqual([...xs].sort((p, q) => p - q));
      }),
    );
  });

  it("puts every element in every position about equally often", () => {
    const r = new Rng(13);
    const n = 5;
    const trials = 50_000;
    const counts = new Float64Array(n * n);
    const a = new Int32Array(n);
    for (let t = 0; t < trials; t++) {
      for (let k = 0; k < n; k++) a[k] = k;
      r.shuffle(a);
      for (let pos = 0; pos < n; pos++) counts[a[pos] * n + pos]++;
    }
    for (const c of counts) expect(Math.abs(c / trials - 1 / n)).toBeLessThan(0.01);
  });
});
