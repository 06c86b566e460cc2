// Static deploy (issue #16, part 4): the build works from any sub-path of a static host
// (https://host/some/path/): scripts, styles, workers, lazy chunks, the service worker and the
// page's own links all stay under it. Served here by a plain file server at /some/path/.

import { expect, test } from "@playwright/test";
import { computedPins, state } from "./helpers.ts";
import { distDir, serveStatic, type StaticServer } from "./static-server.ts";

const PREFIX = "/some/path/";
let server: StaticServer;

test.beforeAll(async () => {
  server = await serveStatic(distDir(), PREFIX);
});
test.afterAll(async () => {
  await server.close();
});

test.use({ serviceWorkers: "allow" });

test("a lesson link runs from a sub-path: workers, lazy chunks, service worker and links stay under it", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const failed: string[] = [];
  page.on("response", (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });

  await page.goto(`${server.url}?lesson=plateau`);
  await expect(page.getByTestId("lesson-card")).toHaveAttribute("data-lesson", "plateau");
  // The live run (training worker) streams and the comparison runs (pinned worker) are computed.
  await expect.poll(async () => (await state(page)).step, { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId("loss-chart")).toHaveAttribute("data-last-loss", /\d/);
  await computedPins(page, 2);

  // A lazily loaded tool (its chunk and its stylesheet).
  await page.getByTestId("tool-tab-export").click();
  await expect(page.getByTestId("tool-panel-export")).toBeVisible();
  await expect(page.getByTestId("tool-panel-export")).not.toContainText("Loading");

  // The service worker is registered for the sub-path, and controls the page.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope);
  expect(scope).toBe(server.url);

  // The address bar and "Copy link" keep the sub-path; the copied link opens the same lesson.
  expect(new URL(page.url()).pathname).toBe(PREFIX);
  await page.getByTestId("copy-link").click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.startsWith(`${server.url}?`)).toBe(true);
  expect(copied).toContain("lesson=plateau");
  await page.goto(copied);
  await expect(page.getByTestId("lesson-card")).toHaveAttribute("data-lesson", "plateau");
  await expect.poll(async () => (await state(page)).step, { timeout: 30_000 }).toBeGreaterThan(0);

  // Nothing was asked for outside the sub-path, and nothing was missing.
  expect(server.requests.filter((p) => !p.startsWith(PREFIX))).toEqual([]);
  expect(server.requests.length).toBeGreaterThan(5);
  expect(failed).toEqual([]);
  expect(errors).toEqual([]);
});
