// The Python helpers a library lacks, written once per tensor dialect so Keras, TF1 and optax run the
// playground's formulas (SPEC.md §2): linear warmup, PyTorch's one-cycle and cyclic schedules, and the
// plateau policy as a plain class. Schedules stay traceable: no Python `if` on the tick.

import type { PolicyOf } from "../../engine/types.ts";
import { kw, pyFloat, pyInt, pyStr, type Arg } from "./python.ts";
import type { Ctx } from "./shared.ts";

export interface Dialect {
  /** The tick (an integer tensor) as a float32 tensor. */
  float(x: string): string;
  where: string;
  cos: string;
  floor: string;
  minimum: string;
  maximum: string;
  sqrt: string;
}

export const KERAS_OPS: Dialect = {
  float: (x) => `keras.ops.cast(${x}, "float32")`,
  where: "keras.ops.where",
  cos: "keras.ops.cos",
  floor: "keras.ops.floor",
  minimum: "keras.ops.minimum",
  maximum: "keras.ops.maximum",
  sqrt: "keras.ops.sqrt",
};

export const TF_OPS: Dialect = {
  float: (x) => `tf.cast(${x}, tf.float32)`,
  where: "tf.where",
  cos: "tf.cos",
  floor: "tf.floor",
  minimum: "tf.minimum",
  maximum: "tf.maximum",
  sqrt: "tf.sqrt",
};

export const JNP_OPS: Dialect = {
  float: (x) => `jnp.asarray(${x}, jnp.float32)`,
  where: "jnp.where",
  cos: "jnp.cos",
  floor: "jnp.floor",
  minimum: "jnp.minimum",
  maximum: "jnp.maximum",
  sqrt: "jnp.sqrt",
};

/** `linear_warmup(lr, start_factor, warmup_ticks, after)`: SPEC.md §2's warmup before `after`. */
export function linearWarmupDef(d: Dialect): string[] {
  return [
    "def linear_warmup(lr, start_factor, warmup_ticks, after):",
    '    """lr * (s + (1 - s) * t / W) for ticks t < W, then `after` at t - W (PyTorch LinearLR + SequentialLR)."""',
    "",
    "    def schedule(tick):",
    `        t = ${d.float("tick")}`,
    "        warm = lr * (start_factor + (1 - start_factor) * t / warmup_ticks)",
    `        return ${d.where}(t < warmup_ticks, warm, after(${d.maximum}(tick - warmup_ticks, 0)))`,
    "",
    "    return schedule",
  ];
}

/** `one_cycle(...)`: PyTorch OneCycleLR's formula as a function of the tick; `null` = plain Python. */
export function oneCycleDef(d: Dialect | null): string[] {
  const body =
    d === null
      ? [
          "    def schedule(tick):",
          "        t = min(tick, last)",
          "        start = 0.0",
          "        for i, (end, lr_from, lr_to) in enumerate(phases):",
          "            if t <= end or i == len(phases) - 1:",
          "                # a phase of length <= 0 gives its end value (PyTorch would divide by zero)",
          "                pct = (t - start) / (end - start) if end > start else 1.0",
          '                if anneal_strategy == "cos":',
          "                    return lr_to + (lr_from - lr_to) / 2 * (math.cos(math.pi * pct) + 1)",
          "                return (lr_to - lr_from) * pct + lr_from",
          "            start = end",
        ]
      : [
          "    def schedule(tick):",
          `        t = ${d.minimum}(${d.float("tick")}, last)`,
          "        values, start = [], 0.0",
          "        for end, lr_from, lr_to in phases:",
          "            # a phase of length <= 0 gives its end value (PyTorch would divide by zero)",
          "            pct = (t - start) / (end - start) if end > start else t * 0 + 1",
          '            if anneal_strategy == "cos":',
          `                values.append(lr_to + (lr_from - lr_to) / 2 * (${d.cos}(math.pi * pct) + 1))`,
          "            else:",
          "                values.append((lr_to - lr_from) * pct + lr_from)",
          "            start = end",
          "        rate = values[-1]  # the first phase whose end is >= t wins, else the last",
          "        for (end, _, _), value in zip(reversed(phases[:-1]), reversed(values[:-1])):",
          `            rate = ${d.where}(t <= end, value, rate)`,
          "        return rate",
        ];
  return [
    "def one_cycle(max_lr, total_steps, pct_start, div_factor, final_div_factor, anneal_strategy, three_phase):",
    '    """PyTorch OneCycleLR(max_lr, total_steps, ..., cycle_momentum=False) as a function of the tick.',
    "",
    "    Like the playground it holds its value from tick total_steps - 1 on (PyTorch extrapolates, then raises).",
    '    """',
    "    initial = max_lr / div_factor",
    "    min_lr = initial / final_div_factor",
    "    up = pct_start * total_steps",
    "    last = total_steps - 1.0",
    "    if three_phase:",
    "        phases = [(up - 1, initial, max_lr), (2 * up - 2, max_lr, initial), (last, initial, min_lr)]",
    "    else:",
    "        phases = [(up - 1, initial, max_lr), (last, max_lr, min_lr)]",
    "",
    ...body,
    "",
    "    return schedule",
  ];
}

export function oneCycleArgs(p: PolicyOf<"oneCycle">): Arg[] {
  return [
    kw("max_lr", "LR"),
    kw("total_steps", pyInt(p.totalSteps)),
    kw("pct_start", pyFloat(p.pctStart)),
    kw("div_factor", pyFloat(p.divFactor)),
    kw("final_div_factor", pyFloat(p.finalDivFactor)),
    kw("anneal_strategy", pyStr(p.annealStrategy)),
    kw("three_phase", p.threePhase ? "True" : "False"),
  ];
}

/** `cyclic(...)`: PyTorch CyclicLR's formula (cycle_momentum=False) as a function of the tick. */
export function cyclicDef(d: Dialect): string[] {
  return [
    'def cyclic(base_lr, max_lr, step_size_up, step_size_down, mode="triangular", gamma=1.0):',
    '    """PyTorch CyclicLR(base_lr, max_lr, step_size_up, step_size_down, mode, gamma) as a function of the tick."""',
    "    size = step_size_up + step_size_down",
    "    ratio = step_size_up / size",
    "",
    "    def schedule(tick):",
    `        t = ${d.float("tick")}`,
    `        cycle = ${d.floor}(1 + t / size)`,
    "        x = 1 + t / size - cycle",
    `        scale = ${d.where}(x <= ratio, x / ratio, (x - 1) / (ratio - 1))`,
    "        height = (max_lr - base_lr) * scale",
    '        if mode == "triangular2":',
    "            return base_lr + height * (1 / 2 ** (cycle - 1))",
    '        if mode == "exp_range":',
    "            return base_lr + height * gamma**t",
    "        return base_lr + height",
    "",
    "    return schedule",
  ];
}

export const PYTORCH_CYCLIC_MODE = { triangular: "triangular", triangular2: "triangular2", expRange: "exp_range" } as const;

export function cyclicArgs(p: PolicyOf<"cyclic">): Arg[] {
  return [
    kw("base_lr", pyFloat(p.baseLr)),
    kw("max_lr", "LR"),
    kw("step_size_up", pyInt(p.stepSizeUp)),
    kw("step_size_down", pyInt(p.stepSizeDown ?? p.stepSizeUp)),
    kw("mode", pyStr(PYTORCH_CYCLIC_MODE[p.mode])),
    kw("gamma", pyFloat(p.gamma)),
  ];
}

/** The plateau policy (with its warmup) as a plain Python class: exact, for libraries without one. */
export function plateauClassDef(): string[] {
  return [
    "class Plateau:",
    '    """The playground\'s plateau policy: PyTorch ReduceLROnPlateau\'s rules, fed one metric per tick',
    "    (the tick's mean training loss), after an optional linear warmup whose metrics are ignored.\"\"\"",
    "",
    "    def __init__(self, lr, mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps,",
    "                 warmup_ticks=0, warmup_start_factor=0.0):",
    "        self.base_lr = self.lr = lr",
    "        self.mode, self.factor, self.patience = mode, factor, patience",
    "        self.threshold, self.threshold_mode = threshold, threshold_mode",
    "        self.cooldown, self.min_lr, self.eps = cooldown, min_lr, eps",
    "        self.warmup_ticks, self.warmup_start_factor = warmup_ticks, warmup_start_factor",
    '        self.best = math.inf if mode == "min" else -math.inf',
    "        self.bad = 0",
    "        self.cooldown_left = 0",
    "        self.tick = 0",
    "",
    "    def rate(self):",
    '        """The learning rate of the current tick."""',
    "        if self.tick < self.warmup_ticks:",
    "            s = self.warmup_start_factor",
    "            return self.base_lr * (s + (1 - s) * self.tick / self.warmup_ticks)",
    "        return self.lr",
    "",
    "    def improves(self, a):",
    '        if self.mode == "min":',
    '            if self.threshold_mode == "rel":',
    "                return a < self.best * (1 - self.threshold)",
    "            return a < self.best - self.threshold",
    '        if self.threshold_mode == "rel":',
    "            return a > self.best * (self.threshold + 1)",
    "        return a > self.best + self.threshold",
    "",
    "    def step(self, metric):",
    '        """Ends the current tick with its metric; returns the next tick\'s learning rate."""',
    "        if self.tick >= self.warmup_ticks:",
    "            if self.improves(metric):",
    "                self.best, self.bad = metric, 0",
    "            else:",
    "                self.bad += 1",
    "            if self.cooldown_left > 0:",
    "                self.cooldown_left -= 1",
    "                self.bad = 0",
    "            if self.bad > self.patience:",
    "                new_lr = max(self.lr * self.factor, self.min_lr)",
    "                if self.lr - new_lr > self.eps:",
    "                    self.lr = new_lr",
    "                self.cooldown_left = self.cooldown",
    "                self.bad = 0",
    "        self.tick += 1",
    "        return self.rate()",
  ];
}

/** TF/Keras/optax cosine `alpha` (the floor as a fraction of LR) for eta_min, as an exact expression. */
export function alphaArg(etaMin: number): Arg {
  return etaMin === 0 ? kw("alpha", "0.0", "eta_min / LR") : kw("alpha", `${pyFloat(etaMin)} / LR`, "eta_min / LR");
}

/** PyTorch ReduceLROnPlateau's keyword arguments for a plateau policy. */
export function plateauArgs(p: PolicyOf<"plateau">): Arg[] {
  return [
    kw("mode", pyStr(p.mode)),
    kw("factor", pyFloat(p.factor)),
    kw("patience", pyInt(p.patience)),
    kw("threshold", pyFloat(p.threshold)),
    kw("threshold_mode", pyStr(p.thresholdMode)),
    kw("cooldown", pyInt(p.cooldown)),
    kw("min_lr", pyFloat(p.minLr)),
    kw("eps", pyFloat(p.eps)),
  ];
}

/** `plateau = Plateau(LR, ...)` arguments, warmup included. */
export function plateauInstanceArgs(ctx: Ctx, p: PolicyOf<"plateau">): Arg[] {
  const w = ctx.policy.warmup;
  const warm = w === null ? [] : [kw("warmup_ticks", pyInt(w.steps)), kw("warmup_start_factor", pyFloat(w.startFactor))];
  return [{ value: "LR" }, ...plateauArgs(p), ...warm];
}
