// Lessons (menu and link) and a link's run against the headless simulator.

import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { LESSONS } from "../src/state/lessons.ts";
import { computedPins, mean, pins, series, setMaxSpeed, state, waitForStatus } from "./helpers.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));

test("a link's run is the simulator's run, point for point", async ({ page }) => {
  const query = "lr=0.03&decay=exponential&decaySteps=2&decayRate=0.6&beta2=0.99&seed=5&epochs=3";
  await page.goto(`/?${query}`);
  await setMaxSpeed(page);
  await waitForStatus(page, "done");
  const onPage = await series(page);
  const out = execFileSync(tsx, ["src/cli/simulate.ts", "--url", `http://127.0.0.1/?${query}`], { cwd: root, encoding: "utf8", maxBuffer: 1 << 28 });
  const sim = JSON.parse(out) as { steps: { step: number[]; loss: number[]; lr: number[]; lrT: number[] } };
  expect(onPage.step).toHaveLength(600);
  // Bit for bit: JSON round-trips float64 exactly.
  expect(onPage.step).toEqual(sim.steps.step);
  expect(onPage.loss).toEqual(sim.steps.loss);
  expect(onPage.lr).toEqual(sim.steps.lr);
  expect(onPage.lrT).toEqual(sim.steps.lrT);
});

test("lesson 1 from the menu: three runs on the same data; constant rattles in the band, decay gets lower", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("lesson-menu").selectOption("plateau");
  const card = page.getByTestId("lesson-card");
  await expect(card).toContainText("The plateau");
  await expect(card).toContainText("0.7 and 0.9");
  await expect(page).toHaveURL(/lesson=plateau/);
  const [constant, low] = await computedPins(page, 2);
  expect(constant.label).toBe("constant rate");
  expect(low.label).toContain("low rate");
  await expect(page.getByTestId("pinned-run")).toHaveCount(2);
  // Two pinned runs and the live loss; the noisy quadratic has no minibatch loss line.
  await expect(page.locator('[data-testid="loss-chart"] path.plot-line')).toHaveCount(3);
  await setMaxSpeed(page);
  await waitForStatus(page, "done");
  const live = await series(page);
  // What the text says: the constant rate's last five epochs sit in 0.7–0.9, the decayed run ends
  // well below it, and the low constant rate is lower than the constant one but above the decayed one.
  const tail = (loss: number[]) => mean(loss.slice(-1000));
  expect(tail(constant.loss)).toBeGreaterThan(0.7);
  expect(tail(constant.loss)).toBeLessThan(0.9);
  expect(tail(live.loss)).toBeLessThan(tail(constant.loss) - 0.15);
  expect(tail(low.loss)).toBeLessThan(tail(constant.loss));
  // The first epochs: the low rate is the slowest to come down.
  expect(mean(low.loss.slice(0, 400))).toBeGreaterThan(mean(constant.loss.slice(0, 400)));
});

test("every lesson opens from its link with its comparison runs computed", async ({ page }) => {
  const expected: Record<string, string[]> = {
    plateau: ["constant rate", "constant low rate (lr/16)"],
    "halve-vs-tenth": ["×0.1 every 5 epochs"],
    "epsilon-hat": ["epsilon 0.1", "epsilon 1.0"],
    "bias-correction": [],
    "warmup-cosine-plateau": ["reduce on plateau"],
    "noise-floor": ["constant 0.025", "constant 0.0125", "constant 0.00625"],
    "decay-at-end": ["constant rate", "cosine", "schedule-free AdamW", "WSD extended"],
  };
  // Every lesson is in the table.
  expect(Object.keys(expected).sort()).toEqual(LESSONS.map((l) => l.id).sort());
  for (const [id, labels] of Object.entries(expected)) {
    await page.goto(`/?lesson=${id}`);
    await expect(page.getByTestId("lesson-card")).toHaveAttribute("data-lesson", id);
    await expect(page.getByTestId("lesson-menu")).toHaveValue(id);
    const got = await computedPins(page, labels.length);
    expect(got.map((p) => p.label)).toEqual(labels);
    for (const p of got) expect(p.loss.length).toBeGreaterThan(1000);
  }
});

test("lesson 4: lr_t starts near lr·√(1−β2)/(1−β1) and rises to lr", async ({ page }) => {
  await page.goto("/?lesson=bias-correction");
  await expect(page.getByTestId("lesson-card")).toContainText("bias correction");
  await setMaxSpeed(page);
  await waitForStatus(page, "done");
  const s = await series(page);
  const lr = s.lr[0];
  expect(s.lrT[0] / lr).toBeCloseTo(Math.sqrt(1 - 0.999) / (1 - 0.9), 6);
  // After a dip in the first few dozen steps (1 − β1^t catches up first), it rises steadily toward
  // lr: sqrt(1 − 0.999^2000) ≈ 0.93 of it after the lesson's 2,000 steps.
  for (let i = 100; i < s.lrT.length; i++) expect(s.lrT[i]).toBeGreaterThanOrEqual(s.lrT[i - 1]);
  expect(s.lrT.at(-1)! / lr).toBeCloseTo(Math.sqrt(1 - 0.999 ** 2000) / (1 - 0.9 ** 2000), 6);
  // Not decay: the scheduled rate never moves in this lesson.
  expect(new Set(s.lr).size).toBe(1);
});

test("lesson 3 and the language switch: the card follows the language, the link keeps both", async ({ page }) => {
  await page.goto("/?lesson=epsilon-hat&lang=zh");
  await expect(page.getByTestId("lesson-card")).toContainText("epsilon hat");
  await expect(page.getByTestId("lesson-card")).toContainText("动量 SGD");
  await computedPins(page, 2);
  await page.getByTestId("lesson-close").click();
  await expect(page.getByTestId("lesson-card")).toHaveCount(0);
  await expect(page).not.toHaveURL(/lesson=/);
  // Closing the card keeps the comparison runs.
  expect((await pins(page)).length).toBe(2);
  expect((await state(page)).status).not.toBe("error");
});

test("pins from a link are computed and drawn, and a user's pin goes into the link", async ({ page }) => {
  await page.goto("/?epochs=2&pin=lr:0.005");
  const [pin] = await computedPins(page, 1);
  expect(pin.source).toBe("link");
  expect(pin.loss).toHaveLength(400);
  await expect(page.getByTestId("pinned-run")).toContainText("0.005");
  await expect(page).toHaveURL(/pin=lr%3A0\.005|pin=lr:0\.005/);
});

test("lesson 2: ×0.1 every 5 epochs quiets the rattle at once after its first drop; halving keeps moving", async ({ page }) => {
  await page.goto("/?lesson=halve-vs-tenth");
  const [tenth] = await computedPins(page, 1);
  await setMaxSpeed(page);
  await waitForStatus(page, "done");
  const halve = (await series(page)).loss;
  // Epochs 6–10 (steps 1100–2000), after the first drop: ×0.1 rattles far less than ×0.5. The rattle
  // is the mean step-to-step change (the spread would also count the ×0.1 run's steady descent).
  const rattle = (xs: number[]) => mean(xs.slice(1).map((x, i) => Math.abs(x - xs[i])));
  expect(rattle(tenth.loss.slice(1100, 2000))).toBeLessThan(0.5 * rattle(halve.slice(1100, 2000)));
  // Before the first drop the two runs are the same run: same data, noise and rate.
  expect(tenth.loss.slice(0, 1000)).toEqual(halve.slice(0, 1000));
});

test("lesson 3: with ε̂ 1.0 the same lr moves less per step, so the loss comes down more slowly", async ({ page }) => {
  await page.goto("/?lesson=epsilon-hat");
  const [eps01, eps1] = await computedPins(page, 2);
  await setMaxSpeed(page);
  await waitForStatus(page, "done");
  const eps8 = (await series(page)).loss;
  // After the first epoch: 1e-8 is lowest, then 0.1, then 1.0 (momentum-SGD-like, far smaller steps).
  expect(eps8[199]).toBeLessThan(eps01.loss[199]);
  expect(eps01.loss[199]).toBeLessThan(eps1.loss[199]);
});

test("lesson 5: warmup ramps the rate up first; reduce-on-plateau cuts it where its loss stalls", async ({ page }) => {
  await page.goto("/?lesson=warmup-cosine-plateau");
  const [plateau] = await computedPins(page, 1);
  await setMaxSpeed(page);
  await waitForStatus(page, "done");
  const s = await series(page);
  // Warmup: the scheduled rate rises over the first two epochs, then the cosine takes it down.
  expect(s.lr[0]).toBeLessThan(s.lr[399]);
  expect(s.lr.at(-1)!).toBeLessThan(s.lr[399] / 2);
  // The plateau run ends lower than a constant rate would rattle (it did cut its rate).
  expect(mean(plateau.loss.slice(-1000))).toBeLessThan(0.7);
  await expect(page.getByTestId("pinned-run")).toContainText("reduce on plateau");
});

