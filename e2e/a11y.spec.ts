import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
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

/** The page's charts: the loss chart, the lr chart and the decay editor's schedule preview. */
const CHARTS = ["loss-chart", "lr-chart", "schedule-preview"] as const;

/** Waits until every chart has drawn its SVG with tick labels (the preview draws after idle). */
async function chartsDrawn(page: Page): Promise<void> {
  for (const id of CHARTS) await expect(page.getByTestId(id).locator("svg.plot-surface .plot-axis-tick-value").first()).toBeVisible();
}

test("Tab never stops inside a chart, and each chart keeps its accessible name", async ({ page }) => {
  await openPlayground(page);
  await setMaxSpeed(page);
  await waitForStatus(page, "done");
  await chartsDrawn(page);
  await page.locator("body").focus();
  // Walk the whole tab order once (until focus comes back to where it started).
  const stops: { inSvg: boolean; where: string; after: string[] }[] = [];
  let first: string | null = null;
  for (let i = 0; i < 300; i++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate((charts) => {
      const a = document.activeElement;
      if (a === null || a === document.body) return null;
      const rect = a.getBoundingClientRect();
      const after = charts.filter((id) => {
        const fig = document.querySelector(`[data-testid="${id}"]`);
        return fig !== null && (fig.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
      });
      const id = a.id !== "" ? `#${a.id}` : (a.getAttribute("data-testid") ?? a.getAttribute("class") ?? "");
      return { inSvg: a.closest("svg") !== null, where: `${a.tagName.toLowerCase()} ${id} @${Math.round(rect.x)},${Math.round(rect.y + window.scrollY)}`, after };
    }, [...CHARTS]);
    if (stop === null) continue;
    if (stop.where === first) break;
    first ??= stop.where;
    stops.push(stop);
  }
  // The walk went past all three charts (so it could have stopped inside them)...
  expect(stops.length).toBeGreaterThan(20);
  for (const id of CHARTS) expect(stops.some((s) => s.after.includes(id)), `a tab stop after ${id}`).toBe(true);
  // ...and never stopped inside one (Recharts, which drew them until issue #16, made each <svg> and its z-index layers tab stops: 13 here).
  expect(stops.filter((s) => s.inSvg).map((s) => s.where)).toEqual([]);
  // Nothing inside a chart's SVG is in the tab order or carries the "application" role.
  const focusable = await page.evaluate((charts) =>
    charts.flatMap((id) =>
      Array.from(document.querySelectorAll(`[data-testid="${id}"] svg, [data-testid="${id}"] svg *`))
        .filter((el) => (el as SVGElement).tabIndex >= 0 || el.getAttribute("role") === "application")
        .map((el) => `${id} ${el.tagName}`),
    ), [...CHARTS]);
  expect(focusable).toEqual([]);
  await expect(page.getByTestId("loss-chart")).toHaveAccessibleName("Training loss");
  await expect(page.getByTestId("lr-chart")).toHaveAccessibleName(/learning rate/i);
  await expect(page.getByTestId("schedule-preview")).toHaveAccessibleName(/^Learning rate by epoch/);
});

/** WCAG contrast ratio of two sRGB colours given as [r, g, b] in 0..255. */
function contrast(a: readonly number[], b: readonly number[]): number {
  const lum = (c: readonly number[]) => {
    const [r, g, bl] = c.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  test(`chart tick labels are at least 14px with at least 4.5:1 contrast at ${viewport.width}×${viewport.height}`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await openPlayground(page);
    await setMaxSpeed(page);
    await waitForStatus(page, "done");
    await chartsDrawn(page);
    const labels = await page.evaluate((charts) => {
      const rgb = (s: string): number[] | null => {
        const m = /^rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)$/.exec(s);
        return m === null || (m[4] !== undefined && Number(m[4]) < 1) ? null : [Number(m[1]), Number(m[2]), Number(m[3])];
      };
      return charts.flatMap((id) =>
        Array.from(document.querySelectorAll(`[data-testid="${id}"] .plot-axis-tick-value, [data-testid="${id}"] .plot-axis-label`)).map((el) => {
          const cs = getComputedStyle(el);
          // The chart's background: the nearest ancestor with an opaque one.
          let bg: number[] | null = null;
          for (let e = el.parentElement; e !== null && bg === null; e = e.parentElement) bg = rgb(getComputedStyle(e).backgroundColor);
          return { id, text: el.textContent ?? "", size: parseFloat(cs.fontSize), fill: rgb(cs.fill), fillOpacity: Number(cs.fillOpacity), bg: bg ?? [255, 255, 255] };
        }),
      );
    }, [...CHARTS]);
    for (const id of CHARTS) expect(labels.filter((l) => l.id === id).length, `${id} has tick labels`).toBeGreaterThan(4);
    for (const l of labels) {
      const where = `${l.id} "${l.text}"`;
      expect(l.size, where).toBeGreaterThanOrEqual(14);
      expect(l.fill, where).not.toBeNull();
      expect(l.fillOpacity, where).toBe(1);
      expect(contrast(l.fill ?? [255, 255, 255], l.bg), where).toBeGreaterThanOrEqual(4.5);
    }
  });
}
