// Seed bands (issue #14): drawn for the live and the pinned runs, computed by the ensemble workers
// to the engine's numbers, driven by the Seeds control and the `seeds` link key.
//
// No test waits for "something changed": each waits for the band whose config and seed count are
// the final ones (getBands() on the test hook), then for that band's SVG group (data-band-id).

import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";
import { computeBand, type Band } from "../src/engine/ensemble.ts";
import type { RunConfig } from "../src/engine/run-config.ts";
import { LOSS_COLOR, PIN_COLORS, pinColor } from "../src/state/palette.ts";
import { decodeState } from "../src/state/url.ts";
import { series, setMaxSpeed, waitForStatus } from "./helpers.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));

interface HookBand {
  id: number;
  status: string;
  config: RunConfig;
  seeds: number;
  error: string | null;
  band: { seeds: number; baseSeed: number; diverged: number; step: number[]; epoch: number[]; q10: (number | null)[]; q50: (number | null)[]; q90: (number | null)[] } | null;
}
interface Bands {
  live: HookBand | null;
  pinned: Record<string, HookBand>;
}

const getBands = (page: Page): Promise<Bands> =>
  page.evaluate(() => (window as unknown as { __playground: { getBands(): Bands } }).__playground.getBands());

/** The engine's band as the hook gives it (+Infinity as null). */
function asHook(b: Band) {
  const col = (c: Float64Array) => Array.from(c, (x) => (Number.isFinite(x) ? x : null));
  return { seeds: b.seeds, baseSeed: b.baseSeed, diverged: b.diverged, step: Array.from(b.step), epoch: Array.from(b.epoch), q10: col(b.q10), q50: col(b.q50), q90: col(b.q90) };
}

/**
 * Waits until the live band is the one of `seeds` seeds for settings `match` accepts, computed, and
 * its SVG group is drawn in the loss chart; returns it.
 */
async function liveBand(page: Page, seeds: number, match: (c: RunConfig) => boolean = () => true): Promise<HookBand> {
  let got: HookBand | null = null;
  await expect
    .poll(
      async () => {
        const b = (await getBands(page)).live;
        if (b === null) return "no live band";
        if (b.seeds !== seeds || !match(b.config)) return `live band of ${b.seeds} seeds for other settings`;
        if (b.status !== "done") return `live band ${b.status}${b.error === null ? "" : `: ${b.error}`}`;
        got = b;
        return "done";
      },
      { timeout: 60_000 },
    )
    .toBe("done");
  const band = got as unknown as HookBand;
  await expect(page.locator(`[data-testid="loss-chart"] [data-testid="seed-band"][data-band-id="${band.id}"] path.seed-band-fill`)).toHaveCount(1);
  return band;
}

function expectOrdered(b: NonNullable<HookBand["band"]>): void {
  const inf = Number.POSITIVE_INFINITY;
  for (let k = 0; k < b.step.length; k++) {
    const [lo, mid, hi] = [b.q10[k] ?? inf, b.q50[k] ?? inf, b.q90[k] ?? inf];
    expect(lo).toBeLessThanOrEqual(mid);
    expect(mid).toBeLessThanOrEqual(hi);
  }
}

test("lesson 1: bands for the live and the pinned runs, in their colours, the engine's numbers", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/?lesson=plateau");
  const config = decodeState("lesson=plateau").state.config;
  const live = await liveBand(page, 8, (c) => JSON.stringify(c) === JSON.stringify(config));
  // The page's band is the engine's, bit for bit (computed here in Node for the same config).
  expect(live.band).toEqual(asHook(computeBand(config, 8)));
  expectOrdered(live.band as NonNullable<HookBand["band"]>);

  // Both comparison runs get their band, each in its pin's colour.
  await expect.poll(async () => Object.values((await getBands(page)).pinned).filter((b) => b.status === "done").length, { timeout: 60_000 }).toBe(2);
  const pinned = Object.values((await getBands(page)).pinned);
  for (const b of pinned) {
    expect(b.seeds).toBe(8);
    expectOrdered(b.band as NonNullable<HookBand["band"]>);
  }
  const groups = page.locator('[data-testid="loss-chart"] [data-testid="seed-band"]');
  await expect(groups).toHaveCount(3);
  const colours = await groups.evaluateAll((gs) =>
    gs.map((g) => ({ color: g.getAttribute("data-color"), fill: g.querySelector(".seed-band-fill")?.getAttribute("fill"), d: g.querySelector(".seed-band-fill")?.getAttribute("d") ?? "", median: g.querySelector(".seed-band-median")?.getAttribute("stroke") })),
  );
  expect(colours.map((c) => c.color).sort()).toEqual([LOSS_COLOR, pinColor(PIN_COLORS[0]), pinColor(PIN_COLORS[1])].sort());
  for (const c of colours) {
    expect(c.fill).toBe(c.color);
    expect(c.median).toBe(c.color);
    expect(c.d.length).toBeGreaterThan(100);
  }
  // The constant rate's band is the lesson's point: most of it in 0.7–0.9 over the last 10 epochs.
  const constant = pinned.find((b) => b.config.policy.kind === "constant" && b.config.optimizer.lr === config.optimizer.lr)?.band;
  expect(constant).toBeTruthy();
  if (constant) {
    const tail = constant.q50.slice(-240) as number[];
    expect(tail.filter((v) => v > 0.7 && v < 0.9).length / tail.length).toBeGreaterThan(0.9);
  }

  // The live run, one of the band's seeds, lies mostly inside its band.
  await setMaxSpeed(page);
  await waitForStatus(page, "done", 60_000);
  const run = await series(page);
  const b = live.band as NonNullable<HookBand["band"]>;
  let inside = 0;
  b.step.forEach((st, k) => {
    const loss = run.loss[run.step.indexOf(st)];
    if (loss >= (b.q10[k] ?? Infinity) && loss <= (b.q90[k] ?? Infinity)) inside++;
  });
  expect(inside / b.step.length).toBeGreaterThan(0.6);

  // Removing a pin drops its band.
  await page.getByRole("button", { name: "Remove pinned run: constant rate" }).click();
  await expect(groups).toHaveCount(2);
  await expect.poll(async () => Object.keys((await getBands(page)).pinned).length).toBe(1);
  expect(errors).toEqual([]);
});

test("the Seeds control turns bands on (8), sets the count, and off again", async ({ page }) => {
  await page.goto("/?epochs=3");
  await expect(page.getByTestId("seeds")).toHaveValue("1");
  await expect(page.locator('[data-testid="seed-band"]')).toHaveCount(0);
  await page.getByTestId("seeds-on").check();
  const eight = await liveBand(page, 8, (c) => c.epochs === 3);
  expect(eight.band?.seeds).toBe(8);
  await expect(page).toHaveURL(/seeds=8/);

  // Typed: a bad value is refused with its range; a good one replaces the band.
  const box = page.getByTestId("seeds");
  await box.fill("65");
  await box.press("Enter");
  await expect(page.getByTestId("seeds-error")).toContainText("seeds must be an integer in [1, 64], got 65");
  await box.fill("16");
  await box.press("Enter");
  const sixteen = await liveBand(page, 16, (c) => c.epochs === 3);
  expect(sixteen.id).not.toBe(eight.id);
  await expect(page.locator('[data-testid="loss-chart"]')).toHaveAttribute("data-seeds", "16");
  await expect(page).toHaveURL(/seeds=16/);
  expect(sixteen.band).toEqual(asHook(computeBand(sixteen.config, 16)));

  // A setting change recomputes the band for the new settings (and only that band is drawn).
  await page.getByTestId("seed").fill("7");
  await page.getByTestId("seed").press("Enter");
  const seven = await liveBand(page, 16, (c) => c.seed === 7 && c.epochs === 3);
  expect(seven.band?.baseSeed).toBe(7);
  await expect(page.locator('[data-testid="seed-band"]')).toHaveCount(1);

  await page.getByTestId("seeds-on").uncheck();
  await expect(page.locator('[data-testid="seed-band"]')).toHaveCount(0);
  await expect.poll(async () => (await getBands(page)).live).toBeNull();
  await expect(page).not.toHaveURL(/seeds=/);
});

test("the seeds link key: the page's band is simulate --seeds's, number for number", async ({ page }) => {
  const query = "seeds=16&epochs=3&seed=4&lr=0.02";
  await page.goto(`/?${query}`);
  await expect(page.getByTestId("seeds")).toHaveValue("16");
  const band = await liveBand(page, 16, (c) => c.seed === 4);
  const out = execFileSync(tsx, ["src/cli/simulate.ts", "--url", `http://127.0.0.1/?${query}`], { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 });
  const cli = JSON.parse(out) as NonNullable<HookBand["band"]>;
  expect(band.band?.seeds).toBe(cli.seeds);
  expect(band.band?.step).toEqual(cli.step);
  expect(band.band?.q10).toEqual(cli.q10);
  expect(band.band?.q50).toEqual(cli.q50);
  expect(band.band?.q90).toEqual(cli.q90);
});

for (const bad of ["0", "999", "abc"]) {
  test(`a bad seeds=${bad} is listed as a problem and nothing breaks`, async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`/?seeds=${bad}&epochs=2`);
    const shown = bad === "abc" ? '"abc"' : bad;
    await expect(page.getByTestId("link-problems")).toContainText(`seeds: seeds must be an integer in [1, 64], got ${shown}`);
    await page.waitForFunction(() => (window as unknown as { __playground: { state(): { step: number } } }).__playground.state().step > 0);
    await expect(page.getByTestId("seeds")).toHaveValue("1");
    expect((await getBands(page)).live).toBeNull();
    // The control still works after a bad link.
    await page.getByTestId("seeds-on").check();
    await liveBand(page, 8, (c) => c.epochs === 2);
    expect(errors).toEqual([]);
  });
}
