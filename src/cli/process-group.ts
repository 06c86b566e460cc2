// A server started for the length of one command (the benchmark's `vite preview`), and stopped
// with everything it started, however the command ends: normally, by an error, by Ctrl-C or by
// `kill`. `child.kill()` alone stops only the process spawned (`npx`), not the `vite` it runs,
// which then keeps its port; so the server gets a process group of its own and the whole group
// is signalled.

import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

export interface GroupHandle {
  readonly child: ChildProcess;
  /** Sends SIGTERM to the whole group and waits for the leader to exit (SIGKILL after `graceMs`). Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

/** Signals every process of the group led by `pid`; false when the group is already gone. */
function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: nothing left in the group
  }
}

/** Signals that end this program; each first stops the group, then exits as the signal would (128 + n). */
const EXIT_SIGNALS: readonly [NodeJS.Signals, number][] = [
  ["SIGINT", 130],
  ["SIGTERM", 143],
  ["SIGHUP", 129],
];

/**
 * Starts `command` as the leader of a new process group. Until `stop()` is called, the group is
 * also stopped when this process exits for any reason Node can observe (`exit`, including an
 * uncaught error, and the signals above).
 */
export function spawnGroup(command: string, args: readonly string[], options: SpawnOptions = {}): GroupHandle {
  const child = spawn(command, args, { ...options, detached: true });
  const pid = child.pid;
  let exited = child.exitCode !== null || child.signalCode !== null;
  child.once("exit", () => {
    exited = true;
  });
  // On `exit` only synchronous work runs: a signal, no waiting.
  const onExit = () => {
    if (pid !== undefined) signalGroup(pid, "SIGTERM");
  };
  const onSignal = new Map<NodeJS.Signals, () => void>();
  for (const [signal, code] of EXIT_SIGNALS) {
    const handler = () => {
      onExit();
      process.exit(code);
    };
    onSignal.set(signal, handler);
    process.once(signal, handler);
  }
  process.once("exit", onExit);
  let stopping: Promise<void> | null = null;

  const stop = (graceMs = 3000): Promise<void> => {
    stopping ??= (async () => {
      process.removeListener("exit", onExit);
      for (const [signal, handler] of onSignal) process.removeListener(signal, handler);
      if (pid === undefined) return;
      signalGroup(pid, "SIGTERM");
      if (!exited) {
        const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), graceMs)));
        if ((await Promise.race([gone, late])) === "late") signalGroup(pid, "SIGKILL");
        clearTimeout(timer);
      }
      // Grandchildren may outlive the leader by a moment: the group gets SIGKILL if any remain.
      signalGroup(pid, "SIGKILL");
    })();
    return stopping;
  };
  return { child, stop };
}
