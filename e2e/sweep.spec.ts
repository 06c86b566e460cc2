// The Sweep tool (issue #7) in the built app: a grid of runs across a pool of workers, the heat map,
// cancel, links that carry a sweep, and loading a cell into the playground.

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

function trackErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

async function openSweep(page: Page, url = "/"): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => typeof window.__playground !== "undefined");
  // A link with a sweep opens the tool by itself; the tab says so once it is drawn. Checking the
  // panel's visibility instead raced the panel's lazy chunk, and the click then closed the tool.
  const tab = page.getByTestId("tool-tab-sweep");
  await expect(tab).toBeVisible();
  if ((await tab.getAttribute("aria-selected")) !== "true") await tab.click();
  await expect(tab).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("sweep-run")).toBeVisible();
}

async function fillGrid(page: Page, g: { lrMin: string; lrMax: string; lrCount: string; values: string; seeds?: string; axis?: string }) {
  if (g.axis !== undefined) await page.getByTestId("sweep-axis").selectOption(g.axis);
  await page.getByTestId("sweep-lrMin").fill(g.lrMin);
  await page.getByTestId("sweep-lrMax").fill(g.lrMax);
  await page.getByTestId("sweep-lrCount").fill(g.lrCount);
  await page.getByTestId("sweep-values").fill(g.values);
  await page.getByTestId("sweep-seeds").fill(g.seeds ?? "1");
}

const heatmap = (page: Page) => page.getByTestId("sweep-heatmap");

async function waitDone(page: Page, timeout = 60_000): Promise<void> {
  await expect(page.getByTestId("sweep-progress")).toHaveAttribute("data-status", "done", { timeout });
}

test("a small sweep from a fresh page fills every cell, using more than one worker", async ({ page }) => {
  const errors = trackErrors(page);
  await openSweep(page);
  await fillGrid(page, { lrMin: "0.001", lrMax: "0.3", lrCount: "4", values: "0.25, 0.5, 1" });
  await expect(page.getByTestId("sweep-runs")).toHaveText("4 × 3 × 1 = 12 runs");
  await page.getByTestId("sweep-run").click();
  await waitDone(page);
  await expect(heatmap(page)).toHaveAttribute("data-cells", "12");
  await expect(heatmap(page)).toHaveAttribute("data-filled", "12");
  const cells = page.getByTestId("sweep-cell");
  await expect(cells).toHaveCount(12);
  for (let i = 0; i < 12; i++) {
    const cell = cells.nth(i);
    await expect(cell).toHaveAttribute("data-status", "done");
    await expect(cell).toHaveAttribute("aria-label", /^lr [\d.e−]+, gamma [\d.]+( \(no decay\))?: final loss \d+\.\d+$/);
    await expect(cell).toHaveAttribute("title", /final loss/);
    // A filled cell has a colour from the scale (pending cells have none).
    expect(await cell.evaluate((el) => (el as HTMLElement).style.background)).toMatch(/^rgb\(/);
  }
  // Every spawned worker got a run and answered: more than one took part.
  const workers = Number(await heatmap(page).getAttribute("data-workers"));
  expect(workers).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId("sweep-status")).toContainText(`on ${workers} workers`);
  // The lowest loss of the grid is marked, and the losses are real (the lesson's band and below).
  const losses = await cells.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-loss"))));
  expect(Math.min(...losses)).toBeGreaterThan(0.5);
  expect(Math.min(...losses)).toBeLessThan(0.7);
  expect(new Set(losses).size).toBeGreaterThan(6);
  await expect(page.locator(".sweep-cell-best")).toHaveCount(1);
  await expect(page.getByTestId("sweep-legend")).toContainText("final loss");
  // The sweep is now in the link.
  await expect(page).toHaveURL(/[?&]sweep=gamma&sweepLr=0\.001,0\.3,4&sweepValues=0\.25,0\.5,1(&|$)/);
  expect(errors).toEqual([]);
});

test("cancel mid-run stops the sweep; no late results arrive and the panel stays usable", async ({ page }) => {
  const errors = trackErrors(page);
  await openSweep(page);
  await fillGrid(page, { lrMin: "0.001", lrMax: "0.3", lrCount: "12", values: "0.1, 0.25, 0.5, 1", seeds: "3" });
  await page.getByTestId("sweep-run").click();
  const progress = page.getByTestId("sweep-progress");
  await expect.poll(async () => Number(await progress.getAttribute("data-done"))).toBeGreaterThanOrEqual(3);
  await page.getByTestId("sweep-cancel").click();
  await expect(progress).toHaveAttribute("data-status", "cancelled");
  const doneAtCancel = Number(await progress.getAttribute("data-done"));
  const filledAtCancel = await heatmap(page).getAttribute("data-filled");
  expect(doneAtCancel).toBeLessThan(144);
  await page.waitForTimeout(1500);
  expect(Number(await progress.getAttribute("data-done"))).toBe(doneAtCancel);
  expect(await heatmap(page).getAttribute("data-filled")).toBe(filledAtCancel);
  await expect(page.getByTestId("sweep-status")).toHaveText(`Cancelled after ${doneAtCancel} of 144 runs.`);
  // Usable again: a new sweep runs to the end.
  await expect(page.getByTestId("sweep-run")).toBeEnabled();
  await fillGrid(page, { lrMin: "0.01", lrMax: "0.1", lrCount: "2", values: "0.5", seeds: "1" });
  await page.getByTestId("sweep-run").click();
  await waitDone(page);
  await expect(heatmap(page)).toHaveAttribute("data-filled", "2");
  expect(errors).toEqual([]);
});

test("a link with a sweep opens the Sweep tool filled in, and reproduces the same heat map", async ({ page }) => {
  const errors = trackErrors(page);
  const url = "/?epochs=3&sweep=stepSize&sweepLr=0.002,0.2,3&sweepValues=1,2";
  await page.goto(url);
  await expect(page.getByTestId("tool-panel-sweep")).toBeVisible();
  await expect(page.getByTestId("sweep-lrMin")).toHaveValue("0.002");
  await expect(page.getByTestId("sweep-lrMax")).toHaveValue("0.2");
  await expect(page.getByTestId("sweep-lrCount")).toHaveValue("3");
  await expect(page.getByTestId("sweep-axis")).toHaveValue("stepSize");
  await expect(page.getByTestId("sweep-values")).toHaveValue("1, 2");
  await page.getByTestId("sweep-run").click();
  await waitDone(page);
  const first = await page.getByTestId("sweep-cell").evaluateAll((els) => els.map((e) => e.getAttribute("data-loss")));
  expect(first).toHaveLength(6);
  // The same link on a fresh page gives the same numbers, bit for bit.
  await page.goto(url);
  await page.getByTestId("sweep-run").click();
  await waitDone(page);
  const second = await page.getByTestId("sweep-cell").evaluateAll((els) => els.map((e) => e.getAttribute("data-loss")));
  expect(second).toEqual(first);
  expect(errors).toEqual([]);
});

test("a bad sweep in a link is listed with key, value and range; the form flags bad input", async ({ page }) => {
  await page.goto("/?sweepLr=0,0.3,12&sweepSeeds=99");
  const notice = page.getByTestId("link-problems");
  await expect(notice).toContainText("sweepLr: lrMin must be in (0, 10], got 0");
  await expect(notice).toContainText("sweepSeeds: seeds must be an integer in [1, 10], got 99");
  await expect(page.getByTestId("tool-panel-sweep")).toBeVisible();
  await page.getByTestId("sweep-lrCount").fill("100");
  await expect(page.getByTestId("sweep-problems")).toContainText("lrCount must be an integer in [2, 40], got 100");
  await expect(page.getByTestId("sweep-lrCount")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("sweep-run")).toBeDisabled();
});

test("diverged cells get their own mark and say where they diverged", async ({ page }) => {
  await openSweep(page, "/?opt=sgd&epochs=1&sweepLr=0.1,5,3&sweepValues=0.5");
  await page.getByTestId("sweep-run").click();
  await waitDone(page);
  const cells = page.getByTestId("sweep-cell");
  await expect(cells.nth(0)).toHaveAttribute("data-status", "done");
  await expect(cells.nth(2)).toHaveAttribute("data-status", "diverged");
  await expect(cells.nth(2)).toHaveAttribute("aria-label", /^lr 5, gamma 0\.5: diverged at step \d+$/);
  await expect(cells.nth(2)).toHaveText("×");
});

test("clicking a cell loads its learning rate and decay into the playground and the link", async ({ page }) => {
  await openSweep(page, "/?epochs=2&sweepLr=0.001,0.1,3&sweepValues=0.1,1");
  await page.getByTestId("sweep-run").click();
  await waitDone(page);
  // Row order on screen: the largest value first. Pick lr 0.01 with gamma 0.1.
  const cell = page.locator('[data-testid="sweep-cell"][data-lr="0.01"][data-value="0.1"]');
  await cell.click();
  await expect(page).toHaveURL(/[?&]lr=0\.01(&|$)/);
  await expect(page).toHaveURL(/[?&]gamma=0\.1(&|$)/);
  await expect(page.getByTestId("lr")).toHaveValue("0.01");
  expect((await page.evaluate(() => window.__playground?.config()))?.optimizer.lr).toBe(0.01);
  // The sweep keeps its place in the link, so the link still reproduces it.
  await expect(page).toHaveURL(/[?&]sweepLr=0\.001,0\.1,3(&|$)/);
  // The keyboard works too.
  const other = page.locator('[data-testid="sweep-cell"][data-lr="0.1"][data-value="1"]');
  await other.focus();
  await other.press("Enter");
  await expect(page).toHaveURL(/[?&]lr=0\.1(&|$)/);
  await expect(page).toHaveURL(/[?&]gamma=1(&|$)/);
});

test("clicking a cell brings the loss chart into view and flashes it", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openSweep(page, "/?epochs=2&sweepLr=0.001,0.1,3&sweepValues=0.1,1");
  await page.getByTestId("sweep-run").click();
  await waitDone(page);
  const cell = page.locator('[data-testid="sweep-cell"][data-lr="0.01"][data-value="0.1"]');
  await cell.scrollIntoViewIfNeeded();
  const chart = page.getByTestId("loss-chart");
  // With the heat map on screen, the loss chart is not: the click has somewhere to take the user.
  await expect(chart).not.toBeInViewport();
  await cell.click();
  await expect(page.getByTestId("lr")).toHaveValue("0.01");
  await expect(chart).toBeInViewport({ ratio: 0.9 });
  await expect(chart).toHaveAttribute("data-flashed", "1");
  // The keyboard path does the same.
  const other = page.locator('[data-testid="sweep-cell"][data-lr="0.1"][data-value="1"]');
  await other.scrollIntoViewIfNeeded();
  await expect(chart).not.toBeInViewport();
  await other.focus();
  await other.press("Enter");
  await expect(chart).toBeInViewport({ ratio: 0.9 });
  await expect(chart).toHaveAttribute("data-flashed", "2");
});

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  test(`the sweep panel with results has no serious axe violations at ${viewport.width}×${viewport.height}`, async ({ page }) => {
    await page.setViewportSize(viewport);
    // Done, diverged and pending-free cells, the legend and the status line all on screen.
    await openSweep(page, "/?opt=sgd&epochs=1&sweepLr=0.01,5,6&sweepValues=0.1,0.5,1");
    await page.getByTestId("sweep-run").click();
    await waitDone(page);
    await expect(page.locator('[data-testid="sweep-cell"][data-status="diverged"]').first()).toBeVisible();
    const results = await new AxeBuilder({ page })
      .include('[data-testid="tool-panel-sweep"]')
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
      .analyze();
    const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
  });
}

test("timing: the default 12 × 4 grid (25 epochs) on the pool", async ({ page }, info) => {
  await openSweep(page);
  // Pause the live run so the figure is the sweep's own, not shared with the training worker.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  const status = await page.getByTestId("run-status").getAttribute("data-status");
  if (status === "running") await page.getByTestId("play").click();
  await expect(page.getByTestId("sweep-runs")).toHaveText("12 × 4 × 1 = 48 runs");
  const t0 = Date.now();
  await page.getByTestId("sweep-run").click();
  await waitDone(page);
  const outside = Date.now() - t0;
  const text = (await page.getByTestId("sweep-status").textContent()) ?? "";
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  info.annotations.push({ type: "sweep-12x4", description: `${text} (click to done ${outside} ms; hardwareConcurrency ${cores})` });
  console.log(`sweep 12x4: ${text} | click->done ${outside} ms | hardwareConcurrency ${cores}`);
  await expect(heatmap(page)).toHaveAttribute("data-filled", "48");
});
