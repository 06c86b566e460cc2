// Export: CSV / JSON / PNG downloads of the live and a pinned run, and the code snippets.

import { readFile, writeFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Download, type Page } from "@playwright/test";
import { openPlayground, series, setMaxSpeed, state, waitForRunWith, waitForStatus } from "./helpers.ts";

const HEADER = ["run", "label", "step", "epoch", "lr", "lrT", "batchLoss", "loss", "gradNorm", "updateNorm", "lossAtY"];

/** RFC 4180 rows (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === "") quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

async function download(page: Page, testId: string): Promise<{ file: Download; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  const path = await file.path();
  const bytes = await readFile(path);
  return { file, bytes };
}

/** Runs the default config to the end, pins it, then runs lr 0.01 to the end. */
async function twoFinishedRuns(page: Page) {
  await openPlayground(page);
  await setMaxSpeed(page);
  await waitForStatus(page, "done");
  const pinnedSeries = await series(page);
  const first = await state(page);
  await page.getByTestId("pin-run").click();
  await expect(page.getByTestId("pinned-run")).toHaveCount(1);
  await page.getByTestId("lr").fill("0.01");
  await page.getByTestId("lr").press("Enter");
  await waitForRunWith(page, (c) => c.optimizer.lr === 0.01, { status: "done" });
  const currentSeries = await series(page);
  return { pinnedSeries, currentSeries, first, second: await state(page) };
}

test("CSV, JSON and PNG downloads hold the live run and the pinned run", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const { pinnedSeries, currentSeries, first, second } = await twoFinishedRuns(page);
  expect(pinnedSeries.step.length).toBeGreaterThan(100);
  expect(currentSeries.step.length).toBeGreaterThan(100);

  await page.getByTestId("tool-tab-export").click();
  await expect(page.getByTestId("export-panel")).toBeVisible();
  await expect(page.getByTestId("export-csv")).toBeEnabled();
  await expect(page.getByTestId("export-data-hint")).toContainText(`Runs: 2; rows: ${currentSeries.step.length + pinnedSeries.step.length}.`);

  // CSV: header, then every stored row of both runs, numbers exact and finite.
  const csv = await download(page, "export-csv");
  expect(csv.file.suggestedFilename()).toBe("lr-decay-0.01-step.csv");
  expect(csv.bytes.length).toBeGreaterThan(0);
  const rows = parseCsv(csv.bytes.toString("utf8"));
  expect(rows[0]).toEqual(HEADER);
  const body = rows.slice(1);
  const current = body.filter((r) => r[0] === "current");
  const pinned = body.filter((r) => r[0] === "pin-1" || r[0].startsWith("pin-"));
  expect(current.length + pinned.length).toBe(body.length);
  expect(current).toHaveLength(currentSeries.step.length);
  expect(pinned).toHaveLength(pinnedSeries.step.length);
  expect(current[0][1]).toBe("This run");
  // A pinned run is named when it is pinned, by what sets it apart from the default settings:
  // here nothing (it is the default run), whatever runs now.
  expect(pinned[0][1]).toBe("default settings");
  // One expect over all cells (an expect per cell would be ~90,000 reported steps).
  // Every number is there, except batchLoss: the noisy quadratic has no minibatch loss, so that
  // column is empty on every row instead of repeating the previous step's loss; and lossAtY, which
  // only schedule-free AdamW has (the loss at its gradient point y).
  const col = (name: string) => HEADER.indexOf(name);
  const filled = (r: string[]) => r.slice(2).filter((_, i) => i + 2 !== col("batchLoss") && i + 2 !== col("lossAtY"));
  const badRows = body.filter((r) => r.length !== HEADER.length || filled(r).some((cell) => cell === "" || !Number.isFinite(Number(cell))));
  expect(badRows).toEqual([]);
  expect(body.filter((r) => r[col("batchLoss")] !== "")).toEqual([]);
  expect(body.filter((r) => r[col("lossAtY")] !== "")).toEqual([]);
  // Bit for bit the hook's series (Playwright carries doubles exactly).
  expect(current.map((r) => Number(r[col("step")]))).toEqual(currentSeries.step);
  expect(current.map((r) => Number(r[col("loss")]))).toEqual(currentSeries.loss);
  expect(current.map((r) => Number(r[col("lr")]))).toEqual(currentSeries.lr);
  expect(pinned.map((r) => Number(r[col("loss")]))).toEqual(pinnedSeries.loss);
  expect(Number(current[current.length - 1][col("step")])).toBe(second.totalSteps);
  expect(Number(pinned[pinned.length - 1][col("step")])).toBe(first.totalSteps);
  await expect(page.getByTestId("export-status")).toHaveText("Saved lr-decay-0.01-step.csv.");

  // JSON: config, link and both runs' series and events.
  const json = await download(page, "export-json");
  expect(json.file.suggestedFilename()).toBe("lr-decay-0.01-step.json");
  const doc = JSON.parse(json.bytes.toString("utf8")) as {
    format: string;
    version: number;
    link: string;
    config: { optimizer: { lr: number }; policy: { kind: string } };
    runs: { id: string; config: { optimizer: { lr: number } }; stepsPerEpoch: number; events: { type: string }[]; columns: Record<string, (number | null)[]> }[];
  };
  expect(doc.format).toBe("lr-decay-playground/run");
  expect(doc.version).toBe(1);
  expect(doc.link).toContain("lr=0.01");
  expect(doc.config.optimizer.lr).toBe(0.01);
  expect(doc.config.policy.kind).toBe("step");
  expect(doc.runs.map((r) => r.id)).toEqual(["current", "pin-1"]);
  expect(doc.runs[0].stepsPerEpoch).toBe(second.stepsPerEpoch);
  expect(doc.runs[1].config.optimizer.lr).toBe(0.025);
  expect(Object.keys(doc.runs[0].columns)).toEqual(HEADER.slice(2));
  expect(doc.runs[0].columns.loss).toEqual(currentSeries.loss);
  expect(doc.runs[0].columns.batchLoss.every((v) => v === null)).toBe(true);
  expect(doc.runs[1].columns.step).toEqual(pinnedSeries.step);
  expect(doc.runs[0].events.some((e) => e.type === "decay")).toBe(true);

  // PNG: signature, IHDR size at least twice the CSS size, and the chart lines really drawn.
  const png = await download(page, "export-png");
  expect(png.file.suggestedFilename()).toBe("lr-decay-0.01-step.png");
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.bytes.subarray(12, 16).toString("ascii")).toBe("IHDR");
  const width = png.bytes.readUInt32BE(16);
  const height = png.bytes.readUInt32BE(20);
  const lossBox = await page.getByTestId("loss-chart").locator(".chart-plot").boundingBox();
  const lrBox = await page.getByTestId("lr-chart").locator(".chart-plot").boundingBox();
  expect(lossBox).not.toBeNull();
  expect(lrBox).not.toBeNull();
  expect(width).toBeGreaterThanOrEqual(2 * Math.round(lossBox?.width ?? 0));
  expect(width).toBeLessThan(8000);
  expect(height).toBeGreaterThanOrEqual(2 * Math.round((lossBox?.height ?? 0) + (lrBox?.height ?? 0)));
  expect(height).toBeLessThan(8000);
  await writeFile(testInfo.outputPath("charts-export.png"), png.bytes);
  // Count pixels of the loss colour (#1d4ed8) and the lr colour (#b45309), and white ones.
  const counts = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const ctx = c.getContext("2d");
    if (ctx === null) return null;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const near = (i: number, r: number, g: number, b: number) => Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 30;
    let loss = 0;
    let lr = 0;
    let white = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (near(i, 0x1d, 0x4e, 0xd8)) loss++;
      else if (near(i, 0xb4, 0x53, 0x09)) lr++;
      else if (near(i, 255, 255, 255) && d[i + 3] === 255) white++;
    }
    return { loss, lr, white, total: d.length / 4 };
  }, png.bytes.toString("base64"));
  expect(counts).not.toBeNull();
  expect(counts?.loss ?? 0).toBeGreaterThan(2000);
  expect(counts?.lr ?? 0).toBeGreaterThan(1000);
  expect((counts?.white ?? 0) / (counts?.total ?? 1)).toBeGreaterThan(0.5);

  await page.getByTestId("tool-panel-export").screenshot({ path: testInfo.outputPath("export-panel-1280.png") });
});

test("the code tab shows PyTorch and Keras snippets and copies them", async ({ page, context }, testInfo) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openPlayground(page);
  await page.getByTestId("tool-tab-export").click();
  const code = page.getByTestId("code-snippet");
  await expect(code).toContainText("torch.optim.Adam(");
  await expect(code).toContainText("lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.5)");
  await expect(page.getByTestId("code-tab-pytorch")).toHaveAttribute("aria-selected", "true");

  await page.getByTestId("code-tab-keras").click();
  await expect(page.getByTestId("code-tab-keras")).toHaveAttribute("aria-selected", "true");
  await expect(code).toContainText("keras.optimizers.Adam(");
  await expect(code).not.toContainText("torch.optim");

  // The snippet follows the settings.
  await page.getByTestId("lr").fill("0.01");
  await page.getByTestId("lr").press("Enter");
  await expect(code).toContainText("LR = 0.01");

  await page.getByTestId("code-copy").click();
  await expect(page.getByTestId("code-copy")).toHaveText("Copied");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await code.textContent());
  expect(copied).toContain("keras.optimizers.Adam(");

  // Arrow keys move along the library tabs.
  await page.getByTestId("code-tab-keras").focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("code-tab-tf1")).toHaveAttribute("aria-selected", "true");
  await expect(code).toContainText("tf.compat.v1.train.AdamOptimizer");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId("tool-panel-export").scrollIntoViewIfNeeded();
  await page.getByTestId("tool-panel-export").screenshot({ path: testInfo.outputPath("export-panel-390.png") });
});

test("downloads are disabled, with the reason, while there is no data", async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId("play").click(); // pause
  await expect.poll(async () => (await state(page)).status).toBe("paused");
  await page.getByTestId("reset").click();
  await expect.poll(async () => (await series(page)).step.length).toBe(0);
  await page.getByTestId("tool-tab-export").click();
  for (const id of ["export-csv", "export-json", "export-png"]) await expect(page.getByTestId(id)).toBeDisabled();
  await expect(page.getByTestId("export-data-hint")).toContainText("Nothing to export yet");
  // One step later there is data.
  await page.getByTestId("step").click();
  await expect(page.getByTestId("export-csv")).toBeEnabled();
  await expect(page.getByTestId("export-data-hint")).toContainText("Runs: 1; rows: 1.");
});

test("the export panel passes axe and speaks Chinese", async ({ page }, testInfo) => {
  await page.goto("/?lang=zh");
  await page.waitForFunction(() => typeof window.__playground !== "undefined");
  await expect(page.getByTestId("loss-chart")).toHaveAttribute("data-last-loss", /\d/);
  await page.getByTestId("tool-tab-export").click();
  await expect(page.getByTestId("export-csv")).toHaveText("下载 CSV");
  await expect(page.getByTestId("code-copy")).toHaveText("复制代码");
  await expect(page.getByTestId("code-snippet")).toContainText("torch.optim.Adam(");
  const results = await new AxeBuilder({ page }).include('[data-testid="tool-panel-export"]').withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await page.getByTestId("tool-panel-export").screenshot({ path: testInfo.outputPath("export-panel-zh.png") });
});
