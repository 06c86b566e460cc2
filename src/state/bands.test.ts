// The bands' state against the real pool driven by fake workers: what is recomputed when, and that
// a cancelled request's results are never stored (so never drawn).

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { computeBand, runSeed } from "../engine/ensemble.ts";
import { DEFAULT_RUN, cloneRun, type RunConfig } from "../engine/run-config.ts";
import { EnsemblePool } from "../worker/ensemble/client.ts";
import type { ToEnsembleWorker } from "../worker/ensemble/protocol.ts";
import { FakeWorker } from "../worker/testing/fake-worker.ts";
import { startBands, useBands } from "./bands.ts";
import { connectPort, usePlayground } from "./store.ts";
import { DEFAULT_VIEW } from "./url-view.ts";

let made: FakeWorker<ToEnsembleWorker>[];
let stop: () => void;

const short = (patch: Partial<RunConfig> = {}): RunConfig => ({ ...cloneRun(DEFAULT_RUN), epochs: 1, ...patch });

/** Answers each worker's outstanding job as the real worker would, until none is left. */
function drain(): void {
  const answered = new WeakSet<object>();
  for (let round = 0; round < 100; round++) {
    let any = false;
    for (const w of made) {
      const m = w.sent[w.sent.length - 1];
      if (m === undefined || m.type === "ensembleCancel" || answered.has(m)) continue;
      answered.add(m);
      any = true;
      if (m.type === "ensembleSeed") w.emit({ type: "ensembleSeedDone", requestId: m.requestId, workerId: m.workerId, trace: runSeed(m.config, m.seed), ms: 1 });
      else w.emit({ type: "ensembleResult", requestId: m.requestId, workerId: m.workerId, result: { band: computeBand(m.request.config, m.request.seeds) }, ms: 1 });
    }
    if (!any) return;
  }
}

const setSeeds = (seeds: number) => usePlayground.setState({ chartOptions: { ...DEFAULT_VIEW, seeds } });

beforeEach(() => {
  connectPort(null);
  usePlayground.setState({ config: short(), pinned: [], chartOptions: { ...DEFAULT_VIEW } });
  made = [];
  const pool = new EnsemblePool({
    size: 2,
    createWorker: () => {
      const w = new FakeWorker<ToEnsembleWorker>();
      made.push(w);
      return w;
    },
  });
  stop = startBands(pool);
});

afterEach(() => stop());

describe("seed bands state", () => {
  it("is off at seeds = 1 and computes the live band when turned on", () => {
    expect(useBands.getState().live).toBeNull();
    expect(made).toHaveLength(0);
    setSeeds(4);
    expect(useBands.getState().live).toMatchObject({ status: "pending", seeds: 4 });
    drain();
    const live = useBands.getState().live;
    expect(live?.status).toBe("done");
    expect(live?.done).toBe(4);
    expect(live?.band).toEqual(computeBand(short(), 4));
    setSeeds(1);
    expect(useBands.getState().live).toBeNull();
  });

  it("a setting change cancels the live band; the cancelled band's late results are never stored", () => {
    setSeeds(2);
    const first = useBands.getState().live;
    const inFlight = made.map((w) => w.sent[0]);
    usePlayground.setState({ config: short({ seed: 40 }) });
    const second = useBands.getState().live;
    expect(second?.id).not.toBe(first?.id);
    expect(second?.config.seed).toBe(40);
    expect(made.some((w) => w.sent.some((m) => m.type === "ensembleCancel" && m.requestId === first?.id))).toBe(true);
    // The old band's answers arrive anyway (already posted when the cancel went out).
    made.forEach((w, i) => {
      const m = inFlight[i];
      if (m?.type === "ensembleSeed") w.emit({ type: "ensembleSeedDone", requestId: m.requestId, workerId: m.workerId, trace: runSeed(m.config, m.seed), ms: 1 });
      w.emit({ type: "ensembleResult", requestId: first?.id, workerId: i + 1, result: { band: computeBand(short(), 2) }, ms: 1 });
    });
    expect(useBands.getState().live?.id).toBe(second?.id);
    expect(useBands.getState().live?.band ?? null).toBeNull();
    drain();
    const live = useBands.getState().live;
    expect(live?.status).toBe("done");
    expect(live?.band?.baseSeed).toBe(40);
    expect(live?.band).toEqual(computeBand(short({ seed: 40 }), 2));
  });

  it("computes a pinned run's band once, keeps it across setting changes and drops it with the pin", () => {
    setSeeds(2);
    const pinConfig = short({ seed: 9 });
    usePlayground.getState().pinConfig(pinConfig, "link");
    const pinId = usePlayground.getState().pinned[0].id;
    drain();
    const band = useBands.getState().pinned[pinId];
    expect(band?.status).toBe("done");
    expect(band?.band?.baseSeed).toBe(9);
    const sentBefore = made.reduce((n, w) => n + w.sent.length, 0);
    usePlayground.setState({ config: short({ seed: 3 }) });
    drain();
    expect(useBands.getState().pinned[pinId]).toBe(band);
    // Only the live band was recomputed: 2 seeds and a reduction.
    expect(made.reduce((n, w) => n + w.sent.length, 0) - sentBefore).toBe(3);
    usePlayground.getState().unpin(pinId);
    expect(useBands.getState().pinned[pinId]).toBeUndefined();
  });

  it("removing a pin while its band computes cancels it; its results are never stored", () => {
    setSeeds(2);
    drain();
    usePlayground.getState().pinConfig(short({ seed: 11 }), "link");
    const pinId = usePlayground.getState().pinned[0].id;
    const id = useBands.getState().pinned[pinId]?.id;
    usePlayground.getState().unpin(pinId);
    expect(made.some((w) => w.sent.some((m) => m.type === "ensembleCancel" && m.requestId === id))).toBe(true);
    drain();
    expect(useBands.getState().pinned).toEqual({});
  });

  it("a band over the step budget is not computed, and says how many steps it would take", () => {
    setSeeds(64);
    usePlayground.setState({ config: short({ epochs: 10_000 }) });
    const live = useBands.getState().live;
    expect(live?.status).toBe("overBudget");
    expect(live?.steps).toBe(64 * 2_000_000);
  });
});
