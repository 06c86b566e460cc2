// atan on + − × ÷ only, so a custom surface using it gives the same bits in Node and in every
// browser (det-math.ts explains why the engine avoids Math.atan and friends). A transcription of
// fdlibm's s_atan.c (Sun Microsystems, 1993): argument reduction to |x| < 7/16 around four
// breakpoints, then an odd polynomial of degree 23.

const ATAN_HI = [4.63647609000806093515e-1, 7.85398163397448278999e-1, 9.82793723247329054082e-1, 1.5707963267948965580e0];
const ATAN_LO = [2.26987774529616870924e-17, 3.06161699786838301793e-17, 1.39033110312309984516e-17, 6.12323399573676603587e-17];
const AT = [
  3.33333333333329318027e-1, -1.99999999998764832476e-1, 1.42857142725034663711e-1, -1.1111110405462355788e-1,
  9.09088713343650656196e-2, -7.69187620504482999495e-2, 6.66107313738753120669e-2, -5.83357013379057348645e-2,
  4.97687799461593236017e-2, -3.6531572744216915527e-2, 1.62858201153657823623e-2,
];

export function atan(x: number): number {
  if (Number.isNaN(x)) return x;
  const sign = x < 0 || Object.is(x, -0) ? -1 : 1;
  let a = Math.abs(x);
  if (a >= 7.378697629483821e19) return sign * (ATAN_HI[3] + ATAN_LO[3]); // 2^66: atan is pi/2 to double precision
  let id: number;
  if (a < 0.4375) {
    if (a < 7.450580596923828e-9) return x; // 2^-27: atan x = x to double precision
    id = -1;
  } else if (a < 1.1875) {
    if (a < 0.6875) {
      id = 0;
      a = (2 * a - 1) / (2 + a);
    } else {
      id = 1;
      a = (a - 1) / (a + 1);
    }
  } else if (a < 2.4375) {
    id = 2;
    a = (a - 1.5) / (1 + 1.5 * a);
  } else {
    id = 3;
    a = -1 / a;
  }
  const z = a * a;
  const w = z * z;
  const s1 = z * (AT[0] + w * (AT[2] + w * (AT[4] + w * (AT[6] + w * (AT[8] + w * AT[10])))));
  const s2 = w * (AT[1] + w * (AT[3] + w * (AT[5] + w * (AT[7] + w * AT[9]))));
  if (id < 0) return sign * (a - a * (s1 + s2));
  const r = ATAN_HI[id] - (a * (s1 + s2) - ATAN_LO[id] - a);
  return sign * r;
}
