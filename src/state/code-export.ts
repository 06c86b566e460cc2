// Code export: see ./code-export/index.ts.
export { CODE_TARGETS, TARGET_NAMES, exportCode, type CodeTarget } from "./code-export/index.ts";
