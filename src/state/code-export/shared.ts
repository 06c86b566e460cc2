// What every export target shares: the run's tick bookkeeping (ticks vs the library's optimizer steps),
// the header and constants, and the notes on epsilon (SPEC.md §1) and L2 weight decay. The Python
// helpers a library lacks are in helpers.ts.

import { optimizerFieldsFor } from "../../engine/config.ts";
import type { RunConfig } from "../../engine/run-config.ts";
import type { EpsilonForm, OptimizerConfig, Policy, PolicyOf } from "../../engine/types.ts";
import { approx, commented, kw, pyFloat, pyInt, type Arg } from "./python.ts";
import { surfaceLines } from "./surface.ts";

export type CodeTarget = "pytorch" | "keras" | "tf1" | "optax";

export const CODE_TARGETS: readonly CodeTarget[] = ["pytorch", "keras", "tf1", "optax"];

export const TARGET_NAMES: { [T in CodeTarget]: string } = {
  pytorch: "PyTorch",
  keras: "Keras 3",
  tf1: "TensorFlow 1 (tf.compat.v1)",
  optax: "optax (JAX)",
};

export interface Ctx {
  run: RunConfig;
  opt: OptimizerConfig;
  policy: Policy;
  /** Optimizer steps per epoch. */
  spe: number;
  /** Ticks in the whole run: epochs, or epochs × steps per epoch when the policy's unit is "step". */
  ticks: number;
  /** Warmup ticks (0 without warmup). */
  warmupTicks: number;
  /** Ticks the main policy sees after the warmup (at least 0). */
  mainTicks: number;
}

export function makeCtx(run: RunConfig, spe: number): Ctx {
  const ticks = run.policy.unit === "epoch" ? run.epochs : run.epochs * spe;
  const warmupTicks = run.policy.warmup === null ? 0 : run.policy.warmup.steps;
  return { run, opt: run.optimizer, policy: run.policy, spe, ticks, warmupTicks, mainTicks: Math.max(0, ticks - warmupTicks) };
}

/** Imports (sorted, one a line), a blank line, then the body; always ends with a newline. */
export function assemble(imports: Iterable<string>, body: readonly string[]): string {
  const lines = [...new Set(imports)].sort((a, b) => importKey(a).localeCompare(importKey(b)));
  return `${[...lines, "", ...body].join("\n")}\n`;
}

function importKey(line: string): string {
  return line.replace(/^(import|from) /, "");
}

/** The first comment lines and the run's constants. */
export function header(ctx: Ctx, target: CodeTarget): string[] {
  const o = ctx.opt;
  const optimizer: Record<string, unknown> = { kind: o.kind };
  for (const name of optimizerFieldsFor(o.kind)) optimizer[name] = o[name];
  const unit = ctx.policy.unit === "epoch" ? "once per epoch" : "once per optimizer step";
  return [
    `# Exported from the learning-rate decay playground for ${TARGET_NAMES[target]}.`,
    `# Optimizer: ${JSON.stringify(optimizer)}`,
    `# Decay policy: ${JSON.stringify(ctx.policy)}`,
    `# The policy ticks ${unit}; this run has ${ctx.ticks} ticks.`,
    ...surfaceLines(ctx.run),
    "",
    `LR = ${pyFloat(o.lr)}  # the base learning rate (the playground's lr)`,
    `BATCH_SIZE = ${pyInt(ctx.run.batchSize)}`,
    `STEPS_PER_EPOCH = ${pyInt(ctx.spe)}  # optimizer steps per epoch: ceil(n_train / BATCH_SIZE)`,
    `EPOCHS = ${pyInt(ctx.run.epochs)}`,
  ];
}

// ---------------------------------------------------------------------------------------------
// Ticks for libraries whose schedules count optimizer steps (Keras, TF1, optax).

/**
 * How a step-counting library sees the policy:
 * - `steps`: the unit is "step", so ticks are the library's steps;
 * - `converted`: an epoch policy that only changes at epoch boundaries by whole epochs (step,
 *   multiStep, staircase exponential / inverse-time decay with whole decaySteps), rewritten in steps;
 * - `perEpoch`: any other epoch policy, evaluated at `step // STEPS_PER_EPOCH` (completed epochs), so
 *   the rate holds for a whole epoch as in the playground.
 */
type TickMode = "steps" | "converted" | "perEpoch";

export interface TickPlan {
  mode: TickMode;
  /** Multiply the policy's tick counts by this to get steps (STEPS_PER_EPOCH when converted, else 1). */
  factor: number;
}

export function planTicks(ctx: Ctx): TickPlan {
  const p = ctx.policy;
  if (p.unit === "step") return { mode: "steps", factor: 1 };
  const wholeEpochs =
    p.kind === "constant" ||
    p.kind === "step" ||
    p.kind === "multiStep" ||
    ((p.kind === "exponential" || p.kind === "inverseTime") && p.staircase && Number.isInteger(p.decaySteps));
  if (p.warmup === null && wholeEpochs) return { mode: "converted", factor: ctx.spe };
  return { mode: "perEpoch", factor: 1 };
}

/** A tick count scaled to steps, with a `# 5 epochs x 200 steps per epoch` comment when converted. */
export function ticksArg(name: string, ticks: number, plan: TickPlan, format: (x: number) => string): Arg {
  if (plan.mode !== "converted" || plan.factor === 1) return kw(name, format(ticks));
  return kw(name, format(ticks * plan.factor), `${format(ticks)} epochs x ${plan.factor} steps per epoch`);
}

/**
 * The multiStep policy as constant segments: `initial` before the first milestone (milestones at 0
 * already applied), then each distinct milestone `at` (in steps when scaled) with the new `value`,
 * and `count` = how many times it is repeated. Values are `lr * gamma ** n` exactly as the engine computes.
 */
export function multiStepSegments(p: PolicyOf<"multiStep">, lr: number, factor: number) {
  const counts = new Map<number, number>();
  for (const m of p.milestones) counts.set(m, (counts.get(m) ?? 0) + 1);
  const distinct = [...counts.keys()].sort((a, b) => a - b);
  let n = counts.get(0) ?? 0;
  const initial = lr * p.gamma ** n;
  const changes: { milestone: number; at: number; count: number; value: number }[] = [];
  for (const m of distinct) {
    if (m === 0) continue;
    const count = counts.get(m) ?? 0;
    n += count;
    changes.push({ milestone: m, at: m * factor, count, value: lr * p.gamma ** n });
  }
  return { initial, changes };
}

// ---------------------------------------------------------------------------------------------
// Epsilon (SPEC.md §1): TF1 and Keras add it before the bias correction ("epsilon hat"); PyTorch and
// optax after (the paper's form). Same number, different optimizer, unless beta2 is 0.

export interface EpsilonLib {
  /** Library name in prose. */
  name: string;
  form: EpsilonForm;
  /** The constructor argument, e.g. `eps`. */
  param: string;
  /** Extra lines for a mismatch. */
  extra?: readonly string[];
}

export function epsilonNote(ctx: Ctx, lib: EpsilonLib): string[] {
  const o = ctx.opt;
  if (o.kind !== "adam") return [];
  const eps = pyFloat(o.epsilon);
  if (o.epsilonForm === lib.form) {
    const how =
      lib.form === "hat"
        ? `adds ${lib.param} to sqrt(v) before the bias correction (the epsilon-hat form), like the playground`
        : `adds ${lib.param} to sqrt(v_hat) after the bias correction (the Adam paper's form), like the playground's epsilonForm "paper"`;
    return [`# ${lib.param}: ${lib.name} ${how}; it matches.`];
  }
  if (o.beta2 === 0) {
    return [
      `# ${lib.param}: ${lib.name} uses the ${lib.form === "hat" ? "epsilon-hat" : "paper"} form and the playground the ` +
        `${o.epsilonForm === "hat" ? "epsilon-hat" : "paper"} form, but with beta2 = 0 the two coincide; it matches.`,
    ];
  }
  const paperUpdate = "p -= lr * m_hat / (sqrt(v_hat) + eps), with m_hat = m / (1 - beta1^t), v_hat = v / (1 - beta2^t)";
  const hatUpdate = "p -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps_hat)";
  const at = (t: number) => Math.sqrt(1 - o.beta2 ** t);
  const samples = (f: (t: number) => number) =>
    ctx.spe > 1
      ? `${approx(f(1))} at t = 1, ${approx(f(ctx.spe))} at t = ${ctx.spe} (one epoch)`
      : `${approx(f(1))} at t = 1, ${approx(f(10))} at t = 10`;
  const lines =
    lib.form === "paper"
      ? [
          `Note (epsilon): ${lib.name} adds ${lib.param} outside the bias correction (the Adam paper's form):`,
          `  ${paperUpdate}.`,
          "The playground uses TF1's epsilon-hat (ε̂), added inside it:",
          `  ${hatUpdate}.`,
          `eps_hat = ${eps} corresponds to eps_paper = eps_hat / sqrt(1 - beta2^t), which changes with the step t,`,
          `so no constant ${lib.param} reproduces it exactly: eps_paper is ${samples((t) => o.epsilon / at(t))}`,
          `and tends to ${eps} as t grows. ${lib.param}=${eps} above is that long-run value; to match at a chosen`,
          `step t pass ${eps} / sqrt(1 - ${pyFloat(o.beta2)}**t), or write a small custom optimizer with the update above.`,
        ]
      : [
          `Note (epsilon): ${lib.name} adds ${lib.param} inside the bias correction (TF1's epsilon-hat):`,
          `  ${hatUpdate}.`,
          `The playground's epsilonForm "paper" adds it outside (the Adam paper's form, PyTorch's eps):`,
          `  ${paperUpdate}.`,
          `eps_paper = ${eps} corresponds to eps_hat = eps_paper * sqrt(1 - beta2^t), which changes with the step t,`,
          `so no constant ${lib.param} reproduces it exactly: eps_hat is ${samples((t) => o.epsilon * at(t))}`,
          `and tends to ${eps} as t grows. ${lib.param}=${eps} above is that long-run value.`,
        ];
  return [...lines, ...(lib.extra ?? [])].map((l) => `# ${l}`);
}

/**
 * L2 weight decay (added to the gradient) for libraries without that argument: `why` says why the
 * library's own argument does not fit, `how` how to add `0.5 * weightDecay * sum(w^2)` to the loss.
 */
export function l2LossNote(ctx: Ctx, why: string, how: string): string[] {
  const o = ctx.opt;
  if (o.weightDecay === 0 || (o.kind === "adam" && o.decoupled)) return [];
  const wd = pyFloat(o.weightDecay);
  return commented([
    `Note (weight decay): the playground's weightDecay ${wd} is L2, added to the gradient`,
    `(PyTorch's ${o.kind === "adam" ? "Adam" : "SGD"}(weight_decay=${wd})); ${why}.`,
    `Add 0.5 * ${wd} * (sum of squared weights) to the loss instead, e.g.`,
    how,
  ]);
}
