// ESLint (flat config): typescript-eslint's recommended rules, and the layering of DESIGN.md as
// rules, so a wrong import fails `npm test` instead of waiting for a reviewer:
//   engine ← worker ← state ← ui / charts; cli runs engine and state under Node.
// `src/lint-boundaries.test.ts` lints fixtures that break each rule and checks they are rejected.

import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Import patterns a folder may not use (relative imports from anywhere under src/). */
const LAYER = (folders) => folders.flatMap((f) => [`../${f}/*`, `../../${f}/*`, `../../../${f}/*`, `../${f}`, `./${f}/*`]);

/** Each folder and what it must not import, with the reason the message gives. */
export const BOUNDARIES = [
  {
    files: ["src/engine/**/*.ts"],
    banned: ["worker", "state", "ui", "charts", "cli"],
    packages: ["react", "react-dom", "recharts", "zustand"],
    why: "engine/ is the science, DOM- and framework-free: it imports nothing outside engine/",
  },
  {
    files: ["src/worker/**/*.ts"],
    banned: ["state", "ui", "charts", "cli"],
    packages: ["react", "react-dom", "recharts", "zustand"],
    why: "worker/ adapts the engine to Web Workers: it imports only engine/",
  },
  {
    files: ["src/ui/**/*.{ts,tsx}", "src/charts/**/*.{ts,tsx}"],
    banned: ["worker", "cli"],
    packages: [],
    why: "ui/ and charts/ talk to workers only through the store (state/)",
  },
  {
    files: ["src/cli/**/*.ts"],
    banned: ["ui", "charts"],
    packages: ["react", "react-dom", "recharts"],
    why: "cli/ runs under Node: it may use engine/ and state/, never the page's components",
  },
];

export default tseslint.config(
  { ignores: ["dist*/**", "node_modules/**", "test-results/**", "playwright-report/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: "module" },
    rules: {
      // tsc (noUnusedLocals/Parameters) already reports these, with the same meaning.
      "@typescript-eslint/no-unused-vars": "off",
      "no-duplicate-imports": "error",
    },
  },
  ...BOUNDARIES.map((b) => ({
    files: b.files,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [{ group: LAYER(b.banned), message: b.why }],
          paths: b.packages.map((name) => ({ name, message: b.why })),
        },
      ],
    },
  })),
  {
    // Node scripts and configs: Node's globals.
    files: ["*.config.{js,ts}", "e2e/**/*.ts", "src/cli/**/*.ts"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
);
