// Lessons and pinned runs given by config (links, lessons): the store's side, with a stand-in for
// the pinned-run worker so each request can be answered, failed or left pending.

import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun, preset, type RunConfig } from "../engine/run-config.ts";
import { computePinned } from "../worker/pinned/worker.ts";
import type { PinnedResult } from "../worker/pinned/client.ts";
import { LESSONS, findLesson } from "./lessons.ts";
import { MAX_PINS, connectPort, usePlayground, type PinnedPort, type TrainingPort } from "./store.ts";
import { decodeState, encodeState, defaultUrlState } from "./url.ts";
import { viewBase } from "./views.ts";

const noopPort: TrainingPort = { start: () => 1, pause() {}, resume() {}, step() {}, setSpeed() {}, setRate() {} };

class FakePinned implements PinnedPort {
  requests: { config: RunConfig; resolve(r: PinnedResult): void; reject(e: Error): void }[] = [];
  cancelled = 0;
  run(config: RunConfig): Promise<PinnedResult> {
    return new Promise((resolve, reject) => this.requests.push({ config, resolve, reject }));
  }
  cancelAll(): void {
    this.cancelled++;
    for (const r of this.requests.splice(0)) r.reject(new Error("cancelled"));
  }
  /** Answers every pending request with the real computation, cut to a few steps. */
  answerAll(maxSteps = 300): void {
    for (const r of this.requests.splice(0)) {
      const { reply } = computePinned({ type: "pinned", requestId: 1, config: r.config, maxSteps });
      if (reply.type === "pinnedError") r.reject(new Error(reply.message));
      else {
        const { type: _t, requestId: _r, ...result } = reply;
        r.resolve(result);
      }
    }
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const st = () => usePlayground.getState();
let pinnedRuns: FakePinned;

beforeEach(() => {
  pinnedRuns = new FakePinned();
  connectPort(noopPort, pinnedRuns);
  usePlayground.setState({ pinned: [], notices: [], lesson: null, config: cloneRun(DEFAULT_RUN) });
});

describe("lessons in the store", () => {
  it("opening each lesson loads its config and pins its comparison runs, pending until computed", async () => {
    for (const lesson of LESSONS) {
      st().openLesson(lesson.id);
      expect(st().lesson).toBe(lesson.id);
      expect(st().config).toEqual(lesson.config);
      expect(st().pinned.map((p) => p.config)).toEqual(lesson.pins.map((p) => p.config));
      expect(st().pinned.every((p) => p.pending && p.source === "lesson")).toBe(true);
      expect(st().pinned.map((p) => p.title?.zh)).toEqual(lesson.pins.map((p) => p.label.zh));
      pinnedRuns.answerAll();
      await flush();
      for (const p of st().pinned) {
        expect(p.pending).toBe(false);
        expect(p.error).toBeNull();
        expect(p.columns.loss.length).toBe(300);
        expect(p.truncated).toBe(true);
      }
    }
  });

  it("a new lesson cancels the old one's computations; their late results change nothing", async () => {
    st().openLesson("plateau");
    const stale = pinnedRuns.requests.slice();
    st().openLesson("epsilon-hat");
    expect(pinnedRuns.cancelled).toBeGreaterThan(0);
    await flush();
    expect(st().pinned.map((p) => p.title?.en)).toEqual(["epsilon 0.1", "epsilon 1.0"]);
    expect(st().pinned.every((p) => p.pending && p.error === null)).toBe(true);
    expect(stale.length).toBe(2);
  });

  it("a failed computation is shown on its pin, not thrown", async () => {
    st().pinConfig({ ...cloneRun(DEFAULT_RUN), seed: 5 }, "link");
    pinnedRuns.requests[0].reject(new Error("the comparison-run worker stopped (boom)"));
    await flush();
    expect(st().pinned[0]).toMatchObject({ pending: false, error: "the comparison-run worker stopped (boom)" });
  });

  it("removing a pin while it computes drops its result", async () => {
    st().pinConfig(preset("no-decay"), "link");
    const id = st().pinned[0].id;
    st().unpin(id);
    pinnedRuns.answerAll();
    await flush();
    expect(st().pinned).toEqual([]);
  });

  it("respects the pin limit for config pins too", () => {
    for (let i = 0; i < MAX_PINS + 2; i++) st().pinConfig({ ...cloneRun(DEFAULT_RUN), seed: i + 1 }, "link");
    expect(st().pinned).toHaveLength(MAX_PINS);
    expect(st().notices.at(-1)).toMatchObject({ kind: "pinLimit", vars: { n: MAX_PINS } });
  });

  it("closing the lesson keeps the runs", () => {
    st().openLesson("halve-vs-tenth");
    st().closeLesson();
    expect(st().lesson).toBeNull();
    expect(st().pinned).toHaveLength(1);
  });
});

describe("lessons in the link", () => {
  it("every lesson id round-trips; an unknown one is a problem naming the valid ids", () => {
    for (const l of LESSONS) {
      const q = encodeState({ ...defaultUrlState(), lesson: l.id, config: l.config });
      const back = decodeState(q);
      expect(back.problems).toEqual([]);
      expect(back.state.lesson).toBe(l.id);
      expect(back.state.config).toEqual(l.config);
    }
    // The lesson's config is the link's base: its id alone opens it as written, and a change on
    // top of it is all the link spells out.
    const lesson4 = findLesson("bias-correction")!;
    expect(decodeState("lesson=bias-correction").state.config).toEqual(lesson4.config);
    const changed = { ...lesson4.config, seed: 3 };
    // Its view (steps, log x) is the base of the view keys, as its config is of the run keys.
    const view = viewBase(lesson4.view);
    expect(decodeState("lesson=bias-correction").state.view).toEqual(view);
    expect(encodeState({ ...defaultUrlState(), lesson: "bias-correction", config: changed, view })).toBe("v=1&seed=3&lesson=bias-correction");
    expect(encodeState({ ...defaultUrlState(), lesson: "bias-correction", config: changed })).toBe("v=1&seed=3&logx=0&x=epoch&lesson=bias-correction");
    const bad = decodeState("lesson=nope");
    expect(bad.state.lesson).toBeNull();
    expect(bad.problems[0].field).toBe("lesson");
    expect(bad.problems[0].message).toContain("plateau");
    expect(findLesson("nope")).toBeUndefined();
  });
});
