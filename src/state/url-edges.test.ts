// Edges of the URL codec found by the reliability probe (issue 13).
import { describe, expect, it } from "vitest";
import { numberOrText, readNumber } from "../engine/value-text.ts";
import { KNOWN_KEYS, MAX_KEYS } from "./url-keys.ts";
import { problemMessage } from "./problem-text.ts";
import { decodeState } from "./url.ts";

describe("a huge link", () => {
  it("reads at most MAX_KEYS keys and reports the rest as one problem", () => {
    // The probe's link: 211,111 keys, about 2 MB.
    const query = Array.from({ length: 211_111 }, (_, i) => `k${i}=1`).join("&");
    expect(query.length).toBeGreaterThan(1_900_000);
    const { problems } = decodeState(query);
    expect(problems).toHaveLength(MAX_KEYS + 1);
    const last = problems[problems.length - 1];
    expect(last).toMatchObject({ field: "url", code: "tooManyKeys", count: 211_111, max: MAX_KEYS });
    expect(last.message).toBe(`the link has 211111 keys; only the first ${MAX_KEYS} are read, the rest are ignored`);
    expect(problemMessage(last, "zh")).toContain("211111");
  });

  it("applies the keys it read and counts empty segments as nothing", () => {
    const query = `lr=0.05&&&${Array.from({ length: MAX_KEYS }, () => "seed=2").join("&")}&epochs=7`;
    const { state, problems } = decodeState(query);
    expect(state.config.optimizer.lr).toBe(0.05);
    expect(state.config.seed).toBe(2);
    expect(state.config.epochs).toBe(25); // key 502: not read
    expect(problems.map((p) => p.code)).toEqual(["duplicateKey", "tooManyKeys"]);
  });
});

describe("a key given twice", () => {
  it("keeps the first value with one notice, at the top level and inside a pin alike", () => {
    const top = decodeState("lr=0.01&lr=0.02&lr=0.03");
    expect(top.state.config.optimizer.lr).toBe(0.01);
    expect(top.problems).toMatchObject([{ field: "lr", code: "duplicateKey", message: "lr is given more than once; the first value is used" }]);

    const pin = decodeState("pin=lr:0.01;lr:0.02;lr:0.03");
    expect(pin.state.pins.map((p) => p.optimizer.lr)).toEqual([0.01]);
    expect(pin.problems).toMatchObject([{ field: "pin1.lr", code: "duplicateKey", message: "lr is given more than once; the first value is used" }]);
    expect(problemMessage(pin.problems[0], "zh")).toContain("使用第一个值");
  });

  it("a repeated bad value still leaves the pin out, like any bad field", () => {
    const { state, problems } = decodeState("pin=lr:abc;lr:0.02");
    expect(state.pins).toEqual([]);
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ["pin1.lr", "duplicateKey"],
      ["pin1.lr", "notNumber"],
      ["pin1", "pinDropped"],
    ]);
  });
});

describe("the one number grammar", () => {
  it("reads decimal numbers only: no hex, binary, octal, separators or blanks", () => {
    for (const [text, n] of [["16", 16], [" 5 ", 5], ["-0.5", -0.5], [".5", 0.5], ["1e-3", 0.001], ["+2", 2], ["5.", 5]] as const) {
      expect(readNumber(text), text).toBe(n);
    }
    expect(readNumber("NaN")).toBeNaN();
    expect(readNumber("-Infinity")).toBe(-Infinity);
    for (const text of ["0x10", "0b11", "0o7", "1_000", "", " ", "1e", "e3", "--1", "1,5", "16px", "Infinityx"]) {
      expect(readNumber(text), text).toBeUndefined();
    }
    expect(numberOrText("0x10")).toBe("0x10");
  });

  it("links reject hex, naming the value", () => {
    const { state, problems } = decodeState("epochs=0x10");
    expect(state.config.epochs).toBe(25);
    expect(problems[0].message).toBe('epochs must be a number, got "0x10"');
  });
});

describe("the key table", () => {
  it("knows every key the encoder writes, and is read-only", () => {
    for (const k of ["v", "opt", "lr", "eps", "form", "wd", "decay", "anneal", "plateauEps", "warmup", "warmupStart", "batch", "start",
      "smooth", "logy", "logx", "fit", "x", "lang", "lesson", "hide", "lock", "pin", "sweep", "sweepLr", "sweepValues", "sweepSeeds"]) {
      expect(KNOWN_KEYS.has(k), k).toBe(true);
    }
    expect(KNOWN_KEYS.has("epsilon")).toBe(false);
  });
});
