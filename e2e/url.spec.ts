import { expect, test, type Page } from "@playwright/test";

async function series(page: Page): Promise<{ step: number[]; loss: number[] }> {
  return page.evaluate(() => {
    const hook = (window as unknown as { __playground: { getSeries(): { step: number[]; loss: number[] } } }).__playground;
    return hook.getSeries();
  });
}

async function runToEnd(page: Page, url: string): Promise<{ step: number[]; loss: number[] }> {
  await page.goto(url);
  await page.getByTestId("speed").fill(await page.getByTestId("speed").getAttribute("max") ?? "0");
  await page.waitForFunction(() => {
    const s = (window as unknown as { __playground: { state(): { status: string } } }).__playground.state();
    return s.status === "done" || s.status === "diverged";
  }, undefined, { timeout: 60_000 });
  return series(page);
}

test("a link reproduces its run point for point, and the controls show its settings", async ({ page }) => {
  const url = "/?lr=0.01&decay=step&stepSize=2&gamma=0.5&seed=3&epochs=4";
  const a = await runToEnd(page, url);
  await expect(page.getByTestId("lr")).toHaveValue("0.01");
  await expect(page.getByTestId("seed")).toHaveValue("3");
  const b = await runToEnd(page, url);
  expect(a.step.length).toBe(800);
  expect(b).toEqual(a);
  const other = await runToEnd(page, "/?lr=0.01&decay=step&stepSize=2&gamma=0.5&seed=4&epochs=4");
  expect(other.loss).not.toEqual(a.loss);
});

test("a bad link lists each problem and the page still trains with the valid fields", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/?lr=abc&beta1=1.2&seed=5&decay=zigzag&foo=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&epochs=2");
  const notice = page.getByTestId("link-problems");
  await expect(notice).toContainText('lr: lr must be a number, got "abc"');
  await expect(notice).toContainText("beta1: beta1 must be in [0, 1), got 1.2");
  await expect(notice).toContainText('got "zigzag"');
  await expect(notice).toContainText("unknown key");
  expect(await page.locator("img[src=x]").count()).toBe(0);
  await expect(page.getByTestId("seed")).toHaveValue("5");
  await page.waitForFunction(() => (window as unknown as { __playground: { state(): { step: number } } }).__playground.state().step > 0);
  expect(errors).toEqual([]);
});

test("hide= and lock= with ids no control has are listed with the valid ids; the known ids still apply", async ({ page }) => {
  await page.goto("/?hide=beta1,betaOne&lock=epoch,seed&epochs=3");
  const notice = page.getByTestId("link-problems");
  await expect(notice).toContainText('hide: hide names an unknown control id "betaOne"; valid ids are optimizer, lr, beta1, beta2');
  await expect(notice).toContainText('lock: lock names an unknown control id "epoch"; valid ids are');
  await expect(notice).toContainText("epochs");
  await expect(page.getByTestId("beta1")).toHaveCount(0);
  await expect(page.getByTestId("beta2")).toHaveCount(1);
  await expect(page.getByTestId("seed")).toBeDisabled();
  await expect(page.getByTestId("epochs")).toBeEnabled();
  await expect(page.getByTestId("epochs")).toHaveValue("3");
  // The same in Chinese: the key, the unknown id and the valid ids.
  await page.goto("/?lang=zh&hide=beta1,betaOne");
  await expect(page.getByTestId("link-problems")).toContainText('hide：hide 中有未知的控件 id："betaOne"（有效的 id：optimizer, lr, beta1');
  await expect(page.getByTestId("beta1")).toHaveCount(0);
});

test("the address bar follows the settings without adding history entries", async ({ page }) => {
  await page.goto("/");
  const before = await page.evaluate(() => history.length);
  const box = page.getByTestId("lr");
  await box.fill("0.005");
  await box.press("Enter");
  await expect(page).toHaveURL(/[?&]lr=0\.005(&|$)/);
  await expect(page).toHaveURL(/[?&]v=1(&|$)/);
  expect(await page.evaluate(() => history.length)).toBe(before);
});

test("teacher mode hides and locks controls from the link; copy link copies the address", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/?hide=beta1,beta2&lock=epochs&epochs=10");
  await expect(page.getByTestId("beta1")).toHaveCount(0);
  await expect(page.getByTestId("beta2")).toHaveCount(0);
  await expect(page.getByTestId("epochs")).toBeDisabled();
  await expect(page.getByTestId("lr")).toBeEnabled();
  await page.getByTestId("copy-link").click();
  await expect(page.getByTestId("copy-link")).toHaveText(/copied|Copy failed/);
  const copied = await page.evaluate(() => navigator.clipboard.readText().catch(() => ""));
  if (copied !== "") expect(copied).toContain("hide=beta1,beta2");
});
