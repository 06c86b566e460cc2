// The learning-rate range test: one click, a loss-vs-lr chart with two suggestions, and "use" sets
// the lr box (and the link), from a fresh page and from a link.

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { hookConfig, openPlayground } from "./helpers.ts";

const SHOTS = process.env.SHOT_DIR;

async function runRangeTest(page: Page): Promise<void> {
  await page.getByTestId("tool-tab-rangeTest").click();
  await expect(page.getByTestId("range-panel")).toBeVisible();
  await page.getByTestId("range-run").click();
  await expect(page.getByTestId("range-chart")).toBeVisible({ timeout: 30_000 });
}

test("fresh page: run the test, see both suggestions, use one as the starting rate", async ({ page }) => {
  await openPlayground(page);
  await runRangeTest(page);
  await expect(page.getByTestId("range-status")).toContainText(/Stopped at lr = |Reached lr = /);
  const steep = page.getByTestId("range-suggestion-steep");
  const valley = page.getByTestId("range-suggestion-valley");
  await expect(steep).toBeVisible();
  await expect(valley).toBeVisible();
  // The chart draws the curve and marks both suggestions.
  expect(Number(await page.getByTestId("range-chart").getAttribute("data-points"))).toBeGreaterThan(100);
  await expect(page.getByTestId("range-chart").locator(".recharts-reference-line")).toHaveCount(2);
  await expect(page.getByTestId("range-chart")).toContainText("steepest descent");

  const lr = await steep.getAttribute("data-lr");
  expect(Number(lr)).toBeGreaterThan(0);
  expect(Number(lr)).toBeLessThanOrEqual(10);
  await page.getByTestId("range-use-steep").click();
  await expect(page.getByTestId("lr")).toHaveValue(String(lr));
  await expect(page).toHaveURL(new RegExp(`lr=${String(lr).replace(".", "\\.")}(&|$)`));
  expect((await hookConfig(page)).optimizer.lr).toBe(Number(lr));
  await expect(page.getByTestId("range-use-steep")).toBeDisabled();
  const axe = await new AxeBuilder({ page }).include("[data-testid=range-panel]").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  if (SHOTS) await page.getByTestId("range-panel").screenshot({ path: `${SHOTS}/range-fresh-1280.png` });
});

test("from a link: SGD on the 2-D quadratic stops near lr = 2/h and suggests rates below it", async ({ page }) => {
  await page.goto("/?problem=nqm2d&opt=sgd&lr=0.1");
  await page.waitForFunction(() => typeof window.__playground !== "undefined");
  await runRangeTest(page);
  const status = await page.getByTestId("range-status").textContent();
  const stopLr = Number(/Stopped at lr = ([\d.e+-]+)/.exec(status ?? "")?.[1]);
  // Stability limit 2/h = 2 (gradient noise may trigger the 4x rule a little before it).
  expect(stopLr).toBeGreaterThan(1);
  expect(stopLr).toBeLessThan(4);
  for (const rule of ["steep", "valley"]) {
    const lr = Number(await page.getByTestId(`range-suggestion-${rule}`).getAttribute("data-lr"));
    expect(lr).toBeGreaterThan(0);
    expect(lr).toBeLessThan(2);
  }
  const valleyLr = await page.getByTestId("range-suggestion-valley").getAttribute("data-lr");
  await page.getByTestId("range-use-valley").click();
  await expect(page.getByTestId("lr")).toHaveValue(String(valleyLr));
  // The test does not depend on lr, so it is not stale; changing the optimizer makes it so.
  await expect(page.getByTestId("range-stale")).toHaveCount(0);
  if (SHOTS) {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId("range-panel").scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${SHOTS}/range-390.png` });
  }
});

test("the valley mark sits where its text says: the log-lr middle of the shaded stretch", async ({ page }) => {
  await openPlayground(page);
  await runRangeTest(page);
  const valleyLr = Number(await page.getByTestId("range-suggestion-valley").getAttribute("data-lr"));
  const stretch = (await page.getByTestId("range-chart").getAttribute("data-valley-stretch")) ?? "";
  const [a, b] = stretch.split(",").map(Number);
  expect(a).toBeGreaterThan(0);
  expect(b).toBeGreaterThan(a);
  // The shaded band is drawn, and the mark is its middle on the log axis (within a step of the
  // 300-step sweep from 1e-6 to 10, a factor of 1.055, plus the 3-digit rounding of data-lr).
  await expect(page.getByTestId("range-chart").locator(".recharts-reference-area")).toHaveCount(1);
  const mid = (Math.log(a) + Math.log(b)) / 2;
  expect(Math.abs(Math.log(valleyLr) - mid)).toBeLessThan(Math.log(1.06));
  await expect(page.getByTestId("range-suggestion-valley")).toContainText("the middle, on the log-lr axis, of the longest stretch");
  await expect(page.getByTestId("range-suggestion-valley")).not.toContainText("halfway down");
  // The text also says how far down the drop the mark is, from the run's own numbers.
  await expect(page.getByTestId("range-suggestion-valley")).toContainText(/here the loss has come \d+% of the way down that stretch/);
});

test("one lr axis: the range test's suggestions, the sweep's best cell and the current lr, with why they differ", async ({ page }) => {
  await page.goto("/?epochs=3&sweep=gamma&sweepLr=0.003,0.1,3&sweepValues=0.5,1");
  await page.waitForFunction(() => typeof window.__playground !== "undefined");
  await page.getByTestId("tool-tab-rangeTest").click();
  const axis = page.getByTestId("lr-axis");
  // Before anything has run: only the current lr, and the page says how to add the others.
  await expect(axis.getByTestId("lr-axis-mark")).toHaveCount(1);
  await expect(axis.getByTestId("lr-axis-mark")).toHaveAttribute("data-kind", "current");
  await expect(page.getByTestId("lr-axis-missing")).toContainText("Run the range test");
  await page.getByTestId("range-run").click();
  await expect(page.getByTestId("range-chart")).toBeVisible({ timeout: 30_000 });
  await expect(axis.getByTestId("lr-axis-mark")).toHaveCount(3);

  // A sweep in its own tab; the range test's result survives the tab switch.
  await page.getByTestId("tool-tab-sweep").click();
  await page.getByTestId("sweep-run").click();
  await expect(page.getByTestId("sweep-progress")).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  const bestLr = Number(await page.locator(".sweep-cell-best").getAttribute("data-lr"));
  await page.getByTestId("tool-tab-rangeTest").click();
  await expect(page.getByTestId("range-chart")).toBeVisible();
  await expect(axis.getByTestId("lr-axis-mark")).toHaveCount(4);
  await expect(page.getByTestId("lr-axis-missing")).toHaveCount(0);

  const marks = await axis.getByTestId("lr-axis-mark").evaluateAll((els) =>
    els.map((e) => ({ kind: e.getAttribute("data-kind"), lr: Number(e.getAttribute("data-lr")), x: Number(e.getAttribute("data-x")) })),
  );
  const byKind = Object.fromEntries(marks.map((m) => [m.kind, m]));
  expect(byKind.sweep.lr).toBe(bestLr);
  expect(byKind.current.lr).toBe((await hookConfig(page)).optimizer.lr);
  // The suggestions' marks are the listed rates (which are rounded to 3 digits).
  for (const rule of ["steep", "valley"]) {
    const listed = Number(await page.getByTestId(`range-suggestion-${rule}`).getAttribute("data-lr"));
    expect(Math.abs(byKind[rule].lr / listed - 1)).toBeLessThan(0.005);
  }
  // One axis: x grows with log lr for every pair of marks.
  for (const m of marks) for (const n of marks) if (m.lr < n.lr) expect(m.x).toBeLessThan(n.x);
  await expect(page.getByTestId("lr-axis-why")).toContainText("the range test reads a rule of thumb for a starting rate");
  await expect(page.getByTestId("lr-axis-why")).toContainText("final loss after full runs with decay");

  // Using a suggestion moves the current mark onto it.
  await page.getByTestId("range-use-valley").click();
  const valleyLr = Number(await page.getByTestId("range-suggestion-valley").getAttribute("data-lr"));
  await expect(axis.locator('[data-kind="current"]')).toHaveAttribute("data-lr", String(valleyLr));
  if (SHOTS) await page.getByTestId("range-panel").screenshot({ path: `${SHOTS}/range-axis-1280.png` });
});

test("the lr axis speaks Chinese", async ({ page }) => {
  await page.goto("/?lang=zh");
  await page.waitForFunction(() => typeof window.__playground !== "undefined");
  await page.getByTestId("tool-tab-rangeTest").click();
  await page.getByTestId("range-run").click();
  await expect(page.getByTestId("range-chart")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("lr-axis-why")).toContainText("范围测试");
  await expect(page.getByTestId("lr-axis")).toContainText("谷底");
  await expect(page.getByTestId("range-suggestion-valley")).toContainText("对数学习率轴上的中点");
});
