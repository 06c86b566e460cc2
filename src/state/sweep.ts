// The Sweep tool's store (issue #7): the form as typed, the running or finished sweep's results,
// and the spec the link carries. The pool of workers lives here, created at the first sweep, so
// the page's first visit starts no extra workers.
//
// Results are keyed by run index (engine/sweep.ts `enumerateRuns` order) and aggregated per cell
// as they stream in; a cancelled sweep's late messages never reach the store (pool.ts drops them).

import { create } from "zustand";
import type { RunConfig } from "../engine/run-config.ts";
import {
  DEFAULT_AXIS_VALUES,
  DEFAULT_SWEEP,
  aggregateCell,
  cellConfig,
  enumerateRuns,
  sweepBudgetProblem,
  sweepCells,
  validateSweep,
  type CellResult,
  type RunOutcome,
  type SweepAxisKind,
  type SweepCell,
  type SweepRun,
  type SweepSpec,
} from "../engine/sweep.ts";
import type { Problem } from "../engine/types.ts";
import { numberOrText } from "../engine/value-text.ts";
import { SweepPool, type SweepStats } from "../worker/sweep/client.ts";
import { isActive, usePlayground } from "./store.ts";

/** The form's fields as typed (text), so a half-typed number is not rejected while typing. */
export interface SweepDraft {
  lrMin: string;
  lrMax: string;
  lrCount: string;
  axis: SweepAxisKind;
  /** Comma-separated axis values. */
  values: string;
  seeds: string;
}

type SweepStatus = "idle" | "running" | "done" | "cancelled";

export interface SweepState {
  draft: SweepDraft;
  /** The link carried a sweep: the Sweep tab opens with it. */
  fromLink: boolean;
  /** The sweep the link shows (after a run, or as read from the link); null = none. */
  linkSpec: SweepSpec | null;
  status: SweepStatus;
  /** The spec and base config of the results shown. */
  spec: SweepSpec | null;
  base: RunConfig | null;
  cells: SweepCell[];
  runs: SweepRun[];
  outcomes: (RunOutcome | null)[];
  cellResults: (CellResult | null)[];
  /** Runs finished (results and errors). */
  done: number;
  total: number;
  errors: string[];
  /** Distinct workers that returned results in this sweep. */
  workerIds: number[];
  /** Workers in the pool (0 before the first sweep). */
  poolSize: number;
  startedAt: number;
  stats: SweepStats | null;

  setDraft(patch: Partial<SweepDraft>): void;
  /** Switches the axis and puts that axis' default values in the form. */
  setAxis(axis: SweepAxisKind): void;
  /** Fills the form with a spec (from the link) and marks it as the link's sweep. */
  loadSpec(spec: SweepSpec, fromLink: boolean): void;
  /** Runs the form's sweep on `base`; does nothing when the form has problems. */
  run(base: RunConfig): void;
  cancel(): void;
  /** The playground config of cell `i` of the shown results. */
  configOfCell(i: number): RunConfig | null;
}

export function draftOf(spec: SweepSpec): SweepDraft {
  return {
    lrMin: String(spec.lrMin),
    lrMax: String(spec.lrMax),
    lrCount: String(spec.lrCount),
    axis: spec.axis,
    values: spec.values.join(", "),
    seeds: String(spec.seeds),
  };
}

/** Text -> number by the one grammar, or the text itself when it is not a number (so the message quotes it). */
const num = numberOrText;

/**
 * The form as a spec, with every problem (field, value, valid range), including a sweep whose total
 * steps on `base` (by default the playground's config) are over the step budget.
 */
export function parseDraft(d: SweepDraft, base: Readonly<RunConfig> = usePlayground.getState().config): { spec: SweepSpec; problems: Problem[] } {
  const values = d.values.split(/[,\s]+/).filter((s) => s !== "").map(num);
  const { value, problems } = validateSweep({
    lrMin: num(d.lrMin),
    lrMax: num(d.lrMax),
    lrCount: num(d.lrCount),
    axis: d.axis,
    values,
    seeds: num(d.seeds),
  });
  // "Repeated values were dropped" is a note, not an error: the sweep can still run.
  const errors = problems.filter((p) => p.code !== "repeatsDropped");
  // The budget is judged on the spec the form would run (a bad field already fell back to its default).
  const budget = errors.length === 0 ? sweepBudgetProblem(value, base) : null;
  return { spec: value, problems: budget === null ? errors : [...errors, budget] };
}

let pool: SweepPool | null = null;
/** The live run was playing when the sweep started: it gets its cores back (and resumes) afterwards. */
let resumeLive = false;

function pauseLive(): void {
  const live = usePlayground.getState();
  resumeLive = live.playing && isActive(live.current.status);
  if (resumeLive) live.pause();
}

function resumeLiveRun(): void {
  if (resumeLive) usePlayground.getState().play();
  resumeLive = false;
}

/** Tests and the page may supply their own pool (e.g. with fake workers). */
export function connectSweepPool(p: SweepPool | null): void {
  pool?.dispose();
  pool = p;
}

function getPool(): SweepPool {
  pool ??= new SweepPool();
  return pool;
}

export const useSweep = create<SweepState>()((set, get) => ({
  draft: draftOf(DEFAULT_SWEEP),
  fromLink: false,
  linkSpec: null,
  status: "idle",
  spec: null,
  base: null,
  cells: [],
  runs: [],
  outcomes: [],
  cellResults: [],
  done: 0,
  total: 0,
  errors: [],
  workerIds: [],
  poolSize: 0,
  startedAt: 0,
  stats: null,

  setDraft: (patch) => set({ draft: { ...get().draft, ...patch } }),
  setAxis: (axis) => set({ draft: { ...get().draft, axis, values: DEFAULT_AXIS_VALUES[axis].join(", ") } }),
  loadSpec: (spec, fromLink) => set({ draft: draftOf(spec), linkSpec: spec, fromLink }),

  run(base) {
    const { spec, problems } = parseDraft(get().draft, base);
    if (problems.length > 0) return;
    const runs = enumerateRuns(spec, base);
    const cells = sweepCells(spec);
    const p = getPool();
    // The pool takes every core; the live run would only slow it (and stutter meanwhile).
    pauseLive();
    set({
      status: "running",
      spec,
      base,
      cells,
      runs,
      outcomes: runs.map(() => null),
      cellResults: cells.map(() => null),
      done: 0,
      total: runs.length,
      errors: [],
      workerIds: [],
      poolSize: p.size,
      startedAt: performance.now(),
      stats: null,
      linkSpec: spec,
    });
    p.run(
      runs.map((r) => ({ index: r.index, config: r.config })),
      {
        onResult(result, done) {
          const s = get();
          const outcomes = s.outcomes.slice();
          outcomes[result.index] = result.outcome;
          const cell = s.runs[result.index].cell;
          const cellOutcomes = s.runs
            .filter((r) => r.cell === cell)
            .map((r) => outcomes[r.index]);
          const cellResults = s.cellResults.slice();
          // A cell shows once all its seeds are in.
          cellResults[cell] = cellOutcomes.every((o) => o !== null) ? aggregateCell(cellOutcomes as RunOutcome[]) : null;
          const workerIds = s.workerIds.includes(result.workerId) ? s.workerIds : [...s.workerIds, result.workerId].sort((a, b) => a - b);
          set({ outcomes, cellResults, done, workerIds });
        },
        onError(index, message, done) {
          set({ errors: [...get().errors, `run ${index + 1}: ${message}`], done });
        },
        onDone(stats) {
          set({ status: "done", stats });
          resumeLiveRun();
        },
      },
    );
  },

  cancel() {
    if (get().status !== "running") return;
    pool?.cancel();
    set({ status: "cancelled" });
    resumeLiveRun();
  },

  configOfCell(i) {
    const { spec, base, cells } = get();
    const cell = cells[i];
    if (spec === null || base === null || cell === undefined) return null;
    return cellConfig(spec, base, cell);
  },
}));
