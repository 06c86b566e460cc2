import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { checkGoldenFolder, checkGoldenText, summaryLine } from "./golden-check.ts";

const SHARED_GOLDEN = fileURLToPath(new URL("../../../shared/golden", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

type Json = Record<string, unknown>;

const reference = JSON.parse(readFileSync(join(SHARED_GOLDEN, "reference.json"), "utf8")) as {
  schedules: Json[];
  optimizers: Json[];
};

function referenceCase(section: "schedules" | "optimizers", name: string): Json {
  const found = reference[section].find((c) => c.name === name);
  if (found === undefined) throw new Error(`no reference case ${name}`);
  return structuredClone(found);
}

function goldenFile(schedules: Json[], optimizers: Json[] = [], extra: Json = {}): string {
  return JSON.stringify({ format: "lr-decay-golden/1", source: "test", schedules, optimizers, ...extra });
}

const temps: string[] = [];
function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "golden-test-"));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** The failure line of one case checked alone. */
function failureOf(schedules: Json[], optimizers: Json[] = []): string[] {
  const result = checkGoldenText("case.json", goldenFile(schedules, optimizers));
  return result.lines;
}

describe("the shared golden vectors", () => {
  it("all pass, one count per case", () => {
    let cases = 0;
    for (const name of readdirSync(SHARED_GOLDEN).filter((n) => n.endsWith(".json"))) {
      const data = JSON.parse(readFileSync(join(SHARED_GOLDEN, name), "utf8")) as { schedules?: unknown[]; optimizers?: unknown[] };
      cases += (data.schedules?.length ?? 0) + (data.optimizers?.length ?? 0);
    }
    const report = checkGoldenFolder(SHARED_GOLDEN);
    expect(report.lines).toEqual([]);
    expect(report).toMatchObject({ passed: cases, failed: 0, error: null });
    expect(cases).toBeGreaterThanOrEqual(39);
  });

  it("verbose adds one ok line per case", () => {
    const report = checkGoldenFolder(SHARED_GOLDEN, { verbose: true });
    expect(report.lines).toHaveLength(report.passed);
    expect(report.lines).toContain("ok reference.json step-halve-every-5");
    expect(report.lines).toContain("ok reference.json adam-tf-default");
  });
});

describe("crafted failures", () => {
  const step = (): Json => referenceCase("schedules", "step-halve-every-5");
  const plateau = (): Json => referenceCase("schedules", "plateau-patience-3-halve");
  const sgd = (): Json => referenceCase("optimizers", "sgd-momentum-torch");
  const adam = (): Json => referenceCase("optimizers", "adam-tf-default");

  it("pristine cases pass", () => {
    expect(checkGoldenText("case.json", goldenFile([step(), plateau()], [sgd(), adam()]))).toEqual({
      lines: [], passed: 4, failed: 0,
    });
  });

  it("unknown kind", () => {
    const c = step();
    c.schedule = { kind: "linear", stepSize: 5 };
    expect(failureOf([c])).toEqual([
      'FAIL case.json step-halve-every-5: decay kind must be one of "constant", "step", "multiStep", "exponential", "inverseTime", "polynomial", "cosine", "cosineRestarts", "oneCycle", "cyclic", "plateau", "wsd", "inverseSqrt", got "linear"',
    ]);
    const o = sgd();
    o.optimizer = { kind: "rmsprop" };
    expect(failureOf([], [o])).toEqual([
      'FAIL case.json sgd-momentum-torch: optimizer kind must be one of "adam", "sgd", "scheduleFree", got "rmsprop"',
    ]);
  });

  it("unknown or out-of-range fields", () => {
    const c = step();
    c.schedule = { kind: "step", stepSize: 5, gamma: 0.5, foo: 1 };
    expect(failureOf([c])).toEqual(['FAIL case.json step-halve-every-5: unknown field "foo" for decay kind "step"']);
    c.schedule = { kind: "step", stepSize: 0, gamma: 0.5, warmup: { steps: 2, bar: 0 } };
    expect(failureOf([c])).toEqual([
      'FAIL case.json step-halve-every-5: stepSize must be an integer in [1, 1000000], got 0; unknown warmup field "bar"',
    ]);
    const o = adam();
    (o.optimizer as Json).beta1 = 1.5;
    expect(failureOf([], [o])).toEqual(["FAIL case.json adam-tf-default: beta1 must be in [0, 1), got 1.5"]);
  });

  it("metrics on a non-plateau schedule, and plateau without metrics", () => {
    const c = step();
    c.metrics = (c.lr as number[]).map(() => 1);
    expect(failureOf([c])).toEqual([
      'FAIL case.json step-halve-every-5: metrics is only allowed for decay kind "plateau", not "step"',
    ]);
    const p = plateau();
    delete p.metrics;
    expect(failureOf([p])).toEqual([
      'FAIL case.json plateau-patience-3-halve: metrics is required for decay kind "plateau"',
    ]);
  });

  it("decoupled (or any Adam field) on sgd, even at its default", () => {
    for (const decoupled of [true, false]) {
      const o = sgd();
      (o.optimizer as Json).decoupled = decoupled;
      expect(failureOf([], [o])).toEqual([
        'FAIL case.json sgd-momentum-torch: decoupled does not apply to optimizer kind "sgd"',
      ]);
    }
    const a = adam();
    (a.optimizer as Json).momentum = 0.9;
    expect(failureOf([], [a])).toEqual(['FAIL case.json adam-tf-default: momentum does not apply to optimizer kind "adam"']);
  });

  it("optimizer.lr is allowed and ignored", () => {
    const o = sgd();
    (o.optimizer as Json).lr = 5;
    expect(checkGoldenText("case.json", goldenFile([], [o]))).toEqual({ lines: [], passed: 1, failed: 0 });
  });

  it("a wrong number is reported at its first index", () => {
    const c = step();
    (c.lr as number[])[7] = 0.02;
    (c.lr as number[])[9] = 0.02;
    expect(failureOf([c])).toEqual([
      "FAIL case.json step-halve-every-5: first mismatch at index 7 (t = 7), got 0.005, want 0.02",
    ]);
    const o = sgd();
    const xs = o.x as number[][];
    const want = xs[2][1] + 1e-6;
    xs[2][1] = want;
    const lines = failureOf([], [o]);
    expect(lines).toHaveLength(1);
    const match = /^FAIL case\.json sgd-momentum-torch: first mismatch at index 2 \(step 3, x\[1\]\), got (\S+), want (\S+)$/.exec(
      lines[0],
    );
    expect(match?.[2]).toBe(String(want));
    expect(Math.abs(Number(match?.[1]) - (want - 1e-6))).toBeLessThan(1e-9);
  });

  it("tolerances are SPEC's: relative 1e-9 passes, 1e-8 fails", () => {
    const c = step();
    const lr = c.lr as number[];
    lr[3] *= 1 + 5e-10;
    expect(failureOf([c])).toEqual([]);
    lr[3] *= 1 + 1e-8;
    expect(failureOf([c])).toHaveLength(1);
  });

  it("shape problems: unknown case keys, lengths, non-numbers, missing fields", () => {
    const c = step();
    c.extra = 1;
    expect(failureOf([c])).toEqual(['FAIL case.json step-halve-every-5: unknown schedule case field "extra"']);
    const o = sgd();
    (o.lr as number[]).pop();
    (o.grads as number[][])[4] = [1];
    expect(failureOf([], [o])).toEqual([
      "FAIL case.json sgd-momentum-torch: lr must have 50 entries (one per grads entry), got 49; grads[4] must have 4 numbers (like x0), got 1",
    ]);
    const m = step();
    (m.lr as unknown[])[2] = "0.01";
    delete m.baseLr;
    expect(failureOf([m])).toEqual([
      'FAIL case.json step-halve-every-5: baseLr is required; lr[2] must be a finite number, got "0.01"',
    ]);
    const p = plateau();
    (p.metrics as number[]).splice(0, 5);
    expect(failureOf([p])).toEqual([
      "FAIL case.json plateau-patience-3-halve: metrics must have 60 or 59 entries (one per lr tick), got 55",
    ]);
    expect(failureOf([{ baseLr: 0.1, schedule: { kind: "constant" }, lr: [0.1] }])).toEqual([
      "FAIL case.json schedules[0]: name must be a non-empty string, got undefined",
    ]);
    expect(failureOf([], [5 as unknown as Json])).toEqual(["FAIL case.json optimizers[0]: case must be an object, got 5"]);
  });

  it("file-level problems count as failures; other cases still run", () => {
    const bad = checkGoldenText("x.json", goldenFile([step()], [], { format: "lr-decay-golden/2" }));
    expect(bad).toEqual({ lines: ['FAIL x.json: format must be "lr-decay-golden/1", got "lr-decay-golden/2"'], passed: 0, failed: 1 });
    const extra = checkGoldenText("x.json", goldenFile([step()], [], { notes: "hi" }));
    expect(extra).toEqual({ lines: ['FAIL x.json: unknown top-level field "notes"'], passed: 1, failed: 1 });
    const empty = checkGoldenText("x.json", goldenFile([], []));
    expect(empty.failed).toBe(1);
    expect(checkGoldenText("x.json", "[]").lines).toEqual(["FAIL x.json: top level must be an object, got []"]);
  });

  it("a folder: sorted files, bad JSON counted, the rest still checked", () => {
    const bad = step();
    (bad.schedule as Json).gamma = 0.25;
    const folder = folderWith({
      "b.json": goldenFile([bad], [sgd()]),
      "a.json": "{ not json",
      "c.json": goldenFile([step()]),
      "notes.txt": "ignored",
    });
    mkdirSync(join(folder, "dir.json"));
    const report = checkGoldenFolder(folder);
    expect(report.error).toBeNull();
    expect(report.lines).toHaveLength(2);
    expect(report.lines[0]).toMatch(/^FAIL a\.json: invalid JSON: /);
    expect(report.lines[1]).toBe(
      "FAIL b.json step-halve-every-5: first mismatch at index 5 (t = 5), got 0.0025, want 0.005",
    );
    expect(report).toMatchObject({ passed: 2, failed: 2 });
    expect(summaryLine(report)).toBe("2 passed, 2 failed");
  });

  it("an empty or missing folder is an error, not a pass", () => {
    const empty = folderWith({ "readme.md": "# nothing" });
    expect(checkGoldenFolder(empty)).toMatchObject({ error: `no *.json files in ${empty}`, passed: 0, failed: 0 });
    expect(checkGoldenFolder(join(empty, "missing"))).toMatchObject({ error: `folder not found: ${join(empty, "missing")}` });
  });
});

describe("the CLI", () => {
  const tsx = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [tsx, join(ROOT, "src", "cli", "golden.ts"), ...args], { encoding: "utf8" });

  it("exits 0 on the shared vectors and ends with the summary", () => {
    const result = run(SHARED_GOLDEN);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split("\n").at(-1)).toMatch(/^\d+ passed, 0 failed$/);
  });

  it("exits 1 on failures, 2 on usage errors and unusable folders", () => {
    const c = step();
    (c.schedule as Json).kind = "nope";
    const folder = folderWith({ "x.json": goldenFile([c]) });
    const failed = run(folder);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toMatch(/^FAIL x\.json step-halve-every-5: decay kind must be one of .*\n0 passed, 1 failed\n$/);
    expect(run().status).toBe(2);
    expect(run(folder, "--bogus").status).toBe(2);
    const empty = run(folderWith({}));
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain("no *.json files");
  });

  function step(): Json {
    return referenceCase("schedules", "step-halve-every-5");
  }
});

describe("SPEC.md §5 cases: the shared golden-modern folder and crafted ones", () => {
  const MODERN = fileURLToPath(new URL("../../../shared/golden-modern", import.meta.url));
  const modern = JSON.parse(readFileSync(join(MODERN, "modern.json"), "utf8")) as { optimizers: Json[] };

  it("the shared golden-modern folder passes in full", () => {
    const report = checkGoldenFolder(MODERN);
    expect(report.lines).toEqual([]);
    expect(report.failed).toBe(0);
    expect(report.passed).toBeGreaterThanOrEqual(12);
  });

  it("fields left out take SPEC.md §5's defaults; the shared warmup wrapper composes with wsd", () => {
    const lr = 0.1;
    const wsd = [lr, lr, lr, lr, lr, lr * (1 - Math.sqrt(0.25)), lr * (1 - Math.sqrt(0.5)), lr * (1 - Math.sqrt(0.75)), 0];
    const wrapped = [0.5 * lr, 0.75 * lr, ...wsd];
    const isqrt = [1, 2, 3].map((t) => lr / Math.sqrt((t + 10000) / 10000));
    const isqrtW = [0, lr / 4, lr / 2, (3 * lr) / 4, lr, lr / Math.sqrt(5 / 4), lr / Math.sqrt(6 / 4)];
    expect(
      failureOf([
        { name: "wsd-defaults", baseLr: lr, schedule: { kind: "wsd", stableTicks: 4, decayTicks: 4 }, lr: wsd },
        { name: "wsd-wrapped", baseLr: lr, schedule: { kind: "wsd", stableTicks: 4, decayTicks: 4, warmup: { steps: 2, startFactor: 0.5 } }, lr: wrapped },
        { name: "isqrt-default-timescale", baseLr: lr, schedule: { kind: "inverseSqrt" }, lr: [lr, ...isqrt] },
        { name: "isqrt-warmup-timescale", baseLr: lr, schedule: { kind: "inverseSqrt", warmupTicks: 4, unit: "step" }, lr: isqrtW },
      ]),
    ).toEqual([]);
  });

  it("schedule-free cases need y (and only they may carry it); a wrong y fails at its step", () => {
    const sf = structuredClone(modern.optimizers[0]);
    const noY = structuredClone(sf);
    delete noY.y;
    const adam = referenceCase("optimizers", "adam-tf-default");
    adam.y = adam.x;
    const badY = structuredClone(sf);
    ((badY.y as number[][])[3])[1] += 1e-6;
    const zeroBeta1 = structuredClone(sf);
    (zeroBeta1.optimizer as Json).beta1 = 0;
    const lines = failureOf([], [noY, adam, badY, zeroBeta1]);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain("y is required");
    expect(lines[1]).toContain('y is only allowed for optimizer kind "scheduleFree", not "adam"');
    expect(lines[2]).toMatch(/first mismatch at index 3 \(step 4, y\[1\]\)/);
    expect(lines[3]).toContain("beta1 must be in (0, 1), got 0");
  });

  it("a field of another optimizer kind on schedule-free fails in strict mode", () => {
    const sf = structuredClone(modern.optimizers[0]);
    (sf.optimizer as Json).amsgrad = false;
    expect(failureOf([], [sf])[0]).toContain('amsgrad does not apply to optimizer kind "scheduleFree"');
  });
});
