// The page's side of the Custom problem (issue #17): which Custom configs have passed the full check
// (compiled by the lazily loaded parser, finite at the start, neither overflowing nor flat), and a
// counter that re-renders what draws a compiled surface once its compilation lands.

import { create } from "zustand";
import { checkCustomRun } from "../engine/custom-check.ts";
import type { Problem } from "../engine/problem-codes.ts";
import type { RunConfig } from "../engine/run-config.ts";

/** Bumped whenever an expression's compilation is registered on the page. */
export const useCompiledSurfaces = create<{ version: number }>()(() => ({ version: 0 }));

const passed = new Set<string>();

/** What the full check depends on: the expression, the view and the start. */
function checkKey(config: RunConfig): string {
  const c = config.custom;
  return c === undefined ? "" : JSON.stringify([c.f, c.bounds, config.start ?? null]);
}

/** True when `config` needs no check before it runs: not Custom, or Custom and already checked. */
export function customReady(config: RunConfig): boolean {
  return config.problem !== "custom" || passed.has(checkKey(config));
}

/** The full check of a Custom config (loads the parser chunk on first use); null when it may run. */
export async function checkCustom(config: RunConfig): Promise<Problem | null> {
  const bad = await checkCustomRun(config);
  useCompiledSurfaces.setState((s) => ({ version: s.version + 1 }));
  if (bad === null) passed.add(checkKey(config));
  return bad;
}
