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
