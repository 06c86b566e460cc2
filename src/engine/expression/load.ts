// Compiles and registers the expressions a run needs, loading the parser chunk (compile.ts, with
// mathjs) on first use only: a page or worker that never meets the Custom problem never fetches it.

import { DEFAULT_CUSTOM } from "../problems/custom-presets.ts";
import { compilationOf, registerCompilation, type Compilation } from "./registry.ts";

/** The expression a config-shaped value runs on, if its problem is Custom. */
export function customExpressionOf(config: unknown): string | null {
  if (typeof config !== "object" || config === null) return null;
  const c = config as { problem?: unknown; custom?: unknown };
  if (c.problem !== "custom") return null;
  const f = typeof c.custom === "object" && c.custom !== null ? (c.custom as { f?: unknown }).f : undefined;
  return typeof f === "string" ? f : DEFAULT_CUSTOM.surface.f;
}

/** Compiles (once each) and registers `texts`; resolves to each text's compilation. */
export async function loadSurfaces(texts: Iterable<string>): Promise<Map<string, Compilation>> {
  const out = new Map<string, Compilation>();
  const todo: string[] = [];
  for (const t of texts) {
    const known = compilationOf(t);
    if (known !== undefined) out.set(t, known);
    else todo.push(t);
  }
  if (todo.length === 0) return out;
  const { compileExpression } = await import("./compile.ts");
  for (const t of todo) {
    const c = compileExpression(t);
    registerCompilation(t, c);
    out.set(t, c);
  }
  return out;
}
