// Lesson 7, "Decay at the end": every sentence of its text and of "Look for" checked against the
// page's own numbers (the live WSD run and its four pinned runs, all on seed 1's data and noise).

import { expect, test, type Page } from "@playwright/test";
import { computedPins, ema, hookConfig, mean, series, setMaxSpeed, state, waitForStatus, type HookPin } from "./helpers.ts";

/** The first index where two runs' losses differ (bit for bit), or the shorter length. */
function firstDiff(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) return i;
  return n;
}

const callout = (page: Page, kind: string) => page.locator(`[data-testid="loss-chart"] .plot-callout[data-kind="${kind}"]`);

async function openLesson(page: Page) {
  await page.goto("/?lesson=decay-at-end");
  const [constant, cosine, scheduleFree, extended] = await computedPins(page, 4);
  await setMaxSpeed(page);
  await waitForStatus(page, "done");
  const wsd = await series(page);
  const { stepsPerEpoch: spe, totalSteps } = await state(page);
  return { constant, cosine, scheduleFree, extended, wsd, spe, totalSteps };
}

test("lesson 7's text holds on the page: WSD is the constant run until its 20% 1-sqrt cooldown, then ends near cosine; it extends without starting over; cosine parts at once; schedule-free needs no decay", async ({ page }) => {
  const { constant, cosine, scheduleFree: sf, extended, wsd, spe, totalSteps } = await openLesson(page);
  const card = page.getByTestId("lesson-card");
  await expect(card).toContainText("7. Decay at the end");
  const lastEpoch = (y: readonly number[]) => mean(y.slice(-spe));

  // "hold the learning rate, and decay it only at the end — here with a 1-sqrt cooldown over the last 20% of the run"
  const config = await hookConfig(page);
  expect(config.policy).toMatchObject({ kind: "wsd", decayShape: "1-sqrt" });
  const lr0 = wsd.lr[0];
  const cool = wsd.lr.findIndex((r) => r < lr0); // the first step whose rate is below lr
  for (let i = 0; i < cool; i++) expect(wsd.lr[i]).toBe(lr0);
  const start = cool - 1; // the cooldown's first tick still has factor 1 − √0 = 1
  expect((totalSteps - start) / totalSteps).toBeCloseTo(0.2, 12);
  for (let i = cool + 1; i < totalSteps; i++) expect(wsd.lr[i]).toBeLessThan(wsd.lr[i - 1]);
  // 1-sqrt: a quarter of the way into the cooldown the rate is lr·(1 − √¼) = lr/2.
  const d = totalSteps - start;
  expect(wsd.lr[start + d / 4]).toBeCloseTo(lr0 * (1 - Math.sqrt(0.25)), 12);
  expect(wsd.lr.at(-1)).toBeLessThan(lr0 / 10);

  // "Until the cooldown, WSD is the constant-rate run, step for step, rattling just as high"
  const parted = firstDiff(wsd.loss, constant.loss);
  expect(parted).toBe(cool); // identical through the step before the first lower rate
  // "the cooldown then takes it down to within 0.05 of cosine's final loss" — and far below the constant run.
  expect(Math.abs(lastEpoch(wsd.loss) - lastEpoch(cosine.loss))).toBeLessThan(0.05);
  expect(Math.abs(wsd.loss.at(-1)! - cosine.loss.at(-1)!)).toBeLessThan(0.05);
  expect(lastEpoch(wsd.loss)).toBeLessThan(mean(constant.loss.slice(-5 * spe)) - 0.15);

  // "a WSD run can be extended from a checkpoint: keep the stable phase going and cool down later, without starting over"
  expect(firstDiff(extended.loss, wsd.loss)).toBe(cool);
  expect(extended.loss.length).toBeGreaterThan(totalSteps);
  expect(firstDiff(extended.loss, constant.loss)).toBeGreaterThan(cool + spe);

  // "Cosine cannot: its rate falls from the first step ..., so it parts from the constant run at once."
  expect(firstDiff(cosine.loss, constant.loss)).toBeLessThanOrEqual(2);

  // "Schedule-free AdamW needs no decay at all: at a constant rate it reports an average of its iterates (x),
  // the lowest curve for most of the run, ending between WSD and cosine"
  const epochs = totalSteps / spe;
  const epochMean = (y: readonly number[], e: number) => mean(y.slice(e * spe, (e + 1) * spe));
  let lowest = 0;
  for (let e = 0; e < epochs; e++) {
    const others = [wsd.loss, constant.loss, cosine.loss, extended.loss].map((y) => epochMean(y, e));
    if (epochMean(sf.loss, e) < Math.min(...others)) lowest += 1;
  }
  expect(lowest).toBeGreaterThan(epochs / 2);
  expect(lastEpoch(sf.loss)).toBeGreaterThan(lastEpoch(cosine.loss));
  expect(lastEpoch(sf.loss)).toBeLessThan(lastEpoch(wsd.loss));
  // "from the fourth epoch on, its loss at y, where it takes its gradients, is higher than at x"
  for (let e = 3; e < epochs; e++) expect(epochMean(sf.lossAtY, e), `epoch ${e + 1}`).toBeGreaterThan(epochMean(sf.loss, e));
  // The other runs have no second point: their loss at y is empty.
  for (const p of [constant, cosine, extended] as HookPin[]) expect(p.lossAtY.every(Number.isNaN)).toBe(true);
});

test("lesson 7's marks: three runs one and the same up to epoch 20, WSD extended cools down from epoch 24, final losses at the right end, schedule-free's loss at y dotted", async ({ page }) => {
  const { constant, cosine, scheduleFree: sf, extended, wsd, spe } = await openLesson(page);
  // "the vertical mark: three runs, one and the same until there" (epoch 20)
  const same = callout(page, "sameUntil");
  await expect(same).toHaveCount(1);
  const lastSame = Math.min(firstDiff(wsd.loss, constant.loss), firstDiff(wsd.loss, extended.loss)); // steps are 1-based
  await expect(same).toHaveAttribute("data-value", String(lastSame));
  await expect(same).toContainText("3 runs identical until");
  await expect(same).toContainText(`until epoch ${Number((lastSame / spe).toFixed(1))}`);
  expect(Math.round(lastSame / spe)).toBe(20);
  // "“WSD extended” branches off at the same mark and cools down from epoch 24"
  expect(Math.floor(firstDiff(extended.loss, constant.loss) / spe)).toBe(24);
  // "then falls to about cosine's level" and "the marks at the right end give the final losses"
  const ends = callout(page, "end");
  await expect(ends).toHaveCount(4);
  const shown = (y: readonly number[]) => ema(y, 0.6).at(-1)!.toFixed(2);
  await expect(ends.filter({ hasText: "WSD (this run)" })).toContainText(`ends at ${shown(wsd.loss)}`);
  await expect(ends.filter({ hasText: "cosine" })).toContainText(`ends at ${shown(cosine.loss)}`);
  await expect(ends.filter({ hasText: "schedule-free" })).toContainText(`ends at ${shown(sf.loss)}`);
  await expect(ends.filter({ hasText: "WSD extended" })).toContainText(`ends at ${shown(extended.loss)}`);
  // "The dotted line is schedule-free's loss at y"
  const legend = page.locator('[data-testid="loss-chart"] .chart-legend');
  await expect(legend).toContainText("schedule-free AdamW: loss at y, where schedule-free takes its gradients");
  await expect(page.locator('[data-testid="loss-chart"] figcaption')).toContainText("the dotted one the loss at y");
});

test("lesson 7 in Chinese: the card, the marks and the loss-at-y line are in Chinese", async ({ page }) => {
  await page.goto("/?lesson=decay-at-end&lang=zh");
  await computedPins(page, 4);
  await expect(page.getByTestId("lesson-card")).toContainText("7. 最后才衰减");
  await expect(page.locator('[data-testid="loss-chart"] .chart-legend')).toContainText("无调度 AdamW：y 点的损失");
  await expect(page.locator('[data-testid="loss-chart"] .chart-legend')).toContainText("WSD（本次运行）");
  const speed = page.getByTestId("speed");
  await speed.focus();
  await speed.press("End");
  await expect(page.locator(".run-speed-value")).toHaveText("最快");
  await waitForStatus(page, "done");
  await expect(callout(page, "sameUntil")).toContainText("3 次运行直到第 20 轮完全相同");
});
