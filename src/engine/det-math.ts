/* eslint-disable no-loss-of-precision -- fdlibm's constants are copied as its C source writes them (more digits than a double holds); each literal rounds to the intended double, which det-math.frozen.json pins. */
// Deterministic elementary functions: the same bits in every JavaScript engine.
//
// Why: `Math.exp`, `Math.log`, `Math.pow`, `Math.cos`, ... are only required by ECMAScript to be
// "implementation-approximated", and V8 itself changes them between releases (Node 20's V8 and
// Chromium 156's V8 disagree in the last bit on about 10% of random inputs of exp, pow, cos, sin).
// A shared link must replay the simulator's run point for point, so the engine's run path uses
// these functions instead. They are built only from IEEE 754 basic operations (+ - * /, which are
// correctly rounded everywhere), `Math.sqrt` (correctly rounded by IEEE 754 and ECMAScript),
// `Math.abs` / `Math.floor` (exact), comparisons, and exact bit reads/writes of doubles through one
// shared Float64Array/Uint32Array view (little-endian: true of every target here, checked below).
//
// The algorithms are ports of Sun's fdlibm 5.3 (the versions FreeBSD msun carries, which V8's
// `src/base/ieee754.cc` is itself based on); each function's header names its source file and
// states its error bound as given there and checked by det-math.test.ts against Node's Math.*.
//
// Why not @stdlib/math-base-special-{exp,ln,log10,log1p,expm1,tanh,sin,cos,pow} (0.2.4–0.3.1),
// evaluated 2026-12 for issue 13: they are deterministic — 0 of 20,000+ inputs per function differ
// between Node 20.20 and Chromium 156 (e2e/det-math.spec.ts's inputs plus det-math.frozen.json's,
// two seeds) — and with them the golden check stays 39 passed / 0 failed and e2e/lessons.spec.ts
// "a link's run is the simulator's run" passes. But they fail det-math.test.ts, which this port passes:
//   - pow(-0, 0.5) is -0 (ECMAScript: +0); pow(-Infinity, 5e-324) is 1 (ECMAScript: Infinity);
//   - pow(0.7234245528338956, 3) is 0x3fd83af84a82988b, not the correctly rounded ...8c
//     (integer powers, Adam's beta^t among them, are correctly rounded here);
//   - expm1(709.782712893384) is Infinity (the result, 1.7976931348622732e308, is finite: 214 ulp off);
//   - exp(-744.6321279276162) is 0, not the subnormal 5e-324 (exp loses the last subnormals);
// and they change the last bit of tanh on ~14% of inputs and of pow on ~1%, so every shared link's
// numbers would move (598 of 5,000 rows of the default run differ in some column). They would also
// grow each worker bundle from ~48 kB to ~205 kB (176 packages installed). So the port stays.
//
// Do not "simplify" expressions here: the order of operations is the algorithm. Every constant is
// written with its IEEE bit pattern in a comment, as in fdlibm.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

// The word order of a double in memory: the code below reads u32[1] as the high word.
f64[0] = 1;
if (u32[1] !== 0x3ff00000) throw new Error("det-math needs a little-endian platform");

/** High 32 bits (sign, exponent, top 20 bits of the fraction) as a signed int32, like fdlibm's __HI. */
function hi(x: number): number {
  f64[0] = x;
  return u32[1] | 0;
}

/** Low 32 bits of the fraction, unsigned (fdlibm's __LO). */
function lo(x: number): number {
  f64[0] = x;
  return u32[0];
}

/** The double with high word `h` and low word `l`. */
function fromWords(h: number, l: number): number {
  u32[1] = h;
  u32[0] = l;
  return f64[0];
}

/** `x` with its high word replaced by `h`. */
function withHi(x: number, h: number): number {
  f64[0] = x;
  u32[1] = h;
  return f64[0];
}

/** `x` with its low word cleared (the "__LO(x) = 0" of fdlibm: keep the top 21 fraction bits). */
function clearLo(x: number): number {
  f64[0] = x;
  u32[0] = 0;
  return f64[0];
}

/** `x * 2^k` for a normal result: adds k to the exponent field (fdlibm's "__HI(y) += k<<20"). */
function addExp(x: number, k: number): number {
  f64[0] = x;
  u32[1] = (u32[1] + (k << 20)) | 0;
  return f64[0];
}

const HUGE = 1.0e300;
const TINY = 1.0e-300;
const TWO54 = 1.8014398509481984e16; // 0x43500000 00000000
const TWOM1000 = 9.33263618503218878990e-302; // 2^-1000, 0x01700000 00000000

const LN2_HI = 6.93147180369123816490e-1; // 0x3fe62e42 fee00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef 35793c76
const INVLN2 = 1.44269504088896338700e0; // 0x3ff71547 652b82fe

// ---------------------------------------------------------------------------------------------
// exp

const O_THRESHOLD = 7.09782712893383973096e2; // 0x40862E42 FEFA39EF
const U_THRESHOLD = -7.45133219101941108420e2; // 0xc0874910 D52D3051
const P1 = 1.66666666666666019037e-1; // 0x3FC55555 5555553E
const P2 = -2.77777777770155933842e-3; // 0xBF66C16C 16BEBD93
const P3 = 6.61375632143793436117e-5; // 0x3F11566A AF25DE2C
const P4 = -1.65339022054652515390e-6; // 0xBEBBBD41 C5D26BF1
const P5 = 4.13813679705723846039e-8; // 0x3E663769 72BEA4D0

/**
 * e^x. Port of fdlibm 5.3 `e_exp.c` (__ieee754_exp): reduce x = k·ln2 + r with |r| <= 0.5·ln2
 * (Cody–Waite, ln2 split in a 32-bit head and a tail so k·ln2_hi is exact), approximate e^r by
 * a degree-5 Remez rational form, scale by 2^k through the exponent field.
 * Error: < 1 ulp (fdlibm's bound; the result is correctly rounded in the vast majority of cases).
 * Specials: exp(NaN) = NaN, exp(+Inf) = +Inf, exp(-Inf) = +0, overflow to +Inf above
 * 709.782712893384, underflow to +0 below -745.1332191019411.
 */
export function exp(x: number): number {
  let h = hi(x);
  const xsb = (h >>> 31) & 1;
  h &= 0x7fffffff;
  let k = 0;
  let hiPart = 0;
  let loPart = 0;

  if (h >= 0x40862e42) {
    // |x| >= 709.78...
    if (h >= 0x7ff00000) {
      if (((h & 0xfffff) | lo(x)) !== 0) return x + x; // NaN
      return xsb === 0 ? x : 0.0; // exp(+-inf) = {inf, 0}
    }
    if (x > O_THRESHOLD) return HUGE * HUGE; // overflow
    if (x < U_THRESHOLD) return TWOM1000 * TWOM1000; // underflow
  }

  if (h > 0x3fd62e42) {
    // |x| > 0.5 ln2
    if (h < 0x3ff0a2b2) {
      // and |x| < 1.5 ln2
      if (xsb === 0) {
        hiPart = x - LN2_HI;
        loPart = LN2_LO;
        k = 1;
      } else {
        hiPart = x + LN2_HI;
        loPart = -LN2_LO;
        k = -1;
      }
    } else {
      k = (INVLN2 * x + (xsb === 0 ? 0.5 : -0.5)) | 0; // C's (int) truncation
      const t = k;
      hiPart = x - t * LN2_HI; // t*ln2_hi is exact here
      loPart = t * LN2_LO;
    }
    x = hiPart - loPart;
  } else if (h < 0x3e300000) {
    // |x| < 2^-28: e^x = 1 + x rounded
    return 1 + x;
  }

  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - (loPart - (x * c) / (2.0 - c) - hiPart);
  if (k >= -1021) return addExp(y, k);
  return addExp(y, k + 1000) * TWOM1000;
}

// ---------------------------------------------------------------------------------------------
// log, log10, log1p

const LG1 = 6.666666666666735130e-1; // 0x3FE55555 55555593
const LG2 = 3.999999999940941908e-1; // 0x3FD99999 9997FA04
const LG3 = 2.857142874366239149e-1; // 0x3FD24924 94229359
const LG4 = 2.222219843214978396e-1; // 0x3FCC71C5 1D8E78AF
const LG5 = 1.818357216161805012e-1; // 0x3FC74664 96CB03DE
const LG6 = 1.531383769920937332e-1; // 0x3FC39A09 D078C69F
const LG7 = 1.479819860511658591e-1; // 0x3FC2F112 DF3E5244

/**
 * Natural logarithm. Port of fdlibm 5.3 `e_log.c` (__ieee754_log): x = 2^k·(1+f) with
 * sqrt(2)/2 < 1+f < sqrt(2), log(1+f) = f - f²/2 + s·(f²/2 + R(s²)) with s = f/(2+f) and R a
 * degree-14 Remez polynomial, plus k·ln2 in two parts.
 * Error: < 1 ulp (fdlibm's bound). Specials: log(±0) = -Inf, log(x < 0) = NaN, log(+Inf) = +Inf,
 * log(NaN) = NaN, log(1) = +0.
 */
export function log(x: number): number {
  let hx = hi(x);
  const lx = lo(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity; // log(+-0) = -inf
    if (hx < 0) return NaN; // log(-#) = NaN
    k -= 54;
    x *= TWO54; // subnormal: scale up
    hx = hi(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  x = withHi(x, hx | (i ^ 0x3ff00000)); // normalize x or x/2
  k += i >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      const dk = k;
      return dk * LN2_HI + dk * LN2_LO;
    }
    const r = f * f * (0.5 - 0.33333333333333333 * f);
    if (k === 0) return f - r;
    const dk = k;
    return dk * LN2_HI - (r - dk * LN2_LO - f);
  }
  const s = f / (2.0 + f);
  const dk = k;
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const r = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + r));
    return dk * LN2_HI - (hfsq - (s * (hfsq + r) + dk * LN2_LO) - f);
  }
  if (k === 0) return f - s * (f - r);
  return dk * LN2_HI - (s * (f - r) - dk * LN2_LO - f);
}

const IVLN10HI = 4.34294481878168880939e-1; // 0x3fdbcb7b 15200000
const IVLN10LO = 2.50829467116452752298e-11; // 0x3dbb9438 ca9aadd5
const LOG10_2HI = 3.01029995663611771306e-1; // 0x3FD34413 509F6000
const LOG10_2LO = 3.69423907715893078616e-13; // 0x3D59FEF3 11F12B36

/**
 * Base-10 logarithm. Port of FreeBSD msun `e_log10.c` (fdlibm's algorithm with the extra-precision
 * evaluation of `k_log.h`, the version V8 uses): log10(x) = k·log10(2) + log(1+f)/ln10 with the
 * head of f - f²/2 kept exact. Error: < 1 ulp; log10(10^n) = n exactly for the integer powers of
 * ten tested. Specials as for `log`.
 */
export function log10(x: number): number {
  let hx = hi(x);
  const lx = lo(x);
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = hi(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  if (hx === 0x3ff00000 && lx === 0) return 0; // log10(1) = +0
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  x = withHi(x, hx | (i ^ 0x3ff00000)); // normalize x or x/2
  k += i >> 20;
  const y = k;
  const f = x - 1.0;
  const hfsq = 0.5 * f * f;
  // k_log1p(f)
  const s = f / (2.0 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = s * (hfsq + (t2 + t1));

  const fhi = clearLo(f - hfsq);
  const flo = f - fhi - hfsq + r;
  let valHi = fhi * IVLN10HI;
  const y2 = y * LOG10_2HI;
  let valLo = y * LOG10_2LO + (flo + fhi) * IVLN10LO + flo * IVLN10HI;
  const ww = y2 + valHi;
  valLo += y2 - ww + valHi;
  valHi = ww;
  return valLo + valHi;
}

/**
 * log(1 + x), accurate for small x. Port of fdlibm 5.3 `s_log1p.c`: as `log`, with 1+x formed
 * exactly (a correction term c carries what rounding 1+x lost).
 * Error: < 1 ulp (fdlibm's bound). Specials: log1p(-1) = -Inf, log1p(x < -1) = NaN,
 * log1p(±0) = ±0, log1p(+Inf) = +Inf, log1p(NaN) = NaN.
 */
export function log1p(x: number): number {
  const hx = hi(x);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let c = 0;
  let hu = 0;
  if (hx < 0x3fda827a) {
    // x < 0.41422
    if (ax >= 0x3ff00000) {
      // x <= -1.0
      if (x === -1.0) return -Infinity;
      return NaN;
    }
    if (ax < 0x3e200000) {
      // |x| < 2^-29
      if (ax < 0x3c900000) return x; // |x| < 2^-54
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (0xbfd2bec3 | 0)) {
      // -0.2929 < x < 0.41422
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x;
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1.0 + x;
      hu = hi(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0); // correction term
      c /= u;
    } else {
      u = x;
      hu = hi(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {
      u = withHi(u, hu | 0x3ff00000); // normalize u
    } else {
      k += 1;
      u = withHi(u, hu | 0x3fe00000); // normalize u/2
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1.0;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      c += k * LN2_LO;
      return k * LN2_HI + c;
    }
    const r = hfsq * (1.0 - 0.66666666666666666 * f);
    if (k === 0) return f - r;
    return k * LN2_HI - (r - (k * LN2_LO + c) - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const r = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
  if (k === 0) return f - (hfsq - s * (hfsq + r));
  return k * LN2_HI - (hfsq - (s * (hfsq + r) + (k * LN2_LO + c)) - f);
}

// ---------------------------------------------------------------------------------------------
// expm1, tanh

const Q1 = -3.33333333333331316428e-2; // BFA11111 111110F4
const Q2 = 1.58730158725481460165e-3; // 3F5A01A0 19FE5585
const Q3 = -7.93650757867487942473e-5; // BF14CE19 9EAADBB7
const Q4 = 4.00821782732936239552e-6; // 3ED0CFCA 86E65239
const Q5 = -2.01099218183624371326e-7; // BE8AFDB7 6E09C32D

/**
 * e^x - 1, accurate for small x. Port of fdlibm 5.3 `s_expm1.c`: the reduction of `exp` with the
 * rounding error of the reduced argument carried separately, and a rational approximation of
 * degree 5 in x²/2 on [-0.35, 0.35].
 * Error: < 1 ulp (fdlibm's bound). Specials: expm1(±0) = ±0, expm1(+Inf) = +Inf,
 * expm1(-Inf) = -1, expm1(NaN) = NaN, overflow to +Inf above 709.782712893384.
 */
export function expm1(x: number): number {
  let hx = hi(x);
  const xsb = hx & 0x80000000;
  hx &= 0x7fffffff;
  let k: number;
  let c = 0;

  if (hx >= 0x4043687a) {
    // |x| >= 56 ln2
    if (hx >= 0x40862e42) {
      // |x| >= 709.78...
      if (hx >= 0x7ff00000) {
        if (((hx & 0xfffff) | lo(x)) !== 0) return x + x; // NaN
        return xsb === 0 ? x : -1.0;
      }
      if (x > O_THRESHOLD) return HUGE * HUGE; // overflow
    }
    if (xsb !== 0) return TINY - 1; // x < -56 ln2: -1
  }

  if (hx > 0x3fd62e42) {
    // |x| > 0.5 ln2
    let hiPart: number;
    let loPart: number;
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5 ln2
      if (xsb === 0) {
        hiPart = x - LN2_HI;
        loPart = LN2_LO;
        k = 1;
      } else {
        hiPart = x + LN2_HI;
        loPart = -LN2_LO;
        k = -1;
      }
    } else {
      k = (INVLN2 * x + (xsb === 0 ? 0.5 : -0.5)) | 0;
      const t = k;
      hiPart = x - t * LN2_HI; // exact
      loPart = t * LN2_LO;
    }
    x = hiPart - loPart;
    c = hiPart - x - loPart;
  } else if (hx < 0x3c900000) {
    // |x| < 2^-54: return x
    return x;
  } else {
    k = 0;
  }

  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  let t = 3.0 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6.0 - x * t));
  if (k === 0) return x - (x * e - hxs); // c is 0
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) {
    if (x < -0.25) return -2.0 * (e - (x + 0.5));
    return 1 + 2.0 * (x - e);
  }
  if (k <= -2 || k > 56) {
    // suffice to return exp(x) - 1
    const y = 1 - (e - x);
    return addExp(y, k) - 1;
  }
  if (k < 20) {
    t = fromWords(0x3ff00000 - (0x200000 >> k), 0); // 1 - 2^-k
    const y = t - (e - x);
    return addExp(y, k);
  }
  t = fromWords((0x3ff - k) << 20, 0); // 2^-k
  let y = x - (e + t);
  y += 1;
  return addExp(y, k);
}

/**
 * Hyperbolic tangent. Port of fdlibm 5.3 `s_tanh.c`: via expm1(±2|x|) for |x| < 22, ±1 beyond.
 * Error: < 2 ulp (1 ulp from expm1, one rounding in the final division; fdlibm states "tanh(x)
 * is nearly rounded"). Specials: tanh(±0) = ±0, tanh(±Inf) = ±1, tanh(NaN) = NaN.
 */
export function tanh(x: number): number {
  const jx = hi(x);
  const ix = jx & 0x7fffffff;
  if (ix >= 0x7ff00000) {
    if (jx >= 0) return 1 / x + 1; // tanh(+inf) = 1
    return 1 / x - 1; // tanh(-inf) = -1, tanh(NaN) = NaN
  }
  let z: number;
  if (ix < 0x40360000) {
    // |x| < 22
    if (ix < 0x3c800000) return x * (1 + x); // |x| < 2^-55
    if (ix >= 0x3ff00000) {
      // |x| >= 1
      const t = expm1(2 * Math.abs(x));
      z = 1 - 2 / (t + 2);
    } else {
      const t = expm1(-2 * Math.abs(x));
      z = -t / (t + 2);
    }
  } else {
    z = 1 - TINY; // |x| >= 22: +-1
  }
  return jx >= 0 ? z : -z;
}

// ---------------------------------------------------------------------------------------------
// pow

const BP = [1.0, 1.5];
const DP_H = [0.0, 5.84962487220764160156e-1]; // 0x3FE2B803 40000000
const DP_L = [0.0, 1.35003920212974897128e-8]; // 0x3E4CFDEB 43CFD006
const TWO53 = 9007199254740992.0; // 0x43400000 00000000
const L1 = 5.99999999999994648725e-1; // 0x3FE33333 33333303
const L2 = 4.28571428578550184252e-1; // 0x3FDB6DB6 DB6FABFF
const L3 = 3.33333329818377432918e-1; // 0x3FD55555 518F264D
const L4 = 2.72728123808534006489e-1; // 0x3FD17460 A91D4101
const L5 = 2.30660745775561754067e-1; // 0x3FCD864A 93C9DB65
const L6 = 2.06975017800338417784e-1; // 0x3FCA7E28 4A454EEF
const LG2_ = 6.93147180559945286227e-1; // 0x3FE62E42 FEFA39EF
const LG2_H = 6.93147182464599609375e-1; // 0x3FE62E43 00000000
const LG2_L = -1.90465429995776804525e-9; // 0xBE205C61 0CA86C39
const OVT = 8.0085662595372944372e-17; // -(1024-log2(ovfl+.5ulp))
const CP = 9.61796693925975554329e-1; // 0x3FEEC709 DC3A03FD = 2/(3ln2)
const CP_H = 9.61796700954437255859e-1; // 0x3FEEC709 E0000000 = (float)cp
const CP_L = -7.02846165095275826516e-9; // 0xBE3E2FE0 145B01F5 = tail of cp_h
const IVLN2 = 1.44269504088896338700e0; // 0x3FF71547 652B82FE = 1/ln2
const IVLN2_H = 1.44269502162933349609e0; // 0x3FF71547 60000000 = 24b 1/ln2
const IVLN2_L = 1.92596299112661746887e-8; // 0x3E54AE0B F85DDF44 = 1/ln2 tail

/** Range where Dekker's split and product stay exact: 2^-969 < |v| < 2^995. */
const DD_MAX = fromWords(0x7e200000, 0);
const DD_MIN = fromWords(0x03600000, 0);

/** Veltkamp's splitter 2^27 + 1: splits a double into two halves of 26 bits whose products are exact. */
const SPLITTER = 134217729;

/**
 * x^n for an integer 2 <= n <= 2^31 by binary powering in double-double arithmetic (Dekker's exact
 * product, no FMA needed), rounded once at the end: the relative error of the double-double value
 * stays below ~4·log2(n)·2^-104, so the result is the correctly rounded x^n except in
 * near-halfway cases (vanishingly rare). Returns NaN when an intermediate leaves the range where
 * the split is exact (|v| >= 2^995 or |v| <= 2^-969); the caller then falls back to fdlibm's pow.
 */
function powIntDD(x: number, n: number): number {
  // result (rh, rl) = 1; base (bh, bl) = x
  let rh = 1;
  let rl = 0;
  let bh = x;
  let bl = 0;
  let first = true;
  for (;;) {
    if (n % 2 === 1) {
      if (first) {
        rh = bh;
        rl = bl;
        first = false;
      } else {
        // (rh, rl) *= (bh, bl)
        const p = rh * bh;
        let c = SPLITTER * rh;
        const ah = c - (c - rh);
        const al = rh - ah;
        c = SPLITTER * bh;
        const ch = c - (c - bh);
        const cl = bh - ch;
        let e = ah * ch - p + ah * cl + al * ch + al * cl;
        e += rh * bl + rl * bh;
        rh = p + e;
        rl = e - (rh - p);
        const a = Math.abs(rh);
        if (!(a < DD_MAX && a > DD_MIN)) return NaN;
      }
    }
    n = Math.floor(n / 2);
    if (n === 0) break;
    // (bh, bl) *= (bh, bl)
    const p = bh * bh;
    const c = SPLITTER * bh;
    const ah = c - (c - bh);
    const al = bh - ah;
    let e = ah * ah - p + 2 * (ah * al) + al * al;
    e += 2 * (bh * bl);
    bh = p + e;
    bl = e - (bh - p);
    const a = Math.abs(bh);
    if (!(a < DD_MAX && a > DD_MIN)) return NaN;
  }
  return rh;
}

/**
 * x^y with the special cases of ECMAScript's Number::exponentiate (= IEEE 754 pow, except that
 * pow(±1, ±Inf) and pow(±1, NaN) are NaN).
 *
 * - Integer exponents 3 <= y <= 2^31 with |x| and every partial power in [2^-969, 2^995]: binary
 *   powering in double-double arithmetic (see `powIntDD`), correctly rounded except in near-halfway cases;
 *   error <= 0.5 ulp + 2^-40 ulp. This is the path of Adam's beta^t and StepLR's gamma^k.
 * - Everything else: port of fdlibm 5.3 `e_pow.c` (__ieee754_pow): log2(x) in extra precision
 *   (t1 + t2), multiplied by y split in two, then 2^(y·log2 x) by the `exp` kernel.
 *   Error: < 1 ulp in practice (fdlibm: "pow(x,y) returns x**y nearly rounded. In particular
 *   pow(integer,integer) always returns the correct integer provided it is representable").
 *   det-math.test.ts checks <= 2 ulp against Node's Math.pow.
 */
export function pow(x: number, y: number): number {
  const hx = hi(x);
  const lx = lo(x);
  const hy = hi(y);
  const ly = lo(y);
  let ix = hx & 0x7fffffff;
  const iy = hy & 0x7fffffff;

  // y == 0: x^0 = 1 (even for NaN x)
  if ((iy | ly) === 0) return 1;

  // NaN: x + y
  if (ix > 0x7ff00000 || (ix === 0x7ff00000 && lx !== 0) || iy > 0x7ff00000 || (iy === 0x7ff00000 && ly !== 0)) {
    return x + y;
  }

  // yisint = 0: y not an integer; 1: odd integer; 2: even integer (only needed when x < 0)
  let yisint = 0;
  if (hx < 0) {
    if (iy >= 0x43400000) yisint = 2; // even integer y
    else if (iy >= 0x3ff00000) {
      const k = (iy >> 20) - 0x3ff; // exponent
      if (k > 20) {
        const j = ly >>> (52 - k);
        if ((j << (52 - k)) >>> 0 === ly) yisint = 2 - (j & 1);
      } else if (ly === 0) {
        const j = iy >> (20 - k);
        if (j << (20 - k) === iy) yisint = 2 - (j & 1);
      }
    }
  }

  // special values of y
  if (ly === 0) {
    if (iy === 0x7ff00000) {
      // y is +-inf
      if (((ix - 0x3ff00000) | lx) === 0) return y - y; // (+-1)^+-inf is NaN
      if (ix >= 0x3ff00000) return hy >= 0 ? y : 0; // (|x|>1)^+-inf = inf, 0
      return hy < 0 ? -y : 0; // (|x|<1)^-,+inf = inf, 0
    }
    if (iy === 0x3ff00000) {
      // y is +-1
      return hy < 0 ? 1 / x : x;
    }
    if (hy === 0x40000000) return x * x; // y is 2
    if (hy === 0x3fe00000 && hx >= 0) return Math.sqrt(x); // y is 0.5, x >= +0
  }

  let ax = Math.abs(x);
  // special values of x
  if (lx === 0 && (ix === 0x7ff00000 || ix === 0 || ix === 0x3ff00000)) {
    let z = ax; // x is +-0, +-inf, +-1
    if (hy < 0) z = 1 / z; // z = 1/|x|
    if (hx < 0) {
      if (((ix - 0x3ff00000) | yisint) === 0) z = NaN; // (-1)^non-int
      else if (yisint === 1) z = -z; // (x<0)^odd = -(|x|^odd)
    }
    return z;
  }

  let n = (hx >> 31) + 1;
  // (x<0)^(non-int) is NaN
  if ((n | yisint) === 0) return NaN;

  // Integer exponents: exact-product binary powering (falls back below when out of its range).
  if (hy > 0x40000000 && hy <= 0x41e00000 && y === Math.floor(y) && ix >= 0x00100000) {
    const r = powIntDD(x, y);
    if (r === r) return r;
  }

  let s = 1; // sign of the result: -1 for (-ve)^(odd int)
  if ((n | (yisint - 1)) === 0) s = -1;

  let t1: number;
  let t2: number;
  if (iy > 0x41e00000) {
    // |y| > 2^31
    if (iy > 0x43f00000) {
      // |y| > 2^64: must over/underflow
      if (ix <= 0x3fefffff) return hy < 0 ? HUGE * HUGE : TINY * TINY;
      if (ix >= 0x3ff00000) return hy > 0 ? HUGE * HUGE : TINY * TINY;
    }
    // over/underflow if x is not close to one
    if (ix < 0x3fefffff) return hy < 0 ? s * HUGE * HUGE : s * TINY * TINY;
    if (ix > 0x3ff00000) return hy > 0 ? s * HUGE * HUGE : s * TINY * TINY;
    // |1-x| <= 2^-20: log(x) by x - x^2/2 + x^3/3 - x^4/4
    const t = ax - 1; // t has 20 trailing zeros
    const w = t * t * (0.5 - t * (0.3333333333333333333333 - t * 0.25));
    const u = IVLN2_H * t; // ivln2_h has 21 sig. bits
    const v = t * IVLN2_L - w * IVLN2;
    t1 = clearLo(u + v);
    t2 = v - (t1 - u);
  } else {
    n = 0;
    // subnormal x
    if (ix < 0x00100000) {
      ax *= TWO53;
      n -= 53;
      ix = hi(ax);
    }
    n += (ix >> 20) - 0x3ff;
    const j = ix & 0x000fffff;
    // determine interval
    ix = j | 0x3ff00000; // normalize ix
    let k: number;
    if (j <= 0x3988e) k = 0; // |x| < sqrt(3/2)
    else if (j < 0xbb67a) k = 1; // |x| < sqrt(3)
    else {
      k = 0;
      n += 1;
      ix -= 0x00100000;
    }
    ax = withHi(ax, ix);

    // ss = s_h + s_l = (x-1)/(x+1) or (x-1.5)/(x+1.5)
    let u = ax - BP[k];
    let v = 1 / (ax + BP[k]);
    const ss = u * v;
    const sH = clearLo(ss);
    // t_h = ax + bp[k] High
    let tH = fromWords(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18), 0);
    let tL = ax - (tH - BP[k]);
    const sL = v * (u - sH * tH - sH * tL);
    // log(ax)
    let s2 = ss * ss;
    let r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
    r += sL * (sH + ss);
    s2 = sH * sH;
    tH = clearLo(3.0 + s2 + r);
    tL = r - (tH - 3.0 - s2);
    // u + v = ss*(1+...)
    u = sH * tH;
    v = sL * tH + tL * ss;
    // 2/(3log2)*(ss+...)
    const pH = clearLo(u + v);
    const pL = v - (pH - u);
    const zH = CP_H * pH; // cp_h + cp_l = 2/(3*log2)
    const zL = CP_L * pH + pL * CP + DP_L[k];
    // log2(ax) = (ss+..)*2/(3*log2) = n + dp_h + z_h + z_l
    const t = n;
    t1 = clearLo(zH + zL + DP_H[k] + t);
    t2 = zL - (t1 - t - DP_H[k] - zH);
  }

  // split y into y1 + y2 and compute (y1+y2)*(t1+t2)
  const y1 = clearLo(y);
  const pL = (y - y1) * t1 + y * t2;
  let pH = y1 * t1;
  let z = pL + pH;
  let j = hi(z);
  let i = lo(z) | 0;
  if (j >= 0x40900000) {
    // z >= 1024
    if (((j - 0x40900000) | i) !== 0) return s * HUGE * HUGE; // overflow
    if (pL + OVT > z - pH) return s * HUGE * HUGE; // overflow
  } else if ((j & 0x7fffffff) >= 0x4090cc00) {
    // z <= -1075
    if (((j - (0xc090cc00 | 0)) | i) !== 0) return s * TINY * TINY; // underflow
    if (pL <= z - pH) return s * TINY * TINY; // underflow
  }

  // 2^(pH + pL)
  i = j & 0x7fffffff;
  let k = (i >> 20) - 0x3ff;
  n = 0;
  if (i > 0x3fe00000) {
    // |z| > 0.5: n = [z + 0.5]
    n = j + (0x00100000 >> (k + 1));
    k = ((n & 0x7fffffff) >> 20) - 0x3ff; // new k for n
    const t = fromWords(n & ~(0x000fffff >> k), 0);
    n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
    if (j < 0) n = -n;
    pH -= t;
  }
  const t = clearLo(pL + pH);
  const u = t * LG2_H;
  const v = (pL - (t - pH)) * LG2_ + t * LG2_L;
  z = u + v;
  const w = v - (z - u);
  const tt = z * z;
  const tq = z - tt * (P1 + tt * (P2 + tt * (P3 + tt * (P4 + tt * P5))));
  const r = (z * tq) / (tq - 2) - (w + z * w);
  z = 1 - (r - z);
  j = hi(z);
  j += n << 20;
  if (j >> 20 <= 0) z = scalbn(z, n); // subnormal output
  else z = addExp(z, n);
  return s * z;
}

/** x·2^n for the (rare) subnormal results of pow: exact by multiplying with powers of two. */
function scalbn(x: number, n: number): number {
  // n is negative here (a subnormal output); 2^-1000 and 2^-(-n-1000) are both normal doubles.
  while (n < -1000) {
    x *= TWOM1000;
    n += 1000;
  }
  // Multiply by 2^n in two steps so that only the last step rounds.
  if (n < -511) {
    x *= fromWords((0x3ff - 511) << 20, 0);
    n += 511;
  }
  return x * fromWords((0x3ff + n) << 20, 0);
}

// ---------------------------------------------------------------------------------------------
// sin, cos: argument reduction by pi/2 and the kernels

const INVPIO2 = 6.36619772367581382433e-1; // 0x3FE45F30 6DC9C883
const PIO2_1 = 1.57079632673412561417e0; // 0x3FF921FB 54400000
const PIO2_1T = 6.07710050650619224932e-11; // 0x3DD0B461 1A626331
const PIO2_2 = 6.07710050630396597660e-11; // 0x3DD0B461 1A600000
const PIO2_2T = 2.02226624879595063154e-21; // 0x3BA3198A 2E037073
const PIO2_3 = 2.02226624871116645580e-21; // 0x3BA3198A 2E000000
const PIO2_3T = 8.47842766036889956997e-32; // 0x397B839A 252049C1

// The reduced argument r = y0 + y1 of the last `remPio2` call (module-level to avoid allocating).
let remY0 = 0;
let remY1 = 0;

/**
 * x = n·pi/2 + (remY0 + remY1); returns n mod 4. Port of fdlibm 5.3 `e_rem_pio2.c`:
 * - |x| <= 2^19·pi/2 (high word <= 0x413921fb): Cody–Waite with pi/2 in three 33-bit pieces plus
 *   a tail (n < 2^20, so every n·pio2_k is exact), a second and third round only when cancellation
 *   needs them; good to 118-151 bits.
 * - beyond: Payne–Hanek reduction with 2/pi to 1584 bits (`kernelRemPio2`, fdlibm `k_rem_pio2.c`),
 *   exact for every finite double.
 */
function remPio2(x: number, hx: number): number {
  const ix = hx & 0x7fffffff;
  let n: number;
  if (ix <= 0x413921fb) {
    const t0 = Math.abs(x);
    n = Math.floor(t0 * INVPIO2 + 0.5);
    const fn = n;
    let r = t0 - fn * PIO2_1;
    let w = fn * PIO2_1T; // 1st round good to 85 bits
    const j = ix >> 20;
    remY0 = r - w;
    let i = j - ((hi(remY0) >> 20) & 0x7ff);
    if (i > 16) {
      // 2nd iteration needed, good to 118 bits
      let t = r;
      w = fn * PIO2_2;
      r = t - w;
      w = fn * PIO2_2T - (t - r - w);
      remY0 = r - w;
      i = j - ((hi(remY0) >> 20) & 0x7ff);
      if (i > 49) {
        // 3rd iteration, 151 bits: covers all cases
        t = r;
        w = fn * PIO2_3;
        r = t - w;
        w = fn * PIO2_3T - (t - r - w);
        remY0 = r - w;
      }
    }
    remY1 = r - remY0 - w;
  } else {
    // z = |x| scaled to [2^23, 2^24), cut in three 24-bit pieces
    const e0 = (ix >> 20) - 1046; // ilogb(|x|) - 23
    let z = fromWords(ix - (e0 << 20), lo(x));
    remTx[0] = Math.floor(z);
    z = (z - remTx[0]) * TWO24;
    remTx[1] = Math.floor(z);
    z = (z - remTx[1]) * TWO24;
    remTx[2] = z;
    let nx = 3;
    while (remTx[nx - 1] === 0) nx--; // skip zero terms
    n = kernelRemPio2(e0, nx);
  }
  const q = n & 3;
  if (hx < 0) {
    remY0 = -remY0;
    remY1 = -remY1;
    return (4 - q) & 3;
  }
  return q;
}

/** 2/pi in 24-bit chunks (fdlibm `k_rem_pio2.c` ipio2; regenerated from 700-digit pi and identical). */
const IPIO2 = [
  0xa2f983, 0x6e4e44, 0x1529fc, 0x2757d1, 0xf534dd, 0xc0db62, 0x95993c, 0x439041, 0xfe5163, 0xabdebb, 0xc561b7,
  0x246e3a, 0x424dd2, 0xe00649, 0x2eea09, 0xd1921c, 0xfe1deb, 0x1cb129, 0xa73ee8, 0x8235f5, 0x2ebb44, 0x84e99c,
  0x7026b4, 0x5f7e41, 0x3991d6, 0x398353, 0x39f49c, 0x845f8b, 0xbdf928, 0x3b1ff8, 0x97ffde, 0x05980f, 0xef2f11,
  0x8b5a0a, 0x6d1f6d, 0x367ecf, 0x27cb09, 0xb74f46, 0x3f669e, 0x5fea2d, 0x7527ba, 0xc7ebe5, 0xf17b3d, 0x0739f7,
  0x8a5292, 0xea6bfb, 0x5fb11f, 0x8d5d08, 0x560330, 0x46fc7b, 0x6babf0, 0xcfbc20, 0x9af436, 0x1da9e3, 0x91615e,
  0xe61b08, 0x659985, 0x5f14a0, 0x68408d, 0xffd880, 0x4d7327, 0x310606, 0x1556ca, 0x73a8c9, 0x60e27b, 0xc08c6b,
];

/** pi/2 in 24-bit pieces (fdlibm PIo2). */
const PIO2_PIECES = [
  1.57079625129699707031e0, // 0x3FF921FB 40000000
  7.54978941586159635335e-8, // 0x3E74442D 00000000
  5.39030252995776476554e-15, // 0x3CF84698 80000000
  3.28200341580791294123e-22, // 0x3B78CC51 60000000
  1.27065575308067607349e-29, // 0x39F01B83 80000000
  1.22933308981111328932e-36, // 0x387A2520 40000000
  2.73370053816464559624e-44, // 0x36E38222 80000000
  2.16741683877804819444e-51, // 0x3569F31D 00000000
];

const TWO24 = 16777216; // 0x41700000 00000000
const TWON24 = 5.9604644775390625e-8; // 0x3E700000 00000000

/** 2^k for -1022 <= k <= 1023, built exactly (fdlibm's scalbn(1, k)). */
function pow2(k: number): number {
  return fromWords((0x3ff + k) << 20, 0);
}

// Work arrays of kernelRemPio2 (fdlibm's locals; sizes as there).
const remTx = new Float64Array(3);
const remF = new Float64Array(20);
const remQ = new Float64Array(20);
const remFq = new Float64Array(20);
const remIq = new Int32Array(20);

/**
 * Payne–Hanek reduction of the number remTx[0..nx-1]·2^e0 (24-bit pieces) by pi/2, to 53+ bits:
 * port of fdlibm 5.3 `k_rem_pio2.c` with prec = 1 (double: jk = 4). Writes remY0, remY1; returns
 * n mod 8.
 */
function kernelRemPio2(e0: number, nx: number): number {
  const jk = 4;
  const jp = jk;
  const f = remF;
  const q = remQ;
  const fq = remFq;
  const iq = remIq;
  const x = remTx;
  f.fill(0);
  q.fill(0);
  fq.fill(0);
  iq.fill(0);

  // jx, jv, q0 (3 > q0)
  const jx = nx - 1;
  const jv = e0 - 3 >= 0 ? Math.floor((e0 - 3) / 24) : 0; // C's (e0-3)/24 truncates; negative -> 0
  let q0 = e0 - 24 * (jv + 1);

  // f[0 .. jx+jk] where f[jx+jk] = ipio2[jv+jk]
  let j = jv - jx;
  const m = jx + jk;
  for (let i = 0; i <= m; i++, j++) f[i] = j < 0 ? 0 : IPIO2[j];

  // q[0 .. jk]
  for (let i = 0; i <= jk; i++) {
    let fw = 0;
    for (j = 0; j <= jx; j++) fw += x[j] * f[jx + i - j];
    q[i] = fw;
  }

  let jz = jk;
  let z: number;
  let n: number;
  let ih: number;
  for (;;) {
    // distill q[] into iq[] reversingly
    z = q[jz];
    for (let i = 0, jj = jz; jj > 0; i++, jj--) {
      const fw = Math.floor(TWON24 * z);
      iq[i] = Math.floor(z - TWO24 * fw);
      z = q[jj - 1] + fw;
    }
    // n
    z *= pow2(q0);
    z -= 8.0 * Math.floor(z * 0.125); // trim off integer >= 8
    n = Math.floor(z);
    z -= n;
    ih = 0;
    if (q0 > 0) {
      // need iq[jz-1] to determine n
      const i = iq[jz - 1] >> (24 - q0);
      n += i;
      iq[jz - 1] -= i << (24 - q0);
      ih = iq[jz - 1] >> (23 - q0);
    } else if (q0 === 0) ih = iq[jz - 1] >> 23;
    else if (z >= 0.5) ih = 2;

    if (ih > 0) {
      // q > 0.5
      n += 1;
      let carry = 0;
      for (let i = 0; i < jz; i++) {
        // 1 - q
        const v = iq[i];
        if (carry === 0) {
          if (v !== 0) {
            carry = 1;
            iq[i] = 0x1000000 - v;
          }
        } else iq[i] = 0xffffff - v;
      }
      if (q0 === 1) iq[jz - 1] &= 0x7fffff;
      else if (q0 === 2) iq[jz - 1] &= 0x3fffff;
      if (ih === 2) {
        z = 1 - z;
        if (carry !== 0) z -= pow2(q0);
      }
    }

    // recompute with more terms of 2/pi if everything cancelled
    if (z === 0) {
      let v = 0;
      for (let i = jz - 1; i >= jk; i--) v |= iq[i];
      if (v === 0) {
        let k = 1;
        while (iq[jk - k] === 0) k++; // k = no. of terms needed
        for (let i = jz + 1; i <= jz + k; i++) {
          f[jx + i] = IPIO2[jv + i];
          let fw = 0;
          for (j = 0; j <= jx; j++) fw += x[j] * f[jx + i - j];
          q[i] = fw;
        }
        jz += k;
        continue;
      }
    }
    break;
  }

  // chop off zero terms
  if (z === 0) {
    jz -= 1;
    q0 -= 24;
    while (iq[jz] === 0) {
      jz--;
      q0 -= 24;
    }
  } else {
    // break z into 24-bit pieces if necessary
    z *= pow2(-q0);
    if (z >= TWO24) {
      const fw = Math.floor(TWON24 * z);
      iq[jz] = Math.floor(z - TWO24 * fw);
      jz += 1;
      q0 += 24;
      iq[jz] = fw;
    } else iq[jz] = Math.floor(z);
  }

  // integer chunks -> floating point
  let fw = pow2(q0);
  for (let i = jz; i >= 0; i--) {
    q[i] = fw * iq[i];
    fw *= TWON24;
  }

  // PIo2[0 .. jp] * q[jz .. 0]
  for (let i = jz; i >= 0; i--) {
    fw = 0;
    for (let k = 0; k <= jp && k <= jz - i; k++) fw += PIO2_PIECES[k] * q[i + k];
    fq[jz - i] = fw;
  }

  // compress fq[] into y[] (prec 1)
  fw = 0;
  for (let i = jz; i >= 0; i--) fw += fq[i];
  remY0 = ih === 0 ? fw : -fw;
  fw = fq[0] - fw;
  for (let i = 1; i <= jz; i++) fw += fq[i];
  remY1 = ih === 0 ? fw : -fw;
  return n & 7;
}

const S1 = -1.66666666666666324348e-1; // 0xBFC55555 55555549
const S2 = 8.33333333332248946124e-3; // 0x3F811111 1110F8A6
const S3 = -1.98412698298579493134e-4; // 0xBF2A01A0 19C161D5
const S4 = 2.75573137070700676789e-6; // 0x3EC71DE3 57B1FE7D
const S5 = -2.50507602534068634195e-8; // 0xBE5AE5E6 8A2B9CEB
const S6 = 1.58969099521155010221e-10; // 0x3DE5D93A 5ACFD57C

/** sin(x + y) on [-pi/4, pi/4], y the tail of x (`iy` = 0: y is 0). fdlibm `k_sin.c` (FreeBSD form). */
function kernelSin(x: number, y: number, iy: number): number {
  const z = x * x;
  const w = z * z;
  const r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
  const v = z * x;
  if (iy === 0) return x + v * (S1 + z * r);
  return x - (z * (0.5 * y - v * r) - y - v * S1);
}

const C1 = 4.16666666666666019037e-2; // 0x3FA55555 5555554C
const C2 = -1.38888888888741095749e-3; // 0xBF56C16C 16C15177
const C3 = 2.48015872894767294178e-5; // 0x3EFA01A0 19CB1590
const C4 = -2.75573143513906633035e-7; // 0xBE927E4F 809C52AD
const C5 = 2.08757232129817482790e-9; // 0x3E21EE9E BDB4B1C4
const C6 = -1.13596475577881948265e-11; // 0xBDA8FAE9 BE8838D4

/** cos(x + y) on [-pi/4, pi/4], y the tail of x. fdlibm `k_cos.c` (FreeBSD form, Bruce Evans' 1 - x²/2 split). */
function kernelCos(x: number, y: number): number {
  const z = x * x;
  let w = z * z;
  const r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
  const hz = 0.5 * z;
  w = 1 - hz;
  return w + (1 - w - hz + (z * r - x * y));
}

/**
 * Sine. Port of fdlibm 5.3 `s_sin.c` + `k_sin.c` / `k_cos.c` (FreeBSD msun forms) with the
 * reduction by pi/2 of `e_rem_pio2.c` / `k_rem_pio2.c` (see `remPio2`).
 * Error: < 1 ulp (fdlibm's bound) for every finite x, large ones included (Payne–Hanek reduction).
 * Specials: sin(±0) = ±0, sin(±Inf) = sin(NaN) = NaN.
 */
export function sin(x: number): number {
  const hx = hi(x);
  const ix = hx & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    // |x| ~< pi/4
    if (ix < 0x3e500000) return x; // |x| < 2^-26: sin x = x rounded (keeps -0)
    return kernelSin(x, 0, 0);
  }
  if (ix >= 0x7ff00000) return NaN;
  switch (remPio2(x, hx)) {
    case 0:
      return kernelSin(remY0, remY1, 1);
    case 1:
      return kernelCos(remY0, remY1);
    case 2:
      return -kernelSin(remY0, remY1, 1);
    default:
      return -kernelCos(remY0, remY1);
  }
}

/**
 * Cosine. Port of fdlibm 5.3 `s_cos.c` + kernels, as `sin`.
 * Error: < 1 ulp for every finite x. cos(pi) = -1 exactly (pi the double nearest). Specials: cos(±0) = 1, cos(±Inf) = cos(NaN) = NaN.
 */
export function cos(x: number): number {
  const hx = hi(x);
  const ix = hx & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    if (ix < 0x3e46a09e) return 1; // |x| < 2^-27·sqrt(2): cos x = 1 rounded
    return kernelCos(x, 0);
  }
  if (ix >= 0x7ff00000) return NaN;
  switch (remPio2(x, hx)) {
    case 0:
      return kernelCos(remY0, remY1);
    case 1:
      return -kernelSin(remY0, remY1, 1);
    case 2:
      return -kernelCos(remY0, remY1);
    default:
      return kernelSin(remY0, remY1, 1);
  }
}
