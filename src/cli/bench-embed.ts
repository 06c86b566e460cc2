// The embedded figure's figures in `npm run bench` (issue #16), measured like the page's: the
// production build in Chromium.
//   embed.js_gzip_kb      gzip size of the JS an embed page fetches (its scripts; workers listed apart)
//   embed.first_point_ms  navigation start to the first point in the loss chart (bench-first-point.ts), each load cold
//                         (a fresh browser context: empty cache), median with every sample

import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "@playwright/test";
import type { Figure } from "./bench.ts";
import { firstPointMs, medianMarks, recordFirstPoint, startMarks } from "./bench-first-point.ts";

const EMBED_QUERY = "/?embed=1";

export async function benchEmbed(browser: Browser, base: string, root: string, quick: boolean): Promise<Figure[]> {
  const loads: number[] = [];
  const marks: Record<string, number>[] = [];
  let fetched: string[] = [];
  for (let i = 0; i < (quick ? 3 : 5); i++) {
    const context = await browser.newContext({ viewport: { width: 640, height: 400 } });
    const page = await context.newPage();
    const files: string[] = [];
    page.on("request", (r) => {
      const path = new URL(r.url()).pathname;
      if (path.endsWith(".js")) files.push(path.replace(/^\//, ""));
    });
    await recordFirstPoint(page);
    await page.goto(base + EMBED_QUERY);
    const ms = await firstPointMs(page);
    loads.push(Math.round(ms));
    marks.push(await startMarks(page));
    if (i === 0) {
      await page.waitForTimeout(300); // anything fetched right after the first point still counts
      fetched = [...new Set(files)];
    }
    await context.close();
  }
  const size = (f: string) => gzipSync(readFileSync(join(root, "dist", f))).length / 1024;
  const scripts = fetched.filter((f) => !/\.worker-/.test(f)).map((f) => ({ f, kb: size(f) }));
  const workers = fetched.filter((f) => /\.worker-/.test(f)).map((f) => ({ f, kb: size(f) }));
  const total = scripts.reduce((s, x) => s + x.kb, 0);
  const sorted = [...loads].sort((a, b) => a - b);
  return [
    {
      name: "embed.js_gzip_kb",
      value: Math.round(total * 10) / 10,
      unit: "KB",
      target: "< 150",
      scripts: scripts.map((x) => `${x.f} ${x.kb.toFixed(1)} KB`),
      workers: workers.map((x) => `${x.f} ${x.kb.toFixed(1)} KB`),
      with_workers_kb: Math.round((total + workers.reduce((s, x) => s + x.kb, 0)) * 10) / 10,
    },
    {
      name: "embed.first_point_ms",
      value: sorted[Math.floor(sorted.length / 2)],
      unit: "ms",
      target: "< 400 (cold)",
      samples: loads,
      marks_median: medianMarks(marks),
      cold: "every load: a fresh browser context",
    },
  ];
}
