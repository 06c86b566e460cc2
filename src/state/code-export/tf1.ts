// TensorFlow 1 (tf.compat.v1, graph mode): AdamOptimizer is the playground's default optimizer exactly
// (epsilon-hat), and the tf.train.*_decay functions are its reference decays, fed `global_step` (epoch
// policies: rewritten in steps, or fed the completed epochs). What TF1 lacks is written out or named.

import { call, commented, kw, pos, pyBool, pyFloat, pyInt, pyList, pyNum, type Arg } from "./python.ts";
import {
  alphaArg, cyclicArgs, cyclicDef, linearWarmupDef, oneCycleArgs, oneCycleDef, plateauClassDef, plateauInstanceArgs,
  TF_OPS,
} from "./helpers.ts";
import { inverseSqrtArgs, inverseSqrtDef, scheduleFreeMissing, wsdArgs, wsdDef } from "./modern.ts";
import {
  assemble, epsilonNote, header, l2LossNote, multiStepSegments, planTicks, ticksArg, type Ctx, type TickPlan,
} from "./shared.ts";

const T = "tf.compat.v1.train";

type Stateless = Exclude<Ctx["policy"], { kind: "plateau" }>;

/** A built-in decay as a call on the tick tensor, a function `decay` of the tick, or a constant. */
type Main =
  | { type: "constant"; value: string }
  | { type: "builtin"; lines: (lhs: string, tick: string, indent: string) => string[] }
  | { type: "fn"; lines: string[] };

export function tf1Code(ctx: Ctx): string {
  const defs: string[][] = [];
  const body = ["tf.compat.v1.disable_eager_execution()  # graph mode, as in TF1", "", `global_step = ${T}.get_or_create_global_step()`];
  let feed: "none" | "plateau" = "none";
  if (ctx.policy.kind === "plateau") {
    defs.push(plateauClassDef());
    body.push(
      "# TF1 has no plateau schedule: the rate is fed every step from the Plateau class above, the playground's",
      "# plateau policy (PyTorch ReduceLROnPlateau's rules) written out.",
      'learning_rate = tf.compat.v1.placeholder(tf.float32, shape=[], name="learning_rate")',
      ...call("plateau = ", "Plateau", plateauInstanceArgs(ctx, ctx.policy)),
    );
    feed = "plateau";
  } else {
    body.push(...schedule(ctx, ctx.policy, defs));
  }
  const opt = optimizer(ctx);
  body.push(...opt.lines, "", ...loop(ctx, feed, opt.trainOp));
  const helpers = [...new Set(defs)].flatMap((d) => [...d, "", ""]);
  const all = [...header(ctx, "tf1"), "", ...helpers, ...body];
  const imports = ["import tensorflow as tf"];
  if (all.some((l) => /\bmath\./.test(l))) imports.push("import math");
  return assemble(imports, all);
}

function schedule(ctx: Ctx, p: Stateless, defs: string[][]): string[] {
  const plan = planTicks(ctx);
  const lines: string[] = [];
  let tick = "global_step";
  if (plan.mode === "converted" && p.kind !== "constant") {
    lines.push("# The decay changes only at whole epochs, so it is written in optimizer steps (global_step).");
  }
  if (plan.mode === "perEpoch") {
    tick = "tick";
    lines.push("tick = global_step // STEPS_PER_EPOCH  # completed epochs: the playground holds the rate for a whole epoch");
  }
  const main = mainDecay(ctx, p, plan, defs);
  const w = p.warmup;
  if (w === null) {
    if (main.type === "constant") return [...lines, `learning_rate = ${main.value}  # constant rate`];
    if (main.type === "builtin") return [...lines, ...main.lines("learning_rate = ", tick, "")];
    return [...lines, ...main.lines, `learning_rate = decay(${tick})`];
  }
  if (main.type === "constant") lines.push(`decay = lambda tick: ${main.value}`);
  else if (main.type === "builtin") lines.push("", "", "def decay(tick):", ...main.lines("return ", "tick", "    "), "", "");
  else lines.push(...main.lines);
  defs.push(linearWarmupDef(TF_OPS));
  return [
    ...lines,
    `# Linear warmup over ${w.steps} ticks, then the decay counted from the end of the warmup.`,
    ...call("by_tick = ", "linear_warmup", [pos("LR"), kw("start_factor", pyFloat(w.startFactor)), kw("warmup_ticks", pyInt(w.steps)), kw("after", "decay")]),
    `learning_rate = by_tick(${tick})`,
  ];
}

function mainDecay(ctx: Ctx, p: Stateless, plan: TickPlan, defs: string[][]): Main {
  const builtin = (fn: string, args: (tick: string) => Arg[], notes: string[] = []): Main => ({
    type: "builtin",
    lines: (lhs, tick, indent) => [...notes.map((n) => indent + n), ...call(lhs, `${T}.${fn}`, args(tick), indent)],
  });
  switch (p.kind) {
    case "constant":
      return { type: "constant", value: "LR" };
    case "step":
      return builtin(
        "exponential_decay",
        (tick) => [pos("LR"), pos(tick), ticksArg("decay_steps", p.stepSize, plan, pyInt), kw("decay_rate", pyFloat(p.gamma)), kw("staircase", "True")],
        [`# Step decay (PyTorch StepLR(step_size=${pyInt(p.stepSize)}, gamma=${pyFloat(p.gamma)})) is a staircase exponential decay.`],
      );
    case "multiStep": {
      const seg = multiStepSegments(p, ctx.opt.lr, plan.factor);
      if (seg.changes.length === 0) return { type: "constant", value: seg.initial === ctx.opt.lr ? "LR" : pyFloat(seg.initial) };
      const unit = plan.mode === "converted" ? "step" : "tick";
      return builtin(
        "piecewise_constant",
        (tick) => [
          pos(tick),
          kw("boundaries", pyList(seg.changes.map((c) => pyInt(c.at - 1))), `the rate changes after ${unit} b, i.e. from ${unit} b + 1`),
          kw("values", pyList([seg.initial, ...seg.changes.map((c) => c.value)].map(pyFloat)), `LR * ${pyFloat(p.gamma)} ** (milestones passed)`),
        ],
        [`# PyTorch MultiStepLR(milestones=${pyList(p.milestones.map(pyInt))}, gamma=${pyFloat(p.gamma)}).`],
      );
    }
    case "exponential":
    case "inverseTime":
      return builtin(p.kind === "exponential" ? "exponential_decay" : "inverse_time_decay", (tick) => [
        pos("LR"),
        pos(tick),
        ticksArg("decay_steps", p.decaySteps, plan, pyNum),
        kw("decay_rate", pyFloat(p.decayRate)),
        kw("staircase", pyBool(p.staircase)),
      ]);
    case "polynomial":
      return builtin("polynomial_decay", (tick) => [
        pos("LR"),
        pos(tick),
        kw("decay_steps", pyNum(p.decaySteps)),
        kw("end_learning_rate", pyFloat(p.endLr)),
        kw("power", pyFloat(p.power)),
        kw("cycle", pyBool(p.cycle)),
      ]);
    case "cosine":
      return builtin(
        "cosine_decay",
        (tick) => [pos("LR"), pos(tick), kw("decay_steps", pyInt(p.tMax)), alphaArg(p.etaMin)],
        ["# Holds alpha * LR after decay_steps, like the playground (PyTorch's CosineAnnealingLR would climb back)."],
      );
    case "cosineRestarts":
      return builtin(
        "cosine_decay_restarts",
        (tick) => [
          pos("LR"),
          pos(tick),
          kw("first_decay_steps", pyInt(p.t0)),
          kw("t_mul", pyFloat(p.tMult)),
          kw("m_mul", "1.0"),
          alphaArg(p.etaMin),
        ],
        p.tMult > 1
          ? [
              "# Note: with t_mul > 1 TF finds the current period with floating-point logarithms, so at some restart",
              "# ticks it lands at the end of the previous period (rate ~ eta_min) instead of the start (rate LR).",
            ]
          : [],
      );
    case "oneCycle":
      defs.push(oneCycleDef(TF_OPS));
      return {
        type: "fn",
        lines: ["# TF1 has no one-cycle decay; the formula of PyTorch's OneCycleLR (holding its last value):", ...call("decay = ", "one_cycle", oneCycleArgs(p))],
      };
    case "cyclic":
      defs.push(cyclicDef(TF_OPS));
      return {
        type: "fn",
        lines: ["# TF1 has no cyclic decay; the formula of PyTorch's CyclicLR:", ...call("decay = ", "cyclic", cyclicArgs(p))],
      };
    case "wsd":
      defs.push(wsdDef(TF_OPS));
      return {
        type: "fn",
        lines: ["# TF1 has no warmup-stable-decay; the formula of transformers' get_wsd_schedule:", ...call("decay = ", "wsd", wsdArgs(p))],
      };
    case "inverseSqrt":
      defs.push(inverseSqrtDef(TF_OPS));
      return {
        type: "fn",
        lines: [
          "# TF1 has no inverse-square-root decay; the formula of transformers' get_inverse_sqrt_schedule:",
          ...call("decay = ", "inverse_sqrt", inverseSqrtArgs(p)),
        ],
      };
  }
}

// ---------------------------------------------------------------------------------------------

function optimizer(ctx: Ctx): { lines: string[]; trainOp: string[] } {
  const o = ctx.opt;
  const minimize = ["train_op = optimizer.minimize(loss, global_step=global_step)  # also advances global_step"];
  const l2 = l2LossNote(
    ctx,
    "TF1's optimizers take no weight decay",
    `loss += ${pyFloat(o.weightDecay)} * tf.add_n([tf.nn.l2_loss(v) for v in tf.compat.v1.trainable_variables()])`,
  );
  if (o.kind === "sgd") {
    const lines =
      o.momentum === 0
        ? call("optimizer = ", `${T}.GradientDescentOptimizer`, [kw("learning_rate", "learning_rate")])
        : call("optimizer = ", `${T}.MomentumOptimizer`, [
            kw("learning_rate", "learning_rate"),
            kw("momentum", pyFloat(o.momentum)),
            kw("use_nesterov", pyBool(o.nesterov)),
          ]);
    if (o.nesterov && o.momentum === 0) lines.push("# nesterov is off: with momentum 0 it changes nothing.");
    return { lines: [...lines, ...l2], trainOp: minimize };
  }
  const lines = o.kind === "scheduleFree" ? scheduleFreeMissing("TF1") : [];
  lines.push(...call("optimizer = ", `${T}.AdamOptimizer`, [
    kw("learning_rate", "learning_rate"),
    kw("beta1", pyFloat(o.beta1)),
    kw("beta2", pyFloat(o.beta2)),
    kw("epsilon", pyFloat(o.epsilon)),
  ]));
  lines.push(...epsilonNote(ctx, { name: "TF1", form: "hat", param: "epsilon", extra: ["TF1 has no paper-form Adam built in."] }));
  if (o.amsgrad) {
    lines.push(
      "# Note: unsupported: TF1's AdamOptimizer has no AMSGrad (amsgrad=True in the playground). TF2's",
      "# tf.keras.optimizers.Adam(amsgrad=True) has it, with the same epsilon-hat.",
    );
  }
  lines.push(...l2);
  if (!o.decoupled && !(o.kind === "scheduleFree" && o.weightDecay > 0)) return { lines, trainOp: minimize };
  const wd = pyFloat(o.weightDecay);
  lines.push(
    "# Note: TF1 has no built-in AdamW (tf.contrib.opt.AdamWOptimizer decays by weight_decay * w, without the rate).",
    `# The playground's decoupled decay, w <- w * (1 - lr * ${wd}) before each Adam step, is written out below.`,
  );
  return {
    lines,
    trainOp: [
      "grads_and_vars = optimizer.compute_gradients(loss)",
      "with tf.control_dependencies([g for g, _ in grads_and_vars if g is not None]):",
      `    decay_op = tf.group(*[v.assign(v * (1 - learning_rate * ${wd})) for _, v in grads_and_vars])`,
      "with tf.control_dependencies([decay_op]):",
      "    train_op = optimizer.apply_gradients(grads_and_vars, global_step=global_step)",
    ],
  };
}

function loop(ctx: Ctx, feed: "none" | "plateau", trainOp: readonly string[]): string[] {
  const perStep = ctx.policy.unit === "step";
  const lines = [
    feed === "plateau"
      ? `Training loop (the Plateau sets the rate once per ${perStep ? "optimizer step" : "epoch"}):`
      : "Training loop (the rate follows global_step, advanced once per optimizer step):",
    "loss = ...  # your model's scalar loss tensor",
    ...trainOp,
    "with tf.compat.v1.Session() as sess:",
    "    sess.run(tf.compat.v1.global_variables_initializer())",
    "    for epoch in range(EPOCHS):",
  ];
  if (feed === "none") {
    lines.push("        for x, y in batches():  # STEPS_PER_EPOCH batches of BATCH_SIZE", "            sess.run(train_op, feed_dict={inputs: x, targets: y})");
    return commented(lines);
  }
  if (!perStep) lines.push("        epoch_loss = 0.0");
  lines.push(
    "        for x, y in batches():  # STEPS_PER_EPOCH batches of BATCH_SIZE",
    "            feed = {learning_rate: plateau.rate(), inputs: x, targets: y}",
    "            _, batch_loss = sess.run([train_op, loss], feed_dict=feed)",
  );
  if (perStep) lines.push("            plateau.step(batch_loss)  # the step's training loss");
  else lines.push("            epoch_loss += batch_loss / STEPS_PER_EPOCH", "        plateau.step(epoch_loss)  # the epoch's mean training loss");
  return commented(lines);
}
