// The range-test worker: one learning-rate range test (engine/range-test.ts) per request, off the
// main thread so the page stays responsive while a slow problem (the classifier) trains 300 steps.
// A thin adapter: validate, run, answer once.

import { runRangeTest, validateRangeOptions } from "../../engine/range-test.ts";
import { checkRunConfig, customSurfacesFirst, errorMessage, requireWorkerScope } from "../shared.ts";
import { isToRangeTestWorker, type FromRangeTestWorker } from "./protocol.ts";

const scope = requireWorkerScope<FromRangeTestWorker>();

scope.onmessage = customSurfacesFirst((ev: MessageEvent<unknown>) => {
  const data = ev.data;
  if (!isToRangeTestWorker(data)) {
    scope.postMessage({ type: "rangeError", testId: 0, message: "the range-test worker received a malformed message" });
    return;
  }
  try {
    const options = validateRangeOptions(data.options);
    const config = checkRunConfig(data.config, "range test", options.problems);
    if (!config.ok) {
      scope.postMessage({ type: "rangeError", testId: data.testId, message: config.message });
      return;
    }
    const t0 = performance.now();
    const result = runRangeTest(config.value, options.value);
    scope.postMessage({ type: "rangeResult", testId: data.testId, result, ms: performance.now() - t0 });
  } catch (e) {
    scope.postMessage({ type: "rangeError", testId: data.testId, message: errorMessage(e) });
  }
});
