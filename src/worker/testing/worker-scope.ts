// Runs a worker module in Node for a test file: installs a stand-in `self` before the module is
// imported (it wires `self.onmessage` at load) and restores the real global afterwards.

import { afterAll, beforeAll } from "vitest";

export function withWorkerScope(scope: object, load: () => Promise<unknown>): void {
  const g = globalThis as unknown as { self?: unknown };
  const hadSelf = "self" in g;
  const oldSelf = g.self;
  beforeAll(async () => {
    g.self = scope;
    await load();
  });
  afterAll(() => {
    if (hadSelf) g.self = oldSelf;
    else delete g.self;
  });
}
