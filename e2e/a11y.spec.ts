import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { openPlayground, setMaxSpeed, waitForStatus } from "./helpers.ts";

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  test(`no serious or critical axe violations at ${viewport.width}×${viewport.height}`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await openPlayground(page);
    await setMaxSpeed(page);
    await waitForStatus(page, "done");
    // Include the states that add markup: a pinned run and a notice.
    await page.getByTestId("pin-run").click();
    await expect(page.getByTestId("pinned-run")).toHaveCount(1);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
    const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
    expect(summary).toEqual([]);
  });
}
