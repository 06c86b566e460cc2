// The theory lines (expected loss, noise floors) and lesson 6's claims, read from the page: the
// floor labels the chart draws, the runs' own losses through the page's hook, and the lesson's text.
// Nothing here restates an engine number; the text's numbers are checked against the page's.

import { expect, test, type Page } from "@playwright/test";
import { computedPins, mean, series, waitForRunWith, waitForStatus } from "./helpers.ts";

interface HookBand {
  status: string;
  config: { optimizer: { lr: number }; policy: { kind: string } };
  band: { seeds: number; q10: (number | null)[]; q90: (number | null)[] } | null;
}
interface HookBands {
  live: HookBand | null;
  pinned: Record<string, HookBand>;
}

interface FloorMark {
  lr: number;
  floor: number;
  x: number;
  text: string;
}

/** The floor labels on the loss chart, deduplicated by rate (a rate's floor is one number). */
async function floorMarks(page: Page): Promise<FloorMark[]> {
  return page.locator('[data-testid="loss-chart"] .plot-callout[data-kind="floor"]').evaluateAll((els) =>
    els.map((el) => ({
      lr: Number(el.getAttribute("data-lr")),
      floor: Number(el.getAttribute("data-value")),
      x: Number(el.getAttribute("data-x")),
      text: el.textContent ?? "",
    })),
  );
}

const theoryLines = (page: Page) => page.locator('[data-testid="loss-chart"] path.plot-line[data-line$="-theory"]');
const floorLines = (page: Page) => page.locator('[data-testid="loss-chart"] path.plot-line[data-line$="-floor"]');

/** The numbers written in a text, in order ("0.80, 0.66 and 0.58" -> [0.8, 0.66, 0.58]). */
const numbersIn = (text: string): number[] => (text.match(/\d+(?:\.\d+)?/g) ?? []).map(Number);

test.describe("lesson 6: why the plateau sits where it does", () => {
  for (const lang of ["en", "zh"] as const) {
    test(`its text's floors, excesses and halving hold on the page (${lang})`, async ({ page }) => {
      await page.goto(`/?lesson=noise-floor${lang === "zh" ? "&lang=zh" : ""}`);
      await page.waitForFunction(() => typeof window.__playground !== "undefined");
      await expect(page.getByTestId("theory")).toBeChecked();
      // The live run and its three constant-rate comparisons each get a dotted expected-loss line.
      await expect(theoryLines(page)).toHaveCount(4);
      await expect(floorLines(page)).toHaveCount(4);
      const marks = await floorMarks(page);
      const at = (lr: number): FloorMark => {
        const m = marks.find((k) => Math.abs(k.lr - lr) < 1e-12);
        expect(m, `a floor label for lr ${lr}`).toBeDefined();
        return m as FloorMark;
      };
      const floors = [0.025, 0.0125, 0.00625].map((lr) => at(lr).floor);
      // Each label says its rate and its floor.
      for (const lr of [0.025, 0.0125, 0.00625]) expect(at(lr).text).toContain(String(lr));

      await page.getByTestId("lesson-more").click();
      const text = (await page.getByTestId("lesson-card").locator(".lesson-text").textContent()) ?? "";
      const nums = numbersIn(text);
      // "... constant (0.51): constant rates 0.025, 0.0125 and 0.00625 sit at about 0.80, 0.66 and 0.58 ... (0.29, 0.15, 0.07)"
      const constant = 0.51;
      const i = nums.indexOf(0.00625);
      expect(i).toBeGreaterThan(0);
      expect(nums).toContain(constant);
      const [f1, f2, f3, e1, e2, e3] = nums.slice(i + 1, i + 7);
      expect([f1, f2, f3]).toEqual(floors.map((f) => Number(f.toFixed(2))));
      const excess = floors.map((f) => f - constant);
      expect([e1, e2, e3]).toEqual(excess.map((e) => Number(e.toFixed(2))));
      // "each halving of the rate roughly halves the excess": the ratios, reported, within 10% of 1/2.
      const ratios = [excess[1] / excess[0], excess[2] / excess[1]];
      console.log(`lesson 6 floors ${floors.map((f) => f.toFixed(4)).join(", ")}; excess ratios ${ratios.map((r) => r.toFixed(3)).join(", ")}`);
      for (const r of ratios) expect(Math.abs(r - 0.5)).toBeLessThan(0.05);
    });
  }

  test("the halved run drops onto each constant run's floor in turn and ends below all three", async ({ page }) => {
    await page.goto("/?lesson=noise-floor");
    await page.waitForFunction(() => typeof window.__playground !== "undefined");
    await waitForStatus(page, "done", 60_000);
    const pinned = await computedPins(page, 3);
    await expect(floorLines(page)).toHaveCount(4);
    const marks = await floorMarks(page);
    const floorOf = (lr: number) => (marks.find((m) => Math.abs(m.lr - lr) < 1e-12) as FloorMark).floor;
    const { step, loss } = await series(page);
    // Mean loss over the last 3 epochs (600 steps) of each of its first three 5-epoch stages.
    const stageMean = (lastStep: number) => mean(loss.filter((_, k) => step[k] > lastStep - 600 && step[k] <= lastStep));
    const stages: [number, number][] = [
      [1000, 0.025],
      [2000, 0.0125],
      [3000, 0.00625],
    ];
    for (const [last, lr] of stages) {
      const m = stageMean(last);
      console.log(`halved run, epochs ${(last - 600) / 200 + 1}-${last / 200}: mean ${m.toFixed(4)} vs floor at lr ${lr} ${floorOf(lr).toFixed(4)}`);
      expect(Math.abs(m / floorOf(lr) - 1)).toBeLessThan(0.05);
    }
    const liveEnd = loss[loss.length - 1];
    for (const p of pinned) expect(liveEnd).toBeLessThan(mean(p.loss.slice(-200)));
  });

  test("its band (8 seeds) ends below all three constant runs' bands", async ({ page }) => {
    await page.goto("/?lesson=noise-floor");
    await page.waitForFunction(() => typeof window.__playground !== "undefined");
    const bands = () => page.evaluate(() => (window.__playground as unknown as { getBands(): HookBands }).getBands());
    await expect
      .poll(async () => {
        const b = await bands();
        const all = [b.live, ...Object.values(b.pinned)];
        return all.filter((x) => x !== null && x.status === "done").length;
      }, { timeout: 60_000 })
      .toBe(4);
    const b = await bands();
    const live = b.live as HookBand;
    expect(live.band?.seeds).toBe(8);
    const last = (c: (number | null)[]) => c[c.length - 1] as number;
    const liveTop = last(live.band!.q90);
    for (const pin of Object.values(b.pinned)) {
      expect(pin.config.policy.kind).toBe("constant");
      const bottom = last(pin.band!.q10);
      console.log(`end of run: halved band q90 ${liveTop.toFixed(4)} < constant ${pin.config.optimizer.lr} band q10 ${bottom.toFixed(4)}`);
      expect(liveTop).toBeLessThan(bottom);
    }
  });
});

test.describe("theory lines on any page", () => {
  test("the Theory toggle draws a dotted expected loss and the floor for the run, follows the slider, and goes into the link", async ({ page }) => {
    await page.goto("/");
    await page.waitForFunction(() => typeof window.__playground !== "undefined");
    await expect(page.getByTestId("theory")).not.toBeChecked();
    await expect(theoryLines(page)).toHaveCount(0);
    await page.getByTestId("theory").check();
    await expect(theoryLines(page)).toHaveCount(1);
    await expect(page).toHaveURL(/theory=1/);
    const before = await floorMarks(page);
    // The first three stages' floors are labelled (more would pile up on a phone).
    expect(before.map((m) => m.lr)).toEqual([0.025, 0.0125, 0.00625]);
    // Floors fall with the rate, stage by stage.
    for (let k = 1; k < before.length; k++) expect(before[k].floor).toBeLessThan(before[k - 1].floor);
    // The caption says why, and for Adam that the line is an approximation.
    await expect(page.getByTestId("theory-note")).toContainText("Σᵢ α cᵢ / (2B (2 − α hᵢ))");
    await expect(page.getByTestId("theory-note")).toContainText("Adam has no closed form");

    // A new rate: the labels follow, for the run of the final value.
    const lr = page.getByTestId("lr");
    await lr.fill("0.05");
    await lr.press("Enter");
    await waitForRunWith(page, (c) => c.optimizer.lr === 0.05);
    await expect.poll(async () => (await floorMarks(page)).map((m) => m.lr)[0]).toBe(0.05);
    const after = await floorMarks(page);
    expect(after[0].floor).toBeGreaterThan(before[0].floor);

    await page.getByTestId("theory").uncheck();
    await expect(theoryLines(page)).toHaveCount(0);
    await expect(page.getByTestId("theory-note")).toHaveCount(0);
  });

  test("SGD's line is the exact theory and says so", async ({ page }) => {
    await page.goto("/?opt=sgd&lr=0.1&theory=1");
    await page.waitForFunction(() => typeof window.__playground !== "undefined");
    await waitForRunWith(page, (c) => c.optimizer.kind === "sgd" && c.optimizer.lr === 0.1);
    await expect(theoryLines(page)).toHaveCount(1);
    await expect(page.getByTestId("loss-chart").locator(".chart-legend")).toContainText("expected loss (theory)");
    await expect(page.getByTestId("theory-note")).toContainText("exact expected loss");
  });

  test("the gradient noise scale is read live and put against the batch size", async ({ page }) => {
    await page.goto("/?theory=1");
    await page.waitForFunction(() => typeof window.__playground !== "undefined");
    await waitForStatus(page, "done", 60_000);
    const readout = page.getByTestId("noise-scale");
    await expect(readout).toBeVisible();
    const b = Number(await readout.getAttribute("data-value"));
    const batch = Number(await readout.getAttribute("data-batch"));
    expect(b).toBeGreaterThan(0);
    await expect(readout).toContainText(Math.round(b).toLocaleString("en"));
    // Near the floor the gradient is mostly noise: B_simple far above the batch of 32.
    expect(await readout.getAttribute("data-regime")).toBe(batch * 3 < b ? "noiseDominated" : batch > 3 * b ? "signalDominated" : "balanced");
    console.log(`B_simple at the end of the default run: ${b.toFixed(0)} (batch ${batch})`);
  });

  test("problems without a theory offer no toggle, and a link's theory=1 is harmless there", async ({ page }) => {
    await page.goto("/?problem=linreg&theory=1");
    await page.waitForFunction(() => typeof window.__playground !== "undefined");
    await waitForRunWith(page, (c) => c.problem === "linreg");
    await expect(page.getByTestId("theory")).toHaveCount(0);
    await expect(theoryLines(page)).toHaveCount(0);
    await expect(page.getByTestId("theory-note")).toHaveCount(0);
  });
});
