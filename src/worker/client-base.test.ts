// The client base on its own, with a toy protocol: ids, stale replies, crashes, restarts and
// termination; then RequestClient's promise per request.

import { describe, expect, it } from "vitest";
import { RequestClient, WorkerClient, type CrashReason } from "./client-base.ts";
import type { Checked } from "./shared.ts";
import { fakeFactory } from "./testing/fake-worker.ts";

type Ask = { id: number; text: string };
type Answer = { id: number; text: string; ok: boolean };

const isAnswer = (v: unknown): v is Answer =>
  typeof v === "object" && v !== null && typeof (v as Answer).id === "number" && typeof (v as Answer).text === "string" && typeof (v as Answer).ok === "boolean";

class EchoClient extends WorkerClient<Ask, Answer> {
  replies: Answer[] = [];
  crashes: CrashReason[] = [];
  ask(text: string): number {
    const id = this.newId();
    this.post({ id, text });
    return id;
  }
  protected isReply(data: unknown): data is Answer {
    return isAnswer(data);
  }
  protected idOf(msg: Answer): number {
    return msg.id;
  }
  protected onReply(msg: Answer): void {
    this.replies.push(msg);
  }
  protected onCrash(reason: CrashReason): void {
    this.crashes.push(reason);
  }
}

class AskClient extends RequestClient<Ask, Answer, string> {
  ask(text: string): Promise<string> {
    return this.request((id) => ({ id, text }));
  }
  protected isReply(data: unknown): data is Answer {
    return isAnswer(data);
  }
  protected idOf(msg: Answer): number {
    return msg.id;
  }
  protected settle(msg: Answer): Checked<string> {
    return msg.ok ? { ok: true, value: msg.text } : { ok: false, message: msg.text };
  }
  protected crashMessage(reason: CrashReason): string {
    return reason.kind === "error" ? `stopped (${reason.detail ?? "?"})` : reason.kind;
  }
}

describe("WorkerClient", () => {
  it("starts its worker with the first message unless eager, and numbers requests", () => {
    const lazy = fakeFactory<Ask>();
    const c = new EchoClient({ create: lazy.create, restart: "now" });
    expect(lazy.made).toHaveLength(0);
    expect(c.hasWorker).toBe(false);
    expect([c.ask("a"), c.ask("b")]).toEqual([1, 2]);
    expect(lazy.made).toHaveLength(1);
    expect(lazy.latest().sent.map((m) => m.id)).toEqual([1, 2]);

    const eager = fakeFactory<Ask>();
    new EchoClient({ create: eager.create, restart: "now", eager: true });
    expect(eager.made).toHaveLength(1);
  });

  it("drops replies to any but the newest request, and junk crashes the worker", () => {
    const f = fakeFactory<Ask>();
    const c = new EchoClient({ create: f.create, restart: "now" });
    const old = c.ask("old");
    const now = c.ask("new");
    f.latest().emit({ id: old, text: "old", ok: true });
    f.latest().emit({ id: now, text: "new", ok: true });
    expect(c.replies.map((r) => r.text)).toEqual(["new"]);
    f.latest().emit({ id: now, text: 3 });
    expect(c.crashes).toEqual([{ kind: "malformed" }]);
    expect(f.made[0].terminated).toBe(true);
  });

  it("restart 'now' replaces a crashed worker at once; the old one is detached and terminated", () => {
    const f = fakeFactory<Ask>();
    const c = new EchoClient({ create: f.create, restart: "now", eager: true });
    const first = f.latest();
    const id = c.ask("x");
    first.fail("boom");
    expect(c.crashes).toEqual([{ kind: "error", detail: "boom" }]);
    expect(first.terminated).toBe(true);
    expect(first.onmessage).toBeNull();
    expect(f.made).toHaveLength(2);
    expect(c.restartCount).toBe(1);
    // A late reply of the dead worker reaches nobody; the new worker's does.
    first.emit({ id, text: "late", ok: true });
    f.latest().emit({ id, text: "fresh", ok: true });
    expect(c.replies.map((r) => r.text)).toEqual(["fresh"]);
    f.latest().unreadable();
    expect(c.crashes[1]).toEqual({ kind: "messageerror" });
    expect(c.restartCount).toBe(2);
    f.latest().fail("");
    expect(c.crashes[2]).toEqual({ kind: "error", detail: null });
  });

  it("restart 'onDemand' starts the replacement with the next message", () => {
    const f = fakeFactory<Ask>();
    const c = new EchoClient({ create: f.create, restart: "onDemand" });
    c.ask("a");
    f.latest().fail("boom");
    expect(f.made).toHaveLength(1);
    expect(c.hasWorker).toBe(false);
    c.ask("b");
    expect(f.made).toHaveLength(2);
    expect(f.latest().sent.map((m) => m.text)).toEqual(["b"]);
  });

  it("terminate stops the worker without counting a restart; the next message starts a new one", () => {
    const f = fakeFactory<Ask>();
    const c = new EchoClient({ create: f.create, restart: "now", eager: true });
    c.terminate();
    expect(f.made[0].terminated).toBe(true);
    expect(c.hasWorker).toBe(false);
    expect(c.restartCount).toBe(0);
    c.terminate(); // idempotent
    c.ask("again");
    expect(f.made).toHaveLength(2);
  });
});

describe("RequestClient", () => {
  it("settles each request with its own reply, in any order", async () => {
    const f = fakeFactory<Ask>();
    const c = new AskClient(f.create);
    const a = c.ask("a");
    const b = c.ask("b");
    expect(c.pendingCount).toBe(2);
    f.latest().emit({ id: 2, text: "B", ok: true });
    f.latest().emit({ id: 1, text: "no", ok: false });
    await expect(b).resolves.toBe("B");
    await expect(a).rejects.toThrow("no");
    expect(c.pendingCount).toBe(0);
  });

  it("drops a reply to a request it no longer awaits", async () => {
    const f = fakeFactory<Ask>();
    const c = new AskClient(f.create);
    const a = c.ask("a");
    f.latest().emit({ id: 99, text: "stray", ok: true });
    f.latest().emit({ id: 1, text: "A", ok: true });
    f.latest().emit({ id: 1, text: "again", ok: true });
    await expect(a).resolves.toBe("A");
  });

  it("a crash rejects everything pending, and the next request gets a fresh worker", async () => {
    const f = fakeFactory<Ask>();
    const c = new AskClient(f.create);
    const a = c.ask("a");
    const b = c.ask("b");
    f.latest().fail("boom");
    await expect(a).rejects.toThrow("stopped (boom)");
    await expect(b).rejects.toThrow("stopped (boom)");
    expect(f.made[0].terminated).toBe(true);
    const next = c.ask("c");
    expect(f.made).toHaveLength(2);
    f.latest().emit({ id: 3, text: "C", ok: true });
    await expect(next).resolves.toBe("C");
  });

  it("cancelAll terminates and rejects; dispose leaves nothing running", async () => {
    const f = fakeFactory<Ask>();
    const c = new AskClient(f.create);
    c.cancelAll(); // nothing pending: the worker (none yet) is left alone
    expect(f.made).toHaveLength(0);
    const a = c.ask("a");
    c.cancelAll("gone");
    await expect(a).rejects.toThrow("gone");
    expect(f.made[0].terminated).toBe(true);
    c.ask("b").catch(() => {});
    c.dispose();
    expect(f.made[1].terminated).toBe(true);
    expect(c.hasWorker).toBe(false);
  });
});
