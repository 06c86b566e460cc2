// optax (JAX): schedules are functions of the update count, so epoch policies are either rewritten in
// steps or evaluated at `count // STEPS_PER_EPOCH`. optax's Adam adds eps outside the bias correction
// (the paper's form, like PyTorch); where optax's built-ins differ from SPEC.md the formula is written out.

import type { PolicyOf } from "../../engine/types.ts";
import { call, commented, kw, pos, pyBool, pyFloat, pyInt, pyNum, type Arg } from "./python.ts";
import {
  alphaArg, cyclicArgs, cyclicDef, JNP_OPS, oneCycleArgs, oneCycleDef, plateauClassDef, plateauInstanceArgs,
} from "./helpers.ts";
import { inverseSqrtArgs, scheduleFreeOptax } from "./modern.ts";
import {
  assemble, epsilonNote, header, multiStepSegments, planTicks, ticksArg, type Ctx, type TickPlan,
} from "./shared.ts";

type Stateless = Exclude<Ctx["policy"], { kind: "plateau" }>;

type Main = { type: "constant"; value: string } | { type: "fn"; lines: string[] };

export function optaxCode(ctx: Ctx): string {
  const defs: string[][] = [];
  const body: string[] = [];
  const plateau = ctx.policy.kind === "plateau";
  if (ctx.policy.kind === "plateau") {
    defs.push(plateauClassDef());
    body.push(
      "# The playground's plateau policy (PyTorch ReduceLROnPlateau's rules) written out: optax.contrib.reduce_on_plateau",
      "# scales the updates by a factor it tracks itself, with rtol/atol and counting rules that differ in detail.",
      ...call("plateau = ", "Plateau", plateauInstanceArgs(ctx, ctx.policy)),
      "",
      "",
      "def make_optimizer(learning_rate):",
      ...optimizer(ctx, "learning_rate", "return ", "    "),
      "",
      "",
      "# inject_hyperparams keeps learning_rate in opt_state.hyperparams, where the loop updates it.",
      "optimizer = optax.inject_hyperparams(make_optimizer)(learning_rate=plateau.rate())",
    );
  } else {
    const result = schedule(ctx, ctx.policy, defs);
    body.push(...result.lines, ...optimizer(ctx, result.lr, "optimizer = ", ""));
  }
  body.push(...notes(ctx), "", ...loop(ctx, plateau));
  const helpers = [...new Set(defs)].flatMap((d) => [...d, "", ""]);
  const all = [...header(ctx, "optax"), "", ...helpers, ...body];
  const imports = ["import optax"];
  if (all.some((l) => /\bjnp\./.test(l))) imports.push("import jax.numpy as jnp");
  if (all.some((l) => /\bmath\./.test(l))) imports.push("import math");
  if (all.some((l) => /\bitertools\./.test(l))) imports.push("import itertools");
  return assemble(imports, all);
}

function schedule(ctx: Ctx, p: Stateless, defs: string[][]): { lines: string[]; lr: string } {
  const plan = planTicks(ctx);
  const w = p.warmup;
  const direct = w === null && plan.mode !== "perEpoch";
  const lines: string[] = [];
  if (plan.mode === "converted" && p.kind !== "constant") {
    lines.push("# optax schedules count optimizer updates; this policy changes only at whole epochs, so it is written in steps.");
  }
  const main = mainDecay(ctx, p, plan, direct ? "schedule" : "decay", defs);
  if (direct) {
    if (main.type === "constant") return { lines: [`# Constant rate${main.value === "LR" ? "" : " (every milestone is at 0)"}.`], lr: main.value };
    return { lines: [...lines, ...main.lines], lr: "schedule" };
  }
  let tickFn = "decay";
  if (main.type === "constant") {
    if (w === null) return { lines: [`# Constant rate.`], lr: main.value };
    tickFn = `optax.constant_schedule(${main.value})`;
  } else {
    lines.push(...main.lines);
  }
  if (w !== null) {
    lines.push(
      `# Linear warmup over ${w.steps} ticks, then the decay counted from the end of the warmup.`,
      ...call("warmup = ", "optax.linear_schedule", [
        kw("init_value", `LR * ${pyFloat(w.startFactor)}`),
        kw("end_value", "LR"),
        kw("transition_steps", pyInt(w.steps)),
      ]),
      ...call("by_tick = ", "optax.join_schedules", [kw("schedules", `[warmup, ${tickFn}]`), kw("boundaries", `[${pyInt(w.steps)}]`)]),
    );
    tickFn = "by_tick";
  }
  if (plan.mode === "perEpoch") {
    lines.push(
      "# The playground holds the rate for a whole epoch: evaluate the policy at the number of completed epochs.",
      `schedule = lambda count: ${tickFn}(count // STEPS_PER_EPOCH)`,
    );
  } else {
    lines.push(`schedule = ${tickFn}`);
  }
  return { lines, lr: "schedule" };
}

function mainDecay(ctx: Ctx, p: Stateless, plan: TickPlan, name: string, defs: string[][]): Main {
  const lhs = `${name} = `;
  const fn = (lines: string[]): Main => ({ type: "fn", lines });
  switch (p.kind) {
    case "constant":
      return { type: "constant", value: "LR" };
    case "step":
      return fn([
        `# Step decay (PyTorch StepLR(step_size=${pyInt(p.stepSize)}, gamma=${pyFloat(p.gamma)})) is a staircase exponential decay.`,
        ...call(lhs, "optax.exponential_decay", [
          kw("init_value", "LR"),
          ticksArg("transition_steps", p.stepSize, plan, pyInt),
          kw("decay_rate", pyFloat(p.gamma)),
          kw("staircase", "True"),
        ]),
      ]);
    case "multiStep": {
      const seg = multiStepSegments(p, ctx.opt.lr, plan.factor);
      const init = seg.initial === ctx.opt.lr ? "LR" : pyFloat(seg.initial);
      if (seg.changes.length === 0) return { type: "constant", value: init };
      const unit = plan.mode === "converted" ? "step" : "tick";
      const scales = seg.changes.map((c) => `${pyInt(c.at)}: ${pyFloat(p.gamma ** c.count)}`).join(", ");
      return fn([
        `# PyTorch MultiStepLR(milestones=[${p.milestones.map(pyInt).join(", ")}], gamma=${pyFloat(p.gamma)}).`,
        ...call(lhs, "optax.piecewise_constant_schedule", [
          kw("init_value", init),
          kw("boundaries_and_scales", `{${scales}}`, `from ${unit} b on the rate is multiplied by the scale`),
        ]),
      ]);
    }
    case "exponential":
      return fn(
        call(lhs, "optax.exponential_decay", [
          kw("init_value", "LR"),
          ticksArg("transition_steps", p.decaySteps, plan, pyNum),
          kw("decay_rate", pyFloat(p.decayRate)),
          kw("staircase", pyBool(p.staircase)),
        ]),
      );
    case "inverseTime": {
      const d = p.decaySteps * plan.factor;
      const q = `count / ${pyNum(d)}`;
      return fn([
        `def ${name}(count):`,
        `    """tf.train.inverse_time_decay(LR, count, decay_steps=${pyNum(d)}, decay_rate=${pyFloat(p.decayRate)}, ` +
          `staircase=${pyBool(p.staircase)}); optax has none."""`,
        `    return LR / (1 + ${pyFloat(p.decayRate)} * ${p.staircase ? `jnp.floor(${q})` : `(${q})`})`,
        "",
      ]);
    }
    case "polynomial": {
      if (!p.cycle) {
        return fn(
          call(lhs, "optax.polynomial_schedule", [
            kw("init_value", "LR"),
            kw("end_value", pyFloat(p.endLr)),
            kw("power", pyFloat(p.power)),
            kw("transition_steps", pyNum(p.decaySteps)),
          ]),
        );
      }
      const d = pyNum(p.decaySteps);
      const end = pyFloat(p.endLr);
      return fn([
        `def ${name}(count):`,
        `    """tf.train.polynomial_decay(LR, count, ${d}, end_learning_rate=${end}, power=${pyFloat(p.power)}, cycle=True);`,
        '    optax.polynomial_schedule does not cycle."""',
        `    t = ${JNP_OPS.float("count")}`,
        `    d = ${d} * jnp.maximum(1.0, jnp.ceil(t / ${d}))`,
        `    return (LR - ${end}) * (1 - t / d) ** ${pyFloat(p.power)} + ${end}`,
        "",
      ]);
    }
    case "cosine":
      return fn([
        "# Holds alpha * LR after decay_steps, like the playground (PyTorch's CosineAnnealingLR would climb back).",
        ...call(lhs, "optax.cosine_decay_schedule", [kw("init_value", "LR"), kw("decay_steps", pyInt(p.tMax)), alphaArg(p.etaMin)]),
      ]);
    case "cosineRestarts":
      return restarts(ctx, p, lhs, alphaArg(p.etaMin));
    case "oneCycle":
      defs.push(oneCycleDef(JNP_OPS));
      return fn([
        "# Note: not optax.cosine_onecycle_schedule / linear_onecycle_schedule: they peak at step",
        "# int(pct_start * transition_steps) and end at transition_steps, while PyTorch's OneCycleLR (the playground's",
        "# reference) peaks at pct_start * total_steps - 1 and ends at total_steps - 1, and the linear one's middle",
        "# phase ends at pct_final, not 2 * pct_start * total_steps - 2. The exact formula, holding its last value:",
        ...call(lhs, "one_cycle", oneCycleArgs(p)),
      ]);
    case "cyclic":
      defs.push(cyclicDef(JNP_OPS));
      return fn(["# optax has no cyclic schedule; the formula of PyTorch's CyclicLR:", ...call(lhs, "cyclic", cyclicArgs(p))]);
    case "wsd":
      return fn(wsdOptax(p, plan, lhs));
    case "inverseSqrt":
      return fn(inverseSqrtOptax(p, lhs));
  }
}

/**
 * WSD from optax's own pieces, joined with optax.join_schedules at the phase boundaries (each piece
 * counts from its own start): the warmup, LR held, the cooldown, then LR * min_lr_ratio.
 */
function wsdOptax(p: PolicyOf<"wsd">, plan: TickPlan, lhs: string): string[] {
  const m = pyFloat(p.minLrRatio);
  const W = pyInt(p.warmupTicks);
  const D = pyInt(p.decayTicks);
  const up: Record<PolicyOf<"wsd">["warmupShape"], string> = {
    linear: "p",
    cosine: "0.5 * (1.0 - jnp.cos(jnp.pi * p))",
    "1-sqrt": "1.0 - jnp.sqrt(1.0 - p)",
  };
  const down: Record<PolicyOf<"wsd">["decayShape"], string> = {
    linear: "1.0 - p",
    cosine: `0.5 * (1.0 + jnp.cos(jnp.pi * ${pyFloat(p.numCycles)} * 2.0 * p))`,
    "1-sqrt": "1.0 - jnp.sqrt(p)",
  };
  const lines = [
    "def wsd_warmup(count):",
    `    """WSD's warmup (transformers get_wsd_schedule), counted from its start."""`,
    `    p = jnp.minimum(jnp.asarray(count, jnp.float32) / max(1, ${W}), 1.0)`,
    `    return LR * jnp.maximum((${up[p.warmupShape]}) * (1.0 - ${m}) + ${m}, 0.0)`,
    "",
    "",
    "def wsd_cooldown(count):",
    `    """WSD's cooldown, counted from its start."""`,
    `    p = jnp.minimum(jnp.asarray(count, jnp.float32) / max(1, ${D}), 1.0)`,
    `    return LR * jnp.maximum((${down[p.decayShape]}) * (1.0 - ${m}) + ${m}, 0.0)`,
    "",
    "",
    "# Warmup-stable-decay: optax has no WSD, so it is joined from its phases (each counts from its own start).",
    ...call(lhs, "optax.join_schedules", [
      kw("schedules", `[wsd_warmup, optax.constant_schedule(LR), wsd_cooldown, optax.constant_schedule(LR * ${m})]`),
      kw("boundaries", `[${W}, ${W} + ${pyInt(p.stableTicks)}, ${W} + ${pyInt(p.stableTicks)} + ${D}]`, plan.mode === "perEpoch" ? "in ticks (epochs)" : undefined),
    ]),
  ];
  return lines;
}

function inverseSqrtOptax(p: PolicyOf<"inverseSqrt">, lhs: string): string[] {
  const W = pyInt(p.warmupTicks);
  const ts = inverseSqrtArgs(p)[2];
  return [
    "# The inverse square root (transformers get_inverse_sqrt_schedule, the Transformer's \"Noam\"): a linear warmup",
    "# from 0 joined to LR / sqrt((count + timescale) / timescale), counted from the end of the warmup.",
    `TIMESCALE = ${ts.value}${ts.comment === undefined ? "" : `  # ${ts.comment}`}`,
    ...call(lhs, "optax.join_schedules", [
      kw("schedules", `[optax.linear_schedule(init_value=0.0, end_value=LR, transition_steps=max(1, ${W})), lambda count: LR / jnp.sqrt((count + TIMESCALE) / TIMESCALE)]`),
      kw("boundaries", `[${W}]`),
    ]),
  ];
}

function restarts(ctx: Ctx, p: PolicyOf<"cosineRestarts">, lhs: string, alpha: Arg): Main {
  const t0 = pyInt(p.t0);
  if (p.tMult === 1) {
    return {
      type: "fn",
      lines: [
        `# PyTorch CosineAnnealingWarmRestarts(T_0=${t0}, T_mult=1): one cosine period, restarted every ${t0} ticks.`,
        ...call("period = ", "optax.cosine_decay_schedule", [kw("init_value", "LR"), kw("decay_steps", t0), alpha]),
        `${lhs}lambda count: period(count % ${t0})`,
      ],
    };
  }
  // Enough periods t0 * tMult^k to cover the run's main ticks (at least one).
  let periods = 0;
  let covered = 0;
  let length = p.t0;
  do {
    covered += length;
    length *= p.tMult;
    periods += 1;
  } while (covered < ctx.mainTicks && periods < 64);
  return {
    type: "fn",
    lines: [
      `# PyTorch CosineAnnealingWarmRestarts(T_0=${t0}, T_mult=${pyInt(p.tMult)}): periods T_0 * T_mult^k, each a cosine`,
      "# decay (optax.sgdr_schedule builds the same from a list of dicts).",
      `periods = [${t0} * ${pyInt(p.tMult)}**k for k in range(${periods})]  # covers this run's ${ctx.mainTicks} ticks`,
      ...call(lhs, "optax.join_schedules", [
        kw("schedules", `[optax.cosine_decay_schedule(init_value=LR, decay_steps=n, alpha=${alpha.value}) for n in periods]`, alpha.comment),
        kw("boundaries", "list(itertools.accumulate(periods))[:-1]"),
      ]),
      `# Note: after the last period (tick ${covered}) the rate holds eta_min instead of restarting; lengthen \`periods\``,
      "# for longer runs.",
    ],
  };
}

// ---------------------------------------------------------------------------------------------

/** The optimizer as `lhs + expression` lines (a chain when weight decay is L2 or AMSGrad is decoupled). */
function optimizer(ctx: Ctx, lr: string, lhs: string, indent: string): string[] {
  const o = ctx.opt;
  const l2 = o.weightDecay > 0 && !(o.kind === "adam" && o.decoupled) && o.kind !== "scheduleFree";
  const decayed = `optax.add_decayed_weights(${pyFloat(o.weightDecay)})`;
  const adamArgs = [kw("b1", pyFloat(o.beta1)), kw("b2", pyFloat(o.beta2)), kw("eps", pyFloat(o.epsilon))];
  const inline = (fn: string, args: Arg[]) => `${fn}(${args.map((a) => `${a.name ?? ""}${a.name === undefined ? "" : "="}${a.value}`).join(", ")})`;
  let core: { fn: string; args: Arg[] };
  if (o.kind === "scheduleFree") return scheduleFreeOptax(ctx, lr, lhs, indent);
  if (o.kind === "sgd") {
    core = {
      fn: "optax.sgd",
      args: [kw("learning_rate", lr), kw("momentum", o.momentum === 0 ? "None" : pyFloat(o.momentum)), kw("nesterov", pyBool(o.nesterov && o.momentum > 0))],
    };
  } else if (o.amsgrad && o.decoupled) {
    return call(lhs, "optax.chain", [
      pos(inline("optax.scale_by_amsgrad", adamArgs)),
      { value: decayed, comment: "decoupled weight decay, scaled by the rate below (AdamW)" },
      pos(`optax.scale_by_learning_rate(${lr})`),
    ], indent);
  } else if (o.amsgrad) {
    core = { fn: "optax.amsgrad", args: [kw("learning_rate", lr), ...adamArgs] };
  } else if (o.decoupled) {
    core = { fn: "optax.adamw", args: [kw("learning_rate", lr), ...adamArgs, kw("weight_decay", pyFloat(o.weightDecay))] };
  } else {
    core = { fn: "optax.adam", args: [kw("learning_rate", lr), ...adamArgs] };
  }
  if (!l2) return call(lhs, core.fn, core.args, indent);
  return call(lhs, "optax.chain", [
    { value: decayed, comment: "L2: weight_decay * w added to the gradient first" },
    pos(inline(core.fn, core.args)),
  ], indent);
}

function notes(ctx: Ctx): string[] {
  const o = ctx.opt;
  const lines = epsilonNote(ctx, {
    name: "optax",
    form: "paper",
    param: "eps",
    extra: ["(optax's eps_root, added inside the square root, is yet another variant; leave it at 0.)"],
  });
  if (o.kind === "adam" && o.amsgrad) {
    lines.push(
      ...commented([
        "Note (AMSGrad): optax keeps the maximum of the bias-corrected v_hat, PyTorch and the playground the",
        "maximum of the raw v, bias-corrected afterwards (sqrt(max v) / sqrt(1 - beta2^t)); they differ whenever",
        "the maximum comes from an earlier step.",
      ]),
    );
  }
  if (o.kind === "sgd" && o.nesterov && o.momentum === 0) lines.push("# nesterov is off: with momentum 0 it changes nothing.");
  return lines;
}

function loop(ctx: Ctx, plateau: boolean): string[] {
  const perStep = ctx.policy.unit === "step";
  const lines = [
    plateau
      ? `Training loop (the Plateau sets the rate once per ${perStep ? "optimizer step" : "epoch"}):`
      : "Training loop (the schedule advances by itself, once per optimizer.update):",
    "opt_state = optimizer.init(params)",
    "for epoch in range(EPOCHS):",
  ];
  if (plateau && !perStep) lines.push("    epoch_loss = 0.0");
  lines.push(
    "    for batch in batches():  # STEPS_PER_EPOCH batches of BATCH_SIZE",
    "        loss, grads = jax.value_and_grad(loss_fn)(params, batch)",
    "        updates, opt_state = optimizer.update(grads, opt_state, params)",
    "        params = optax.apply_updates(params, updates)",
  );
  if (plateau && perStep) lines.push('        opt_state.hyperparams["learning_rate"] = plateau.step(float(loss))  # the step\'s loss');
  if (plateau && !perStep) {
    lines.push(
      "        epoch_loss += float(loss) / STEPS_PER_EPOCH",
      '    opt_state.hyperparams["learning_rate"] = plateau.step(epoch_loss)  # the epoch\'s mean training loss',
    );
  }
  return commented(lines);
}
