// `npm run golden -- <folder> [--verbose]`: checks every `*.json` golden file in the folder
// (SPEC.md §3). Prints one line per failing case and `N passed, M failed`; exits 0 when all pass,
// 1 when any case or file failed, 2 on usage errors or an unusable folder.

import { checkGoldenFolder, summaryLine } from "./golden-check.ts";

const USAGE = "usage: golden <folder> [--verbose]";

function main(args: readonly string[]): number {
  const verbose = args.includes("--verbose") || args.includes("-v");
  const flags = args.filter((a) => a.startsWith("-"));
  const positional = args.filter((a) => !a.startsWith("-"));
  const unknownFlag = flags.find((f) => f !== "--verbose" && f !== "-v");
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  if (unknownFlag !== undefined || positional.length !== 1) {
    console.error(unknownFlag !== undefined ? `golden: unknown option ${unknownFlag}` : "golden: expected one folder");
    console.error(USAGE);
    return 2;
  }
  const report = checkGoldenFolder(positional[0], { verbose });
  if (report.error !== null) {
    console.error(`golden: ${report.error}`);
    return 2;
  }
  for (const line of report.lines) console.log(line);
  console.log(summaryLine(report));
  return report.failed > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
