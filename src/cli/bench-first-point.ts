// The first-point probe of `npm run bench` (the page's and the embed's cold loads, issue #16).
//
// It is installed before the page's own scripts (an init script) and reads the loss chart's
// `data-points` in every animation frame from the start, recording performance.now() in the first
// frame that has a point. Polling from Playwright instead (waitForFunction after goto) measured
// the probe's own arrival: its script is a task like any other, queued behind the page's long
// start-up tasks, and it was seen to run up to ~200 ms after the point was on screen.

import type { BrowserContext, Page } from "@playwright/test";

/** Page-side probe as source text, so no bundler helper (tsx's `__name`) leaks into it. */
const PROBE = `(() => {
  const check = () => {
    const el = document.querySelector('[data-testid="loss-chart"]');
    if (el !== null && Number(el.getAttribute("data-points")) > 0) window.__firstPointAt = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

/** Installs the probe on every page (and every navigation) of `target`. */
export async function recordFirstPoint(target: BrowserContext | Page): Promise<void> {
  await target.addInitScript(PROBE);
}

/** performance.now() of the first frame whose loss chart had a point (waits for it, up to 30 s). */
export async function firstPointMs(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => (window as unknown as { __firstPointAt?: number }).__firstPointAt ?? false, undefined, {
    timeout: 30_000,
  });
  return (await handle.jsonValue()) as number;
}

/** The page's start-up marks (src/state/start-marks.ts) of this load, in ms since navigation start. */
export async function startMarks(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() =>
    Object.fromEntries(
      performance
        .getEntriesByType("mark")
        .filter((m) => m.name.startsWith("playground:"))
        .map((m) => [m.name.slice("playground:".length), Math.round(m.startTime)]),
    ),
  );
}

/** Per mark, the median over the loads (a mark missing from a load is left out of its median). */
export function medianMarks(loads: readonly Record<string, number>[]): Record<string, number> {
  const names = [...new Set(loads.flatMap((l) => Object.keys(l)))];
  return Object.fromEntries(
    names.map((n) => {
      const xs = loads.flatMap((l) => (n in l ? [l[n]] : [])).sort((a, b) => a - b);
      return [n, xs[Math.floor(xs.length / 2)]];
    }),
  );
}
