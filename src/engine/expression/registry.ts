// Compiled custom surfaces by their expression's text. The engine builds problems synchronously
// (`createProblem`), but compiling an expression needs the lazily loaded parser (compile.ts): so the
// page, each worker and the CLI compile a config's expression first (awaiting the chunk) and
// register it here, and the `custom` problem looks it up. Compilation is a pure function of the
// text, so what is registered under a text is the same everywhere: same config + seed, same numbers.

import type { ExpressionError } from "./errors.ts";

export interface CompiledSurface {
  /** The expression as typed (the registry's key). */
  text: string;
  f(x: number, y: number): number;
  /** Writes ∂f/∂x, ∂f/∂y into out[0], out[1]. */
  grad(x: number, y: number, out: Float64Array): void;
  /** How the gradient is computed: mathjs's symbolic derivative, or central differences. */
  gradient: "symbolic" | "numeric";
}

/** A compiled surface, or why its text was refused. */
export type Compilation = { ok: true; surface: CompiledSurface } | { ok: false; error: ExpressionError };

/** Kept entries; the oldest is dropped beyond this (a page that tried many expressions). */
const MAX_ENTRIES = 64;
const entries = new Map<string, Compilation>();

/** Records how `text` compiled (compile.ts's result): a surface, or its refusal. */
export function registerCompilation(text: string, c: Compilation): void {
  entries.delete(text);
  entries.set(text, c);
  if (entries.size > MAX_ENTRIES) {
    const oldest = entries.keys().next();
    if (oldest.done !== true) entries.delete(oldest.value);
  }
}

export function compilationOf(text: string): Compilation | undefined {
  return entries.get(text);
}

