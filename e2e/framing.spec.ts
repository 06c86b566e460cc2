// What a class sees in the first seconds: each lesson's picture is framed for its point before the
// first point arrives (and never rescales while it streams), its key chart is on the first screen,
// its marks sit where the runs' own numbers put them, and every claim of its text holds on the page.
// All measured from the DOM and the page's hook, never from constants restated here.

import { expect, test, type Page } from "@playwright/test";
import { computedPins, ema, events, mean, series, setMaxSpeed, state, waitForStatus } from "./helpers.ts";
import { LESSONS } from "../src/state/lessons.ts";

/** The step where a curve, after being above `level`, first gets to it or below; -1 if never. */
function firstBelow(y: readonly number[], level: number): number {
  let above = false;
  for (let i = 0; i < y.length; i++) {
    if (y[i] > level) above = true;
    else if (above) return i;
  }
  return -1;
}

interface Framing {
  step: number;
  domain: string | null;
  /** Height of the 0.7–0.9 band over the plot's height. */
  share: number;
}

/** The loss chart's y domain and the band's share of the plot height, measured from its SVG. */
async function framing(page: Page): Promise<Framing> {
  const step = (await state(page)).step;
  const m = await page.evaluate(() => {
    const chart = document.querySelector('[data-testid="loss-chart"]');
    const band = chart?.querySelector(".plot-reference-area");
    const clip = chart?.querySelector(".plot-lines clipPath rect");
    const plotH = clip === null || clip === undefined ? 0 : Number(clip.getAttribute("height"));
    const bandH = band === null || band === undefined ? 0 : (band as SVGGraphicsElement).getBBox().height;
    return { domain: chart?.getAttribute("data-y-domain") ?? null, share: plotH > 0 ? bandH / plotH : 0 };
  });
  return { step, ...m };
}

/** The plot box of a chart against the first screen (no scrolling). */
async function plotBox(page: Page, testId: string) {
  const box = await page.getByTestId(testId).locator(".chart-plot").boundingBox();
  const vh = page.viewportSize()?.height ?? 0;
  return { top: box?.y ?? -1, bottom: (box?.y ?? 0) + (box?.height ?? 0), vh };
}

for (const size of [
  { width: 1280, height: 800 },
  { width: 1024, height: 768 },
]) {
  for (const url of ["/", "/?lesson=plateau", "/?lesson=halve-vs-tenth"]) {
    test(`${url} at ${size.width}×${size.height}: the 0.7–0.9 band fills at least a fifth of the loss plot from the first decay on, and the y axis never moves`, async ({ page }) => {
      await page.setViewportSize(size);
      await page.goto(url);
      await expect(page.getByTestId("loss-chart")).toHaveAttribute("data-last-loss", /\d/);
      const samples: Framing[] = [];
      // Sample the frame at every epoch of the run: paused, then one epoch at a time (the Epoch
      // button), each sample taken once the page has drawn that epoch. How many samples a timed
      // loop would get depends on the machine's speed; this does not.
      await page.getByTestId("play").click();
      await waitForStatus(page, "paused");
      const { totalSteps, stepsPerEpoch } = await state(page);
      for (let epoch = 1; epoch <= Math.ceil(totalSteps / stepsPerEpoch); epoch++) {
        const target = Math.min(totalSteps, epoch * stepsPerEpoch);
        if ((await state(page)).step < target) {
          await page.getByTestId("step-epoch").click();
          await expect.poll(async () => (await state(page)).step).toBeGreaterThanOrEqual(target);
        }
        // The page shows the step the store has. (Read once and compared, this raced the samples
        // still in flight when the pause landed: the store said 712 and the page then drew 732.)
        await expect
          .poll(async () => {
            const [shown, now] = await Promise.all([page.getByTestId("run-status").getAttribute("data-step"), state(page)]);
            return shown === String(now.step);
          })
          .toBe(true);
        samples.push(await framing(page));
      }
      await waitForStatus(page, "done");
      samples.push(await framing(page));
      const firstDecay = (await events(page)).find((e) => e.type === "decay");
      expect(firstDecay).toBeDefined();
      const after = samples.filter((s) => s.step >= (firstDecay?.step ?? 0));
      // Samples during the run, and several taken mid-run after the decay.
      expect(samples.length).toBeGreaterThan(5);
      expect(after.filter((s) => s.step < totalSteps).length).toBeGreaterThan(2);
      for (const s of after) expect(s.share, `band share at step ${s.step}`).toBeGreaterThanOrEqual(0.2);
      expect(new Set(samples.map((s) => s.domain))).toEqual(new Set(["0.5,1"]));
      // Chart first: the whole loss plot is on the first screen.
      const box = await plotBox(page, "loss-chart");
      expect(box.top).toBeGreaterThanOrEqual(0);
      expect(box.bottom).toBeLessThanOrEqual(box.vh);
    });
  }
}

// One test per screen size and language (seven lessons each), so a busy machine's slower loads stay
// well inside one test's time.
for (const size of [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
]) {
  for (const lang of ["en", "zh"]) {
    test(`every lesson's key chart is on the first screen at ${size.width}×${size.height} (${lang})`, async ({ page }) => {
      // Every lesson, numbered or added later: the list is the page's own.
      const lessons = LESSONS.map((l) => l.id);
      expect(lessons.length).toBeGreaterThanOrEqual(6);
      await page.setViewportSize(size);
      for (const id of lessons) {
        await page.goto(`/?lesson=${id}&lang=${lang}`);
        await expect(page.getByTestId("lesson-card")).toHaveAttribute("data-lesson", id);
        await expect(page.getByTestId("loss-chart")).toHaveAttribute("data-last-loss", /\d/);
        const key = LESSONS.find((l) => l.id === id)?.view?.keyChart === "lr" ? "lr-chart" : "loss-chart";
        await expect(page.getByTestId(key).locator(".plot-surface")).toBeVisible();
        const box = await plotBox(page, key);
        expect(box.top, `${id} ${lang} ${size.width}`).toBeGreaterThanOrEqual(0);
        expect(box.bottom, `${id} ${lang} ${size.width}`).toBeLessThanOrEqual(box.vh);
        // The lesson text is folded to one line, with "more" to read all of it.
        const text = page.getByTestId("lesson-card").locator(".lesson-text");
        const lineHeight = await text.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight));
        expect((await text.boundingBox())?.height ?? 99).toBeLessThanOrEqual(lineHeight * 1.5);
      }
      await page.getByTestId("lesson-more").click();
      await expect(page.getByTestId("lesson-card").locator(".lesson-look")).toBeVisible();
    });
  }
}

test("lesson 1's marks sit where its runs put them, and its text holds", async ({ page }) => {
  await page.goto("/?lesson=plateau");
  const [constant, low] = await computedPins(page, 2);
  await setMaxSpeed(page);
  await waitForStatus(page, "done");
  const live = await series(page);
  const spe = (await state(page)).stepsPerEpoch;
  const callout = (kind: string) => page.locator(`[data-testid="loss-chart"] .plot-callout[data-kind="${kind}"]`);
  // "constant rate rattles 0.7–0.9": its last 15 epochs stay in the band.
  await expect(callout("band")).toHaveCount(1);
  const tail = ema(constant.loss, 0.6).slice(2000);
  expect(Math.min(...tail)).toBeGreaterThan(0.6);
  expect(mean(tail)).toBeGreaterThan(0.7);
  expect(mean(tail)).toBeLessThan(0.9);
  // "first decay": at the live run's first decay event.
  const decay = (await events(page)).find((e) => e.type === "decay");
  await expect(callout("firstDecay")).toHaveAttribute("data-x", String(decay?.epoch));
  // "lr/16 gets below 0.7 here (epoch N)": where its smoothed loss does, to the chart's resolution.
  const lowAt = firstBelow(ema(low.loss, 0.6), 0.7) / spe;
  const shown = Number(await callout("reaches").getAttribute("data-value"));
  expect(Math.abs(shown - lowAt)).toBeLessThan(0.25);
  await expect(callout("reaches")).toContainText(String(Number(shown.toFixed(1))));
  // "right after the first decay the halved run settles below it; lr/16 … many epochs later".
  const liveAt = firstBelow(ema(live.loss, 0.6), 0.7) / spe;
  expect(liveAt - (decay?.epoch ?? 0)).toBeLessThan(1);
  expect(lowAt - liveAt).toBeGreaterThan(5);
  // "settles at 0.53": the live run's last smoothed loss.
  const last = ema(live.loss, 0.6).at(-1) ?? 0;
  await expect(callout("settles")).toContainText(last.toFixed(2));
  // "starts at 55 ↑": where the curves begin, above the frame.
  await expect(callout("start").first()).toContainText(`${live.loss[0].toFixed(0)} ↑`);
  // Pinned runs carry their names at their lines' ends.
  await expect(page.locator('[data-testid="loss-chart"] .plot-callout[data-kind="label"]')).toContainText(["constant low rate (lr/16)"]);
});

test("lesson 2's text against its runs: ×0.1 removes the rattle sooner, then can hardly move; both end within 0.01", async ({ page }) => {
  await page.goto("/?lesson=halve-vs-tenth");
  const [tenth] = await computedPins(page, 1);
  await setMaxSpeed(page);
  await waitForStatus(page, "done");
  const halve = await series(page);
  const jitter = (y: readonly number[], a: number, b: number) => mean(y.slice(a + 1, b).map((v, i) => Math.abs(v - y[a + i])));
  // Epochs 6–10 (after the first drop): much less step-to-step rattle, and lower.
  expect(jitter(tenth.loss, 1200, 2000)).toBeLessThan(0.5 * jitter(halve.loss, 1200, 2000));
  expect(mean(tenth.loss.slice(1200, 2000))).toBeLessThan(mean(halve.loss.slice(1200, 2000)));
  // After two drops the rate is 100× smaller: its steps are tiny next to the halving run's.
  expect(mean(tenth.updateNorm.slice(-200))).toBeLessThan(mean(halve.updateNorm.slice(-200)) / 100);
  // "the two end within 0.01 of each other", and the marks at the right end say where.
  expect(Math.abs(mean(tenth.loss.slice(-1000)) - mean(halve.loss.slice(-1000)))).toBeLessThan(0.01);
  await expect(page.locator('[data-testid="loss-chart"] .plot-callout[data-kind="end"]')).toHaveCount(2);
});

test("lesson 3 draws every run's update size; larger epsilon moves less per step, comes down later and ends lower", async ({ page }) => {
  await page.goto("/?lesson=epsilon-hat");
  const [eps01, eps1] = await computedPins(page, 2);
  await setMaxSpeed(page);
  await waitForStatus(page, "done");
  const live = await series(page);
  await expect(page.getByTestId("lr-chart")).toHaveAttribute("data-updates-per-run", "3");
  const first = (y: readonly number[]) => mean(y.slice(0, 200));
  expect(first(live.updateNorm)).toBeGreaterThan(first(eps01.updateNorm));
  expect(first(eps01.updateNorm)).toBeGreaterThan(first(eps1.updateNorm));
  const epoch2 = (y: readonly number[]) => mean(y.slice(200, 400));
  expect(epoch2(live.loss)).toBeLessThan(epoch2(eps01.loss));
  expect(epoch2(eps01.loss)).toBeLessThan(epoch2(eps1.loss));
  const tail = (y: readonly number[]) => mean(y.slice(-1000));
  expect(tail(eps1.loss)).toBeLessThan(tail(live.loss));
  expect(tail(eps01.loss)).toBeLessThan(tail(live.loss));
});

test("lesson 4: lr_t starts at 0.32·lr, dips for about a hundred steps, climbs toward lr; the schedule stays flat; the lr chart comes first, in steps on log x", async ({ page }) => {
  await page.goto("/?lesson=bias-correction");
  await setMaxSpeed(page);
  await waitForStatus(page, "done");
  const s = await series(page);
  expect(new Set(s.lr).size).toBe(1);
  const ratio = s.lrT.map((v, i) => v / s.lr[i]);
  expect(ratio[0]).toBeCloseTo(0.316, 3);
  const low = ratio.indexOf(Math.min(...ratio));
  const back = ratio.findIndex((r, i) => i > low && r >= ratio[0]);
  expect(back).toBeGreaterThan(50);
  expect(back).toBeLessThan(200);
  expect(ratio.at(-1)).toBeGreaterThan(0.9);
  const marks = page.locator('[data-testid="lr-chart"] .plot-callout[data-kind="lrT"]');
  await expect(marks).toHaveCount(3);
  await expect(marks.nth(0)).toContainText("0.316·lr at step 1");
  await expect(marks.nth(1)).toContainText(`step ${s.step[low]}`);
  await expect(marks.nth(2)).toContainText(`${Number(ratio.at(-1)?.toPrecision(3))}·lr at step 2,000`);
  await expect(page.locator(".charts")).toHaveAttribute("data-key-chart", "lr");
  await expect(page.getByTestId("logX")).toBeChecked();
  await expect(page.getByTestId("xUnit")).toHaveValue("step");
  // The link of the lesson as opened says no more than the lesson's id.
  expect(new URL(page.url()).search).not.toMatch(/[?&](logx|x)=/);
  await page.getByTestId("logX").uncheck();
  await expect(page).toHaveURL(/logx=0/);
});

test("lesson 5: warmup and cosine change the rate every step; the plateau run's decays are marked where its loss stopped improving", async ({ page }) => {
  await page.goto("/?lesson=warmup-cosine-plateau");
  const [plateau] = await computedPins(page, 1);
  await setMaxSpeed(page);
  await waitForStatus(page, "done");
  const s = await series(page);
  // Per step: 400 distinct rates in the 400-step warmup, and the cosine keeps changing after it.
  expect(new Set(s.lr.slice(0, 400)).size).toBe(400);
  expect(new Set(s.lr.slice(400, 800)).size).toBeGreaterThan(390);
  const decays = plateau.events.filter((e) => e.type === "decay");
  expect(decays.length).toBeGreaterThan(0);
  await expect(page.locator('[data-testid="loss-chart"] .plot-callout[data-kind="decays"]')).toHaveCount(decays.length);
  // Each decay comes after epochs whose mean loss did not beat the best before them by 1%.
  const epochMean = (e: number) => mean(plateau.loss.slice(e * 200, (e + 1) * 200));
  for (const d of decays) {
    const e = Math.round(d.epoch);
    const best = Math.min(...Array.from({ length: e - 2 }, (_, k) => epochMean(k)));
    expect(Math.min(epochMean(e - 1), epochMean(e - 2))).toBeGreaterThan(best * 0.99 - 0.01);
  }
});

test("Fit all rescales to every point and one click gets the fixed frame back; the link keeps it", async ({ page }) => {
  await page.goto("/?lesson=plateau");
  await expect(page.getByTestId("loss-chart")).toHaveAttribute("data-y-domain", "0.5,1");
  await page.getByTestId("fitY").check();
  await expect(page).toHaveURL(/fit=1/);
  await expect(page.getByTestId("loss-chart")).toHaveAttribute("data-framed", "0");
  await expect(page.getByTestId("loss-chart")).not.toHaveAttribute("data-y-domain", "0.5,1");
  await page.getByTestId("fitY").uncheck();
  await expect(page.getByTestId("loss-chart")).toHaveAttribute("data-y-domain", "0.5,1");
  await expect(page).not.toHaveURL(/fit=1/);
});

test("a curve that leaves the fixed frame says so, with Fit all one click away", async ({ page }) => {
  // lr 0.2 at a constant rate rattles near 2.8: above the 0.5–1.0 frame.
  await page.goto("/?lr=0.2&decay=constant&epochs=3");
  await setMaxSpeed(page);
  await waitForStatus(page, "done");
  const notice = page.getByTestId("off-view");
  await expect(notice).toBeVisible();
  await notice.getByRole("button").click();
  await expect(page.getByTestId("loss-chart")).toHaveAttribute("data-framed", "0");
  await expect(notice).toHaveCount(0);
});

test("on a phone the loss chart stays in view while a setting is changed", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/?lesson=plateau");
  await expect(page.getByTestId("loss-chart")).toHaveAttribute("data-last-loss", /\d/);
  const slider = page.getByTestId("lr-slider");
  await slider.scrollIntoViewIfNeeded();
  await slider.focus();
  await slider.press("ArrowRight");
  const box = await plotBox(page, "loss-chart");
  expect(box.top).toBeGreaterThanOrEqual(0);
  expect(box.bottom).toBeLessThanOrEqual(box.vh);
  // The slider being dragged is not covered by the chart.
  const s = await slider.boundingBox();
  expect(s?.y ?? 0).toBeGreaterThanOrEqual(box.bottom);
});

test("a pinned run keeps the name it was given when the settings change, can be renamed, and is named at its line's end", async ({ page }) => {
  await page.goto("/?lr=0.05&epochs=2");
  await setMaxSpeed(page);
  await waitForStatus(page, "done");
  await page.getByTestId("pin-run").click();
  const label = page.getByTestId("pinned-label");
  // Named by what set it apart from the default run when it was pinned.
  await expect(label).toHaveText("lr 0.05, epochs 2");
  // Changing the settings does not rename it.
  await page.getByTestId("lr").fill("0.01");
  await page.getByTestId("lr").press("Enter");
  await expect(page).toHaveURL(/lr=0\.01/);
  await expect(label).toHaveText("lr 0.05, epochs 2");
  await page.getByTestId("pin-rename").click();
  await page.getByTestId("pin-name").fill("too fast");
  await page.getByTestId("pin-name").press("Enter");
  await expect(label).toHaveText("too fast");
  await expect(page.locator('[data-testid="loss-chart"] .chart-legend')).toContainText("too fast (pinned)");
  await waitForStatus(page, "done");
  await expect(page.locator('[data-testid="loss-chart"] .plot-callout[data-kind="label"]')).toHaveText("too fast");
  // An empty name gives it back its own.
  await page.getByTestId("pin-rename").click();
  await page.getByTestId("pin-name").fill("");
  await page.getByTestId("pin-name").press("Enter");
  await expect(label).toHaveText("lr 0.05, epochs 2");
});
