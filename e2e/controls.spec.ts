import { expect, test, type Page } from "@playwright/test";
import { near, openPlayground, series, setMaxSpeed, state, waitForRunWith, waitForStatus } from "./helpers.ts";

async function finishedRun(page: Page) {
  await openPlayground(page);
  await setMaxSpeed(page);
  return waitForStatus(page, "done");
}

test("moving the learning-rate slider restarts the run and changes the curve", async ({ page }) => {
  const first = await finishedRun(page);
  const before = await series(page);
  const lrBefore = Number(await page.getByTestId("lr").inputValue());

  const slider = page.getByTestId("lr-slider");
  await slider.focus();
  for (let i = 0; i < 8; i++) await slider.press("ArrowLeft");
  const lrAfter = Number(await page.getByTestId("lr").inputValue());
  expect(lrAfter).toBeLessThan(lrBefore);

  // The slider commits at most once per frame, so the presses may start intermediate runs: wait
  // for the run of the final value, not for any newer run.
  const next = await waitForRunWith(page, (c) => near(c.optimizer.lr, lrAfter), { steps: 300 });
  expect(next.runId).toBeGreaterThan(first.runId);
  const after = await series(page);
  // The new run trains at the new rate from step 1, so its curve differs from the old one.
  expect(after.lr[0]).toBeCloseTo(lrAfter, 12);
  expect(after.loss.slice(0, 300)).not.toEqual(before.loss.slice(0, 300));

  // The exact number box does the same.
  await page.getByTestId("lr").fill("0.005");
  await page.getByTestId("lr").press("Enter");
  const boxed = await waitForRunWith(page, (c) => c.optimizer.lr === 0.005, { steps: 10 });
  expect(boxed.runId).toBeGreaterThan(next.runId);
  expect((await series(page)).lr[0]).toBe(0.005);
});

test("choosing another decay kind updates the preview and the run", async ({ page }) => {
  const first = await finishedRun(page);
  const preview = page.getByTestId("schedule-preview").locator("path.plot-line").first();
  const pathBefore = await preview.getAttribute("d");
  const lr0 = (await series(page)).lr[0];

  await page.getByTestId("decay-kind").selectOption("cosine");
  await expect.poll(() => preview.getAttribute("d")).not.toBe(pathBefore);
  const next = await waitForRunWith(page, (c) => c.policy.kind === "cosine", { status: "done" });
  expect(next.runId).toBeGreaterThan(first.runId);
  const { lr, step } = await series(page);
  // Cosine annealing: starts at lr, falls smoothly (not in halving steps) toward etaMin.
  expect(lr[0]).toBe(lr0);
  const mid = lr[step.findIndex((s) => s >= next.totalSteps / 2)];
  expect(mid).toBeLessThan(lr0 * 0.75);
  expect(mid).toBeGreaterThan(lr0 * 0.25);
  const distinct = new Set(lr).size;
  expect(distinct).toBeGreaterThan(10);
});

test("pinning keeps a pinned line named by what set it apart when it was pinned", async ({ page }) => {
  const first = await finishedRun(page);
  await page.getByTestId("pin-run").click();
  const pins = page.getByTestId("pinned-run");
  await expect(pins).toHaveCount(1);
  // The default run, pinned: nothing sets it apart from the default settings.
  await expect(pins.first()).toContainText("default settings");

  await page.getByTestId("lr").fill("0.005");
  await page.getByTestId("lr").press("Enter");
  const next = await waitForRunWith(page, (c) => c.optimizer.lr === 0.005, { steps: 100 });
  expect(next.runId).toBeGreaterThan(first.runId);
  // Its name was fixed when it was pinned: changing the settings does not rename it.
  await expect(pins.first()).toContainText("default settings");

  // The pinned run is drawn dashed in the loss chart next to the live line, and survives the restart.
  const pinnedLine = page.getByTestId("loss-chart").locator("path.plot-line[stroke-dasharray]");
  await expect(pinnedLine).toHaveCount(1);
  expect((await pinnedLine.getAttribute("d"))?.length ?? 0).toBeGreaterThan(100);

  await pins.first().getByRole("button", { name: /Remove pinned run/ }).click();
  await expect(pins).toHaveCount(0);
  await expect(pinnedLine).toHaveCount(0);
});

test("a bad typed value shows the schema's message and the run keeps going", async ({ page }) => {
  await openPlayground(page);
  const s0 = await state(page);
  const box = page.getByTestId("lr");
  await box.fill("abc");
  await box.press("Enter");
  const error = page.getByTestId("lr-error");
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute("role", "alert");
  await expect(error).toContainText("lr");
  await expect(error).toContainText("abc");

  await box.fill("-1");
  await box.press("Enter");
  await expect(error).toContainText("-1");

  // Still the same run, and still streaming.
  await expect.poll(async () => (await state(page)).step).toBeGreaterThan(s0.step + 50);
  expect((await state(page)).runId).toBe(s0.runId);

  // Escape restores the running value and clears the message.
  await box.press("Escape");
  await expect(error).toBeHidden();
});

test("change live applies a new rate from the current step as a manual decay", async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId("play").click();
  await page.getByTestId("live-mode").check();
  const s0 = await state(page);
  await page.getByTestId("lr").fill("0.002");
  await page.getByTestId("lr").press("Enter");
  await expect(page.locator(".notice").filter({ hasText: "Rate changed live" })).toBeVisible();
  const s1 = await state(page);
  expect(s1.runId).toBe(s0.runId);
  await page.getByTestId("step").click();
  await expect.poll(async () => (await state(page)).step).toBe(s1.step + 1);
  const { lr } = await series(page);
  expect(lr[lr.length - 1]).toBeCloseTo(0.002, 12);
});
