import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { spawnGroup } from "./process-group.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(pred: () => boolean, ms = 5000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (pred()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return pred();
}

/** A leader (sh) with a grandchild (sleep), like npx running vite; resolves with both pids. */
function leaderWithGrandchild() {
  const g = spawnGroup("sh", ["-c", "sleep 60 & echo $!; wait"], { stdio: ["ignore", "pipe", "ignore"] });
  const grandchild = new Promise<number>((resolve) => g.child.stdout?.once("data", (d: Buffer) => resolve(Number(String(d).trim()))));
  return { g, grandchild };
}

describe("spawnGroup", () => {
  it("stop() ends the leader and what it started (child.kill() alone leaves the grandchild)", async () => {
    // The old way: kill the spawned process only.
    const old = spawn("sh", ["-c", "sleep 60 & echo $!; wait"], { stdio: ["ignore", "pipe", "ignore"] });
    const orphan = await new Promise<number>((resolve) => old.stdout?.once("data", (d: Buffer) => resolve(Number(String(d).trim()))));
    old.kill();
    await until(() => old.exitCode !== null || old.signalCode !== null);
    expect(alive(orphan)).toBe(true);
    process.kill(orphan, "SIGKILL");

    const { g, grandchild } = leaderWithGrandchild();
    const pid = await grandchild;
    expect(alive(pid)).toBe(true);
    await g.stop();
    expect(await until(() => !alive(pid))).toBe(true);
    expect(g.child.exitCode !== null || g.child.signalCode !== null).toBe(true);
    await g.stop(); // twice is fine
  });

  it("stops the group when the program dies of an uncaught error before its finally", () => {
    const script = [
      'import { spawnGroup } from "./src/cli/process-group.ts";',
      'const g = spawnGroup("sh", ["-c", "sleep 60 & echo $!; wait"], { stdio: ["ignore", "pipe", "ignore"] });',
      'g.child.stdout.once("data", (d) => { process.stdout.write(String(d)); setTimeout(() => { throw new Error("bench failed"); }, 50); });',
    ].join("\n");
    const r = spawnSync(tsx, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8", timeout: 20_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("bench failed");
    const pid = Number(r.stdout.trim());
    expect(pid).toBeGreaterThan(0);
    // The SIGTERM was sent on exit; give the group a moment to go.
    return until(() => !alive(pid)).then((gone) => expect(gone).toBe(true));
  });

  it("stops the group on SIGTERM to the program", async () => {
    const script = [
      'import { spawnGroup } from "./src/cli/process-group.ts";',
      'const g = spawnGroup("sh", ["-c", "sleep 60 & echo $!; wait"], { stdio: ["ignore", "pipe", "ignore"] });',
      'g.child.stdout.once("data", (d) => process.stdout.write(String(d)));',
    ].join("\n");
    const p = spawn(tsx, ["--input-type=module", "-e", script], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    const pid = await new Promise<number>((resolve) => p.stdout?.once("data", (d: Buffer) => resolve(Number(String(d).trim()))));
    expect(alive(pid)).toBe(true);
    const code = new Promise<number | null>((resolve) => p.once("exit", (c) => resolve(c)));
    // tsx forwards the signal to the node process it runs.
    p.kill("SIGTERM");
    expect(await code).toBe(143);
    expect(await until(() => !alive(pid))).toBe(true);
  });
});
