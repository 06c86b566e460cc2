// The palettes' claims (palette.ts): series drawn together stay apart under the common colour-vision
// deficiencies, and every line stands out from its background.

import { describe, expect, it } from "vitest";
import { PALETTES, PIN_COLORS, paletteVars, pinColor, seriesColor, type Palette } from "./palette.ts";

const rgb = (hex: string): number[] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
const toLinear = (c: number): number => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const toSrgb = (c: number): number => {
  const x = Math.min(1, Math.max(0, c));
  return x <= 0.0031308 ? 12.92 * x : 1.055 * x ** (1 / 2.4) - 0.055;
};

/** Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB. */
const CVD: Record<string, number[][]> = {
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.3039]],
};

function simulate(hex: string, vision: string): number[] {
  const lin = rgb(hex).map(toLinear);
  const m = CVD[vision];
  return m === undefined ? rgb(hex) : m.map((row) => toSrgb(row[0] * lin[0] + row[1] * lin[1] + row[2] * lin[2]));
}

/** CIELAB (D65) of an sRGB colour in 0..1. */
function lab(srgb: number[]): number[] {
  const [r, g, b] = srgb.map(toLinear);
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** The smallest CIE76 distance of two colours over normal vision and the three dichromacies. */
function worstDistance(a: string, b: string): number {
  return Math.min(
    ...["normal", ...Object.keys(CVD)].map((v) => {
      const [p, q] = [lab(simulate(a, v)), lab(simulate(b, v))];
      return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
    }),
  );
}

function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = rgb(hex).map(toLinear);
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Pairs of series one chart can show at once. */
function pairsDrawnTogether(p: Palette): [string, string, string][] {
  const out: [string, string, string][] = [];
  const pins = p.pins.map((c, i) => [`pin ${i + 1}`, c] as const);
  for (const [n, c] of pins) out.push(["loss", n, `${p.loss}/${c}`]);
  pins.forEach(([n, c], i) => pins.slice(i + 1).forEach(([m, d]) => out.push([n, m, `${c}/${d}`])));
  const lrSeries = [["lr", p.lr], ["lrT", p.lrT], ["update", p.update]] as const;
  lrSeries.forEach(([n, c], i) => lrSeries.slice(i + 1).forEach(([m, d]) => out.push([n, m, `${c}/${d}`])));
  for (const [n, c] of lrSeries) for (const [m, d] of pins) out.push([n, m, `${c}/${d}`]);
  return out;
}

describe("chart palettes", () => {
  for (const [name, p] of Object.entries(PALETTES)) {
    it(`${name}: series drawn together stay apart under protanopia, deuteranopia and tritanopia`, () => {
      const close = pairsDrawnTogether(p)
        .map(([a, b, colours]) => {
          const [x, y] = colours.split("/");
          return { pair: `${a} vs ${b} (${colours})`, d: worstDistance(x, y) };
        })
        .filter((r) => r.d < 15)
        .map((r) => `${r.pair}: ΔE ${r.d.toFixed(1)}`);
      expect(close).toEqual([]);
    });
    it(`${name}: every line has at least 3:1 contrast with the background`, () => {
      const weak = [p.loss, p.lr, p.lrT, p.update, ...p.pins].filter((c) => contrast(c, p.background) < 3);
      expect(weak).toEqual([]);
    });
  }

  it("the old page palette is the reason for the change: ‖Δx‖ teal and Tol purple merge under deuteranopia", () => {
    expect(worstDistance("#0f766e", "#aa3377")).toBeLessThan(3);
  });

  it("draws series and pins through CSS variables whose fallback is the light palette", () => {
    expect(seriesColor("loss")).toBe("var(--c-loss, #1d4ed8)");
    expect(pinColor(PIN_COLORS[1])).toBe(`var(--c-pin-2, ${PIN_COLORS[1]})`);
    expect(pinColor("#123456")).toBe("#123456");
    expect(paletteVars("present")["--c-pin-4"]).toBe(PALETTES.present.pins[3]);
    expect(Object.keys(paletteVars("dark"))).toContain("--c-lrT");
  });
});
