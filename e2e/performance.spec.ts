import { cpus } from "node:os";
import { expect, test } from "@playwright/test";
import { openPlayground, setMaxSpeed, state } from "./helpers.ts";

const WINDOW_MS = 10_000;

/**
 * Share of all cores already busy (before the page opens) above which a timing means nothing: the
 * page's thread gets descheduled mid-task and every task looks long. Measured here: 0 tasks over
 * 50 ms and 60 frames/s on an idle machine; 4 tasks up to 75 ms at a load of about 2.7 per core.
 */
const MAX_BUSY = 0.5;

/** Fraction of CPU time spent busy over `ms`, across all cores (from the kernel's counters). */
async function cpuBusy(ms: number): Promise<number> {
  const sum = () => cpus().reduce((a, c) => ({ idle: a.idle + c.times.idle, all: a.all + c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle }), { idle: 0, all: 0 });
  const a = sum();
  await new Promise((r) => setTimeout(r, ms));
  const b = sum();
  const all = b.all - a.all;
  return all <= 0 ? 0 : 1 - (b.idle - a.idle) / all;
}

// A noisy neighbour can spoil one window; a real regression fails all three.
test.describe.configure({ retries: 2 });

test("10 s of full-speed streaming: no main-thread task over 50 ms, frames keep coming", async ({ page }, testInfo) => {
  const busy = await cpuBusy(1000);
  // `npm run test:perf` (PERF=1) always measures; inside `npm test` a machine too busy to time says so.
  test.skip(!process.env.PERF && busy > MAX_BUSY, `machine too busy to time: ${Math.round(busy * 100)}% of the CPU in use by others`);
  testInfo.annotations.push({ type: "cpu busy before", description: `${Math.round(busy * 100)}%` });
  await openPlayground(page);
  // A long run (10,000 epochs = 2,000,000 steps) so the stream outlasts the window, halving the
  // rate every 2,500 epochs so the charts carry a few decay markers as in the lesson.
  await page.getByTestId("stepSize").fill("2500");
  await page.getByTestId("stepSize").press("Enter");
  await page.getByTestId("epochs").fill("10000");
  await page.getByTestId("epochs").press("Enter");
  await expect.poll(async () => (await state(page)).totalSteps).toBe(2_000_000);
  await setMaxSpeed(page);
  const start = await state(page);

  const result = await page.evaluate(async (windowMs) => {
    const t0 = performance.now();
    const tasks: number[] = [];
    const obs = new PerformanceObserver((list) => {
      // Buffered entries include page load; only the streaming window counts.
      for (const e of list.getEntries()) if (e.startTime >= t0) tasks.push(e.duration);
    });
    obs.observe({ type: "longtask", buffered: true });
    // The long-task API only reports tasks over 50 ms; a 10 ms timer's lateness bounds the
    // longest shorter task, so the figure means something when no long task occurs.
    let worstLag = 0;
    let expected = performance.now() + 10;
    const lagTimer = setInterval(() => {
      const now = performance.now();
      worstLag = Math.max(worstLag, now - expected);
      expected = now + 10;
    }, 10);
    let frames = 0;
    let worstGap = 0;
    let last = performance.now();
    let running = true;
    const onFrame = (t: number) => {
      frames++;
      worstGap = Math.max(worstGap, t - last);
      last = t;
      if (running) requestAnimationFrame(onFrame);
    };
    requestAnimationFrame(onFrame);
    await new Promise((r) => setTimeout(r, windowMs));
    running = false;
    clearInterval(lagTimer);
    const elapsed = performance.now() - t0;
    obs.disconnect();
    return { tasks, frames, fps: (frames * 1000) / elapsed, worstGap, worstLag };
  }, WINDOW_MS);

  const end = await state(page);
  const longest = result.tasks.length === 0 ? 0 : Math.max(...result.tasks);
  const figures = {
    stepsStreamed: end.step - start.step,
    stepsPerSecond: Math.round(((end.step - start.step) * 1000) / WINDOW_MS),
    longTasks: result.tasks.length,
    longestTaskMs: Math.round(longest),
    fps: Math.round(result.fps * 10) / 10,
    worstFrameGapMs: Math.round(result.worstGap),
    worstTimerLagMs: Math.round(result.worstLag),
    snapshots: end.version - start.version,
  };
  console.log(`full-speed streaming figures: ${JSON.stringify(figures)}`);
  testInfo.annotations.push({ type: "perf", description: JSON.stringify(figures) });

  expect(end.status).toBe("running");
  expect(end.runId).toBe(start.runId);
  expect(figures.stepsStreamed).toBeGreaterThan(10_000);
  expect(longest).toBeLessThanOrEqual(50);
  expect(figures.fps).toBeGreaterThanOrEqual(50);
});
