import { describe, expect, it } from "vitest";
import { preset } from "../../engine/run-config.ts";
import { fakeFactory } from "../testing/fake-worker.ts";
import { TheoryClient } from "./client.ts";
import type { TheoryRequest } from "./protocol.ts";
import { computeTheory } from "./worker.ts";

describe("TheoryClient", () => {
  it("starts its worker on the first request, resolves each request with its own reply, ignores strays", async () => {
    const f = fakeFactory<TheoryRequest>();
    const client = new TheoryClient(f.create);
    expect(f.made).toHaveLength(0);
    const a = client.compute(preset("default"), 10);
    const b = client.compute(preset("no-decay"), 10);
    const w = f.latest();
    expect(w.sent.map((m) => m.points)).toEqual([10, 10]);
    w.emit({ type: "theoryDone", requestId: 999, curve: { supported: false, reason: "problem" } });
    for (const m of w.sent.slice().reverse()) w.emit(computeTheory(m).reply);
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.supported && rb.supported && ra.stages.length > rb.stages.length).toBe(true);
  });

  it("rejects what is pending when its worker crashes, and starts a fresh one for the next request", async () => {
    const f = fakeFactory<TheoryRequest>();
    const client = new TheoryClient(f.create);
    const p = client.compute(preset("default"), 10);
    f.latest().fail("boom");
    await expect(p).rejects.toThrow(/theory worker stopped \(boom\)/);
    void client.compute(preset("default"), 10).catch(() => {});
    expect(f.made).toHaveLength(2);
  });
});
