// Compiled custom surfaces by their expression's text. The engine builds problems synchronously
// (`createProblem`), but compiling an expression needs the lazily loaded parser (compile.ts): so the
// page, each worker and the CLI compile a config's expression first (awaiting the chunk) and
// register it here, and the `custom` problem looks it up. Compilation is a pure function of the
// text, so what is registered under a text is the same everywhere: same config + seed, same numbers.

export interface CompiledSurface {
  /** The expression as typed (the registry's key). */
  text: string;
  f(x: number, y: number): number;
  /** Writes ∂f/∂x, ∂f/∂y into out[0], out[1]. */
  grad(x: number, y: number, out: Float64Array): void;
  /** How the gradient is computed: mathjs's symbolic derivative, or central differences. */
  gradient: "symbolic" | "numeric";
}

/** Kept surfaces; the oldest is dropped beyond this (a page that tried many expressions). */
const MAX_ENTRIES = 64;
const surfaces = new Map<string, CompiledSurface>();

export function registerSurface(s: CompiledSurface): void {
  surfaces.delete(s.text);
  surfaces.set(s.text, s);
  if (surfaces.size > MAX_ENTRIES) {
    const oldest = surfaces.keys().next();
    if (oldest.done !== true) surfaces.delete(oldest.value);
  }
}

export function compiledSurface(text: string): CompiledSurface | undefined {
  return surfaces.get(text);
}
