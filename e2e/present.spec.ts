// Presentation mode (issue #16): `present=1` or P, 24 px type, the settings in a drawer, and the
// shortcuts driven from the keyboard; each step waits for the run state it means.

import { expect, test, type Page } from "@playwright/test";
import { openPlayground, state, waitForNewRun, waitForRunWith, waitForStatus } from "./helpers.ts";

const presenting = (page: Page) => page.evaluate(() => document.documentElement.dataset.present === "1");

/** The lesson ids in the menu's order (the page's own LESSONS: others add lessons). */
const lessonIds = (page: Page): Promise<string[]> =>
  page.locator('[data-testid="lesson-menu"] option:not([disabled])').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));

test("present=1: 24 px type, thick lines, the settings in a drawer, the tools hidden", async ({ page }) => {
  await page.goto("/?present=1");
  await page.waitForFunction(() => typeof window.__playground !== "undefined");
  await expect(page.getByTestId("loss-chart")).toHaveAttribute("data-last-loss", /\d/);
  expect(await presenting(page)).toBe(true);
  const base = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  expect(base).toBeGreaterThanOrEqual(24);
  const line = page.locator('[data-testid="loss-chart"] path.plot-line[data-line$="-loss"]').first();
  expect(parseFloat(await line.evaluate((el) => getComputedStyle(el).strokeWidth))).toBeGreaterThanOrEqual(4);
  // The run's line is drawn in the presentation palette (Okabe–Ito blue).
  expect(await line.evaluate((el) => getComputedStyle(el).stroke)).toBe("rgb(0, 114, 178)");
  await expect(page.locator(".tools")).toBeHidden();
  await expect(page.getByTestId("lr")).toBeHidden();
  await page.getByTestId("present-settings").click();
  await expect(page.getByTestId("lr")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("lr")).toBeHidden();
});

test("P switches presentation mode on and off, and the link follows", async ({ page }) => {
  await openPlayground(page);
  expect(await presenting(page)).toBe(false);
  await page.locator("body").press("p");
  await expect.poll(() => presenting(page)).toBe(true);
  await expect(page).toHaveURL(/[?&]present=1(&|$)/);
  await page.keyboard.press("P");
  await expect.poll(() => presenting(page)).toBe(false);
  await expect(page).not.toHaveURL(/present=/);
});

test("Space plays and pauses, → advances one epoch, R replays", async ({ page }) => {
  await page.goto("/?present=1&epochs=50");
  await page.waitForFunction(() => typeof window.__playground !== "undefined");
  await waitForRunWith(page, (c) => c.epochs === 50, { steps: 10 });
  await page.locator("body").click({ position: { x: 5, y: 400 } });

  await page.keyboard.press("Space");
  const paused = await waitForStatus(page, "paused");
  await page.keyboard.press("Space");
  await waitForStatus(page, "running");
  await page.keyboard.press(" ");
  await waitForStatus(page, "paused");

  // → : exactly one epoch more, still paused.
  const before = await state(page);
  await page.keyboard.press("ArrowRight");
  await expect.poll(async () => (await state(page)).step).toBe(before.step + before.stepsPerEpoch);
  expect((await state(page)).status).toBe("paused");
  expect(paused.stepsPerEpoch).toBe(200);

  // R: the same settings from step 0, playing.
  await page.keyboard.press("r");
  const replay = await waitForNewRun(page, before.runId);
  expect(replay.status).toBe("running");
  expect(replay.step).toBeLessThan(before.step + before.stepsPerEpoch);
});

test("1 to N open the lessons (N from the lesson list), ? shows the shortcut list", async ({ page }) => {
  await page.goto("/?present=1");
  await page.waitForFunction(() => typeof window.__playground !== "undefined");
  const ids = await lessonIds(page);
  expect(ids.length).toBeGreaterThanOrEqual(5);
  for (const [i, id] of ids.entries()) {
    if (i >= 9) break;
    await page.keyboard.press(String(i + 1));
    await expect(page.getByTestId("lesson-card")).toHaveAttribute("data-lesson", id);
    await expect(page).toHaveURL(new RegExp(`[?&]lesson=${id}(&|$)`));
  }
  // One past the last lesson does nothing.
  if (ids.length < 9) {
    await page.keyboard.press(String(ids.length + 1));
    await expect(page.getByTestId("lesson-card")).toHaveAttribute("data-lesson", ids[ids.length - 1]);
  }
  await page.keyboard.press("?");
  const list = page.getByTestId("shortcut-list");
  await expect(list).toBeVisible();
  await expect(list).toContainText(`1–${Math.min(ids.length, 9)}`);
  await expect(list).toContainText("Space");
  await page.keyboard.press("Escape");
  await expect(list).toBeHidden();
});

test("shortcuts do not fire while typing in a box or choosing in a list", async ({ page }) => {
  await page.goto("/?present=1");
  await page.waitForFunction(() => typeof window.__playground !== "undefined");
  await waitForRunWith(page, () => true, { steps: 1 });
  await page.getByTestId("present-settings").click();
  const box = page.getByTestId("lr");
  await box.click();
  const before = await state(page);
  await box.press("End");
  await box.pressSequentially(" 1r?p");
  await box.press("ArrowRight");
  await expect(box).toHaveValue("0.025 1r?p");
  expect(await presenting(page)).toBe(true);
  await expect(page.getByTestId("lesson-card")).toHaveCount(0);
  await expect(page.getByTestId("shortcut-list")).toHaveCount(0);
  const after = await state(page);
  expect(after.runId).toBe(before.runId);
  // A list: the lesson menu takes its own keys.
  await box.press("Escape");
  await page.getByTestId("lesson-menu").focus();
  await page.keyboard.press("r");
  expect(await presenting(page)).toBe(true);
  expect((await state(page)).runId).toBe(before.runId);
});
