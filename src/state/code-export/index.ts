// Code export (pure, no DOM): the current optimizer and decay policy as a runnable Python snippet for
// PyTorch, Keras 3, TensorFlow 1 (tf.compat.v1) or optax. Each snippet starts with its imports, writes
// out exactly what a library's built-in lacks or does differently from SPEC.md (or says so in a
// `# Note:` line), and ends with a commented training-loop skeleton showing where the schedule steps.

import type { RunConfig } from "../../engine/run-config.ts";
import { kerasCode } from "./keras.ts";
import { optaxCode } from "./optax.ts";
import { pytorchCode } from "./pytorch.ts";
import { makeCtx, type CodeTarget } from "./shared.ts";
import { tf1Code } from "./tf1.ts";

export { CODE_TARGETS, TARGET_NAMES, type CodeTarget } from "./shared.ts";

/**
 * The snippet for `target`. `stepsPerEpoch` is ceil(nTrain / batchSize) of the run's problem; it
 * converts epoch policies into optimizer steps for the libraries whose schedules count steps.
 * Throws a RangeError when stepsPerEpoch is not an integer >= 1 (the config itself is trusted: it is
 * a validated RunConfig).
 */
export function exportCode(config: RunConfig, target: CodeTarget, stepsPerEpoch: number): string {
  if (!Number.isInteger(stepsPerEpoch) || stepsPerEpoch < 1) {
    throw new RangeError(`stepsPerEpoch must be an integer >= 1, got ${String(stepsPerEpoch)}`);
  }
  const ctx = makeCtx(config, stepsPerEpoch);
  switch (target) {
    case "pytorch":
      return pytorchCode(ctx);
    case "keras":
      return kerasCode(ctx);
    case "tf1":
      return tf1Code(ctx);
    case "optax":
      return optaxCode(ctx);
  }
}
