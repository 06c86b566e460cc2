// Issue #15's controls: the WSD and Noam presets in the decay editor (and their lr(t) preview), the
// schedule-free optimizer with its fields and its second loss line, and their link keys.

import { expect, test } from "@playwright/test";
import { hookConfig, series, setMaxSpeed, waitForRunWith, waitForStatus } from "./helpers.ts";

test("the WSD and Noam presets set the policy scaled to the run, preview it and go into the link", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("preset-wsd").click();
  await waitForRunWith(page, (c) => c.policy.kind === "wsd");
  await expect(page).toHaveURL(/decay=wsd/);
  await expect(page).toHaveURL(/stableTicks=4000/);
  await expect(page).toHaveURL(/decayTicks=1000/);
  await expect(page.getByTestId("preset-wsd")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("decayShape")).toHaveValue("1-sqrt");
  await expect(page.getByTestId("schedule-preview")).toBeVisible();
  await setMaxSpeed(page);
  await waitForStatus(page, "done");
  const s = await series(page);
  // lr for the first 80% of the 5,000 steps, then the 1-sqrt cooldown.
  expect(new Set(s.lr.slice(0, 4001)).size).toBe(1);
  expect(s.lr.at(-1)!).toBeLessThan(s.lr[0] / 10);

  await page.getByTestId("preset-noam").click();
  await waitForRunWith(page, (c) => c.policy.kind === "inverseSqrt");
  // The Transformer's 4,000 of 100,000 warmup steps, scaled: 4% of this run's 5,000 steps.
  await expect(page).toHaveURL(/decay=inverseSqrt&warmupTicks=200/);
  const c = await hookConfig(page);
  expect(c.policy).toMatchObject({ kind: "inverseSqrt", warmupTicks: 200, timescale: null, unit: "step" });
  await expect(page.getByTestId("timescale-same")).toBeChecked();
});

test("schedule-free AdamW: its fields, its link keys, and the loss at y drawn dotted beside the loss at x", async ({ page }) => {
  await page.goto("/?decay=constant&epochs=3");
  await page.getByTestId("optimizer").selectOption("schedulefree");
  await waitForRunWith(page, (c) => c.optimizer.kind === "scheduleFree");
  await expect(page).toHaveURL(/opt=scheduleFree/);
  await expect(page.getByTestId("sf-hint")).toBeVisible();
  await page.getByTestId("warmupSteps").fill("50");
  await page.getByTestId("warmupSteps").press("Enter");
  await expect(page).toHaveURL(/sfWarmup=50/);
  await setMaxSpeed(page);
  await waitForStatus(page, "done");
  const s = await series(page);
  expect(s.lossAtY.every(Number.isFinite)).toBe(true);
  expect(s.lossAtY).not.toEqual(s.loss);
  await expect(page.locator('[data-testid="loss-chart"] .chart-legend')).toContainText("This run: loss at y, where schedule-free takes its gradients");
  // beta1 0 is refused for schedule-free, with the range.
  await page.getByTestId("beta1").fill("0");
  await page.getByTestId("beta1").press("Enter");
  await expect(page.getByTestId("beta1-error")).toContainText("(0, 1)");
});
