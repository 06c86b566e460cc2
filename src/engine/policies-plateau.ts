// The `plateau` decay policy (SPEC.md §2) as a pure reducer: PyTorch's `ReduceLROnPlateau`, fed one
// metric per tick. Kept apart from policies.ts because it is the only stateful policy: its rate
// depends on every metric reported so far, not on the tick alone.
//
// Pure state in, new state out, so `lrAt` (fold over a metrics array) and the trainer's incremental
// `createScheduler` share this one code path and give bit-identical rates.

import type { PolicySpec } from "./types.ts";

/** The kind-specific fields of a `plateau` policy (a full `PolicyOf<"plateau">` fits too). */
export type PlateauSpec = Extract<PolicySpec, { kind: "plateau" }>;

/** Everything `ReduceLROnPlateau` remembers between ticks. */
export interface PlateauState {
  /** Best metric seen so far (PyTorch `best`); ±Infinity before the first metric. */
  best: number;
  /** Consecutive ticks without improvement (PyTorch `num_bad_epochs`). */
  bad: number;
  /** Ticks of cooldown still to run (PyTorch `cooldown_counter`). */
  cooldownLeft: number;
  /** The rate of the next tick (PyTorch's `param_group["lr"]`). */
  lr: number;
}

/** Fresh state: no metric seen yet, running at `baseLr` (PyTorch `_reset()`). */
export function plateauInit(policy: PlateauSpec, baseLr: number): PlateauState {
  return {
    // PyTorch `mode_worse`: the first finite metric always improves on it.
    best: policy.mode === "min" ? Infinity : -Infinity,
    bad: 0,
    cooldownLeft: 0,
    lr: baseLr,
  };
}

/**
 * Does `a` improve on `best`? PyTorch's `ReduceLROnPlateau._is_better`, literally — including for
 * negative metrics, where the `rel` rules ask for a *smaller* relative margin than one might expect.
 * NaN never improves (every comparison with NaN is false), so a NaN metric counts as a bad tick.
 */
function plateauImproves(policy: PlateauSpec, a: number, best: number): boolean {
  if (policy.mode === "min") {
    return policy.thresholdMode === "rel" ? a < best * (1 - policy.threshold) : a < best - policy.threshold;
  }
  return policy.thresholdMode === "rel" ? a > best * (policy.threshold + 1) : a > best + policy.threshold;
}

/**
 * State after the tick whose metric is `metric` (PyTorch `ReduceLROnPlateau.step(metrics)`); the
 * returned `lr` is the rate of the next tick. Order as in PyTorch: count improvement, then
 * cooldown (which forgives bad ticks), then reduce once `bad > patience` — and restart cooldown even
 * if the reduction was skipped because it would change the rate by no more than `eps`.
 */
export function plateauUpdate(policy: PlateauSpec, state: PlateauState, metric: number): PlateauState {
  let { best, bad, cooldownLeft, lr } = state;
  if (plateauImproves(policy, metric, best)) {
    best = metric;
    bad = 0;
  } else {
    bad += 1;
  }
  if (cooldownLeft > 0) {
    cooldownLeft -= 1;
    bad = 0;
  }
  if (bad > policy.patience) {
    // PyTorch `_reduce_lr`: new = max(old * factor, min_lr), applied only if old - new > eps, so the
    // rate never rises (even when minLr > old) and tiny, meaningless reductions are skipped.
    const next = Math.max(lr * policy.factor, policy.minLr);
    if (lr - next > policy.eps) lr = next;
    cooldownLeft = policy.cooldown;
    bad = 0;
  }
  return { best, bad, cooldownLeft, lr };
}
