// Numerical extremes through links: each run either trains to the end or stops with the visible
// "diverged at step N" state and a reason, and no NaN or Infinity reaches the series, the charts'
// SVG, the CSV export or the address bar.

import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { hookConfig, series, setMaxSpeed, state, type HookState } from "./helpers.ts";

interface Case {
  name: string;
  query: string;
  /** What the run must end as; either when not given. */
  end?: HookState["status"];
}

const CASES: Case[] = [
  { name: "lr 1 with epsilon 1e-10", query: "lr=1&eps=1e-10&epochs=3" },
  { name: "lr 10 with epsilon 1e-10 in the paper's epsilon form", query: "lr=10&eps=1e-10&form=paper&epochs=3" },
  { name: "beta1 0", query: "beta1=0&epochs=3", end: "done" },
  { name: "beta1 0.999999", query: "beta1=0.999999&epochs=3" },
  { name: "beta2 0.9", query: "beta2=0.9&epochs=3", end: "done" },
  { name: "epsilon 10", query: "eps=10&epochs=3", end: "done" },
  // The surfaces always add gradient noise (no link key turns it off), so "zero gradient" here is a
  // start where the exact gradient is 0: Adam's m and v then hold only noise, and tiny epsilon
  // divides by almost nothing.
  { name: "zero gradient: start on the saddle point, epsilon 1e-10", query: "problem=saddle&start=0,0&eps=1e-10&epochs=10", end: "done" },
  { name: "zero gradient: start at the bowl's minimum, beta2 0.9", query: "problem=bowl&start=0,0&beta2=0.9&epochs=10", end: "done" },
  { name: "overflow: SGD on Rosenbrock at lr 1", query: "problem=rosenbrock&opt=sgd&lr=1", end: "diverged" },
  { name: "overflow: Adam on Rosenbrock at lr 10, epsilon 1e-10", query: "problem=rosenbrock&lr=10&eps=1e-10&epochs=10" },
  { name: "overflow: the rate grows tenfold every epoch", query: "lr=1&gamma=10&stepSize=1&epochs=25", end: "diverged" },
  // A rate so small it underflows to 0 after a few halvings: the log axis once looped forever on it.
  { name: "subnormal lr 5e-324", query: "lr=5e-324&decay=step&stepSize=1&epochs=3", end: "done" },
];

const NON_FINITE = /NaN|Infinity/i;

/** Every attribute of every element inside the page's SVGs that mentions NaN or Infinity. */
async function badSvgAttributes(page: Page): Promise<{ bad: string[]; paths: number }> {
  return page.evaluate(() => {
    const bad: string[] = [];
    let paths = 0;
    for (const el of Array.from(document.querySelectorAll("svg, svg *"))) {
      if (el.tagName.toLowerCase() === "path" && (el.getAttribute("d") ?? "") !== "") paths++;
      for (const a of Array.from(el.attributes)) {
        if (/NaN|Infinity/i.test(a.value)) bad.push(`<${el.tagName} ${a.name}="${a.value.slice(0, 80)}">`);
      }
    }
    return { bad, paths };
  });
}

/** The current run's rows of the CSV export (downloaded through the Export tool). */
async function exportedCsv(page: Page): Promise<string> {
  await page.getByTestId("tool-tab-export").click();
  const button = page.getByTestId("export-csv");
  await expect(button).toBeEnabled();
  const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
  return readFile(await download.path(), "utf8");
}

for (const c of CASES) {
  test(`extreme: ${c.name} — trains or diverges cleanly, never NaN or Infinity`, async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(`/?${c.query}`);
    await page.waitForFunction(() => typeof window.__playground !== "undefined");
    await expect(page.getByTestId("link-problems"), "the link itself is valid").toHaveCount(0);
    await setMaxSpeed(page);
    await expect.poll(async () => (await state(page)).status, { timeout: 45_000 }).toMatch(/^(done|diverged|error)$/);
    const end = await state(page);
    if (c.end !== undefined) expect(end.status).toBe(c.end);
    expect(end.status).not.toBe("error");

    // The series: steps 1, 2, ... with finite values only.
    const s = await series(page);
    // Only a run that diverges on its very first step has no sample to show.
    if (end.status === "done") expect(s.step.length).toBeGreaterThan(0);
    const last = s.step.length === 0 ? 0 : s.step[s.step.length - 1];
    s.step.forEach((v, i) => expect(v).toBe(i + 1));
    for (const [name, col] of Object.entries(s)) {
      // The loss at y is schedule-free AdamW's alone: empty (NaN) on every row for the others.
      if (name === "lossAtY" && (col as number[]).every((v) => Number.isNaN(v))) continue;
      const bad = (col as number[]).findIndex((v) => !Number.isFinite(v));
      expect(bad, `${name}[${bad}] = ${(col as number[])[bad]}`).toBe(-1);
    }
    if (end.status === "done") {
      expect(end.step).toBe(end.totalSteps);
      expect(s.step[s.step.length - 1]).toBe(end.totalSteps);
      await expect(page.getByTestId("diverged-notice")).toHaveCount(0);
    } else {
      // "Diverged at step N: <reason>", N the first step that failed: one past the last kept sample.
      const notice = page.getByTestId("diverged-notice");
      await expect(notice).toBeVisible();
      const text = (await notice.textContent()) ?? "";
      const m = /Diverged at step ([\d,]+): (.+)/.exec(text);
      expect(m, text).not.toBeNull();
      const n = Number((m as RegExpExecArray)[1].replace(/,/g, ""));
      expect(n).toBe(last + 1);
      expect((m as RegExpExecArray)[2]).toMatch(/not finite|grew beyond/);
      await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "diverged");
    }

    // The charts: drawn, and no NaN or Infinity in any SVG attribute (path data, ticks, transforms).
    // (A flat line has an empty bounding box, so "drawn" is a path with data, not visibility.)
    if (s.step.length > 1) {
      await expect(page.getByTestId("loss-chart").locator("path.plot-line").first()).toHaveAttribute("d", /^M[\d.-]+,[\d.-]+[LH]/);
      await expect(page.getByTestId("lr-chart").locator("path.plot-line").first()).toHaveAttribute("d", /^M[\d.-]+,[\d.-]+[LHV]/);
    }
    // The settings column (with the schedule preview) mounts once the page is first idle: wait for
    // it, so its SVG is checked too (and a run that diverged on step 1 still has a drawing).
    await expect(page.getByTestId("schedule-preview").locator("path.plot-line").first()).toHaveAttribute("d", /^M/);
    const svg = await badSvgAttributes(page);
    expect(svg.bad).toEqual([]);
    expect(svg.paths).toBeGreaterThan(0);

    // The address bar keeps the link's (finite) settings.
    expect(page.url()).not.toMatch(NON_FINITE);
    const numbers: number[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === "number") numbers.push(v);
      else if (typeof v === "object" && v !== null) Object.values(v).forEach(walk);
    };
    const config = await hookConfig(page);
    walk(config);
    expect(numbers.length).toBeGreaterThan(5);
    expect(numbers.filter((v) => !Number.isFinite(v))).toEqual([]);

    // The CSV: every numeric cell of every row is a finite number ("" would stand for NaN/Infinity),
    // except batchLoss of the problems without a minibatch loss (noisy quadratic, 2-D surfaces),
    // which is empty on every row.
    const hasMinibatchLoss = config.problem === "classify" || config.problem === "linreg";
    if (s.step.length === 0) {
      expect(errors).toEqual([]);
      return;
    }
    const csv = await exportedCsv(page);
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("run,label,step,epoch,lr,lrT,batchLoss,loss,gradNorm,updateNorm,lossAtY");
    expect(lines.length - 1).toBeGreaterThanOrEqual(s.step.length);
    for (const line of lines.slice(1)) {
      // step .. updateNorm, then lossAtY: empty unless the optimizer is schedule-free (none of these cases).
      const cells = line.split(",").slice(-9);
      expect(cells[8], `CSV row ${line.slice(0, 120)}`).toBe("");
      cells.slice(0, 8).forEach((cell, i) => {
        const ok = i === 4 && !hasMinibatchLoss ? cell === "" : cell !== "" && Number.isFinite(Number(cell));
        expect(ok, `CSV row ${line.slice(0, 120)}`).toBe(true);
      });
    }
    expect(errors).toEqual([]);
  });
}
