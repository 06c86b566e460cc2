// The interface language: switching to 简体中文 and back, kept in the link and across a reload, and
// a bad link's problems listed in Chinese.

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { openPlayground, waitForStatus } from "./helpers.ts";

const HAN = /[\u3400-\u9fff]/;

async function expectChinese(page: Page): Promise<void> {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("学习率衰减实验场");
  await expect(page.locator("label[for=lr]")).toHaveText("学习率（lr）");
  await expect(page.locator("label[for=batchSize]")).toHaveText("批大小");
  await expect(page.getByTestId("reset")).toHaveText("重置");
  await expect(page.getByTestId("copy-link")).toHaveText("复制链接");
  await expect(page.getByTestId("decay-editor").locator("legend")).toHaveText("学习率衰减");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-Hans");
  await expect(page.getByTestId("lang-switch")).toHaveValue("zh");
  // The status line follows too ("第 … 步").
  await expect(page.getByTestId("run-status")).toContainText(/第 [\d,]+ \/ [\d,]+ 步|正在启动/);
}

async function expectEnglish(page: Page): Promise<void> {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Learning-rate decay playground");
  await expect(page.locator("label[for=lr]")).toHaveText("Learning rate (lr)");
  await expect(page.getByTestId("reset")).toHaveText("Reset");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByTestId("lang-switch")).toHaveValue("en");
}

test("switching to Chinese re-renders the page, keeps lang in the link and survives a reload", async ({ page }) => {
  await openPlayground(page);
  await expectEnglish(page);
  expect(new URL(page.url()).searchParams.get("lang")).toBeNull();

  await page.getByTestId("lang-switch").selectOption("zh");
  await expectChinese(page);
  await expect.poll(() => new URL(page.url()).searchParams.get("lang")).toBe("zh");
  // Nothing English is left in the settings' labels and legends.
  const labels = await page.locator(".settings legend, .settings label.ctl-label").allTextContents();
  expect(labels.length).toBeGreaterThan(8);
  for (const text of labels) expect(text, text).toMatch(HAN);

  // A setting changed in Chinese keeps the language in the link.
  await page.getByTestId("seed").fill("7");
  await page.getByTestId("seed").press("Enter");
  await expect.poll(() => new URL(page.url()).search).toMatch(/seed=7.*lang=zh|lang=zh.*seed=7/);

  await page.reload();
  await expectChinese(page);
  await expect(page.getByTestId("seed")).toHaveValue("7");

  await page.getByTestId("lang-switch").selectOption("en");
  await expectEnglish(page);
  await expect.poll(() => new URL(page.url()).searchParams.get("lang")).toBeNull();
  await expect.poll(() => new URL(page.url()).searchParams.get("seed")).toBe("7");
});

test("a link with lang=zh opens in Chinese; a first visit without it stays English", async ({ browser }) => {
  // A Chinese browser still gets English without lang in the link: a link looks the same to everyone.
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto("/");
  await expectEnglish(page);
  await page.goto("/?lang=zh");
  await expectChinese(page);
  await context.close();
});

test("a bad link in Chinese lists its problems in Chinese, naming field, value and range", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/?lang=zh&lr=abc&beta1=1.2&decay=zigzag&foo=%3Cimg%20src%3Dx%3E&seed=5");
  const notice = page.getByTestId("link-problems");
  await expect(notice).toContainText("此链接有 4 个问题。");
  await expect(notice).toContainText('lr：lr 必须是数字，实际为 "abc"');
  await expect(notice).toContainText("beta1：beta1 必须在 [0, 1) 范围内，实际为 1.2");
  await expect(notice).toContainText('decay：decay 必须是以下之一：constant, step,');
  await expect(notice).toContainText('实际为 "zigzag"');
  await expect(notice).toContainText('foo：未知参数 "foo"（值为 "<img src=x>"）');
  expect(await page.locator("img[src=x]").count()).toBe(0);
  await expect(page.getByTestId("seed")).toHaveValue("5");

  // A number box's message is in Chinese as well, with the field's range.
  await page.getByTestId("beta2").fill("2");
  await page.getByTestId("beta2").press("Enter");
  await expect(page.getByTestId("beta2-error")).toHaveText("beta2 必须在 [0, 1) 范围内，实际为 2");

  // Switching back turns the same list into the schema's English messages.
  await page.getByTestId("lang-switch").selectOption("en");
  await expect(notice).toContainText("beta1: beta1 must be in [0, 1), got 1.2");
  await expect(notice).toContainText("This link has 4 problems.");
  await expect(page.getByTestId("beta2-error")).toHaveText("beta2 must be in [0, 1), got 2");
  expect(errors).toEqual([]);
});

test("the Chinese page passes axe, pinned runs and notices included", async ({ page }) => {
  await page.goto("/?lang=zh&epochs=2");
  await expectChinese(page);
  await page.getByTestId("speed").focus();
  await page.getByTestId("speed").press("End");
  await expect(page.locator(".run-speed-value")).toHaveText("最快");
  await waitForStatus(page, "done");
  await page.getByTestId("pin-run").click();
  await expect(page.getByTestId("pinned-run")).toHaveCount(1);
  // Named by what sets it apart from the default run (field ids are not translated).
  await expect(page.getByTestId("pinned-run")).toContainText("epochs 2");
  await expect(page.getByTestId("pinned-run").getByRole("button", { name: /移除对照运行/ })).toBeVisible();
  await expect(page.getByTestId("play")).toHaveText(/再运行一次/);
  await expect(page.getByTestId("run-status")).toContainText("已完成");
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
});

test("a live rate change is announced in Chinese", async ({ page }) => {
  await page.goto("/?lang=zh");
  await expect(page.getByTestId("live-mode")).toBeVisible();
  await page.getByTestId("live-mode").check();
  await expect.poll(async () => Number(await page.getByTestId("run-status").getAttribute("data-step"))).toBeGreaterThan(0);
  await page.getByTestId("lr").fill("0.005");
  await page.getByTestId("lr").press("Enter");
  await expect(page.locator(".notice").filter({ hasText: "实时修改学习率" })).toContainText(/已在第 \d+ 步实时修改学习率：[\d.]+ → 0\.00500。/);
});
