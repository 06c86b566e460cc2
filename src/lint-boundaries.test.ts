// The layering of DESIGN.md is enforced by ESLint (eslint.config.js): here each rule is shown to fire
// on a fixture that breaks it, and to stay quiet on an import the layering allows.

import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../", import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The no-restricted-imports messages ESLint gives `code` as if it were the file at `filePath`. */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("import boundaries (eslint.config.js)", () => {
  const rejected: [string, string, RegExp][] = [
    ["src/engine/fixture.ts", 'import { usePlayground } from "../state/store.ts";', /engine\/ is the science/],
    ["src/engine/problems/fixture.ts", 'import { TrainingClient } from "../../worker/training/client.ts";', /imports nothing outside engine/],
    ["src/engine/fixture.ts", 'import { useState } from "react";', /DOM- and framework-free/],
    ["src/worker/fixture.ts", 'import { usePlayground } from "../state/store.ts";', /imports only engine/],
    ["src/worker/fixture.ts", 'import { LossChart } from "../charts/LossChart.tsx";', /imports only engine/],
    ["src/ui/fixture.tsx", 'import { TrainingClient } from "../worker/training/client.ts";', /only through the store/],
    ["src/charts/fixture.tsx", 'import type { FromWorker } from "../worker/training/protocol.ts";', /only through the store/],
    ["src/ui/tools/fixture.tsx", 'import { SweepPool } from "../../worker/sweep/client.ts";', /only through the store/],
    ["src/cli/fixture.ts", 'import { App } from "../ui/App.tsx";', /never the page's components/],
  ];
  for (const [file, code, why] of rejected) {
    it(`rejects ${code} in ${file}`, async () => {
      const errors = await boundaryErrors(file, `${code}\nexport const used = 1;\n`);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(why);
    });
  }

  const allowed: [string, string][] = [
    ["src/engine/fixture.ts", 'import { Trainer } from "./trainer.ts";'],
    ["src/worker/fixture.ts", 'import { Trainer } from "../engine/trainer.ts";'],
    ["src/state/fixture.ts", 'import { TrainingClient } from "../worker/training/client.ts";'],
    ["src/ui/fixture.tsx", 'import { usePlayground } from "../state/store.ts";'],
    ["src/cli/fixture.ts", 'import { decodeState } from "../state/url.ts";'],
  ];
  for (const [file, code] of allowed) {
    it(`allows ${code} in ${file}`, async () => {
      expect(await boundaryErrors(file, `${code}\nexport const used = 1;\n`)).toEqual([]);
    });
  }
});
