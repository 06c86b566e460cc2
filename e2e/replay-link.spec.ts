// "Copy link" after a rate changed by hand ("change live"): the page warns that the link cannot
// replay the run and offers the nearest replayable link (src/state/replay-link.ts).

import { expect, test } from "@playwright/test";
import { events, hookConfig, openPlayground, series, setMaxSpeed, settledStep, state, waitForStatus } from "./helpers.ts";

test("after a hand change, Copy link warns and copies a link whose run has the same lr column", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openPlayground(page);
  // Slowest speed, then pause: the hand change lands mid-run however busy the machine is.
  const speed = page.getByTestId("speed");
  await speed.focus();
  await speed.press("Home");
  await expect(page.locator(".run-speed-value")).toHaveText("1 step/s");
  await page.getByTestId("play").click();
  await waitForStatus(page, "paused");
  let pausedAt = await settledStep(page);
  const { runId, totalSteps, stepsPerEpoch } = await state(page);
  // Where the pause lands depends on the machine (the run streams until the slow speed reaches the
  // worker). A hand change must differ from the scheduled rate of the next step, so step past a
  // halving (every 5 epochs) that is due within a step or two.
  const period = 5 * stepsPerEpoch;
  while ((pausedAt + 1) % period <= 2 || (pausedAt + 1) % period >= period - 2) {
    await page.getByTestId("step").click();
    await expect.poll(async () => (await state(page)).step).toBeGreaterThan(pausedAt);
    pausedAt = await settledStep(page);
  }
  expect(pausedAt).toBeLessThan(totalSteps);
  const from = 0.025 * 0.5 ** Math.floor(pausedAt / period);
  const to = from / 2;

  // Change live: halve the rate in force by hand (0.025 → 0.0125 before the first halving) from the next step.
  await page.getByTestId("live-mode").check();
  await page.getByTestId("lr").fill(String(to));
  await page.getByTestId("lr").press("Enter");
  await expect
    .poll(async () => (await events(page)).filter((e) => e.manual === true).map((e) => [e.step, e.from, e.to]))
    .toEqual([[pausedAt + 1, from, to]]);
  expect((await state(page)).runId).toBe(runId);

  // Run it to the end; this is the hand-changed run the link must replay.
  await setMaxSpeed(page);
  await page.getByTestId("play").click();
  const end = await waitForStatus(page, "done");
  expect(end.runId).toBe(runId);
  const hand = await series(page);
  expect(hand.lr).toHaveLength(totalSteps);

  // Copy link: a warning instead of a silent copy. The plain link is the address bar's.
  await page.getByTestId("copy-link").click();
  const warning = page.getByTestId("link-replay-warning");
  await expect(warning).toContainText("changed by hand");
  await expect(warning).toContainText("A multiStep schedule gives the same rates: lr 0.025, ×0.5 at");
  await page.getByTestId("copy-plain-link").click();
  await expect(warning).toHaveCount(0);
  await expect(page.getByTestId("copy-link")).toHaveText("Link copied");
  const plain = await page.evaluate(() => navigator.clipboard.readText());
  expect(plain).toBe(page.url());
  expect(plain).toContain(`lr=${to}`);

  // The replayable link.
  await page.getByTestId("copy-link").click();
  await page.getByTestId("copy-replay-link").click();
  await expect(warning).toHaveCount(0);
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain("decay=multiStep");

  await page.goto(link);
  await page.waitForFunction(() => typeof window.__playground !== "undefined");
  const cfg = await hookConfig(page);
  expect(cfg.optimizer.lr).toBe(0.025);
  expect(cfg.policy.kind).toBe("multiStep");
  await setMaxSpeed(page);
  const replayEnd = await waitForStatus(page, "done");
  expect(replayEnd.step).toBe(totalSteps);
  // Nothing was changed by hand in the replay, and its rates are the hand-changed run's, bit for bit.
  expect((await events(page)).some((e) => e.manual === true)).toBe(false);
  expect((await series(page)).lr).toEqual(hand.lr);
});
