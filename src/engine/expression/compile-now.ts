// Compiling and registering an expression synchronously, for Node (`simulate`, the golden checker,
// tests), where the parser need not be a lazy chunk. The page and the workers use load.ts instead.

import { compileExpression } from "./compile.ts";
import { compilationOf, registerCompilation, type Compilation } from "./registry.ts";

export function compileNow(text: string): Compilation {
  const known = compilationOf(text);
  if (known !== undefined) return known;
  const c = compileExpression(text);
  registerCompilation(text, c);
  return c;
}
