import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEFAULT_RUN, cloneRun } from "../engine/run-config.ts";
import { decodeState, encodeState, defaultUrlState } from "../state/url.ts";
import { main, parseArgs, progressLine, queryOf, type Io } from "./simulate.ts";
import { computeBand } from "../engine/ensemble.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
const run = (args: string[]) => spawnSync(tsx, ["src/cli/simulate.ts", ...args], { cwd: root, encoding: "utf8" });

describe("simulate CLI", () => {
  it("prints a JSON run with the documented shape", () => {
    const out = execFileSync(tsx, ["src/cli/simulate.ts", "--epochs", "2", "--seed", "3"], { cwd: root, encoding: "utf8" });
    const doc = JSON.parse(out) as {
      seed: number;
      config: { epochs: number };
      steps: Record<string, number[]>;
      epochs: { epoch: number; lr: number; meanStepLoss: number; loss: number }[];
      events: { type: string }[];
      summary: { steps: number; finalLoss: number; diverged: boolean };
    };
    expect(doc.seed).toBe(3);
    expect(doc.config.epochs).toBe(2);
    for (const k of ["step", "epoch", "lr", "lrT", "batchLoss", "loss"]) expect(doc.steps[k]).toHaveLength(400);
    expect(doc.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(doc.summary).toEqual({ steps: 400, finalLoss: doc.steps.loss[399], diverged: false });
    expect(doc.events.at(-1)?.type).toBe("done");
  });

  it("prints CSV with one row per step", () => {
    const r = run(["--epochs", "1", "--format", "csv", "--preset", "low-lr"]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("step,epoch,lr,lrT,batchLoss,loss,gradNorm,updateNorm,lossAtY");
    expect(lines).toHaveLength(201);
    expect(lines[1].split(",")[2]).toBe(String(0.025 / 16));
  });

  it("exits 2 with every validation message on stderr for bad flags and config", () => {
    const r = run(["--seed", "abc", "--preset", "nope", "--config", '{"optimizer":{"beta1":1.2},"policy":{"kind":"zigzag"}}', "--bogus", "1"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('unknown flag "--bogus"');
    expect(r.stderr).toContain('--preset must be one of "default", "no-decay", "low-lr", got "nope"');
    expect(r.stderr).toContain("beta1 must be in [0, 1), got 1.2");
    expect(r.stderr).toContain('decay kind must be one of');
    expect(r.stderr).toContain('seed must be a number, got "abc"');
  });

  it("rejects malformed JSON and a missing flag value", () => {
    expect(parseArgs(["--config", "{"])).toEqual({ errors: [expect.stringContaining("--config is not valid JSON")] });
    expect(parseArgs(["--epochs"])).toEqual({ errors: ["--epochs needs a value"] });
    expect(parseArgs(["--format", "xml"])).toEqual({ errors: ['--format must be "json" or "csv", got "xml"'] });
    expect(parseArgs(["--epochs", "2.5"])).toEqual({ errors: ["epochs: epochs must be an integer in [1, 1000000], got 2.5"] });
  });

  it("accepts --flag=value and merges optimizer fields over the preset", () => {
    const p = parseArgs(["--config={\"optimizer\":{\"lr\":0.01}}", "--seed=7"]);
    expect("config" in p && p.config.optimizer.lr).toBe(0.01);
    expect("config" in p && p.config.optimizer.beta2).toBe(0.999);
    expect("config" in p && p.config.seed).toBe(7);
  });

  it("--url takes the page's link, query or full URL, through the page's codec", () => {
    const q = "lr=0.05&decay=exponential&decaySteps=3&decayRate=0.7&seed=9&epochs=3";
    const want = decodeState(q).state.config;
    for (const link of [q, `?${q}`, `http://127.0.0.1:4173/?${q}#x`]) {
      const parsed = parseArgs(["--url", link]);
      expect(parsed).toEqual({ config: want, format: "json", steps: 600, seeds: 1 });
    }
    // Flags after the link override it, as they do a preset.
    const over = parseArgs(["--url", q, "--seed", "4"]);
    expect("config" in over && over.config.seed).toBe(4);
    expect(queryOf("http://host/path")).toBe("");
    // A link written by the page's encoder decodes to its config.
    const config = { ...cloneRun(DEFAULT_RUN), seed: 12, epochs: 4 };
    expect(parseArgs(["--url", encodeState({ ...defaultUrlState(), config })])).toEqual({ config, format: "json", steps: 800, seeds: 1 });
  });

  it("--url: every problem in the link is an error naming its key; --preset cannot be combined", () => {
    const bad = parseArgs(["--url", "lr=2e9&beta1=x&decay=zigzag"]);
    expect("errors" in bad && bad.errors.length).toBe(3);
    if ("errors" in bad) {
      expect(bad.errors.join("\n")).toMatch(/--url: lr: /);
      expect(bad.errors.join("\n")).toMatch(/--url: beta1: /);
      expect(bad.errors.join("\n")).toMatch(/--url: decay: /);
    }
    const both = parseArgs(["--url", "lr=0.01", "--preset", "low-lr"]);
    expect("errors" in both && both.errors[0]).toContain("cannot be combined");
    const r = run(["--url", "lr=abc"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("lr");
  });

  it("refuses a run over the step budget, naming its steps and the flag that allows it", () => {
    expect(parseArgs(["--epochs", "1000000"])).toEqual({
      errors: [
        "the run has 200 steps an epoch × 1,000,000 epochs = 200,000,000 steps, more than the step budget of 50,000,000; to run it anyway, pass --max-steps 200000000",
      ],
    });
    expect(parseArgs(["--config", '{"batchSize":1}', "--epochs", "1000000"])).toEqual({
      errors: [
        "the run has 6,400 steps an epoch × 1,000,000 epochs = 6,400,000,000 steps, more than the step budget of 50,000,000; to run it anyway, pass --max-steps 6400000000",
      ],
    });
    expect(parseArgs(["--epochs", "3", "--max-steps", "599"])).toEqual({
      errors: ["the run has 200 steps an epoch × 3 epochs = 600 steps, more than --max-steps 599; to run it anyway, pass --max-steps 600"],
    });
    expect(parseArgs(["--epochs", "1000000", "--max-steps", "200000000"])).toMatchObject({ steps: 200_000_000 });
    for (const bad of ["0", "-5", "1.5", "0x10", "", "lots"]) {
      expect(parseArgs(["--max-steps", bad]), bad).toEqual({ errors: [`--max-steps must be a whole number of steps, at least 1, got ${JSON.stringify(bad)}`] });
    }
  });

  it("reads --epochs and --seed with the links' number grammar: hex, octal, binary are refused", () => {
    expect(parseArgs(["--epochs", "0x10"])).toEqual({ errors: ['epochs: epochs must be a number, got "0x10"'] });
    expect(parseArgs(["--seed", "0o7"])).toEqual({ errors: ['seed: seed must be a number, got "0o7"'] });
    expect(parseArgs(["--seed", "0b1"])).toEqual({ errors: ['seed: seed must be a number, got "0b1"'] });
    expect(parseArgs(["--epochs", " 16 "])).toMatchObject({ config: { epochs: 16 } });
    expect(parseArgs(["--epochs", "1e1"])).toMatchObject({ config: { epochs: 10 } });
  });

  it("--config: __proto__ is an unknown field like any other (exit 2), not a prototype", () => {
    expect(parseArgs(["--config", '{"__proto__":{"epochs":2}}'])).toEqual({ errors: ['__proto__: unknown config field "__proto__"'] });
    expect(parseArgs(["--config", '{"optimizer":{"__proto__":{"lr":2}}}'])).toEqual({ errors: ['optimizer.__proto__: unknown optimizer field "__proto__"'] });
    const r = run(["--config", '{"__proto__":{"epochs":2}}']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('unknown config field "__proto__"');
  });

  it("draws a progress line on stderr when it is a terminal, none otherwise", () => {
    let t = 0;
    const io = (progress: boolean) => {
      const err: string[] = [];
      const out: string[] = [];
      const x: Io = { out: (s) => void out.push(s), err: (s) => void err.push(s), progress, now: () => (t += 100) };
      return { x, err, out };
    };
    const quiet = io(false);
    expect(main(["--epochs", "100"], quiet.x)).toBe(0);
    expect(quiet.err).toEqual([]);
    const tty = io(true);
    expect(main(["--epochs", "100"], tty.x)).toBe(0);
    expect(tty.err.length).toBeGreaterThan(1);
    // The progress line ends with ESC [K (erase to the end of the line); matched as a literal below.
    // eslint-disable-next-line no-control-regex
    expect(tty.err[0]).toMatch(/^\rsimulate: step [\d,]+ of 20,000 \(\d+\.\d%\), 0:\d\d elapsed, about 0:\d\d left\x1b\[K$/);
    // eslint-disable-next-line no-control-regex
    expect(tty.err.at(-1)).toMatch(/^\rsimulate: step 20,000 of 20,000 \(100\.0%\), 0:\d\d elapsed\x1b\[K\n$/);
    // The same run on stdout either way.
    expect(tty.out).toEqual(quiet.out);
    expect(progressLine(1_000_000, 200_000_000, 12_000)).toBe("simulate: step 1,000,000 of 200,000,000 (0.5%), 0:12 elapsed, about 39:48 left");
    expect(progressLine(100, 200, 3_700_000)).toBe("simulate: step 100 of 200 (50.0%), 1:01:40 elapsed, about 1:01:40 left");
  });

  it("exits quietly with status 0 when the reader closes the pipe early (| head -1)", () => {
    // Under a shell, as a person types it; PIPESTATUS[0] is simulate's own status.
    const r = spawnSync("bash", ["-c", `"${tsx}" src/cli/simulate.ts --format csv | head -1; echo "status=\${PIPESTATUS[0]}" >&2`], { cwd: root, encoding: "utf8" });
    expect(r.stdout).toBe("step,epoch,lr,lrT,batchLoss,loss,gradNorm,updateNorm,lossAtY\n");
    expect(r.stderr).toBe("status=0\n");
  });
});

describe("simulate --seeds (seed bands)", () => {
  it("prints the engine's band: the page's numbers for the same link", () => {
    const r = run(["--url", "?lesson=plateau&seeds=3&epochs=2", "--format", "json"]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { seeds: number; baseSeed: number; step: number[]; q10: number[]; q50: number[]; q90: number[]; diverged: number };
    const config = decodeState("lesson=plateau&epochs=2").state.config;
    const band = computeBand(config, 3);
    expect(doc.seeds).toBe(3);
    expect(doc.step).toEqual(Array.from(band.step));
    expect(doc.q10).toEqual(Array.from(band.q10));
    expect(doc.q50).toEqual(Array.from(band.q50));
    expect(doc.q90).toEqual(Array.from(band.q90));
    expect(doc.diverged).toBe(0);
  });

  it("--seeds overrides the link, prints CSV, and names a bad value with its range", () => {
    const p = parseArgs(["--url", "seeds=16", "--seeds", "4", "--epochs", "1"]);
    expect("seeds" in p && p.seeds).toBe(4);
    expect(parseArgs(["--url", "lesson=plateau"])).toMatchObject({ seeds: 8 });
    for (const bad of ["0", "999", "abc"]) {
      expect(parseArgs(["--seeds", bad])).toEqual({ errors: [`--seeds must be an integer in [1, 64], got ${bad === "abc" ? '"abc"' : bad}`] });
    }
    const out: string[] = [];
    const io: Io = { out: (t) => out.push(t), err: () => {}, progress: false, now: () => 0 };
    expect(main(["--seeds", "2", "--epochs", "1", "--format", "csv"], io)).toBe(0);
    const lines = out.join("").trim().split("\n");
    expect(lines[0]).toBe("seeds,step,epoch,q10,q50,q90");
    expect(lines).toHaveLength(201);
    expect(lines[200].startsWith("2,200,1,")).toBe(true);
  });

  it("holds a band to its budget (seeds × steps) unless --max-steps allows it", () => {
    expect(parseArgs(["--seeds", "64", "--epochs", "10000"])).toEqual({ errors: [expect.stringContaining("× 64 seeds = 128,000,000 steps, more than the step budget of 100,000,000")] });
    expect(parseArgs(["--seeds", "64", "--epochs", "10000", "--max-steps", "128000000"])).toMatchObject({ seeds: 64 });
  });
});
