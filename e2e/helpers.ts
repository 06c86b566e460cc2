// Shared e2e helpers. The page exposes a small read-only test/debug hook, `window.__playground`
// (src/state/effects.ts), so tests read the raw series instead of scraping SVG paths.

import { expect, type Page } from "@playwright/test";
import type { RunConfig } from "../src/engine/run-config.ts";

export interface HookState {
  runId: number;
  status: "running" | "paused" | "done" | "diverged" | "error";
  step: number;
  totalSteps: number;
  stepsPerEpoch: number;
  version: number;
  workerRestarts: number;
}

interface HookEvent {
  type: string;
  step: number;
  epoch: number;
  from?: number;
  to?: number;
  manual?: boolean;
}

export interface HookPin {
  label: string | null;
  source: string;
  pending: boolean;
  error: string | null;
  step: number;
  loss: number[];
  updateNorm: number[];
  /** Schedule-free only: the loss at its gradient point y (NaN for other optimizers). */
  lossAtY: number[];
  events: HookEvent[];
}

interface Hook {
  getSeries(): { step: number[]; loss: number[]; lr: number[]; lrT: number[]; updateNorm: number[]; lossAtY: number[] };
  events(): HookEvent[];
  pins(): HookPin[];
  state(): HookState;
  crash(): void;
  /** The settings the page runs now (a copy). */
  config(): RunConfig;
  /** Reads `query` as a page load would (address bar, store, problems), without reloading. */
  openLink(query: string): void;
}

declare global {
  interface Window {
    __playground?: Hook;
  }
}

export const state = (page: Page): Promise<HookState> => page.evaluate(() => (window.__playground as Hook).state());
export const series = (page: Page) => page.evaluate(() => (window.__playground as Hook).getSeries());
export const events = (page: Page) => page.evaluate(() => (window.__playground as Hook).events());
export const crash = (page: Page) => page.evaluate(() => (window.__playground as Hook).crash());
export const hookConfig = (page: Page): Promise<RunConfig> => page.evaluate(() => (window.__playground as Hook).config());

/** Opens the page and waits until the worker has streamed the first batch into the chart. */
export async function openPlayground(page: Page): Promise<void> {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/");
  await page.waitForFunction(() => typeof window.__playground !== "undefined");
  await expect(page.getByTestId("loss-chart")).toHaveAttribute("data-last-loss", /\d/);
  expect(errors).toEqual([]);
}

/** Speed slider to "max" (its last stop), with the keyboard like a user would. */
export async function setMaxSpeed(page: Page): Promise<void> {
  const speed = page.getByTestId("speed");
  await speed.focus();
  await speed.press("End");
  await expect(page.locator(".run-speed-value")).toHaveText("max");
}

export async function waitForStatus(page: Page, status: HookState["status"], timeout = 30_000): Promise<HookState> {
  await expect.poll(async () => (await state(page)).status, { timeout }).toBe(status);
  return state(page);
}

/** The settings and the run, read in one task of the page, so they belong together. */
const runView = (page: Page): Promise<{ config: RunConfig; state: HookState }> =>
  page.evaluate(() => {
    const hook = window.__playground as Hook;
    return { config: hook.config(), state: hook.state() };
  });

/** Two doubles equal to a relative 1e-9 (a slider's box shows its value rounded). */
export const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

/**
 * Waits for the run of the settings `match` accepts, and for it to have streamed `steps` steps
 * (or reached `status`). Every settings change restarts the run synchronously in the page
 * (effects.ts), so the run current while the settings match is theirs. Use this after an input
 * instead of "a newer run": a slider commits at most once per frame, so a key-press sequence can
 * start intermediate runs, and on a busy machine one of them may be the first newer run seen.
 */
export async function waitForRunWith(
  page: Page,
  match: (config: RunConfig) => boolean,
  until: { steps?: number; status?: HookState["status"]; timeout?: number } = {},
): Promise<HookState> {
  const steps = until.steps ?? 1;
  let last: HookState | null = null;
  await expect
    .poll(
      async () => {
        const { config, state: s } = await runView(page);
        if (!match(config)) return `settings not there yet: lr ${config.optimizer.lr}, decay ${config.policy.kind} (run ${s.runId})`;
        if (until.status !== undefined && s.status !== until.status) return `run ${s.runId} is ${s.status}, waiting for ${until.status}`;
        if (s.step < steps && s.status !== "done" && s.status !== "diverged") return `run ${s.runId} at step ${s.step} of ${steps}`;
        last = s;
        return "ready";
      },
      { timeout: until.timeout ?? 30_000 },
    )
    .toBe("ready");
  return last as unknown as HookState;
}

/**
 * Waits for a new run (id other than `previous`) to have streamed at least `steps` steps. Only
 * for a restart by one action that keeps the settings (Reset, Restart run); after a settings
 * change use `waitForRunWith`, which waits for the run of the final settings.
 */
export async function waitForNewRun(page: Page, previous: number, steps = 1): Promise<HookState> {
  await expect
    .poll(async () => {
      const s = await state(page);
      return s.runId !== previous && s.step >= steps;
    })
    .toBe(true);
  return state(page);
}

/** The step count once it has stopped changing for `quietMs` (fails if it never settles). */
export async function settledStep(page: Page, quietMs = 500): Promise<number> {
  let last = -1;
  await expect
    .poll(async () => {
      const a = (await state(page)).step;
      await page.waitForTimeout(quietMs);
      const b = (await state(page)).step;
      last = b;
      return a === b;
    })
    .toBe(true);
  return last;
}

export const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export const pins = (page: Page): Promise<HookPin[]> => page.evaluate(() => (window.__playground as Hook).pins());

/** Waits until `count` pinned runs have been computed, checks none failed, and returns them. */
export async function computedPins(page: Page, count: number): Promise<HookPin[]> {
  await expect.poll(async () => (await pins(page)).filter((p) => !p.pending).length, { timeout: 30_000 }).toBe(count);
  const out = await pins(page);
  for (const p of out) expect(p.error).toBeNull();
  return out;
}

/** The page's smoothing (TensorBoard's debiased EMA, engine/series.ts smoothEma). */
export function ema(y: readonly number[], w: number): number[] {
  let last = 0;
  let debias = 1;
  return y.map((v) => {
    last = last * w + (1 - w) * v;
    debias *= w;
    return last / (1 - debias);
  });
}
