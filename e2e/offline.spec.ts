// Works offline after the first visit (issue #16, part 3): the service worker (vite.config.ts,
// src/state/service-worker.ts) precaches the build, so with the network off the page reloads, a
// lesson link opens, its worker-backed runs train and the charts draw. And a new build replaces
// the cache on the next online visit, with a quiet "updated" notice.
// The other specs block service workers (playwright.config.ts); this one allows them.

import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { computedPins, state } from "./helpers.ts";
import { distDir, serveStatic } from "./static-server.ts";

test.use({ serviceWorkers: "allow" });

/** Waits until the service worker has installed (precached everything) and controls the page. */
async function controlled(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}

/** Waits for the lesson's live run to stream and its comparison runs to be computed. */
async function lessonTrains(page: Page, lesson: string, pinCount: number): Promise<void> {
  await expect(page.getByTestId("lesson-card")).toHaveAttribute("data-lesson", lesson);
  await expect.poll(async () => (await state(page)).step, { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId("loss-chart")).toHaveAttribute("data-last-loss", /\d/);
  await computedPins(page, pinCount);
}

test("after one visit the page reloads, opens a lesson, trains and draws with the network off", async ({ page, context }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/");
  await page.waitForFunction(() => typeof window.__playground !== "undefined");
  await controlled(page);

  await context.setOffline(true);
  await page.reload();
  await page.waitForFunction(() => typeof window.__playground !== "undefined");
  // Really offline: what the cache does not hold cannot be fetched.
  expect(await page.evaluate(() => fetch("./not-cached.txt").then(() => "fetched", () => "failed"))).toBe("failed");
  await expect.poll(async () => (await state(page)).step, { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId("loss-chart")).toHaveAttribute("data-last-loss", /\d/);

  // A lesson link never visited before: the app shell answers it; the comparison runs need the
  // pinned-run worker, a chunk the first visit never loaded (precached, not fetched).
  await page.goto("/?lesson=plateau");
  await lessonTrains(page, "plateau", 2);
  // A lazily loaded tool, also never opened online.
  await page.getByTestId("tool-tab-export").click();
  await expect(page.getByTestId("tool-panel-export")).toBeVisible();
  await expect(page.getByTestId("tool-panel-export")).not.toContainText("Loading");
  expect(errors).toEqual([]);
  await context.setOffline(false);
});

test("a new build replaces the cache on the next online visit, with a quiet notice", async ({ page, context }) => {
  // A copy of the build that the test turns into a "new build": another index.html, and a
  // service worker whose precache list says so (as the next `npm run build` would).
  const root = await mkdtemp(join(tmpdir(), "lr-offline-"));
  await cp(distDir(), root, { recursive: true });
  const server = await serveStatic(root, "/app/");
  try {
    await page.goto(`${server.url}?lang=zh`);
    await page.waitForFunction(() => typeof window.__playground !== "undefined");
    await controlled(page);
    await expect(page.locator('meta[name="build"]')).toHaveCount(0);

    const html = await readFile(join(root, "index.html"), "utf8");
    await writeFile(join(root, "index.html"), html.replace("<head>", '<head>\n    <meta name="build" content="next" />'));
    const sw = await readFile(join(root, "sw.js"), "utf8");
    const next = sw.replace(/(url:"index\.html",revision:")[^"]+"/, '$1next-build"');
    expect(next).not.toBe(sw);
    await writeFile(join(root, "sw.js"), next);

    // The next online visit: the old cached page starts, finds the new worker, which takes over;
    // the page reloads into the new build and says so, in the page's language.
    await page.reload();
    await expect(page.locator('meta[name="build"]')).toHaveCount(1, { timeout: 30_000 });
    await expect(page.locator(".notice")).toContainText("已更新到最新版本");
    await expect.poll(async () => (await state(page)).step, { timeout: 30_000 }).toBeGreaterThan(0);

    // And the new build is what the cache now holds.
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('meta[name="build"]')).toHaveCount(1);
    await expect(page.locator(".notice")).toHaveCount(0);
    await expect.poll(async () => (await state(page)).step, { timeout: 30_000 }).toBeGreaterThan(0);
    await context.setOffline(false);
  } finally {
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
});
