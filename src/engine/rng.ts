// Seeded random numbers for the engine.
//
// Generator: xoshiro128** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
// 2018; reference C at https://prng.di.unimi.it/xoshiro128starstar.c). Its state is four 32-bit
// words updated with Math.imul, shifts and `>>> 0`, so every engine that implements ECMAScript
// integer semantics produces the same bits — no float rounding enters the integer stream.
//
// Seeding: the 64-bit seed key is expanded with SplitMix64 (Steele, Lea & Flood 2014), the seeding
// procedure Vigna recommends for the xoshiro family. SplitMix64 needs 64-bit multiplication, so it
// uses BigInt; that runs only when an Rng is constructed or forked, never per draw.
//
// Streams: `fork(label)` derives a child key from this generator's *seed key* and the label, not
// from its position, so the trainer can take "data", "init", "batches", "noise" streams in any
// order and after any number of draws and still get the same child streams.

import { log } from "./det-math.ts";

const MASK64 = (1n << 64n) - 1n;
// SplitMix64's increment: the odd integer nearest 2^64 / golden ratio.
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;
// Distinguishes integer labels from string labels, so fork(3) and fork("3") are different streams.
const NUMBER_LABEL_TAG = 0x6a09e667f3bcc909n;

/** SplitMix64's output function (the "mix" applied after the increment). */
function mix64(z0: bigint): bigint {
  let z = z0 & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** 64-bit FNV-1a over UTF-16 code units; only used to turn fork labels into keys. */
function fnv1a64(s: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * 0x100000001b3n) & MASK64;
  }
  return h;
}

/**
 * 32-bit FNV-1a over the string's UTF-16 code units, as an unsigned integer in [0, 2^32).
 * Handy for turning a text seed or label into a numeric seed; stable across platforms.
 */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Maps a user seed to a 64-bit key; integers map to themselves (two's complement for negatives). */
function seedKey(seed: number): bigint {
  if (!Number.isFinite(seed)) {
    throw new RangeError(`seed must be a finite number, got ${seed}`);
  }
  if (Number.isSafeInteger(seed)) {
    return BigInt.asUintN(64, BigInt(seed));
  }
  // Fractional or huge seeds: use the float64 bit pattern so distinct numbers stay distinct.
  const bits = new BigUint64Array(new Float64Array([seed]).buffer);
  return bits[0];
}

/** Float64 spacing of the 53-bit uniform grid: 2^-53. */
const TWO_POW_MINUS_53 = 1 / 9007199254740992;
const TWO_POW_32 = 4294967296;

export class Rng {
  /** 64-bit key this generator was seeded from; forks derive from it. Set only at creation. */
  private key: bigint;
  /**
   * xoshiro128** state words as int32 bit patterns. A typed array, not four number fields: uint32
   * values above 2^30 do not fit V8's small integers, so fields would box a heap number on every
   * draw (measured: half the time of a default run went to allocation and GC).
   */
  private readonly s = new Int32Array(4);
  // Marsaglia's polar method yields normals in pairs; the second is kept for the next call.
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number) {
    this.key = seedKey(seed);
    this.s.set(stateFromKey(this.key));
  }

  /** Builds a generator directly from a 64-bit key (used by fork; bypasses number seeds). */
  private static fromKey(key: bigint): Rng {
    const r = new Rng(0);
    r.key = key;
    r.s.set(stateFromKey(key));
    return r;
  }

  /** Next raw 32-bit output of xoshiro128**, as an unsigned integer in [0, 2^32). */
  uint32(): number {
    const st = this.s;
    const s0 = st[0];
    const s1 = st[1];
    let s2 = st[2];
    let s3 = st[3];
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    st[1] = s1 ^ s2;
    st[0] = s0 ^ s3;
    st[2] = s2 ^ t;
    st[3] = rotl(s3, 11);
    return result;
  }

  /** Uniform in [0, 1) on the 2^-53 grid, from the top 27 + 26 bits of two draws (as in MT19937's genrand_res53). */
  uniform(): number {
    const a = this.uint32() >>> 5;
    const b = this.uint32() >>> 6;
    return (a * 67108864 + b) * TWO_POW_MINUS_53;
  }

  /**
   * Standard normal by Marsaglia's polar method (Marsaglia & Bray 1964). Chosen over Box–Muller
   * because it needs only a log and `Math.sqrt` (sqrt is correctly rounded by IEEE 754), not
   * sin/cos. The log is det-math's fdlibm port, not `Math.log`, whose last bit differs between V8
   * versions (Node vs Chromium).
   */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * log(s)) / s);
    this.spare = v * m;
    this.hasSpare = true;
    return u * m;
  }

  /** Uniform integer in [0, n), unbiased by rejection; n must be an integer in [1, 2^32]. */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new RangeError(`int(n) needs an integer n in [1, 2^32], got ${n}`);
    }
    // Reject the top partial block of 2^32 so every residue is equally likely.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let r = this.uint32();
    while (r >= limit) r = this.uint32();
    return r % n;
  }

  /** In-place Fisher–Yates (Durstenfeld) shuffle. */
  shuffle(a: Int32Array): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
  }

  /**
   * An independent child stream named by `stream` (a string or a safe integer). Depends only on
   * this generator's seed key and the label, never on how many values were drawn.
   */
  fork(stream: string | number): Rng {
    let labelKey: bigint;
    if (typeof stream === "string") {
      labelKey = fnv1a64(stream);
    } else {
      if (!Number.isSafeInteger(stream)) {
        throw new RangeError(`fork label must be a string or a safe integer, got ${stream}`);
      }
      labelKey = BigInt.asUintN(64, BigInt(stream)) ^ NUMBER_LABEL_TAG;
    }
    // Mix both sides before combining so related keys (seed 1 vs 2, label 1 vs 2) land far apart.
    const childKey = mix64(mix64(this.key + GOLDEN_GAMMA) ^ mix64(labelKey + 2n * GOLDEN_GAMMA));
    return Rng.fromKey(childKey);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Expands a 64-bit key into xoshiro128** state with two SplitMix64 outputs (Vigna's recommendation). */
function stateFromKey(key: bigint): [number, number, number, number] {
  const a = mix64(key + GOLDEN_GAMMA);
  const b = mix64(key + 2n * GOLDEN_GAMMA);
  const words: [number, number, number, number] = [
    Number(a & 0xffffffffn),
    Number(a >> 32n),
    Number(b & 0xffffffffn),
    Number(b >> 32n),
  ];
  // xoshiro's all-zero state is a fixed point; SplitMix64 makes it astronomically unlikely, but be safe.
  if (words[0] === 0 && words[1] === 0 && words[2] === 0 && words[3] === 0) words[0] = 1;
  return words;
}
