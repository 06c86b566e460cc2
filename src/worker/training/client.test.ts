import { describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun } from "../../engine/run-config.ts";
import { FakeWorker } from "../testing/fake-worker.ts";
import { TrainingClient, type VisibilitySource } from "./client.ts";
import type { FromWorker, ToWorker } from "./protocol.ts";


function fakeVisibility(): VisibilitySource & { set(hidden: boolean): void } {
  let hidden = false;
  let listener: (() => void) | null = null;
  return {
    hidden: () => hidden,
    subscribe(cb) {
      listener = cb;
      return () => (listener = null);
    },
    set(h) {
      hidden = h;
      listener?.();
    },
  };
}

function setup() {
  const workers: FakeWorker<ToWorker>[] = [];
  const received: FromWorker[] = [];
  const visibility = fakeVisibility();
  const client = new TrainingClient({
    onMessage: (m) => received.push(m),
    createWorker: () => {
      const w = new FakeWorker<ToWorker>();
      workers.push(w);
      return w;
    },
    visibility,
  });
  const latest = (): FakeWorker<ToWorker> => workers[workers.length - 1];
  return { client, workers, received, visibility, latest };
}

const config = cloneRun(DEFAULT_RUN);

describe("TrainingClient", () => {
  it("numbers runs and drops messages of any run but the current one", () => {
    const { client, received, latest } = setup();
    const first = client.start(config, { stepsPerSecond: 1000, paused: false });
    const second = client.start(config, { stepsPerSecond: 1000, paused: false });
    expect(second).toBeGreaterThan(first);
    latest().emit({ type: "done", runId: first, step: 10 });
    latest().emit({ type: "done", runId: second, step: 20 });
    expect(received).toEqual([{ type: "done", runId: second, step: 20 }]);
    expect(latest().sent.map((m) => [m.type, m.runId])).toEqual([
      ["start", first],
      ["start", second],
    ]);
  });

  it("sends commands tagged with the current run", () => {
    const { client, latest } = setup();
    const id = client.start(config, { stepsPerSecond: null, paused: true });
    client.step(200);
    client.resume();
    client.setSpeed(5);
    client.setRate(0.01);
    client.pause();
    expect(latest().sent.slice(1)).toEqual([
      { type: "step", runId: id, steps: 200 },
      { type: "resume", runId: id },
      { type: "setSpeed", runId: id, stepsPerSecond: 5 },
      { type: "setRate", runId: id, lr: 0.01 },
      { type: "pause", runId: id },
    ]);
  });

  it("reports a worker crash as an error of the current run and replaces the worker", () => {
    const { client, workers, received, latest } = setup();
    const id = client.start(config, { stepsPerSecond: 1000, paused: false });
    workers[0].fail("Uncaught Error: boom");
    expect(received).toEqual([{ type: "error", runId: id, message: "The training worker stopped (Uncaught Error: boom)." }]);
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    expect(client.restartCount).toBe(1);
    // The old worker is disconnected; the new one serves the next run.
    workers[0].emit({ type: "done", runId: id, step: 1 });
    expect(received).toHaveLength(1);
    const next = client.start(config, { stepsPerSecond: 1000, paused: false });
    expect(latest().sent).toEqual([{ type: "start", runId: next, config, stepsPerSecond: 1000, paused: false }]);
  });

  it("replaces the worker after an error message or a malformed message", () => {
    const { client, workers, received } = setup();
    const id = client.start(config, { stepsPerSecond: 1000, paused: false });
    workers[0].emit({ type: "error", runId: id, message: "the trainer threw" });
    expect(workers).toHaveLength(2);
    workers[1].emit({ type: "samples", runId: id, count: 3 });
    expect(workers).toHaveLength(3);
    expect(received.map((m) => m.type)).toEqual(["error", "error"]);
  });

  it("pauses while the page is hidden and resumes only what the user left playing", () => {
    const { client, visibility, latest } = setup();
    const id = client.start(config, { stepsPerSecond: 1000, paused: false });
    visibility.set(true);
    visibility.set(false);
    expect(latest().sent.slice(1)).toEqual([
      { type: "pause", runId: id },
      { type: "resume", runId: id },
    ]);
    client.pause();
    visibility.set(true);
    visibility.set(false);
    expect(latest().sent.slice(3)).toEqual([{ type: "pause", runId: id }]);
  });

  it("starts paused in a hidden tab and does not resume until it is visible", () => {
    const { client, visibility, latest } = setup();
    visibility.set(true);
    const id = client.start(config, { stepsPerSecond: 1000, paused: false });
    expect(latest().sent[0]).toMatchObject({ type: "start", paused: true });
    client.resume();
    expect(latest().sent).toHaveLength(1);
    visibility.set(false);
    expect(latest().sent[1]).toEqual({ type: "resume", runId: id });
  });

  it("dispose terminates the worker and stops following the page's visibility", () => {
    const { client, workers, visibility } = setup();
    client.start(config, { stepsPerSecond: 1000, paused: false });
    client.dispose();
    expect(workers[0].terminated).toBe(true);
    expect(workers[0].onmessage).toBeNull();
    visibility.set(true);
    expect(workers[0].sent).toHaveLength(1);
    expect(workers).toHaveLength(1);
  });
});
