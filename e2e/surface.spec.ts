// The loss-surface tool: heat map + live path on a canvas, the start point set by clicking (kept
// in the link), from a fresh page and from a link.

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { hookConfig, openPlayground, state } from "./helpers.ts";

const SHOTS = process.env.SHOT_DIR;

async function openSurface(page: Page): Promise<void> {
  await page.getByTestId("tool-tab-surface").click();
  await expect(page.getByTestId("surface-panel")).toBeVisible();
}

/** Distinct colours among a 40 x 40 sample of the canvas, and a fingerprint of the pixels. */
async function canvasStats(page: Page): Promise<{ colors: number; width: number; sum: number }> {
  return page.getByTestId("surface-canvas").evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const ctx = c.getContext("2d");
    if (ctx === null) return { colors: 0, width: 0, sum: 0 };
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    let sum = 0;
    for (let j = 0; j < 40; j++) {
      for (let i = 0; i < 40; i++) {
        const k = (Math.floor(((j + 0.5) * c.height) / 40) * c.width + Math.floor(((i + 0.5) * c.width) / 40)) * 4;
        seen.add((data[k] << 16) | (data[k + 1] << 8) | data[k + 2]);
      }
    }
    for (let k = 0; k < data.length; k += 4) sum = (sum * 31 + data[k] + data[k + 1] * 7 + data[k + 2] * 13) % 1_000_000_007;
    return { colors: seen.size, width: c.width, sum };
  });
}

test("fresh page: a problem that is not 2-D offers the surfaces; switching draws Rosenbrock's map and path", async ({ page }) => {
  await openPlayground(page);
  await openSurface(page);
  await expect(page.getByTestId("surface-not-2d")).toContainText("100 parameters");
  await page.getByTestId("surface-switch-rosenbrock").click();
  await expect(page).toHaveURL(/problem=rosenbrock/);
  const canvas = page.getByTestId("surface-canvas");
  await expect(canvas).toBeVisible();
  await expect(canvas).toHaveAttribute("data-problem", "rosenbrock");
  // The default start of the Rosenbrock problem.
  await expect(canvas).toHaveAttribute("data-start", "-1.2,1");
  await expect.poll(async () => Number(await canvas.getAttribute("data-points"))).toBeGreaterThan(10);
  const stats = await canvasStats(page);
  expect(stats.width).toBeGreaterThan(200);
  // A heat map, not a blank or one-colour canvas.
  expect(stats.colors).toBeGreaterThan(40);
  await expect(page.getByTestId("surface-status")).toContainText(/Step \d+|Diverged/);
  if (SHOTS) await page.getByTestId("surface-panel").screenshot({ path: `${SHOTS}/surface-fresh-1280.png` });
});

test("from a link: the current point moves, clicking sets the start (in the link) and restarts", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/?problem=rosenbrock&decay=constant&lr=0.005&epochs=20000");
  await page.waitForFunction(() => typeof window.__playground !== "undefined");
  await openSurface(page);
  const canvas = page.getByTestId("surface-canvas");
  await expect(canvas).toHaveAttribute("data-problem", "rosenbrock");

  // The current point moves while the run streams, and the picture with it.
  const c1 = await canvas.getAttribute("data-current");
  const s1 = await canvasStats(page);
  await expect.poll(async () => (await canvas.getAttribute("data-current")) !== c1, { timeout: 10_000 }).toBe(true);
  await expect.poll(async () => (await canvasStats(page)).sum !== s1.sum, { timeout: 10_000 }).toBe(true);
  expect(s1.colors).toBeGreaterThan(40);

  // Click at 3/4 of the width, 1/4 of the height: world (1, 2) on Rosenbrock's view box [-2, 2] x [-1, 3].
  const before = await state(page);
  const box = await canvas.boundingBox();
  if (box === null) throw new Error("no canvas box");
  await canvas.click({ position: { x: box.width * 0.75, y: box.height * 0.25 } });
  await expect(page).toHaveURL(/start=1(\.0\d?)?,2(\.0\d?)?(&|$)/);
  await expect.poll(async () => (await state(page)).runId).toBeGreaterThan(before.runId);
  const cfg = await hookConfig(page);
  expect(cfg.start?.[0]).toBeCloseTo(1, 1);
  expect(cfg.start?.[1]).toBeCloseTo(2, 1);
  await expect(canvas).toHaveAttribute("data-start", `${cfg.start?.[0]},${cfg.start?.[1]}`);
  // The new run starts there: its first kept point is one step away from the clicked start.
  await expect.poll(async () => Number(await canvas.getAttribute("data-current-step"))).toBeGreaterThan(0);

  if (SHOTS) {
    await page.waitForTimeout(1500);
    await page.getByTestId("surface-panel").screenshot({ path: `${SHOTS}/surface-link-1280.png` });
  }
  expect(errors).toEqual([]);
});

test("the start point from a link is used, and the keyboard can set another", async ({ page }) => {
  await page.goto("/?problem=beale&start=2,-1&decay=constant&epochs=3000");
  await page.waitForFunction(() => typeof window.__playground !== "undefined");
  await openSurface(page);
  const canvas = page.getByTestId("surface-canvas");
  await expect(canvas).toHaveAttribute("data-start", "2,-1");
  await expect(page.getByTestId("surface-start-x")).toHaveValue("2");

  const x = page.getByTestId("surface-start-x");
  await x.fill("abc");
  await x.press("Enter");
  await expect(page.getByTestId("surface-start-error")).toContainText('Start x must be a number in [-1000, 1000], got “abc”');
  await expect(page).toHaveURL(/start=2,-1/);

  await x.fill("0.5");
  await page.getByTestId("surface-start-y").fill("1.5");
  await page.getByTestId("surface-start-y").press("Enter");
  await expect(page).toHaveURL(/start=0\.5,1\.5/);
  await expect(canvas).toHaveAttribute("data-start", "0.5,1.5");

  await page.getByTestId("surface-start-reset").click();
  await expect(page).not.toHaveURL(/start=/);
  await expect(canvas).toHaveAttribute("data-start", "1,1.5");
});

test("pinned runs keep their path; switching problem drops the start", async ({ page }) => {
  await page.goto("/?problem=bowl&start=2,2&decay=constant&epochs=50");
  await page.waitForFunction(() => typeof window.__playground !== "undefined");
  await expect.poll(async () => (await state(page)).status, { timeout: 20_000 }).toBe("done");
  await page.getByTestId("pin-run").click();
  await openSurface(page);
  await expect(page.locator(".surface-legend")).toContainText("pinned: #");
  // Start another run on the same surface: the pinned path stays on the map beside the live one.
  await page.getByTestId("surface-start-x").fill("-2");
  await page.getByTestId("surface-start-y").fill("-2");
  await page.getByTestId("surface-start-apply").click();
  await expect(page).toHaveURL(/start=-2,-2/);
  await expect(page.locator(".surface-legend")).toContainText("pinned: #");
  await expect.poll(async () => (await state(page)).status, { timeout: 20_000 }).toBe("done");
  if (SHOTS) await page.getByTestId("surface-panel").screenshot({ path: `${SHOTS}/surface-pinned-1280.png` });
  const axe = await new AxeBuilder({ page }).include("[data-testid=surface-panel]").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await page.getByTestId("problem").selectOption("saddle");
  await expect(page).toHaveURL(/problem=saddle/);
  await expect(page).not.toHaveURL(/start=/);
  if (SHOTS) {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId("surface-panel").scrollIntoViewIfNeeded();
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${SHOTS}/surface-390.png`, fullPage: false });
  }
});
