// The loss-surface tool: heat map + live path on a canvas, the start point set by clicking (kept
// in the link), from a fresh page and from a link.

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { hookConfig, openPlayground, state, waitForRunWith } from "./helpers.ts";

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
  // Playwright's position is from the padding box, i.e. inside the 1 px border: use the client size.
  const inner = await canvas.evaluate((el) => ({ w: el.clientWidth, h: el.clientHeight }));
  await canvas.click({ position: { x: inner.w * 0.75, y: inner.h * 0.25 } });
  await expect(page).toHaveURL(/start=1(\.0\d?)?,2(\.0\d?)?(&|$)/);
  const cfg = await hookConfig(page);
  // The run of the clicked start (not merely a newer run) has taken its first step.
  const moved = await waitForRunWith(page, (c) => c.start?.[0] === cfg.start?.[0] && c.start?.[1] === cfg.start?.[1]);
  expect(moved.runId).toBeGreaterThan(before.runId);
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
  // The run from the new start to its end (the first run was "done" too).
  await waitForRunWith(page, (c) => c.start?.[0] === -2 && c.start?.[1] === -2, { status: "done" });
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

test("the map has axes with ticks, a star at the known minimum, an outlined path, and low loss in the sweep's good colour", async ({ page }) => {
  // The bowl: minimum at the origin, bounds ±3. A two-cell sweep rides along in the link.
  await page.goto("/?problem=bowl&sweep=gamma&sweepLr=0.01,0.1,2&sweepValues=0.5");
  await page.waitForFunction(() => typeof window.__playground !== "undefined");
  await page.getByTestId("sweep-run").click();
  await expect(page.getByTestId("sweep-progress")).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  const bestRgb = await page.locator(".sweep-cell-best").evaluate((el) => getComputedStyle(el).backgroundColor);
  await openSurface(page);
  const canvas = page.getByTestId("surface-canvas");
  await expect.poll(async () => Number(await canvas.getAttribute("data-points"))).toBeGreaterThan(50);

  // Axes: round ticks on both, and the 0 ticks sit at the middle of the map.
  const axes = page.getByTestId("surface-axes");
  await expect(axes).toHaveAttribute("data-x-ticks", "-3,-2,-1,0,1,2,3");
  await expect(axes).toHaveAttribute("data-y-ticks", "-3,-2,-1,0,1,2,3");
  const box = await canvas.boundingBox();
  if (box === null) throw new Error("no canvas box");
  const zeroX = await page.getByTestId("surface-xtick").nth(3).locator("line").boundingBox();
  const zeroY = await page.getByTestId("surface-ytick").nth(3).locator("line").boundingBox();
  expect(Math.abs((zeroX?.x ?? 0) - (box.x + box.width / 2))).toBeLessThan(2);
  expect(Math.abs((zeroY?.y ?? 0) - (box.y + box.height / 2))).toBeLessThan(2);
  await expect(page.getByTestId("surface-xtick").nth(3)).toHaveText("0");
  const tickFont = await page.getByTestId("surface-xtick").first().locator("text").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(tickFont).toBeGreaterThanOrEqual(14);

  // The minimum marker: one star, centred on the origin of the map.
  const star = page.getByTestId("surface-minimum");
  await expect(star).toHaveCount(1);
  await expect(star).toHaveAttribute("data-x", "0");
  const sb = await star.boundingBox();
  if (sb === null) throw new Error("no star box");
  expect(Math.abs(sb.x + sb.width / 2 - (box.x + box.width / 2))).toBeLessThan(2);
  expect(Math.abs(sb.y + sb.height / 2 - (box.y + box.height / 2))).toBeLessThan(3);

  // The path: drawn, with a real length, in white (no colour of the map is near white).
  await expect.poll(async () => Number(await canvas.getAttribute("data-path-length"))).toBeGreaterThan(100);
  const pix = await canvas.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const ctx = c.getContext("2d");
    if (ctx === null) return { white: 0, low: [0, 0, 0] };
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let white = 0;
    // Near white: the path is white (at 80% over its dark outline); viridis never gets there (its
    // yellow end has blue 37), nor do the contours (white at 45%).
    for (let k = 0; k < d.length; k += 4) if (d[k] > 190 && d[k + 1] > 190 && d[k + 2] > 190) white++;
    // The darkest pixel on a ring 16 CSS px around the minimum (clear of the star and the path's end).
    const scale = c.width / c.clientWidth;
    let low = [255, 255, 255];
    for (let a = 0; a < 64; a++) {
      const x = Math.round(c.width / 2 + 16 * scale * Math.cos((a * Math.PI) / 32));
      const y = Math.round(c.height / 2 + 16 * scale * Math.sin((a * Math.PI) / 32));
      const k = (y * c.width + x) * 4;
      if (d[k] + d[k + 1] + d[k + 2] < low[0] + low[1] + low[2]) low = [d[k], d[k + 1], d[k + 2]];
    }
    return { white, low };
  });
  expect(pix.white).toBeGreaterThan(200);
  // One colour meaning: the best sweep cell and the surface's low-loss floor are both viridis'
  // dark blue-purple end (blue the largest channel, dark), never its yellow (high-loss) end.
  const best = (/rgb\((\d+), (\d+), (\d+)\)/.exec(bestRgb) ?? []).slice(1).map(Number);
  for (const [r, g, b] of [best, pix.low]) {
    expect(b).toBeGreaterThan(r);
    expect(b).toBeGreaterThan(g);
    expect(r + g + b).toBeLessThan(350);
  }
  // Both colour bars say which end is low loss.
  await expect(page.getByTestId("surface-colorbar-low")).toHaveText("← low loss (good)");
  await page.getByTestId("tool-tab-sweep").click();
  await expect(page.getByTestId("sweep-legend-low")).toHaveText("← low loss (good)");
  if (SHOTS) await page.getByTestId("surface-panel").screenshot({ path: `${SHOTS}/surface-axes-1280.png` }).catch(() => undefined);
});
