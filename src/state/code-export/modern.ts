// Today's schedules and optimizer (SPEC.md §5) for every export target: warmup–stable–decay and the
// inverse square root as Python functions of the tick (transformers' lambdas, term by term, for
// PyTorch's LambdaLR; traceable tensor versions for Keras, TF1 and optax), with the 🤗 transformers
// call that builds the same PyTorch scheduler; and schedule-free AdamW's constructors.

import { inverseSqrtTimescale } from "../../engine/policies.ts";
import type { PolicyOf } from "../../engine/types.ts";
import { call, commented, kw, pos, pyFloat, pyInt, pyStr, type Arg } from "./python.ts";
import type { Dialect } from "./helpers.ts";
import type { Ctx } from "./shared.ts";

/**
 * `wsd(lr, ...)`: lr times transformers' `_get_wsd_scheduler_lambda` as a function of the tick.
 * `null`: plain Python (branches on the tick, for LambdaLR); a dialect: traceable, with `where`.
 */
export function wsdDef(d: Dialect | null): string[] {
  const head = [
    'def wsd(lr, warmup_ticks, stable_ticks, decay_ticks, warmup_shape="linear", decay_shape="1-sqrt", min_lr_ratio=0.0, num_cycles=0.5):',
    '    """Warmup-stable-decay: transformers get_wsd_schedule\'s factor times lr, as a function of the tick."""',
  ];
  if (d === null) {
    return [
      ...head,
      "",
      "    def schedule(tick):",
      "        m = min_lr_ratio",
      "        if tick < warmup_ticks:",
      "            p = tick / max(1, warmup_ticks)",
      '            w = {"linear": p, "cosine": 0.5 * (1.0 - math.cos(math.pi * p)), "1-sqrt": 1.0 - math.sqrt(1.0 - p)}[warmup_shape]',
      "            return lr * max(0.0, w * (1.0 - m) + m)",
      "        if tick < warmup_ticks + stable_ticks:",
      "            return lr",
      "        if tick < warmup_ticks + stable_ticks + decay_ticks:",
      "            p = (tick - warmup_ticks - stable_ticks) / max(1, decay_ticks)",
      "            c = {",
      '                "linear": 1.0 - p,',
      '                "cosine": 0.5 * (1.0 + math.cos(math.pi * num_cycles * 2.0 * p)),',
      '                "1-sqrt": 1.0 - math.sqrt(p),',
      "            }[decay_shape]",
      "            return lr * max(0.0, c * (1.0 - m) + m)",
      "        return lr * m",
      "",
      "    return schedule",
    ];
  }
  return [
    ...head,
    "    m = min_lr_ratio",
    "    cool_start = warmup_ticks + stable_ticks",
    "",
    "    def schedule(tick):",
    `        t = ${d.float("tick")}`,
    "        # progress through the warmup and the cooldown, clipped to [0, 1] (only the active phase is used)",
    `        up = ${d.minimum}(t / max(1, warmup_ticks), 1.0)`,
    `        down = ${d.minimum}(${d.maximum}((t - cool_start) / max(1, decay_ticks), 0.0), 1.0)`,
    '        if warmup_shape == "cosine":',
    `            w = 0.5 * (1.0 - ${d.cos}(math.pi * up))`,
    '        elif warmup_shape == "1-sqrt":',
    `            w = 1.0 - ${d.sqrt}(1.0 - up)`,
    "        else:",
    "            w = up",
    '        if decay_shape == "cosine":',
    `            c = 0.5 * (1.0 + ${d.cos}(math.pi * num_cycles * 2.0 * down))`,
    '        elif decay_shape == "linear":',
    "            c = 1.0 - down",
    "        else:",
    `            c = 1.0 - ${d.sqrt}(down)`,
    `        warm = ${d.maximum}(w * (1.0 - m) + m, 0.0)`,
    `        cool = ${d.maximum}(c * (1.0 - m) + m, 0.0)`,
    `        factor = ${d.where}(t < warmup_ticks, warm, ${d.where}(t < cool_start, 1.0, ${d.where}(t < cool_start + decay_ticks, cool, m)))`,
    "        return lr * factor",
    "",
    "    return schedule",
  ];
}

export function wsdArgs(p: PolicyOf<"wsd">): Arg[] {
  return [
    kw("lr", "LR"),
    kw("warmup_ticks", pyInt(p.warmupTicks)),
    kw("stable_ticks", pyInt(p.stableTicks)),
    kw("decay_ticks", pyInt(p.decayTicks)),
    kw("warmup_shape", pyStr(p.warmupShape)),
    kw("decay_shape", pyStr(p.decayShape)),
    kw("min_lr_ratio", pyFloat(p.minLrRatio)),
    kw("num_cycles", pyFloat(p.numCycles)),
  ];
}

/** `inverse_sqrt(lr, warmup_ticks, timescale)`: transformers' inverse-sqrt lambda times lr. */
export function inverseSqrtDef(d: Dialect | null): string[] {
  const head = [
    "def inverse_sqrt(lr, warmup_ticks, timescale):",
    '    """transformers get_inverse_sqrt_schedule\'s factor times lr, as a function of the tick."""',
    "    shift = timescale - warmup_ticks",
    "",
    "    def schedule(tick):",
  ];
  if (d === null) {
    return [
      ...head,
      "        if tick < warmup_ticks:",
      "            return lr * (tick / max(1, warmup_ticks))",
      "        return lr * (1.0 / math.sqrt((tick + shift) / timescale))",
      "",
      "    return schedule",
    ];
  }
  return [
    ...head,
    `        t = ${d.float("tick")}`,
    `        decay = 1.0 / ${d.sqrt}(${d.maximum}(t + shift, 1e-30) / timescale)  # clipped: only used from warmup_ticks on`,
    `        return lr * ${d.where}(t < warmup_ticks, t / max(1, warmup_ticks), decay)`,
    "",
    "    return schedule",
  ];
}

export function inverseSqrtArgs(p: PolicyOf<"inverseSqrt">): Arg[] {
  const ts = inverseSqrtTimescale(p);
  return [
    kw("lr", "LR"),
    kw("warmup_ticks", pyInt(p.warmupTicks)),
    kw("timescale", pyFloat(ts), p.timescale === null ? (p.warmupTicks > 0 ? "the warmup length (the default)" : "10000 without warmup (the default)") : undefined),
  ];
}

/**
 * The 🤗 transformers call that builds the same PyTorch scheduler, commented out after a marker line
 * (transformers counts optimizer steps through `scheduler.step()`, so ticks are passed as they are).
 */
export function transformersAlternative(p: PolicyOf<"wsd"> | PolicyOf<"inverseSqrt">, lhs: string): string[] {
  const lines =
    p.kind === "wsd"
      ? [
          "from transformers import get_wsd_schedule",
          ...call(lhs, "get_wsd_schedule", [
            pos("optimizer"),
            kw("num_warmup_steps", pyInt(p.warmupTicks)),
            kw("num_decay_steps", pyInt(p.decayTicks)),
            kw("num_stable_steps", pyInt(p.stableTicks)),
            kw("warmup_type", pyStr(p.warmupShape)),
            kw("decay_type", pyStr(p.decayShape), "transformers' default is \"cosine\""),
            kw("min_lr_ratio", pyFloat(p.minLrRatio)),
            kw("num_cycles", pyFloat(p.numCycles)),
          ]),
        ]
      : [
          "from transformers import get_inverse_sqrt_schedule",
          ...call(lhs, "get_inverse_sqrt_schedule", [
            pos("optimizer"),
            kw("num_warmup_steps", pyInt(p.warmupTicks)),
            kw("timescale", pyInt(Math.round(inverseSqrtTimescale(p)))),
          ]),
        ];
  const exact = p.kind === "inverseSqrt" && !Number.isInteger(inverseSqrtTimescale(p));
  return [
    `# ${TRANSFORMERS_MARKER}${exact ? " (transformers takes an integer timescale: rounded here)" : ""}:`,
    ...lines.map((l) => `#   ${l}`),
  ];
}

/** The line before the commented transformers variant (tests uncomment the lines after it). */
export const TRANSFORMERS_MARKER = "The same scheduler with 🤗 transformers";

// ---------------------------------------------------------------------------------------------
// Schedule-free AdamW (SPEC.md §5)

const SF_EVAL_NOTE = [
  "Schedule-free AdamW takes gradients at y and reports x = y + (1 - 1/beta1) * (z - y), the average the",
  "playground draws as the loss; the parameters it stores while training are y.",
];

/** facebookresearch/schedule_free's AdamWScheduleFree (PyTorch), argument for argument. */
export function scheduleFreePytorch(ctx: Ctx): string[] {
  const o = ctx.opt;
  return [
    ...call("optimizer = ", "schedulefree.AdamWScheduleFree", [
      pos("model.parameters()"),
      kw("lr", "LR"),
      kw("betas", `(${pyFloat(o.beta1)}, ${pyFloat(o.beta2)})`),
      kw("eps", pyFloat(o.epsilon)),
      kw("weight_decay", pyFloat(o.weightDecay), "at y, added to the normalised step"),
      kw("warmup_steps", pyInt(o.warmupSteps)),
      kw("r", pyFloat(o.r)),
      kw("weight_lr_power", pyFloat(o.weightLrPower)),
    ]),
    ...commented([
      ...SF_EVAL_NOTE,
      "Call optimizer.train() before training steps and optimizer.eval() before evaluating or saving (it swaps",
      "the parameters to x).",
    ]),
  ];
}

/** optax.contrib.schedule_free_adamw and what it does differently. */
export function scheduleFreeOptax(ctx: Ctx, lr: string, lhs: string, indent: string): string[] {
  const o = ctx.opt;
  const lines = call(lhs, "optax.contrib.schedule_free_adamw", [
    kw("learning_rate", lr),
    kw("warmup_steps", o.warmupSteps > 0 ? pyInt(o.warmupSteps) : "None"),
    kw("b1", pyFloat(o.beta1)),
    kw("b2", pyFloat(o.beta2)),
    kw("eps", pyFloat(o.epsilon)),
    kw("weight_decay", pyFloat(o.weightDecay)),
    kw("weight_lr_power", pyFloat(o.weightLrPower)),
  ], indent);
  const notes = [
    ...SF_EVAL_NOTE,
    "The parameters to evaluate are optax.contrib.schedule_free_eval_params(opt_state, params).",
    "Note: optax bias-corrects v itself instead of scaling the rate by sqrt(1 - beta2^(k+1)), so its steps differ",
    "slightly from the reference (facebookresearch/schedule_free) in the first few hundred steps.",
  ];
  if (o.r !== 0) notes.push(`Note: optax's schedule_free_adamw has no r (it uses r = 0); the playground's r is ${pyFloat(o.r)}.`);
  return [...lines, ...commented(notes).map((l) => indent + l)];
}

/** Keras and TF1 have no schedule-free optimizer: AdamW stands in, and the snippet says so. */
export function scheduleFreeMissing(library: string): string[] {
  return commented([
    `Note: ${library} has no schedule-free AdamW (SPEC.md §5; Defazio et al. 2024). AdamW with the same betas,`,
    "epsilon and weight decay stands in below; for the real method use PyTorch's schedulefree.AdamWScheduleFree or",
    "optax.contrib.schedule_free_adamw (export for PyTorch or optax).",
  ]);
}
