import { expect, test } from "@playwright/test";
import { crash, events, mean, openPlayground, series, setMaxSpeed, settledStep, state, waitForStatus } from "./helpers.ts";

test("the default run streams a curve that rattles in the 0.7–0.9 band, then drops after the first decay", async ({ page }) => {
  await openPlayground(page);
  const chart = page.getByTestId("loss-chart");
  await expect(chart.locator("path.plot-line").first()).toBeVisible();
  await setMaxSpeed(page);
  const end = await waitForStatus(page, "done");
  expect(end.step).toBe(end.totalSteps);
  const spe = end.stepsPerEpoch;

  const decays = (await events(page)).filter((e) => e.type === "decay");
  expect(decays.length).toBeGreaterThan(0);
  const firstDecay = decays[0].step;

  const { step, loss } = await series(page);
  expect(step).toHaveLength(end.totalSteps);
  // Before the first decay, once past the initial fall (epoch 2 on), the loss stays in the band.
  const before = loss.filter((_, i) => step[i] > 2 * spe && step[i] < firstDecay);
  const inBand = before.filter((l) => l >= 0.7 && l <= 0.9).length / before.length;
  expect(inBand).toBeGreaterThan(0.9);
  // The epoch after the decay sits clearly lower than the epoch before it.
  const lastEpochBefore = loss.filter((_, i) => step[i] >= firstDecay - spe && step[i] < firstDecay);
  const epochAfter = loss.filter((_, i) => step[i] >= firstDecay + spe && step[i] < firstDecay + 2 * spe);
  expect(mean(epochAfter)).toBeLessThan(mean(lastEpochBefore) - 0.05);

  // What the page says matches the run.
  await expect(page.getByTestId("run-status")).toContainText(`Step ${end.totalSteps.toLocaleString("en-US")} of`);
  const lastLoss = Number(await chart.getAttribute("data-last-loss"));
  expect(lastLoss).toBeCloseTo(loss[loss.length - 1], 6);
});

test("the loss chart says which losses it draws: none per minibatch on the noisy quadratic, a faint one on linreg", async ({ page }) => {
  await openPlayground(page);
  const chart = page.getByTestId("loss-chart");
  const legend = chart.locator(".chart-legend");
  // Default problem: the model has no examples, so no minibatch line and the caption says why.
  await expect(legend).toContainText("This run: training-set loss");
  await expect(legend).not.toContainText("minibatch");
  await expect(chart.locator("figcaption")).toContainText("no minibatch loss");
  await expect(chart.locator("path.plot-line")).toHaveCount(1);

  await page.goto("/?problem=linreg");
  await expect(chart).toHaveAttribute("data-last-loss", /\d/);
  await expect(legend).toContainText("minibatch loss (raw, before its step)");
  await expect(chart.locator("figcaption")).toContainText("raw loss of each minibatch");
  // The loss line and, under it, the minibatch line.
  await expect(chart.locator("path.plot-line")).toHaveCount(2);
});

test("pause stops the stream; Step advances exactly one step and Epoch exactly one epoch", async ({ page }) => {
  await openPlayground(page);
  // Default speed (1,000 steps/s): the 25-epoch run is still going when we pause.
  await page.getByTestId("play").click();
  await expect(page.getByTestId("play")).toHaveText(/Play/);
  const paused = await settledStep(page);
  const s = await state(page);
  expect(s.status).toBe("paused");
  expect(paused).toBeLessThan(s.totalSteps);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-step", String(paused));

  await page.getByTestId("step").click();
  await expect.poll(async () => (await state(page)).step).toBe(paused + 1);
  expect(await settledStep(page, 300)).toBe(paused + 1);

  await page.getByTestId("step-epoch").click();
  await expect.poll(async () => (await state(page)).step).toBe(paused + 1 + s.stepsPerEpoch);
  expect(await settledStep(page, 300)).toBe(paused + 1 + s.stepsPerEpoch);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-step", String(paused + 1 + s.stepsPerEpoch));

  // Play resumes from there.
  await page.getByTestId("play").click();
  await expect.poll(async () => (await state(page)).step).toBeGreaterThan(paused + 1 + s.stepsPerEpoch);
});

test("a crashed worker is reported and replaced; the charts keep what they showed", async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId("play").click();
  // Paused, the worker flushes what it has once and then sends nothing: wait the same quiet time
  // as the pause test (200 ms is a single worker time slice away on a loaded machine).
  const step = await settledStep(page);
  expect(step).toBeGreaterThan(0);

  await crash(page);
  const alert = page.getByTestId("worker-error");
  await expect(alert).toBeVisible();
  await expect(alert).toHaveAttribute("role", "alert");
  await expect(alert).toContainText("training worker stopped");
  expect((await state(page)).status).toBe("error");
  expect((await state(page)).workerRestarts).toBe(1);
  // The store keeps the run's data and the chart still draws it, up to the last step.
  const kept = await series(page);
  expect(kept.step[kept.step.length - 1]).toBe(step);
  await expect(page.getByTestId("loss-chart")).toHaveAttribute("data-last-loss", String(kept.loss[kept.loss.length - 1]));
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-step", String(step));

  const before = (await state(page)).runId;
  await alert.getByRole("button", { name: "Restart run" }).click();
  await expect(alert).toBeHidden();
  await expect.poll(async () => {
    const s = await state(page);
    return s.runId !== before && s.step > 0;
  }).toBe(true);
});

test("a hidden tab pauses training and a visible one resumes it", async ({ page }) => {
  await openPlayground(page);
  const setHidden = (hidden: boolean) =>
    page.evaluate((h) => {
      Object.defineProperty(document, "hidden", { value: h, configurable: true });
      document.dispatchEvent(new Event("visibilitychange"));
    }, hidden);
  await setHidden(true);
  const frozen = await settledStep(page);
  const s = await state(page);
  expect(frozen).toBeLessThan(s.totalSteps);
  // The user did not pause: the page still says it is running, and resumes by itself.
  expect(s.status).toBe("running");
  await setHidden(false);
  await expect.poll(async () => (await state(page)).step).toBeGreaterThan(frozen);
});
