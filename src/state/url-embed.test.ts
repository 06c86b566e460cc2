// The embed and presentation keys (issue #16) in the one key table: read, written, and every bad
// value reported with key, value and the valid values, the rest of the link still applying.

import { describe, expect, it } from "vitest";
import { decodeState, defaultUrlState, encodeState } from "./url.ts";
import { DEFAULT_EMBED } from "./url-keys.ts";

describe("embed and presentation keys", () => {
  it("reads an embed link: charts, controls, origin, and the run's own keys", () => {
    const { state, problems } = decodeState("?v=1&lr=0.01&embed=1&charts=loss,lr&controls=lr,decay-kind,gamma&origin=https://blog.example.org");
    expect(problems).toEqual([]);
    expect(state.config.optimizer.lr).toBe(0.01);
    expect(state.embed).toEqual({ on: true, charts: ["loss", "lr"], controls: ["lr", "decay-kind", "gamma"], origin: "https://blog.example.org" });
  });

  it("draws the charts in their own order whatever the link's order", () => {
    expect(decodeState("embed=1&charts=lr,loss").state.embed?.charts).toEqual(["loss", "lr"]);
    expect(decodeState("embed=1&charts=lr").state.embed?.charts).toEqual(["lr"]);
  });

  it("writes the keys back (defaults omitted) and a round trip keeps them", () => {
    const s = { ...defaultUrlState(), embed: { on: true, charts: ["loss" as const, "lr" as const], controls: ["lr"], origin: null }, present: true };
    const q = encodeState(s);
    expect(q).toBe("v=1&embed=1&charts=loss,lr&controls=lr&present=1");
    expect(decodeState(q).state).toEqual(s);
    expect(encodeState({ ...defaultUrlState(), embed: { ...DEFAULT_EMBED } })).toBe("");
  });

  it("the full page's link is the same link minus the embed keys", () => {
    const { state } = decodeState("v=1&lr=0.01&decay=cosine&tMax=20&embed=1&charts=loss,lr&controls=lr&origin=https://a.example");
    expect(encodeState({ ...state, embed: undefined })).toBe("v=1&lr=0.01&decay=cosine&tMax=20");
  });

  it("reports bad values with key, value and what is valid; the valid keys still apply", () => {
    const { state, problems } = decodeState("lr=0.01&embed=yes&charts=loss,bars&controls=lr,decay,gamma&origin=https://a.example/path&present=2");
    expect(state.config.optimizer.lr).toBe(0.01);
    const byField = Object.fromEntries(problems.map((p) => [p.field, p.message]));
    expect(byField.embed).toBe('embed must be 1 or 0, got "yes"');
    expect(byField.charts).toBe('charts must be one of loss, lr, loss,lr, got "loss,bars"');
    expect(byField.controls).toMatch(/^controls names an unknown control id "decay"; valid ids are optimizer, lr, /);
    expect(byField.origin).toBe('origin must be an origin, scheme://host[:port] without a path (e.g. https://blog.example.org), got "https://a.example/path"');
    expect(byField.present).toBe('present must be 1 or 0, got "2"');
    // The known control ids of a partly bad list apply.
    expect(state.embed?.controls).toEqual(["lr", "gamma"]);
  });

  it("accepts only http(s) origins written as the browser writes event.origin", () => {
    for (const bad of ["javascript:alert(1)", "https://a.example/", "ftp://a.example", "a.example", "https://A.example"]) {
      expect(decodeState(`embed=1&origin=${encodeURIComponent(bad)}`).problems.map((p) => p.field), bad).toEqual(["origin"]);
    }
    expect(decodeState("embed=1&origin=http://localhost:8888").state.embed?.origin).toBe("http://localhost:8888");
  });
});
