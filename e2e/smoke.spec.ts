import { expect, test } from "@playwright/test";

test("the page shows its title, description and the default decay preview", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Learning-rate decay playground");
  await expect(page.locator(".lede")).toContainText("decaying the rate");
  const preview = page.getByTestId("schedule-preview");
  await expect(preview.locator("path.plot-line")).toHaveCount(1);
  const d = await preview.locator("path.plot-line").getAttribute("d");
  expect(d?.length ?? 0).toBeGreaterThan(20);
  expect(errors).toEqual([]);
});
