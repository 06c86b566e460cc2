// Keras 3: keras.optimizers + keras.optimizers.schedules. Keras schedules are called with the optimizer's
// step count, so epoch policies are either rewritten in steps (when they only change by whole epochs)
// or evaluated at `step // STEPS_PER_EPOCH`. Keras's Adam uses TF1's epsilon-hat, like the playground.

import type { PolicyOf } from "../../engine/types.ts";
import { call, commented, kw, pos, pyBool, pyFloat, pyInt, pyList, pyNum, type Arg } from "./python.ts";
import {
  alphaArg, cyclicArgs, cyclicDef, KERAS_OPS, linearWarmupDef, oneCycleArgs, oneCycleDef, plateauClassDef,
  plateauInstanceArgs,
} from "./helpers.ts";
import { inverseSqrtArgs, inverseSqrtDef, scheduleFreeMissing, wsdArgs, wsdDef } from "./modern.ts";
import {
  assemble, epsilonNote, header, l2LossNote, multiStepSegments, planTicks, ticksArg, type Ctx, type TickPlan,
} from "./shared.ts";

const SCHED = "keras.optimizers.schedules";

type Stateless = Exclude<Ctx["policy"], { kind: "plateau" }>;

/** The main decay assigned to a name: a Keras schedule object, a plain function of the tick, or a constant. */
type Main = { type: "constant"; value: string } | { type: "schedule" | "fn"; lines: string[] };

export function kerasCode(ctx: Ctx): string {
  const defs: string[][] = [];
  const body: string[] = [];
  let lr: string;
  let callback: string | null = null;
  if (ctx.policy.kind === "plateau") {
    const result = plateau(ctx, ctx.policy, defs);
    lr = "LR";
    callback = result.callback;
    body.push(...result.lines);
  } else {
    const result = schedule(ctx, ctx.policy, defs);
    lr = result.lr;
    body.push(...result.lines);
  }
  body.push(...optimizer(ctx, lr), "", ...loop(lr === "schedule", callback));
  const helpers = [...new Set(defs)].flatMap((d) => [...d, "", ""]);
  const all = [...header(ctx, "keras"), "", ...helpers, ...body];
  const imports = ["import keras"];
  if (all.some((l) => /\bmath\./.test(l))) imports.push("import math");
  return assemble(imports, all);
}

function optimizer(ctx: Ctx, lr: string): string[] {
  const o = ctx.opt;
  const lines: string[] = [];
  if (o.kind === "sgd") {
    const nesterov = o.nesterov && o.momentum > 0;
    lines.push(
      ...call("optimizer = ", "keras.optimizers.SGD", [
        kw("learning_rate", lr),
        kw("momentum", pyFloat(o.momentum)),
        kw("nesterov", pyBool(nesterov)),
      ]),
    );
    if (o.nesterov && !nesterov) lines.push("# nesterov is off: with momentum 0 it changes nothing.");
    const varies = ctx.policy.kind !== "constant" || ctx.policy.warmup !== null;
    if (o.momentum > 0 && varies) {
      lines.push(
        "# Note (momentum): Keras SGD folds the rate into the velocity (v = momentum * v - lr * g; w += v), while",
        "# PyTorch and the playground apply it afterwards (b = momentum * b + g; w -= lr * b). They agree while",
        "# the rate is constant and differ while it changes, as it does here.",
      );
    }
  } else {
    if (o.kind === "scheduleFree") lines.push(...scheduleFreeMissing("Keras"));
    const decoupled = o.decoupled || o.kind === "scheduleFree";
    const args: Arg[] = [kw("learning_rate", lr)];
    if (decoupled) args.push(kw("weight_decay", pyFloat(o.weightDecay), "decoupled: w -= lr * weight_decay * w"));
    args.push(kw("beta_1", pyFloat(o.beta1)), kw("beta_2", pyFloat(o.beta2)), kw("epsilon", pyFloat(o.epsilon)), kw("amsgrad", pyBool(o.amsgrad)));
    lines.push(...call("optimizer = ", decoupled ? "keras.optimizers.AdamW" : "keras.optimizers.Adam", args));
    lines.push(...epsilonNote(ctx, { name: "Keras", form: "hat", param: "epsilon" }));
  }
  lines.push(
    ...l2LossNote(
      ctx,
      "Keras's weight_decay argument is decoupled (AdamW-style)",
      `kernel_regularizer=keras.regularizers.L2(${pyFloat(o.weightDecay / 2)}) and the same bias_regularizer on every layer.`,
    ),
  );
  return lines;
}

// ---------------------------------------------------------------------------------------------

const SCHEDULE_CLASS = [
  `class Schedule(${SCHED}.LearningRateSchedule):`,
  '    """A function of the optimizer step as a Keras learning-rate schedule."""',
  "",
  "    def __init__(self, fn):",
  "        self.fn = fn",
  "",
  "    def __call__(self, step):",
  "        return self.fn(step)",
];

function schedule(ctx: Ctx, p: Stateless, defs: string[][]): { lines: string[]; lr: string } {
  const plan = planTicks(ctx);
  const w = p.warmup;
  const direct = w === null && plan.mode !== "perEpoch";
  const lines: string[] = [];
  if (plan.mode === "converted" && p.kind !== "constant") {
    lines.push("# Keras schedules count optimizer steps; this policy changes only at whole epochs, so it is written in steps.");
  }
  let tickFn: string; // a name or expression: a callable of the tick
  let tickFnIsSchedule: boolean;
  if (w !== null && p.kind === "cosine") {
    lines.push(
      "# CosineDecay's own warmup (Keras 3, tf.keras >= 2.13) is the playground's: linear from LR * start_factor to LR",
      "# over warmup_steps ticks, then the cosine counted from the end of the warmup, holding alpha * LR.",
      ...call("by_tick = ", `${SCHED}.CosineDecay`, [
        kw("initial_learning_rate", `LR * ${pyFloat(w.startFactor)}`),
        kw("decay_steps", pyInt(p.tMax)),
        alphaArg(p.etaMin),
        kw("warmup_target", "LR"),
        kw("warmup_steps", pyInt(w.steps)),
      ]),
    );
    tickFn = "by_tick";
    tickFnIsSchedule = true;
  } else {
    // plain functions, wrapped in Schedule below
    const custom = p.kind === "oneCycle" || p.kind === "cyclic" || p.kind === "wsd" || p.kind === "inverseSqrt";
    const main = mainDecay(ctx, p, plan, direct && !custom ? "schedule" : "decay", defs);
    if (main.type === "constant" && w === null) return { lines: [`# Constant rate${main.value === "LR" ? "" : " (every milestone is at 0)"}.`], lr: main.value };
    if (main.type === "constant") lines.push(`decay = lambda tick: ${main.value}`);
    else lines.push(...main.lines);
    if (direct) {
      if (main.type === "schedule") return { lines, lr: "schedule" };
      defs.push(SCHEDULE_CLASS);
      return { lines: [...lines, "schedule = Schedule(decay)"], lr: "schedule" };
    }
    tickFn = "decay";
    tickFnIsSchedule = main.type === "schedule";
    if (w !== null) {
      defs.push(linearWarmupDef(KERAS_OPS));
      lines.push(
        `# Linear warmup over ${w.steps} ticks, then the decay counted from the end of the warmup.`,
        ...call("by_tick = ", "linear_warmup", [pos("LR"), kw("start_factor", pyFloat(w.startFactor)), kw("warmup_ticks", pyInt(w.steps)), kw("after", "decay")]),
      );
      tickFn = "by_tick";
      tickFnIsSchedule = false;
    }
  }
  if (plan.mode === "perEpoch") {
    defs.push(SCHEDULE_CLASS);
    lines.push(
      "# The playground holds the rate for a whole epoch: evaluate the policy at the number of completed epochs.",
      `schedule = Schedule(lambda step: ${tickFn}(keras.ops.floor_divide(step, STEPS_PER_EPOCH)))`,
    );
  } else if (tickFnIsSchedule) {
    lines.push(`schedule = ${tickFn}`);
  } else {
    defs.push(SCHEDULE_CLASS);
    lines.push(`schedule = Schedule(${tickFn})`);
  }
  return { lines, lr: "schedule" };
}

function mainDecay(ctx: Ctx, p: Stateless, plan: TickPlan, name: string, defs: string[][]): Main {
  const lhs = `${name} = `;
  const sched = (cls: string, args: Arg[], notes: string[] = []): Main => ({
    type: "schedule",
    lines: [...notes, ...call(lhs, `${SCHED}.${cls}`, args)],
  });
  switch (p.kind) {
    case "constant":
      return { type: "constant", value: "LR" };
    case "step":
      return sched(
        "ExponentialDecay",
        [kw("initial_learning_rate", "LR"), ticksArg("decay_steps", p.stepSize, plan, pyInt), kw("decay_rate", pyFloat(p.gamma)), kw("staircase", "True")],
        [`# Step decay (PyTorch StepLR(step_size=${pyInt(p.stepSize)}, gamma=${pyFloat(p.gamma)})) is a staircase exponential decay.`],
      );
    case "multiStep": {
      const seg = multiStepSegments(p, ctx.opt.lr, plan.factor);
      if (seg.changes.length === 0) return { type: "constant", value: seg.initial === ctx.opt.lr ? "LR" : pyFloat(seg.initial) };
      const unit = plan.mode === "converted" ? "step" : "tick";
      return sched(
        "PiecewiseConstantDecay",
        [
          kw("boundaries", pyList(seg.changes.map((c) => pyInt(c.at - 1))), `the rate changes after ${unit} b, i.e. from ${unit} b + 1`),
          kw("values", pyList([seg.initial, ...seg.changes.map((c) => c.value)].map(pyFloat)), `LR * ${pyFloat(p.gamma)} ** (milestones passed)`),
        ],
        [`# PyTorch MultiStepLR(milestones=${pyList(p.milestones.map(pyInt))}, gamma=${pyFloat(p.gamma)}).`],
      );
    }
    case "exponential":
    case "inverseTime":
      return sched(p.kind === "exponential" ? "ExponentialDecay" : "InverseTimeDecay", [
        kw("initial_learning_rate", "LR"),
        ticksArg("decay_steps", p.decaySteps, plan, pyNum),
        kw("decay_rate", pyFloat(p.decayRate)),
        kw("staircase", pyBool(p.staircase)),
      ]);
    case "polynomial":
      return sched("PolynomialDecay", [
        kw("initial_learning_rate", "LR"),
        kw("decay_steps", pyNum(p.decaySteps)),
        kw("end_learning_rate", pyFloat(p.endLr)),
        kw("power", pyFloat(p.power)),
        kw("cycle", pyBool(p.cycle)),
      ]);
    case "cosine":
      return sched(
        "CosineDecay",
        [kw("initial_learning_rate", "LR"), kw("decay_steps", pyInt(p.tMax)), alphaArg(p.etaMin)],
        ["# Holds alpha * LR after decay_steps, like the playground (PyTorch's CosineAnnealingLR would climb back)."],
      );
    case "cosineRestarts":
      return sched(
        "CosineDecayRestarts",
        [
          kw("initial_learning_rate", "LR"),
          kw("first_decay_steps", pyInt(p.t0)),
          kw("t_mul", pyFloat(p.tMult)),
          kw("m_mul", "1.0"),
          alphaArg(p.etaMin),
        ],
        p.tMult > 1
          ? [
              "# Note: with t_mul > 1 Keras finds the current period with floating-point logarithms, so at some restart",
              "# ticks it lands at the end of the previous period (rate ~ eta_min) instead of the start (rate LR).",
            ]
          : [],
      );
    case "oneCycle":
      defs.push(oneCycleDef(KERAS_OPS));
      return {
        type: "fn",
        lines: [
          "# Keras has no one-cycle schedule; the formula of PyTorch's OneCycleLR (holding its last value):",
          ...call(lhs, "one_cycle", oneCycleArgs(p)),
        ],
      };
    case "cyclic":
      defs.push(cyclicDef(KERAS_OPS));
      return {
        type: "fn",
        lines: ["# Keras has no cyclic schedule; the formula of PyTorch's CyclicLR:", ...call(lhs, "cyclic", cyclicArgs(p))],
      };
    case "wsd":
      defs.push(wsdDef(KERAS_OPS));
      return {
        type: "fn",
        lines: ["# Keras has no warmup-stable-decay schedule; the formula of transformers' get_wsd_schedule:", ...call(lhs, "wsd", wsdArgs(p))],
      };
    case "inverseSqrt":
      defs.push(inverseSqrtDef(KERAS_OPS));
      return {
        type: "fn",
        lines: [
          "# Keras has no inverse-square-root schedule; the formula of transformers' get_inverse_sqrt_schedule:",
          ...call(lhs, "inverse_sqrt", inverseSqrtArgs(p)),
        ],
      };
  }
}

// ---------------------------------------------------------------------------------------------

function plateau(ctx: Ctx, p: PolicyOf<"plateau">, defs: string[][]): { lines: string[]; callback: string } {
  if (p.unit === "epoch" && p.warmup === null) {
    const notes = [
      `Note: Keras reduces after \`patience\` epochs without improvement, PyTorch and the playground after`,
      `patience + 1, hence patience=${pyInt(p.patience + 1)} for the playground's ${pyInt(p.patience)}.`,
    ];
    if (p.thresholdMode === "rel") {
      notes.push(
        `Note: Keras's min_delta is absolute (the playground's threshold_mode "abs"); this policy's "rel" mode asks for`,
        p.mode === "min"
          ? `loss < best * (1 - ${pyFloat(p.threshold)}), which Keras cannot express; min_delta=${pyFloat(p.threshold)} is used as is.`
          : `loss > best * (1 + ${pyFloat(p.threshold)}), which Keras cannot express; min_delta=${pyFloat(p.threshold)} is used as is.`,
        `For a loss near L the equivalent min_delta is ${pyFloat(p.threshold)} * |L|.`,
      );
    }
    if (p.cooldown > 0) {
      notes.push(
        "Note: with cooldown > 0 Keras also counts the last cooldown epoch toward patience, so reductions after the",
        "first come one epoch earlier than in PyTorch.",
      );
    }
    if (p.eps > 0) {
      notes.push(
        `Note: Keras has no eps: it skips a reduction only when the rate is already <= min_lr (PyTorch and the`,
        `playground skip it when the change would be <= eps=${pyFloat(p.eps)}).`,
      );
    }
    return {
      lines: [
        "# The playground's plateau policy (PyTorch ReduceLROnPlateau), fed each epoch's mean training loss:",
        ...call("reduce_lr = ", "keras.callbacks.ReduceLROnPlateau", [
          kw("monitor", '"loss"', "the epoch's mean training loss"),
          kw("factor", pyFloat(p.factor)),
          kw("patience", pyInt(p.patience + 1)),
          kw("mode", JSON.stringify(p.mode)),
          kw("min_delta", pyFloat(p.threshold)),
          kw("cooldown", pyInt(p.cooldown)),
          kw("min_lr", pyFloat(p.minLr)),
        ]),
        ...commented(notes),
      ],
      callback: "reduce_lr",
    };
  }
  defs.push(plateauClassDef());
  const perStep = p.unit === "step";
  defs.push([
    "class PlateauCallback(keras.callbacks.Callback):",
    '    """Sets the optimizer\'s rate from a Plateau at the end of every tick."""',
    "",
    "    def __init__(self, plateau):",
    "        super().__init__()",
    "        self.plateau = plateau",
    "",
    "    def on_train_begin(self, logs=None):",
    "        self.model.optimizer.learning_rate = self.plateau.rate()",
    "",
    perStep ? "    def on_train_batch_end(self, batch, logs=None):" : "    def on_epoch_end(self, epoch, logs=None):",
    '        self.model.optimizer.learning_rate = self.plateau.step(logs["loss"])',
  ]);
  const why = [
    perStep ? "keras.callbacks.ReduceLROnPlateau acts on epochs only" : null,
    p.warmup !== null ? "keras.callbacks.ReduceLROnPlateau cannot follow a warmup schedule" : null,
  ].filter((x): x is string => x !== null);
  const notes = ["The playground's plateau policy written out:", ...why.map((w) => `${w}.`)];
  if (perStep) {
    notes.push(
      'Note: Keras\'s batch logs carry the running mean loss of the epoch so far, not the batch\'s own loss (the',
      "playground's metric for unit \"step\"); for the exact metric use a custom loop calling plateau.step(batch_loss).",
    );
  }
  return {
    lines: [
      ...commented(notes),
      ...call("plateau = ", "Plateau", plateauInstanceArgs(ctx, p)),
      "plateau_callback = PlateauCallback(plateau)",
    ],
    callback: "plateau_callback",
  };
}

function loop(scheduled: boolean, callback: string | null): string[] {
  const fit = `model.fit(x_train, y_train, batch_size=BATCH_SIZE, epochs=EPOCHS${callback === null ? "" : `, callbacks=[${callback}]`})`;
  return commented([
    scheduled ? "Training (Keras advances the schedule by itself, once per optimizer step):" : "Training:",
    'model.compile(optimizer=optimizer, loss="mse")',
    fit,
  ]);
}
