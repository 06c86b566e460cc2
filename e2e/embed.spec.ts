// The embedded figure (issue #16): what it shows and leaves out, its own chunk graph, widths from
// 320 to 1200 px, light and dark themes (axe), and the postMessage API driven by a host page.

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Frame, type Page } from "@playwright/test";
import config from "../playwright.config.ts";
import type { HookState } from "./helpers.ts";

// The postMessage tests serve a host page by `page.route`, which Chromium's local-network checks
// count as a public page framing a local server (and block). A real blog framing a public figure
// meets no such check, so this spec's browser runs without it.
const launchOptions = config.use?.launchOptions ?? {};
test.use({
  launchOptions: {
    ...launchOptions,
    args: [...(launchOptions.args ?? []), "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessRespectPreflightResults"],
  },
});

const EMBED = "/?embed=1&epochs=5";

async function openEmbed(page: Page, query = EMBED): Promise<void> {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(query);
  await page.waitForFunction(() => typeof window.__playground !== "undefined");
  await expect(page.getByTestId("loss-chart")).toHaveAttribute("data-last-loss", /\d/);
  expect(errors).toEqual([]);
}

/** The JS files a page fetched (scripts, lazy chunks and workers), by file name. */
function recordScripts(page: Page): string[] {
  const files: string[] = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith(".js")) files.push(path.split("/").pop() ?? path);
  });
  return files;
}

/** Chunks of the full page's panels: settings, tools, lessons, export, link bar. */
const FULL_PAGE_CHUNKS = /^(FullPage|App|ExportPanel|SweepPanel|SurfacePanel|RangeTestPanel|controls|EmbedControls)-/;

test("embed=1 shows the loss chart, play and replay and the way out; no header, settings, tools or lessons", async ({ page }) => {
  await openEmbed(page, "/?v=1&lr=0.01&embed=1&epochs=5");
  await expect(page.getByTestId("embed")).toBeVisible();
  await expect(page.getByTestId("loss-chart")).toBeVisible();
  await expect(page.getByTestId("lr-chart")).toHaveCount(0);
  for (const gone of ["h1", ".settings", ".tools", '[data-testid="lesson-menu"]', '[data-testid="copy-link"]', '[data-testid="lang-switch"]', '[data-testid="embed-controls"]']) {
    await expect(page.locator(gone)).toHaveCount(0);
  }
  await expect(page.getByTestId("play")).toBeVisible();
  // The full page's link: the same settings, without the embed keys.
  const href = await page.getByTestId("embed-open").getAttribute("href");
  expect(href).toBe("/?v=1&lr=0.01&epochs=5");
  await expect(page.getByTestId("embed-open")).toHaveAttribute("target", "_blank");
});

test("charts=loss,lr adds the lr chart; controls= shows those controls only", async ({ page }) => {
  await openEmbed(page, "/?embed=1&epochs=5&charts=loss,lr&controls=lr,gamma");
  await expect(page.getByTestId("lr-chart")).toBeVisible();
  await expect(page.getByTestId("embed-controls")).toBeVisible();
  await expect(page.getByTestId("lr")).toBeVisible();
  await expect(page.getByTestId("gamma")).toBeVisible();
  for (const hidden of ["beta1", "beta2", "epsilon", "optimizer", "decay-kind", "stepSize", "epochs", "seed", "problem"]) {
    await expect(page.getByTestId(hidden)).toHaveCount(0);
  }
  // A control changes the run, and the way out follows.
  await page.getByTestId("lr").fill("0.01");
  await page.getByTestId("lr").press("Enter");
  await expect.poll(() => page.evaluate(() => window.__playground?.config().optimizer.lr)).toBe(0.01);
  await expect(page.getByTestId("embed-open")).toHaveAttribute("href", "/?v=1&lr=0.01&epochs=5");
  // The iframe's own address keeps the embed keys (a reload is still an embed).
  await expect(page).toHaveURL(/embed=1.*charts=loss,lr.*controls=lr,gamma/);
});

test("an embed downloads none of the full page's panels, and the full page none of the embed; neither fetches Recharts", async ({ page }) => {
  const embedFiles = recordScripts(page);
  await openEmbed(page);
  await page.waitForTimeout(500);
  expect(embedFiles.some((f) => f.startsWith("Embed-"))).toBe(true);
  expect(embedFiles.filter((f) => FULL_PAGE_CHUNKS.test(f))).toEqual([]);

  const fullFiles = recordScripts(page);
  await page.goto("/");
  await expect(page.getByTestId("loss-chart")).toHaveAttribute("data-last-loss", /\d/);
  await expect(page.getByTestId("lr")).toBeVisible();
  expect(fullFiles.some((f) => f.startsWith("FullPage-"))).toBe(true);
  expect(fullFiles.filter((f) => f.startsWith("Embed"))).toEqual([]);
  // Recharts lives only in the range test's chunk: neither first screen fetches it (its charts are
  // drawn by PlotFrame), and nothing on it is a Recharts surface.
  expect([...embedFiles, ...fullFiles].filter((f) => f.startsWith("RangeTestPanel-"))).toEqual([]);
  await expect(page.locator(".recharts-surface")).toHaveCount(0);
  await expect(page.getByTestId("loss-chart").locator("svg.plot-surface")).toBeVisible();
});

test("the training worker is started by index.html's first script and taken by the page: one request for it on either first screen, and the start-up marks in order", async ({ page }) => {
  for (const query of [EMBED, "/"]) {
    const workers: string[] = [];
    const listen = (r: { url(): string }) => {
      const file = new URL(r.url()).pathname.split("/").pop() ?? "";
      if (/^training\.worker-.*\.js$/.test(file)) workers.push(file);
    };
    page.context().on("request", listen);
    if (query === EMBED) await openEmbed(page, query);
    else {
      await page.goto(query);
      await expect(page.getByTestId("loss-chart")).toHaveAttribute("data-last-loss", /\d/);
    }
    page.context().off("request", listen);
    // The HTML's first script names the worker that was fetched, and it was fetched once: a second
    // request would mean the page did not find the worker the HTML started and made its own.
    expect(workers).toHaveLength(1);
    const html = await (await page.request.get(query)).text();
    expect(html).toContain(`new Worker("./assets/${workers[0]}"`);
    const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, m.startTime])));
    expect(marks["playground:entry"]).toBeGreaterThan(0);
    expect(marks["playground:render"]).toBeGreaterThanOrEqual(marks["playground:entry"]);
    expect(marks["playground:first-samples"]).toBeGreaterThan(marks["playground:entry"]);
  }
});

for (const width of [320, 600, 1200]) {
  test(`fits a ${width}-px iframe: nothing sticks out sideways, the chart draws`, async ({ page }) => {
    await page.setViewportSize({ width, height: 420 });
    await openEmbed(page, "/?embed=1&epochs=5&charts=loss,lr&controls=lr,decay-kind");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const box = await page.getByTestId("loss-chart").locator(".chart-plot").boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(width * 0.5);
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(100);
    await expect(page.getByTestId("embed-open")).toBeInViewport();
  });
}

test("a lesson in a 360-px iframe: every plot is tall enough to read and no two mark labels overlap", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 420 });
  await openEmbed(page, "/?embed=1&lesson=plateau&charts=loss,lr");
  await expect(page.getByTestId("loss-chart")).toHaveAttribute("data-points", /^[1-9]/);
  // The lesson's pinned runs are drawn, so their marks are placed.
  await expect(page.locator('[data-testid="loss-chart"] .plot-callout').first()).toBeAttached();
  for (const id of ["loss-chart", "lr-chart"]) {
    const plot = await page.getByTestId(id).locator(".plot-lines clipPath rect").first().getAttribute("height");
    expect(Number(plot), `${id} plot height`).toBeGreaterThanOrEqual(100);
  }
  const boxes = await page.locator('[data-testid="loss-chart"] .plot-callout-text').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { text: el.textContent ?? "", x0: r.left, x1: r.right, y0: r.top, y1: r.bottom };
    }),
  );
  const overlaps = boxes.flatMap((a, i) =>
    boxes.slice(i + 1).filter((b) => a.x0 < b.x1 - 1 && b.x0 < a.x1 - 1 && a.y0 < b.y1 - 1 && b.y0 < a.y1 - 1).map((b) => `${a.text} / ${b.text}`),
  );
  expect(overlaps).toEqual([]);
  // And each label stays on the plot: none runs past its right edge into the margin or off the chart
  // (labels were placed by an estimate of their width that ran ~9 px short here, and the last
  // letters reached the axis margin or were cut off).
  const plot = await page.getByTestId("loss-chart").locator("svg.plot-surface").evaluate((svg) => {
    const r = svg.getBoundingClientRect();
    const area = svg.querySelector(".plot-lines clipPath rect");
    const x = Number(area?.getAttribute("x"));
    return { x0: r.left + x, x1: r.left + x + Number(area?.getAttribute("width")) };
  });
  expect(boxes.filter((b) => b.x0 < plot.x0 - 1 || b.x1 > plot.x1 + 1).map((b) => `${b.text} ${Math.round(b.x0)}-${Math.round(b.x1)}`)).toEqual([]);
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`${colorScheme} theme: no serious or critical axe violations (contrast included)`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await openEmbed(page, "/?embed=1&epochs=5&charts=loss,lr&controls=lr,decay-kind,gamma");
    await expect(page.getByTestId("embed")).toHaveAttribute("data-theme", colorScheme);
    await expect.poll(() => page.evaluate(() => window.__playground?.state().status)).toBe("done");
    const bg = await page.getByTestId("embed").evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).toBe(colorScheme === "dark" ? "rgb(11, 18, 32)" : "rgb(248, 250, 252)");
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
    const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`)).toEqual([]);
  });
}

// ---------------------------------------------------------------------------------------------
// postMessage, from a host page on another origin

/**
 * The host page's origin: another origin than the figure's (localhost, not 127.0.0.1), still on
 * this machine (Chromium blocks a public page from framing a local server).
 */
const hostOf = (baseURL: string): string => baseURL.replace("127.0.0.1", "localhost");

interface HostMessage {
  source?: string;
  type: string;
  id?: string | number;
  [k: string]: unknown;
}

/** A host page at HOST embedding `query`; it keeps every message the figure sends in `window.received`. */
async function openHost(page: Page, baseURL: string, query: string, ready = true): Promise<Frame> {
  const host = hostOf(baseURL);
  await page.route(`${host}/blog/**`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html><body><h1>A blog post</h1>
<iframe id="fig" title="Live figure" width="640" height="420" src="${baseURL}${query}"></iframe>
<script>
  window.received = [];
  window.addEventListener("message", (e) => { if (e.data && e.data.source === "lr-decay-playground") window.received.push(e.data); });
  window.send = (m) => document.getElementById("fig").contentWindow.postMessage(m, "*");
</script></body></html>`,
    }),
  );
  await page.goto(`${host}/blog/post.html`);
  if (ready) await expect.poll(() => received(page).then((r) => r.some((m) => m.type === "ready"))).toBe(true);
  let frame: Frame | undefined;
  await expect.poll(() => (frame = page.frames().find((f) => f.url().startsWith(baseURL))) !== undefined).toBe(true);
  // The figure listens once it is drawn (the run, and __playground, start before its chunk is in).
  await (frame as Frame).locator('[data-testid="embed"] [data-testid="loss-chart"]').waitFor();
  return frame as Frame;
}

const received = (page: Page): Promise<HostMessage[]> => page.evaluate(() => (window as unknown as { received: HostMessage[] }).received);
const send = (page: Page, m: unknown) => page.evaluate((msg) => (window as unknown as { send: (x: unknown) => void }).send(msg), m);

/** Sends `m` with id `id` and waits for the figure's reply to it. */
async function ask(page: Page, m: Record<string, unknown>, id: string): Promise<HostMessage> {
  await send(page, { ...m, id });
  let reply: HostMessage | undefined;
  await expect
    .poll(async () => {
      reply = (await received(page)).find((r) => r.id === id);
      return reply !== undefined;
    })
    .toBe(true);
  return reply as HostMessage;
}

const frameState = (frame: Frame): Promise<HookState> => frame.evaluate(() => window.__playground?.state() as unknown as HookState);

test("a host page plays, pauses, sets a field and reads the final loss", async ({ page, baseURL }) => {
  const frame = await openHost(page, baseURL ?? "", "/?embed=1&epochs=50");
  await expect.poll(async () => (await frameState(frame)).step).toBeGreaterThan(0);

  expect(await ask(page, { type: "pause" }, "p1")).toMatchObject({ type: "ok", request: "pause" });
  await expect.poll(async () => (await frameState(frame)).status).toBe("paused");
  expect(await ask(page, { type: "play" }, "p2")).toMatchObject({ type: "ok", request: "play" });
  await expect.poll(async () => (await frameState(frame)).status).toBe("running");

  // set: a link key and its text; the run restarts with it.
  expect(await ask(page, { type: "set", key: "epochs", value: "2" }, "s1")).toMatchObject({ type: "ok", request: "set", key: "epochs" });
  expect(await ask(page, { type: "set", key: "lr", value: 0.01 }, "s2")).toMatchObject({ type: "ok", key: "lr", value: "0.01" });
  await expect.poll(() => frame.evaluate(() => window.__playground?.config().optimizer.lr)).toBe(0.01);
  await expect.poll(async () => (await frameState(frame)).status, { timeout: 30_000 }).toBe("done");
  const s = await frameState(frame);
  expect(s.totalSteps).toBe(400);

  const last = await frame.evaluate(() => {
    const loss = window.__playground?.getSeries().loss ?? [];
    return loss[loss.length - 1];
  });
  const reply = await ask(page, { type: "getFinalLoss" }, "f1");
  expect(reply).toMatchObject({ type: "finalLoss", final: true, status: "done", step: 400, totalSteps: 400 });
  expect(reply.loss).toBe(last);
  // The figure says so by itself when a run ends.
  expect((await received(page)).some((m) => m.type === "done" && m.loss === last)).toBe(true);
});

test("bad messages are answered with what is wrong and change nothing", async ({ page, baseURL }) => {
  const frame = await openHost(page, baseURL ?? "", "/?embed=1&epochs=5");
  await expect.poll(async () => (await frameState(frame)).status).toBe("done");
  const before = await frameState(frame);

  const badValue = await ask(page, { type: "set", key: "lr", value: "-1" }, "b1");
  expect(badValue.type).toBe("error");
  expect(String(badValue.error)).toMatch(/^lr: lr must be .*, got -1$/);
  expect(badValue.problems).toEqual([expect.objectContaining({ field: "lr", value: "-1" })]);

  const badKey = await ask(page, { type: "set", key: "lesson", value: "plateau" }, "b2");
  expect(String(badKey.error)).toMatch(/^key must be one of the link keys .* got "lesson"$/);
  const badType = await ask(page, { type: "explode" }, "b3");
  expect(String(badType.error)).toBe('type must be one of play, pause, replay, set, getFinalLoss, got "explode"');
  const extra = await ask(page, { type: "set", key: "lr", value: "0.01", also: "gamma=0" }, "b4");
  expect(String(extra.error)).toBe('unknown field "also" in a set message (it takes type, id, key, value)');
  await send(page, "play");
  await expect.poll(async () => (await received(page)).some((m) => m.type === "error" && String(m.error).startsWith("a message must be an object"))).toBe(true);

  // Nothing was applied: same run, same settings.
  const after = await frameState(frame);
  expect(after.runId).toBe(before.runId);
  expect(await frame.evaluate(() => window.__playground?.config().optimizer.lr)).toBe(0.025);
});

test("origin= lets only that origin command the figure", async ({ page, baseURL }) => {
  // Its "ready" goes to https://blog.example.org only, so this host never sees it.
  const frame = await openHost(page, baseURL ?? "", "/?embed=1&epochs=50&origin=https://blog.example.org", false);
  await expect.poll(async () => (await frameState(frame)).step).toBeGreaterThan(0);
  const reply = await ask(page, { type: "pause" }, "o1");
  expect(reply.type).toBe("error");
  expect(String(reply.error)).toBe(`messages from ${hostOf(baseURL ?? "")} are not accepted: this figure takes commands only from https://blog.example.org (its origin= key)`);
  expect((await frameState(frame)).status).not.toBe("paused");
  expect((await received(page)).some((m) => m.type === "ready")).toBe(false);
});

test("the Export tool's Embed section gives the iframe snippet of the current settings, and it copies", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/?v=1&lr=0.01&epochs=5");
  await page.waitForFunction(() => typeof window.__playground !== "undefined");
  await page.getByTestId("tool-tab-export").click();
  const section = page.getByTestId("embed-snippet");
  await expect(section).toBeVisible();
  await page.getByTestId("embed-chart-lr").check();
  await page.getByTestId("embed-control-lr").check();
  await page.getByTestId("embed-control-gamma").check();
  await page.getByTestId("embed-width").fill("360");
  const code = (await page.getByTestId("embed-code").textContent()) ?? "";
  const src = /src="([^"]+)"/.exec(code)?.[1] ?? "";
  expect(code).toMatch(/^<iframe src="[^"]+" width="360" height="420" style="border:0;max-width:100%" loading="lazy" title="Learning-rate decay: live training loss"><\/iframe>$/);
  expect(src.replace(/&amp;/g, "&")).toMatch(/\?v=1&lr=0\.01&epochs=5&embed=1&charts=loss,lr&controls=lr,gamma$/);
  await page.getByTestId("embed-copy").click();
  await expect(page.getByTestId("embed-copy")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
  // The snippet's link is that figure.
  await openEmbed(page, src.replace(/&amp;/g, "&"));
  await expect(page.getByTestId("lr-chart")).toBeVisible();
  await expect(page.getByTestId("gamma")).toBeVisible();
  expect(await page.evaluate(() => window.__playground?.config().optimizer.lr)).toBe(0.01);
});
