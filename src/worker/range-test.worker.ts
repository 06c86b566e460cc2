// The range-test worker: one learning-rate range test (engine/range-test.ts) per request, off the
// main thread so the page stays responsive while a slow problem (the classifier) trains 300 steps.
// A thin adapter: validate, run, answer once.

import { formatProblems } from "../engine/config.ts";
import { runRangeTest, validateRangeOptions } from "../engine/range-test.ts";
import { validateRunConfig } from "../engine/run-config.ts";
import { isToRangeTestWorker, type FromRangeTestWorker } from "./protocol.ts";

/** The worker scope, reduced to what this adapter uses (see training.worker.ts for why structural). */
interface RangeWorkerScope {
  postMessage(message: FromRangeTestWorker): void;
  onmessage: ((ev: MessageEvent<unknown>) => void) | null;
}
declare const self: RangeWorkerScope;

self.onmessage = (ev: MessageEvent<unknown>) => {
  const data = ev.data;
  if (!isToRangeTestWorker(data)) {
    self.postMessage({ type: "rangeError", testId: 0, message: "the range-test worker received a malformed message" });
    return;
  }
  try {
    const config = validateRunConfig(data.config);
    const options = validateRangeOptions(data.options);
    const problems = [...config.problems, ...options.problems];
    if (problems.length > 0) {
      self.postMessage({ type: "rangeError", testId: data.testId, message: `invalid range test: ${formatProblems(problems)}` });
      return;
    }
    const t0 = performance.now();
    const result = runRangeTest(config.value, options.value);
    self.postMessage({ type: "rangeResult", testId: data.testId, result, ms: performance.now() - t0 });
  } catch (e) {
    self.postMessage({ type: "rangeError", testId: data.testId, message: e instanceof Error ? e.message : String(e) });
  }
};
