import { describe, expect, it } from "vitest";
import { compilationOf } from "../engine/expression/registry.ts";
import { customSurfacesFirst } from "./shared.ts";

const ev = (data: unknown) => ({ data }) as MessageEvent<unknown>;

describe("workers: a Custom config waits for its expression to compile", () => {
  it("compiles first, keeps the messages' order, and passes others through at once", async () => {
    const seen: unknown[] = [];
    const onMessage = customSurfacesFirst((e) => seen.push(e.data));
    onMessage(ev({ type: "pause", runId: 1 }));
    expect(seen).toEqual([{ type: "pause", runId: 1 }]);
    const f = "x^2 + 3*y^2 + 0.125";
    const start = { type: "start", runId: 2, config: { problem: "custom", custom: { f, noise: 0, bounds: { xMin: -1, xMax: 1, yMin: -1, yMax: 1 } } } };
    onMessage(ev(start));
    onMessage(ev({ type: "resume", runId: 2 }));
    expect(seen).toHaveLength(1);
    await expect.poll(() => seen.length, { timeout: 30_000 }).toBe(3);
    expect(seen.slice(1)).toEqual([start, { type: "resume", runId: 2 }]);
    expect(compilationOf(f)?.ok).toBe(true);
    // A refused expression is registered as refused: the worker then answers with its reason.
    const bad = { requestId: 3, configs: [{ problem: "custom", custom: { f: "x +" } }] };
    onMessage(ev(bad));
    await expect.poll(() => seen.length, { timeout: 30_000 }).toBe(4);
    expect(compilationOf("x +")).toMatchObject({ ok: false, error: { kind: "syntax" } });
  });
});
