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
