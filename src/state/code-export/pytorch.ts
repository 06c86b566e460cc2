// PyTorch: torch.optim + torch.optim.lr_scheduler, the reference most policies were taken from.
// Where a built-in scheduler differs from SPEC.md (cosine after T_max, one-cycle after total_steps,
// warmup with start_factor 0, warmup before one-cycle or plateau), the exact formula is written out.

import type { PolicyOf } from "../../engine/types.ts";
import { call, commented, kw, pos, pyBool, pyFloat, pyInt, pyList, pyNum, type Arg } from "./python.ts";
import { oneCycleArgs, oneCycleDef, plateauArgs, PYTORCH_CYCLIC_MODE } from "./helpers.ts";
import { assemble, epsilonNote, header, type Ctx } from "./shared.ts";
import { inverseSqrtArgs, inverseSqrtDef, scheduleFreePytorch, transformersAlternative, wsdArgs, wsdDef } from "./modern.ts";

const S = "torch.optim.lr_scheduler";

type Stateless = Exclude<Ctx["policy"], { kind: "plateau" }>;

/** How the loop ends a tick. */
type TickEnd = "none" | "step" | "metric" | "endTick";

interface Block {
  lines: string[];
  tickEnd: TickEnd;
}

export function pytorchCode(ctx: Ctx): string {
  const imports = new Set(["import torch"]);
  const defs: string[][] = [];
  const body = [...header(ctx, "pytorch"), "", "model = torch.nn.Linear(10, 1)  # stand-in: use your model", ...optimizer(ctx), ""];
  const block = ctx.policy.kind === "plateau" ? plateau(ctx.policy) : stateless(ctx, ctx.policy, defs);
  body.push(...block.lines, "", ...loop(ctx, block.tickEnd));
  // Helper functions go after the constants, two blank lines around each (PEP 8).
  const helpers = defs.flatMap((d) => ["", ...d, ""]);
  body.splice(header(ctx, "pytorch").length + 1, 0, ...helpers);
  if (body.some((l) => /\bmath\./.test(l))) imports.add("import math");
  if (body.some((l) => /\bschedulefree\./.test(l))) imports.add("import schedulefree");
  return assemble(imports, body);
}

function optimizer(ctx: Ctx): string[] {
  const o = ctx.opt;
  if (o.kind === "scheduleFree") return scheduleFreePytorch(ctx);
  if (o.kind === "sgd") {
    const nesterov = o.nesterov && o.momentum > 0;
    const lines = call("optimizer = ", "torch.optim.SGD", [
      pos("model.parameters()"),
      kw("lr", "LR"),
      kw("momentum", pyFloat(o.momentum)),
      kw("nesterov", pyBool(nesterov)),
      kw("weight_decay", pyFloat(o.weightDecay)),
    ]);
    if (o.nesterov && !nesterov) lines.push("# nesterov is off: with momentum 0 it changes nothing (and PyTorch rejects it).");
    return lines;
  }
  const lines = call("optimizer = ", o.decoupled ? "torch.optim.AdamW" : "torch.optim.Adam", [
    pos("model.parameters()"),
    kw("lr", "LR"),
    kw("betas", `(${pyFloat(o.beta1)}, ${pyFloat(o.beta2)})`),
    kw("eps", pyFloat(o.epsilon)),
    kw("weight_decay", pyFloat(o.weightDecay), o.decoupled ? "decoupled: p *= 1 - lr * weight_decay" : undefined),
    kw("amsgrad", pyBool(o.amsgrad)),
  ]);
  return [...lines, ...epsilonNote(ctx, { name: "PyTorch", form: "paper", param: "eps" })];
}

// ---------------------------------------------------------------------------------------------

function stateless(ctx: Ctx, p: Stateless, defs: string[][]): Block {
  const w = p.warmup;
  const main = mainScheduler(ctx, p, w === null ? "scheduler" : "main", defs);
  if (w === null) {
    if (main === null) return { lines: ["# Constant rate: no scheduler."], tickEnd: "none" };
    return { lines: main, tickEnd: "step" };
  }
  const warm: string[] =
    w.startFactor > 0
      ? call(main === null ? "scheduler = " : "warmup = ", `${S}.LinearLR`, [
          pos("optimizer"),
          kw("start_factor", pyFloat(w.startFactor)),
          kw("end_factor", "1.0"),
          kw("total_iters", pyInt(w.steps)),
        ])
      : [
          "# LinearLR(start_factor=0) divides by zero in PyTorch 1.13 (newer versions reject it), so the warmup",
          "# lr * t / W is a LambdaLR.",
          ...call(main === null ? "scheduler = " : "warmup = ", `${S}.LambdaLR`, [
            pos("optimizer"),
            kw("lr_lambda", `lambda t: min(t, ${pyInt(w.steps)}) / ${pyInt(w.steps)}`),
          ]),
        ];
  if (main === null) return { lines: [`# Linear warmup over ${w.steps} ticks, then the constant rate.`, ...warm], tickEnd: "step" };
  return {
    lines: [
      `# Linear warmup over ${w.steps} ticks, then the decay counted from the end of the warmup.`,
      "# (The warmup is created first: it records LR as every scheduler's base rate.)",
      ...warm,
      ...main,
      ...call("scheduler = ", `${S}.SequentialLR`, [
        pos("optimizer"),
        kw("schedulers", "[warmup, main]"),
        kw("milestones", pyList([pyInt(w.steps)])),
      ]),
    ],
    tickEnd: "step",
  };
}

/** The main scheduler assigned to `name`, or null for a constant rate. */
function mainScheduler(ctx: Ctx, p: Stateless, name: string, defs: string[][]): string[] | null {
  const lhs = `${name} = `;
  const lambda = (expr: string, notes: string[] = []) => [
    ...notes,
    ...call(lhs, `${S}.LambdaLR`, [pos("optimizer"), kw("lr_lambda", expr)]),
  ];
  switch (p.kind) {
    case "constant":
      return null;
    case "step":
      return call(lhs, `${S}.StepLR`, [pos("optimizer"), kw("step_size", pyInt(p.stepSize)), kw("gamma", pyFloat(p.gamma))]);
    case "multiStep":
      return call(lhs, `${S}.MultiStepLR`, [
        pos("optimizer"),
        kw("milestones", pyList(p.milestones.map(pyInt))),
        kw("gamma", pyFloat(p.gamma)),
      ]);
    case "exponential": {
      if (p.decaySteps === 1) {
        const note = p.staircase ? ["# (staircase makes no difference with decay_steps 1)"] : [];
        return [...note, ...call(lhs, `${S}.ExponentialLR`, [pos("optimizer"), kw("gamma", pyFloat(p.decayRate))])];
      }
      if (p.staircase && Number.isInteger(p.decaySteps)) {
        return [
          "# TF's exponential_decay with staircase=True and whole decay_steps is StepLR:",
          ...call(lhs, `${S}.StepLR`, [pos("optimizer"), kw("step_size", pyInt(p.decaySteps)), kw("gamma", pyFloat(p.decayRate))]),
        ];
      }
      return lambda(`lambda t: ${pyFloat(p.decayRate)} ** ${progress(p)}`, [
        `# tf.train.exponential_decay(LR, t, decay_steps=${pyNum(p.decaySteps)}, decay_rate=${pyFloat(p.decayRate)}, ` +
          `staircase=${pyBool(p.staircase)}); ExponentialLR only covers decay_steps 1.`,
      ]);
    }
    case "inverseTime":
      return lambda(`lambda t: 1 / (1 + ${pyFloat(p.decayRate)} * ${progress(p)})`, [
        `# tf.train.inverse_time_decay(LR, t, decay_steps=${pyNum(p.decaySteps)}, decay_rate=${pyFloat(p.decayRate)}, ` +
          `staircase=${pyBool(p.staircase)}); PyTorch has no built-in.`,
      ]);
    case "polynomial":
      return polynomial(p, lhs);
    case "cosine":
      return cosine(ctx, p, lhs);
    case "cosineRestarts":
      return call(lhs, `${S}.CosineAnnealingWarmRestarts`, [
        pos("optimizer"),
        kw("T_0", pyInt(p.t0)),
        kw("T_mult", pyInt(p.tMult)),
        kw("eta_min", pyFloat(p.etaMin)),
      ]);
    case "oneCycle":
      return oneCycle(ctx, p, lhs);
    case "cyclic":
      return call(lhs, `${S}.CyclicLR`, [
        pos("optimizer"),
        kw("base_lr", pyFloat(p.baseLr)),
        kw("max_lr", "LR"),
        kw("step_size_up", pyInt(p.stepSizeUp)),
        kw("step_size_down", p.stepSizeDown === null ? "None" : pyInt(p.stepSizeDown), p.stepSizeDown === null ? "None: same as step_size_up" : undefined),
        kw("mode", JSON.stringify(PYTORCH_CYCLIC_MODE[p.mode])),
        kw("gamma", pyFloat(p.gamma)),
        kw("cycle_momentum", "False"),
      ]);
    case "wsd":
      defs.push(wsdDef(null));
      return [
        "# Warmup-stable-decay as a LambdaLR (the function above is transformers' own lambda, times LR):",
        ...call("wsd_lr = ", "wsd", wsdArgs(p)),
        ...call(lhs, `${S}.LambdaLR`, [pos("optimizer"), kw("lr_lambda", "lambda t: wsd_lr(t) / LR")]),
        ...transformersAlternative(p, lhs),
      ];
    case "inverseSqrt":
      defs.push(inverseSqrtDef(null));
      return [
        "# The inverse square root (the Transformer's \"Noam\") as a LambdaLR (transformers' own lambda, times LR):",
        ...call("inverse_sqrt_lr = ", "inverse_sqrt", inverseSqrtArgs(p)),
        ...call(lhs, `${S}.LambdaLR`, [pos("optimizer"), kw("lr_lambda", "lambda t: inverse_sqrt_lr(t) / LR")]),
        ...transformersAlternative(p, lhs),
      ];
  }
}

/** TF1's `p = t / decay_steps`, floored when staircase (as Python source on `t`). */
function progress(p: { decaySteps: number; staircase: boolean }): string {
  const q = `t / ${pyNum(p.decaySteps)}`;
  return p.staircase ? `math.floor(${q})` : `(${q})`;
}

function polynomial(p: PolicyOf<"polynomial">, lhs: string): string[] {
  const d = pyNum(p.decaySteps);
  const end = pyFloat(p.endLr);
  return [
    `def polynomial(t):  # tf.train.polynomial_decay(LR, t, ${d}, end_learning_rate=${end}, power=${pyFloat(p.power)}, cycle=${pyBool(p.cycle)})`,
    p.cycle ? `    s, d = t, ${d} * max(1, math.ceil(t / ${d}))` : `    s, d = min(t, ${d}), ${d}`,
    `    return (LR - ${end}) * (1 - s / d) ** ${pyFloat(p.power)} + ${end}`,
    "",
    "# PyTorch has no end-rate polynomial decay (PolynomialLR decays to 0), so it is a LambdaLR:",
    ...call(lhs, `${S}.LambdaLR`, [pos("optimizer"), kw("lr_lambda", "lambda t: polynomial(t) / LR")]),
  ];
}

function cosine(ctx: Ctx, p: PolicyOf<"cosine">, lhs: string): string[] {
  const tMax = pyInt(p.tMax);
  const eta = pyFloat(p.etaMin);
  const lastTick = ctx.mainTicks - 1;
  if (lastTick <= p.tMax) {
    return [
      `# CosineAnnealingLR climbs back up after T_max (period 2 * T_max) where the playground holds eta_min;`,
      `# this run's decay ends at tick ${Math.max(0, lastTick)} <= T_max, so they agree.`,
      ...call(lhs, `${S}.CosineAnnealingLR`, [pos("optimizer"), kw("T_max", tMax), kw("eta_min", eta)]),
    ];
  }
  return [
    `# Note: CosineAnnealingLR(T_max=${tMax}, eta_min=${eta}) would climb back up after T_max (this run's decay`,
    `# lasts ${ctx.mainTicks} ticks); the playground holds eta_min, so the exact formula is a LambdaLR.`,
    ...call(lhs, `${S}.LambdaLR`, [
      pos("optimizer"),
      kw("lr_lambda", `lambda t: (${eta} + (LR - ${eta}) * (1 + math.cos(math.pi * min(t, ${tMax}) / ${tMax})) / 2) / LR`),
    ]),
  ];
}

function oneCycle(ctx: Ctx, p: PolicyOf<"oneCycle">, lhs: string): string[] {
  const builtIn: Arg[] = [
    pos("optimizer"),
    kw("max_lr", "LR"),
    kw("total_steps", pyInt(p.totalSteps)),
    kw("pct_start", pyFloat(p.pctStart)),
    kw("anneal_strategy", JSON.stringify(p.annealStrategy)),
    kw("cycle_momentum", "False"),
    kw("div_factor", pyFloat(p.divFactor)),
    kw("final_div_factor", pyFloat(p.finalDivFactor)),
    kw("three_phase", pyBool(p.threePhase)),
  ];
  const why: string[] = [];
  if (ctx.policy.warmup !== null) {
    why.push("OneCycleLR would overwrite the rate the warmup ramps toward (it sets initial_lr = max_lr / div_factor)");
  }
  if (ctx.mainTicks > p.totalSteps) {
    why.push(
      `this run's one-cycle part lasts ${ctx.mainTicks} ticks, more than total_steps; PyTorch extrapolates at total_steps and`,
      "raises after, while the playground holds the last value",
    );
  }
  if (p.pctStart * p.totalSteps === 1) why.push("pct_start * total_steps == 1 makes OneCycleLR divide 0 by 0 at tick 0");
  if (why.length === 0) {
    return [
      `# The run's one-cycle part lasts ${ctx.mainTicks} <= total_steps ticks, so OneCycleLR matches the playground.`,
      ...call(lhs, `${S}.OneCycleLR`, builtIn),
    ];
  }
  return [
    ...oneCycleDef(null),
    "",
    ...commented([`Note: not torch.optim.lr_scheduler.OneCycleLR: ${why[0]}`, ...why.slice(1)]),
    "# The same formula, holding its value from tick total_steps - 1 on, as a LambdaLR:",
    ...call("one_cycle_lr = ", "one_cycle", oneCycleArgs(p)),
    ...call(lhs, `${S}.LambdaLR`, [pos("optimizer"), kw("lr_lambda", "lambda t: one_cycle_lr(t) / LR")]),
  ];
}

// ---------------------------------------------------------------------------------------------

function plateau(p: PolicyOf<"plateau">): Block {
  const sched = call("scheduler = ", `${S}.ReduceLROnPlateau`, [pos("optimizer"), ...plateauArgs(p)]);
  const w = p.warmup;
  if (w === null) return { lines: sched, tickEnd: "metric" };
  const W = pyInt(w.steps);
  return {
    lines: [
      ...sched,
      "",
      "# SequentialLR cannot pass the metric on to ReduceLROnPlateau, so the warmup is written out: the",
      `# first ${W} ticks run at LR * (s + (1 - s) * tick / ${W}), then the plateau policy starts fresh at LR`,
      "# (the warmup ticks' losses are not fed to it).",
      "def set_lr(rate):",
      "    for group in optimizer.param_groups:",
      '        group["lr"] = rate',
      "",
      "",
      "def warmup_lr(tick):",
      `    return LR * (${pyFloat(w.startFactor)} + (1 - ${pyFloat(w.startFactor)}) * tick / ${W})`,
      "",
      "",
      "def end_tick(tick, metric):",
      '    """Call at the end of tick `tick` with its mean training loss."""',
      `    if tick + 1 < ${W}:`,
      "        set_lr(warmup_lr(tick + 1))",
      `    elif tick + 1 == ${W}:`,
      "        set_lr(LR)",
      "    else:",
      "        scheduler.step(metric)",
      "",
      "",
      "set_lr(warmup_lr(0))",
    ],
    tickEnd: "endTick",
  };
}

function loop(ctx: Ctx, tickEnd: TickEnd): string[] {
  const perStep = ctx.policy.unit === "step";
  const lines = [
    tickEnd === "none"
      ? "Training loop:"
      : `Training loop (the scheduler ticks once per ${perStep ? "optimizer step: policy unit \"step\"" : "epoch"}):`,
  ];
  const epochLoss = !perStep && (tickEnd === "metric" || tickEnd === "endTick");
  if (perStep && tickEnd === "endTick") lines.push("tick = 0");
  lines.push("for epoch in range(EPOCHS):");
  if (epochLoss) lines.push("    epoch_loss = 0.0");
  lines.push(
    "    for x, y in loader:  # STEPS_PER_EPOCH batches of BATCH_SIZE",
    "        optimizer.zero_grad()",
    "        loss = loss_fn(model(x), y)",
    "        loss.backward()",
    "        optimizer.step()",
  );
  if (epochLoss) lines.push("        epoch_loss += loss.item() / STEPS_PER_EPOCH");
  const at = perStep ? "        " : "    ";
  const metric = perStep ? "loss.item()" : "epoch_loss";
  if (tickEnd === "step") lines.push(`${at}scheduler.step()`);
  if (tickEnd === "metric") lines.push(`${at}scheduler.step(${metric})  # the tick's mean training loss`);
  if (tickEnd === "endTick") {
    lines.push(`${at}end_tick(${perStep ? "tick" : "epoch"}, ${metric})  # the tick's mean training loss`);
    if (perStep) lines.push(`${at}tick += 1`);
  }
  return commented(lines);
}
