// What every worker-backed feature (training/, pinned/, sweep/, range-test/) shares: the worker's
// global scope, the guard primitives its protocol is checked with, an error's message, and
// "validate the config or answer with an error".
//
// Kept free of DOM and WebWorker globals: this file compiles under both tsconfig.app (the clients)
// and tsconfig.worker (the workers).

import { formatProblems } from "../engine/config.ts";
import { customExpressionOf, loadSurfaces } from "../engine/expression/load.ts";
import { compilationOf } from "../engine/expression/registry.ts";
import { validateRunConfig, type RunConfig } from "../engine/run-config.ts";
import type { Problem } from "../engine/types.ts";

// ---------------------------------------------------------------------------------------------
// The worker scope

/**
 * A worker's global scope, reduced to what an adapter uses. Declared structurally (not as
 * DedicatedWorkerGlobalScope) so a worker module also compiles under the DOM lib, where a Node test
 * imports it with a stand-in scope (testing/worker-scope.ts).
 */
export interface WorkerScope<Out> {
  postMessage(message: Out, transfer?: Transferable[]): void;
  onmessage: ((ev: MessageEvent<unknown>) => void) | null;
}

/**
 * The scope this module runs in, or null when there is none (a Node test importing a worker module
 * for its pure functions). Read at module load: tests install their stand-in before importing.
 */
function workerScope<Out>(): WorkerScope<Out> | null {
  const s = (globalThis as { self?: unknown }).self;
  return typeof s === "object" && s !== null && "postMessage" in s ? (s as WorkerScope<Out>) : null;
}

/** The scope of a module that is only ever loaded as a worker (or by a test that installs one). */
export function requireWorkerScope<Out>(): WorkerScope<Out> {
  const s = workerScope<Out>();
  if (s === null) throw new Error("a worker module was loaded outside a worker scope");
  return s;
}

// ---------------------------------------------------------------------------------------------
// Guard primitives. Anything arriving through postMessage is untrusted until checked: a guard
// answers "is this a message of ours with the fields its type promises", not "is the config valid"
// (the worker validates configs with the engine's schema, below).

export type Rec = Record<string, unknown>;

export function isRec(v: unknown): v is Rec {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
/** A non-negative safe integer: ids, counts, steps. */
export const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
export const isNumberArray = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === "number");

/** Whether `type` names an own entry of a per-type check table (never `toString`, `__proto__`, …). */
function hasCheck<T extends string>(checks: Record<T, unknown>, type: unknown): type is T {
  return typeof type === "string" && Object.prototype.hasOwnProperty.call(checks, type);
}

/**
 * A guard for a discriminated union from one check per `type`: `v` is a record whose `idKey` is a
 * count and whose `type` has a check that passes.
 */
export function unionGuard<M extends { type: string }>(idKey: string, checks: { [K in M["type"]]: (m: Rec) => boolean }): (v: unknown) => v is M {
  return (v: unknown): v is M => isRec(v) && isCount(v[idKey]) && hasCheck(checks, v.type) && checks[v.type](v);
}

/** For exhaustive switches: a new message type that is not handled fails to compile here. */
export function assertNever(x: never): never {
  throw new Error(`unhandled message ${JSON.stringify(x)}`);
}

// ---------------------------------------------------------------------------------------------
// Errors

/** What to tell the page about something thrown. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The id a malformed message claims (so its error can be paired), or 0. */
function claimedId(data: unknown, idKey: string): number {
  return isRec(data) && isCount(data[idKey]) ? data[idKey] : 0;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Validates a config with the engine's schema: the validated config, or the message a worker
 * answers with (`invalid run config: …`, every problem listed). `more` adds problems of the
 * feature's own options, under the feature's `what`.
 */
export function checkRunConfig(raw: unknown, what = "run config", more: readonly Problem[] = []): Checked<RunConfig> {
  const checked = validateRunConfig(raw);
  const problems = [...checked.problems, ...more];
  if (problems.length > 0) return { ok: false, message: `invalid ${what}: ${formatProblems(problems)}` };
  return { ok: true, value: checked.value };
}

/**
 * A wake-up for a worker's slice loop: `wake()` runs `slice` soon, once however often it is called
 * before then. A MessageChannel wakes the loop without setTimeout's 4 ms clamp on nested timers;
 * every 4th wake goes through a timer instead, because some event loops (Node's) run channel
 * messages ahead of timers and would otherwise starve them.
 */
function sliceWaker(slice: () => void): () => void {
  const TIMER_EVERY = 4;
  const channel = new MessageChannel();
  let pending = false;
  let wakes = 0;
  channel.port1.onmessage = () => {
    pending = false;
    slice();
  };
  return () => {
    if (pending) return;
    pending = true;
    if (++wakes % TIMER_EVERY === 0) {
      setTimeout(() => {
        pending = false;
        slice();
      }, 0);
    } else channel.port2.postMessage(null);
  };
}

/** What a sliced job queue trains: `advance` runs up to `steps` steps, false once the run has ended. */
interface Advancing {
  advance(steps: number): boolean;
}

export interface SlicedJobs<J> {
  /** Queues a job and wakes the loop. */
  push(job: J): void;
  /** Ends the running job of `group` (if any) and drops its queued siblings. */
  cancel(group: number): void;
}

/**
 * The pools' job loop (sweep cells, seed-band seeds): one job at a time, trained in slices of at
 * most `sliceMs`, so a cancel handled between slices ends a long run promptly. `begin` turns a job
 * into a runner, or handles it outright and returns null (a band's reduction); `finish` posts what
 * an ended runner produced, with the job's wall time; an error thrown by either goes to `fail`.
 * Yielding between slices does not touch the numbers.
 */
export function slicedJobs<J, R extends Advancing>(o: {
  group: (job: J) => number;
  begin: (job: J) => R | null;
  finish: (job: J, runner: R, ms: number) => void;
  fail: (job: J, e: unknown) => void;
  sliceMs: number;
  chunk: number;
}): SlicedJobs<J> {
  const queue: J[] = [];
  const cancelled = new Set<number>();
  let current: { job: J; runner: R; started: number } | null = null;

  /** Starts the next queued job; false when there is none. */
  const next = (): boolean => {
    while (queue.length > 0) {
      const job = queue.shift() as J;
      if (cancelled.has(o.group(job))) continue;
      try {
        const runner = o.begin(job);
        if (runner === null) continue;
        current = { job, runner, started: performance.now() };
        return true;
      } catch (e) {
        o.fail(job, e);
      }
    }
    return false;
  };

  const slice = (): void => {
    if (current === null && !next()) return;
    const c = current;
    if (c === null) return;
    const t0 = performance.now();
    try {
      let running = true;
      while (running && performance.now() - t0 < o.sliceMs) running = c.runner.advance(o.chunk);
      if (!running) {
        current = null;
        o.finish(c.job, c.runner, performance.now() - c.started);
      }
    } catch (e) {
      current = null;
      o.fail(c.job, e);
    }
    if (current !== null || queue.length > 0) wake();
  };
  const wake = sliceWaker(slice);

  return {
    push(job) {
      queue.push(job);
      wake();
    },
    cancel(group) {
      cancelled.add(group);
      if (current !== null && o.group(current.job) === group) current = null;
      for (let i = queue.length - 1; i >= 0; i--) if (o.group(queue[i]) === group) queue.splice(i, 1);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Custom surfaces (issue #17)

/** The Custom expressions of every config in a message (configs sit at different places per protocol). */
function customExpressions(data: unknown, out: Set<string>, depth = 0): Set<string> {
  if (depth > 4 || typeof data !== "object" || data === null || ArrayBuffer.isView(data) || data instanceof ArrayBuffer) return out;
  if (Array.isArray(data)) {
    for (const v of data.slice(0, 64)) customExpressions(v, out, depth + 1);
    return out;
  }
  const f = customExpressionOf(data);
  if (f !== null) out.add(f);
  for (const v of Object.values(data as Rec)) customExpressions(v, out, depth + 1);
  return out;
}

/**
 * Wraps a worker's message handler so that a message whose config runs on a Custom surface waits
 * until the expression compiler (a lazy chunk with mathjs: never fetched by a worker that meets no
 * Custom config) has compiled it; the engine then builds the problem synchronously as for any
 * other. Messages keep their order: later ones queue behind a message that waits. A message that
 * needs nothing is handled at once, in the same task (so a thrown error is the worker's own error).
 */
export function customSurfacesFirst(handler: (ev: MessageEvent<unknown>) => void): (ev: MessageEvent<unknown>) => void {
  const queue: MessageEvent<unknown>[] = [];
  let loading = false;
  const pump = (): void => {
    while (!loading && queue.length > 0) {
      const ev = queue[0];
      const missing = [...customExpressions(ev.data, new Set())].filter((f) => compilationOf(f) === undefined);
      if (missing.length > 0) {
        loading = true;
        // A failed load leaves the expressions unregistered: the handler's problem build then says so.
        void loadSurfaces(missing)
          .catch(() => undefined)
          .finally(() => {
            loading = false;
            const head = queue[0];
            if (head !== undefined && [...customExpressions(head.data, new Set())].some((f) => compilationOf(f) === undefined)) {
              queue.shift();
              handler(head);
            }
            pump();
          });
        return;
      }
      queue.shift();
      handler(ev);
    }
  };
  return (ev) => {
    queue.push(ev);
    pump();
  };
}

/**
 * Serves one-request-one-reply workers (pinned runs, theory): each message is checked by `isRequest`
 * and answered by `compute`; a malformed message, and anything `compute` throws, is answered with
 * `error(requestId, message)` (the id it claims, or 0). Does nothing outside a worker (Node tests
 * import the module for its compute function alone).
 */
export function serveRequests<Req extends { requestId: number }, Reply>(
  what: string,
  isRequest: (v: unknown) => v is Req,
  compute: (req: Req) => { reply: Reply; transfer: ArrayBuffer[] },
  error: (requestId: number, message: string) => Reply,
): void {
  const scope = workerScope<Reply>();
  if (scope === null) return;
  scope.onmessage = customSurfacesFirst((ev: MessageEvent<unknown>) => {
    const data = ev.data;
    if (!isRequest(data)) {
      scope.postMessage(error(claimedId(data, "requestId"), `the ${what} worker received a malformed request`), []);
      return;
    }
    try {
      const { reply, transfer } = compute(data);
      scope.postMessage(reply, transfer);
    } catch (e) {
      scope.postMessage(error(data.requestId, errorMessage(e)), []);
    }
  });
}
