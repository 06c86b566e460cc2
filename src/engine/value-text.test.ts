import fc from "fast-check";
import { describe, expect, it } from "vitest";
// The one number grammar of links, the CLI, the sweep form and the number boxes (value-text.ts).
import { numberOrText as parseNumberText } from "./value-text.ts";

describe("parseNumberText", () => {
  it("reads plain decimals", () => {
    for (const [text, n] of [["16", 16], ["-0.5", -0.5], ["+3", 3], ["1e-8", 1e-8], ["2.5E+3", 2500], [".5", 0.5], ["5.", 5], [" 12 ", 12], ["007", 7]] as const) {
      expect(parseNumberText(text), text).toBe(n);
    }
    expect(Object.is(parseNumberText("-0"), -0)).toBe(true);
  });

  it("reads Infinity and NaN as numbers, so the schema can call them not finite", () => {
    expect(parseNumberText("Infinity")).toBe(Infinity);
    expect(parseNumberText("-Infinity")).toBe(-Infinity);
    expect(parseNumberText("NaN")).toBeNaN();
  });

  it("gives back the text of anything else: hex, octal, binary, blanks, separators, words", () => {
    for (const text of ["0x10", "0X10", "0o20", "0b1", "", "   ", "1_000", "1,000", "1e", "e5", "1.2.3", "--1", "+-1", "infinity", "inf", "12abc", "1 2", "١٢"]) {
      expect(parseNumberText(text), JSON.stringify(text)).toBe(text);
    }
  });

  it("round-trips every finite double's shortest form", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        // String(-0) is "0", so compare with ===.
        expect(parseNumberText(String(x)) === x).toBe(true);
      }),
    );
  });
});
