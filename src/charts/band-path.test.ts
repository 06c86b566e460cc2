import { describe, expect, it } from "vitest";
import { bandAreaPath, bandLinePath } from "./band-path.ts";

const sx = (v: number) => v * 10;
const sy = (v: number) => 100 - v * 100;

describe("band paths", () => {
  it("draw the area upper edge forward, lower edge back, closed", () => {
    expect(bandAreaPath([1, 2], [0.5, 0.4], [0.9, 0.8], sx, sy, 0)).toBe("M10,10L20,20L20,60L10,50Z");
  });

  it("put +Infinity (diverged seeds) at the plot's top and lift the median's pen there", () => {
    const inf = Number.POSITIVE_INFINITY;
    expect(bandAreaPath([1, 2, 3], [0.5, 0.5, inf], [0.9, inf, inf], sx, sy, -5)).toBe("M10,10L20,-5L30,-5L30,-5L20,50L10,50Z");
    expect(bandLinePath([1, 2, 3], [0.5, inf, 0.6], sx, sy)).toBe("M10,50M30,40");
  });

  it("skip what a log axis cannot show, and give nothing for fewer than two points", () => {
    expect(bandLinePath([0, 1, 2], [0.5, 0.5, -1], sx, sy, true, true)).toBe("M10,50");
    expect(bandAreaPath([1], [0.5], [0.9], sx, sy, 0)).toBe("");
  });
});
