import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultPolicy, POLICY_KINDS } from "../engine/config.ts";
import { lrAt } from "../engine/policies.ts";
import { cloneRun, DEFAULT_RUN, type RunConfig } from "../engine/run-config.ts";
import type { OptimizerConfig, Policy, PolicyKind, Warmup } from "../engine/types.ts";
import { arbOptimizer, arbPolicy, noNegZero } from "../engine/testing/arbitraries.ts";
import { CODE_TARGETS, exportCode, type CodeTarget } from "./code-export.ts";
import { TRANSFORMERS_MARKER } from "./code-export/modern.ts";

/** The default problem: nTrain 6400, batch 32. */
const SPE = 200;

function run(policy: Partial<Policy> & { kind?: PolicyKind } = {}, optimizer: Partial<OptimizerConfig> = {}, epochs = 25): RunConfig {
  const r = cloneRun(DEFAULT_RUN);
  const kind = policy.kind ?? r.policy.kind;
  r.policy = { ...(kind === r.policy.kind ? r.policy : defaultPolicy(kind)), ...policy } as Policy;
  r.optimizer = { ...r.optimizer, ...optimizer };
  r.epochs = epochs;
  return r;
}

function withKind(kind: PolicyKind, extra: Record<string, unknown> = {}): RunConfig {
  const r = cloneRun(DEFAULT_RUN);
  r.policy = { ...defaultPolicy(kind), ...extra } as Policy;
  return r;
}

const python3 = spawnSync("python3", ["-c", "import ast, json"], { encoding: "utf8" }).status === 0;
const numpy = python3 && spawnSync("python3", ["-c", "import numpy"], { encoding: "utf8" }).status === 0;
if (!python3) console.warn("code-export: python3 not found, so the Python parse and numeric checks are skipped");
else if (!numpy) console.warn("code-export: numpy not found, so the numeric checks of the snippets are skipped");

// ---------------------------------------------------------------------------------------------
// Every target x every decay kind, at its defaults, in the default run (Adam, lr 0.025, 200 steps an epoch).

const EXPECTED: { [T in CodeTarget]: { [K in PolicyKind]: string[] } } = {
  pytorch: {
    constant: ["torch.optim.Adam(", "# Constant rate: no scheduler."],
    step: ["lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.5)"],
    multiStep: ["lr_scheduler.MultiStepLR(", "milestones=[5, 10, 15]", "gamma=0.5"],
    exponential: ["lr_scheduler.ExponentialLR(optimizer, gamma=0.5)"],
    inverseTime: ["lr_scheduler.LambdaLR(", "lambda t: 1 / (1 + 0.5 * (t / 1))", "inverse_time_decay"],
    polynomial: ["lr_scheduler.LambdaLR(", "s, d = min(t, 25), 25", "(LR - 0.0001) * (1 - s / d) ** 1.0 + 0.0001"],
    cosine: ["lr_scheduler.CosineAnnealingLR(optimizer, T_max=25, eta_min=0.0)"],
    cosineRestarts: ["lr_scheduler.CosineAnnealingWarmRestarts(", "T_0=5", "T_mult=1", "eta_min=0.0"],
    oneCycle: [
      "lr_scheduler.OneCycleLR(", "max_lr=LR", "total_steps=25", "pct_start=0.3", 'anneal_strategy="cos"',
      "cycle_momentum=False", "div_factor=25.0", "final_div_factor=10000.0", "three_phase=False",
    ],
    cyclic: [
      "lr_scheduler.CyclicLR(", "base_lr=0.0001", "max_lr=LR", "step_size_up=5", "step_size_down=None",
      'mode="triangular"', "gamma=1.0", "cycle_momentum=False",
    ],
    plateau: [
      "lr_scheduler.ReduceLROnPlateau(", 'mode="min"', "factor=0.1", "patience=10", "threshold=0.0001",
      'threshold_mode="rel"', "cooldown=0", "min_lr=0.0", "eps=1e-8", "#     scheduler.step(epoch_loss)",
    ],
    wsd: [
      "def wsd(", "lr_scheduler.LambdaLR(", "lambda t: wsd_lr(t) / LR", "#   scheduler = get_wsd_schedule(", "num_stable_steps=20",
      "num_decay_steps=5", 'decay_type="1-sqrt"',
    ],
    inverseSqrt: ["def inverse_sqrt(", "lr_scheduler.LambdaLR(", "timescale=10000.0", "#   scheduler = get_inverse_sqrt_schedule("],
  },
  keras: {
    constant: ["keras.optimizers.Adam(", "learning_rate=LR", "# Constant rate."],
    step: ["schedules.ExponentialDecay(", "decay_steps=1000,  # 5 epochs x 200 steps per epoch", "decay_rate=0.5", "staircase=True"],
    multiStep: ["schedules.PiecewiseConstantDecay(", "boundaries=[999, 1999, 2999]", "values=[0.025, 0.0125, 0.00625, 0.003125]"],
    exponential: ["schedules.ExponentialDecay(", "decay_steps=1,", "staircase=False", "keras.ops.floor_divide(step, STEPS_PER_EPOCH)"],
    inverseTime: ["schedules.InverseTimeDecay(", "decay_steps=1,", "decay_rate=0.5", "keras.ops.floor_divide(step, STEPS_PER_EPOCH)"],
    polynomial: ["schedules.PolynomialDecay(", "decay_steps=25", "end_learning_rate=0.0001", "power=1.0", "cycle=False"],
    cosine: ["schedules.CosineDecay(", "decay_steps=25", "alpha=0.0"],
    cosineRestarts: ["schedules.CosineDecayRestarts(", "first_decay_steps=5", "t_mul=1.0", "m_mul=1.0", "alpha=0.0"],
    oneCycle: ["def one_cycle(", "keras.ops.where", "total_steps=25", "pct_start=0.3", "div_factor=25.0", "final_div_factor=10000.0", "Schedule(lambda step"],
    cyclic: ["def cyclic(", "base_lr=0.0001", "max_lr=LR", "step_size_up=5", "step_size_down=5", 'mode="triangular"'],
    plateau: [
      "keras.callbacks.ReduceLROnPlateau(", 'monitor="loss"', "factor=0.1", "patience=11", 'mode="min"', "min_delta=0.0001",
      "cooldown=0", "min_lr=0.0", "callbacks=[reduce_lr]",
    ],
    wsd: ["def wsd(", "keras.ops.sqrt", "class Schedule(keras.optimizers.schedules.LearningRateSchedule):", "keras.ops.floor_divide(step, STEPS_PER_EPOCH)"],
    inverseSqrt: ["def inverse_sqrt(", "keras.ops.sqrt", "timescale=10000.0"],
  },
  tf1: {
    constant: ["tf.compat.v1.train.AdamOptimizer(", "learning_rate = LR  # constant rate"],
    step: ["train.exponential_decay(", "global_step,", "decay_steps=1000,  # 5 epochs x 200 steps per epoch", "decay_rate=0.5", "staircase=True"],
    multiStep: ["train.piecewise_constant(", "boundaries=[999, 1999, 2999]", "values=[0.025, 0.0125, 0.00625, 0.003125]"],
    exponential: ["train.exponential_decay(", "tick = global_step // STEPS_PER_EPOCH", "decay_steps=1,"],
    inverseTime: ["train.inverse_time_decay(", "tick,", "decay_rate=0.5"],
    polynomial: ["train.polynomial_decay(", "decay_steps=25", "end_learning_rate=0.0001", "cycle=False"],
    cosine: ["train.cosine_decay(", "decay_steps=25", "alpha=0.0"],
    cosineRestarts: ["train.cosine_decay_restarts(", "first_decay_steps=5", "t_mul=1.0", "m_mul=1.0"],
    oneCycle: ["def one_cycle(", "tf.where", "total_steps=25", "learning_rate = decay(tick)"],
    cyclic: ["def cyclic(", "tf.floor", "base_lr=0.0001", "learning_rate = decay(tick)"],
    plateau: ["class Plateau:", "tf.compat.v1.placeholder(", "Plateau(", "patience=10", 'threshold_mode="rel"', "plateau.step(epoch_loss)"],
    wsd: ["def wsd(", "tf.sqrt", "decay = wsd(", "learning_rate = decay(tick)"],
    inverseSqrt: ["def inverse_sqrt(", "tf.sqrt", "learning_rate = decay(tick)"],
  },
  optax: {
    constant: ["optax.adam(learning_rate=LR, b1=0.9, b2=0.999, eps=1e-8)"],
    step: ["optax.exponential_decay(", "transition_steps=1000,  # 5 epochs x 200 steps per epoch", "decay_rate=0.5", "staircase=True"],
    multiStep: ["optax.piecewise_constant_schedule(", "boundaries_and_scales={1000: 0.5, 2000: 0.5, 3000: 0.5}"],
    exponential: ["optax.exponential_decay(", "transition_steps=1,", "count // STEPS_PER_EPOCH"],
    inverseTime: ["def decay(count):", "return LR / (1 + 0.5 * (count / 1))"],
    polynomial: ["optax.polynomial_schedule(", "end_value=0.0001", "power=1.0", "transition_steps=25"],
    cosine: ["optax.cosine_decay_schedule(", "decay_steps=25", "alpha=0.0"],
    cosineRestarts: ["optax.cosine_decay_schedule(", "period(count % 5)"],
    oneCycle: ["def one_cycle(", "jnp.where", "import jax.numpy as jnp", "cosine_onecycle_schedule", "total_steps=25"],
    cyclic: ["def cyclic(", "jnp.floor", "step_size_up=5"],
    plateau: ["class Plateau:", "optax.inject_hyperparams(make_optimizer)", "optax.contrib.reduce_on_plateau", 'opt_state.hyperparams["learning_rate"]'],
    wsd: ["optax.join_schedules(", "def wsd_cooldown(count):", "1.0 - jnp.sqrt(p)", "optax.constant_schedule(LR)"],
    inverseSqrt: ["optax.join_schedules(", "TIMESCALE = 10000.0", "LR / jnp.sqrt((count + TIMESCALE) / TIMESCALE)"],
  },
};

describe("exportCode: every target x every decay kind", () => {
  for (const target of CODE_TARGETS) {
    for (const kind of POLICY_KINDS) {
      it(`${target} / ${kind}`, () => {
        const config = withKind(kind);
        const code = exportCode(config, target, SPE);
        for (const piece of EXPECTED[target][kind]) expect(code, piece).toContain(piece);
        expect(code).toContain("LR = 0.025");
        expect(code).toContain(`# Decay policy: ${JSON.stringify(config.policy)}`);
        expect(code).toMatch(/^(import|from) /);
        expect(code).not.toMatch(/undefined|NaN|Infinity|\[object/);
      });
    }
  }
});

// ---------------------------------------------------------------------------------------------
// The lesson's two decays, "halve every 5 epochs" and "x0.1 every 5 epochs", reviewed line by line.

const HEAD = (target: string, gamma: string) => `# Exported from the learning-rate decay playground for ${target}.
# Optimizer: {"kind":"adam","lr":0.025,"beta1":0.9,"beta2":0.999,"epsilon":1e-8,"epsilonForm":"hat","amsgrad":false,"weightDecay":0,"decoupled":false}
# Decay policy: {"kind":"step","stepSize":5,"gamma":${gamma},"unit":"epoch","warmup":null}
# The policy ticks once per epoch; this run has 25 ticks.

LR = 0.025  # the base learning rate (the playground's lr)
BATCH_SIZE = 32
STEPS_PER_EPOCH = 200  # optimizer steps per epoch: ceil(n_train / BATCH_SIZE)
EPOCHS = 25
`;

const PAPER_EPS_NOTE = (lib: string) => `# Note (epsilon): ${lib} adds eps outside the bias correction (the Adam paper's form):
#   p -= lr * m_hat / (sqrt(v_hat) + eps), with m_hat = m / (1 - beta1^t), v_hat = v / (1 - beta2^t).
# The playground uses TF1's epsilon-hat (ε̂), added inside it:
#   p -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps_hat).
# eps_hat = 1e-8 corresponds to eps_paper = eps_hat / sqrt(1 - beta2^t), which changes with the step t,
# so no constant eps reproduces it exactly: eps_paper is 3.162e-7 at t = 1, 2.348e-8 at t = 200 (one epoch)
# and tends to 1e-8 as t grows. eps=1e-8 above is that long-run value; to match at a chosen
# step t pass 1e-8 / sqrt(1 - 0.999**t), or write a small custom optimizer with the update above.`;

const GOLDEN: { [T in CodeTarget]: (gamma: string) => string } = {
  pytorch: (g) => `import torch

${HEAD("PyTorch", g)}
model = torch.nn.Linear(10, 1)  # stand-in: use your model
optimizer = torch.optim.Adam(
    model.parameters(),
    lr=LR,
    betas=(0.9, 0.999),
    eps=1e-8,
    weight_decay=0.0,
    amsgrad=False,
)
${PAPER_EPS_NOTE("PyTorch")}

scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=${g})

# Training loop (the scheduler ticks once per epoch):
# for epoch in range(EPOCHS):
#     for x, y in loader:  # STEPS_PER_EPOCH batches of BATCH_SIZE
#         optimizer.zero_grad()
#         loss = loss_fn(model(x), y)
#         loss.backward()
#         optimizer.step()
#     scheduler.step()
`,
  keras: (g) => `import keras

${HEAD("Keras 3", g)}
# Keras schedules count optimizer steps; this policy changes only at whole epochs, so it is written in steps.
# Step decay (PyTorch StepLR(step_size=5, gamma=${g})) is a staircase exponential decay.
schedule = keras.optimizers.schedules.ExponentialDecay(
    initial_learning_rate=LR,
    decay_steps=1000,  # 5 epochs x 200 steps per epoch
    decay_rate=${g},
    staircase=True,
)
optimizer = keras.optimizers.Adam(
    learning_rate=schedule,
    beta_1=0.9,
    beta_2=0.999,
    epsilon=1e-8,
    amsgrad=False,
)
# epsilon: Keras adds epsilon to sqrt(v) before the bias correction (the epsilon-hat form), like the playground; it matches.

# Training (Keras advances the schedule by itself, once per optimizer step):
# model.compile(optimizer=optimizer, loss="mse")
# model.fit(x_train, y_train, batch_size=BATCH_SIZE, epochs=EPOCHS)
`,
  tf1: (g) => `import tensorflow as tf

${HEAD("TensorFlow 1 (tf.compat.v1)", g)}
tf.compat.v1.disable_eager_execution()  # graph mode, as in TF1

global_step = tf.compat.v1.train.get_or_create_global_step()
# The decay changes only at whole epochs, so it is written in optimizer steps (global_step).
# Step decay (PyTorch StepLR(step_size=5, gamma=${g})) is a staircase exponential decay.
learning_rate = tf.compat.v1.train.exponential_decay(
    LR,
    global_step,
    decay_steps=1000,  # 5 epochs x 200 steps per epoch
    decay_rate=${g},
    staircase=True,
)
optimizer = tf.compat.v1.train.AdamOptimizer(
    learning_rate=learning_rate,
    beta1=0.9,
    beta2=0.999,
    epsilon=1e-8,
)
# epsilon: TF1 adds epsilon to sqrt(v) before the bias correction (the epsilon-hat form), like the playground; it matches.

# Training loop (the rate follows global_step, advanced once per optimizer step):
# loss = ...  # your model's scalar loss tensor
# train_op = optimizer.minimize(loss, global_step=global_step)  # also advances global_step
# with tf.compat.v1.Session() as sess:
#     sess.run(tf.compat.v1.global_variables_initializer())
#     for epoch in range(EPOCHS):
#         for x, y in batches():  # STEPS_PER_EPOCH batches of BATCH_SIZE
#             sess.run(train_op, feed_dict={inputs: x, targets: y})
`,
  optax: (g) => `import optax

${HEAD("optax (JAX)", g)}
# optax schedules count optimizer updates; this policy changes only at whole epochs, so it is written in steps.
# Step decay (PyTorch StepLR(step_size=5, gamma=${g})) is a staircase exponential decay.
schedule = optax.exponential_decay(
    init_value=LR,
    transition_steps=1000,  # 5 epochs x 200 steps per epoch
    decay_rate=${g},
    staircase=True,
)
optimizer = optax.adam(learning_rate=schedule, b1=0.9, b2=0.999, eps=1e-8)
${PAPER_EPS_NOTE("optax")}
# (optax's eps_root, added inside the square root, is yet another variant; leave it at 0.)

# Training loop (the schedule advances by itself, once per optimizer.update):
# opt_state = optimizer.init(params)
# for epoch in range(EPOCHS):
#     for batch in batches():  # STEPS_PER_EPOCH batches of BATCH_SIZE
#         loss, grads = jax.value_and_grad(loss_fn)(params, batch)
#         updates, opt_state = optimizer.update(grads, opt_state, params)
#         params = optax.apply_updates(params, updates)
`,
};

describe("exportCode: the lesson's step decays (golden)", () => {
  for (const gamma of [0.5, 0.1]) {
    for (const target of CODE_TARGETS) {
      it(`${target}: x${gamma} every 5 epochs`, () => {
        const code = exportCode(run({ kind: "step", stepSize: 5, gamma }), target, SPE);
        expect(code).toBe(GOLDEN[target](String(gamma)));
      });
    }
  }

  it("the equivalent staircase exponential decay exports the same schedule", () => {
    const exp = run({ kind: "exponential", decaySteps: 5, decayRate: 0.1, staircase: true } as Partial<Policy>);
    expect(exportCode(exp, "pytorch", SPE)).toContain("lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.1)");
    expect(exportCode(exp, "keras", SPE)).toContain("decay_steps=1000,  # 5 epochs x 200 steps per epoch");
    expect(exportCode(exp, "tf1", SPE)).toContain("decay_steps=1000,  # 5 epochs x 200 steps per epoch");
    expect(exportCode(exp, "optax", SPE)).toContain("transition_steps=1000,  # 5 epochs x 200 steps per epoch");
  });
});

// ---------------------------------------------------------------------------------------------

describe("exportCode: epsilon notes", () => {
  const MISMATCH = "no constant";
  const MATCH = "it matches";
  const mismatchFor: { [T in CodeTarget]: "hat" | "paper" } = { pytorch: "hat", optax: "hat", keras: "paper", tf1: "paper" };

  for (const target of CODE_TARGETS) {
    for (const form of ["hat", "paper"] as const) {
      for (const variant of [{}, { amsgrad: true }, { decoupled: true, weightDecay: 0.01 }]) {
        it(`${target}: Adam ${form} ${JSON.stringify(variant)}`, () => {
          const code = exportCode(run({}, { epsilonForm: form, ...variant }), target, SPE);
          const mismatch = mismatchFor[target] === form;
          expect(code.includes(MISMATCH)).toBe(mismatch);
          expect(code.includes(MATCH)).toBe(!mismatch);
          expect(code.split("\n").filter((l) => l.includes("Note (epsilon)"))).toHaveLength(mismatch ? 1 : 0);
        });
      }
    }
    it(`${target}: SGD has no epsilon note`, () => {
      const code = exportCode(run({}, { kind: "sgd", momentum: 0.9, epsilonForm: "paper" }), target, SPE);
      expect(code).not.toMatch(/epsilon-hat|eps_hat|no constant|it matches/);
    });
    it(`${target}: with beta2 = 0 the two forms coincide`, () => {
      const code = exportCode(run({}, { beta2: 0, epsilonForm: mismatchFor[target] }), target, SPE);
      expect(code).toContain("coincide; it matches");
      expect(code).not.toContain(MISMATCH);
    });
  }

  it("states the equivalent epsilon at t = 1 and after one epoch", () => {
    expect(exportCode(run({}, { epsilon: 1e-8, epsilonForm: "hat" }), "pytorch", SPE)).toContain(
      "eps_paper is 3.162e-7 at t = 1, 2.348e-8 at t = 200 (one epoch)",
    );
    expect(exportCode(run({}, { epsilon: 0.1, epsilonForm: "paper" }), "keras", SPE)).toContain(
      "eps_hat is 0.003162 at t = 1, 0.04259 at t = 200 (one epoch)",
    );
    expect(exportCode(run({}, { epsilonForm: "paper" }), "tf1", SPE)).toContain("TF1 has no paper-form Adam built in.");
  });
});

// ---------------------------------------------------------------------------------------------

const WARM: Warmup = { steps: 5, startFactor: 0.1 };

describe("exportCode: warmup composition", () => {
  it("PyTorch: LinearLR then the decay, joined by SequentialLR at W; the warmup is created first", () => {
    const code = exportCode(run({ warmup: WARM }), "pytorch", SPE);
    expect(code).toContain("warmup = torch.optim.lr_scheduler.LinearLR(");
    expect(code).toContain("start_factor=0.1,\n    end_factor=1.0,\n    total_iters=5,");
    expect(code).toContain("main = torch.optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.5)");
    expect(code).toContain("schedulers=[warmup, main],\n    milestones=[5],");
    expect(code.indexOf("warmup = ")).toBeLessThan(code.indexOf("main = "));
  });

  it("PyTorch: start_factor 0 uses a LambdaLR (LinearLR divides by zero in 1.13)", () => {
    const code = exportCode(run({ warmup: { steps: 4, startFactor: 0 } }), "pytorch", SPE);
    expect(code).toContain("lr_lambda=lambda t: min(t, 4) / 4");
    expect(code).toContain("divides by zero in PyTorch 1.13");
    expect(code).not.toContain("lr_scheduler.LinearLR(");
  });

  it("PyTorch: a constant rate after warmup is the warmup scheduler alone", () => {
    const code = exportCode(run({ kind: "constant", warmup: WARM }), "pytorch", SPE);
    expect(code).toContain("scheduler = torch.optim.lr_scheduler.LinearLR(");
    expect(code).not.toContain("SequentialLR");
  });

  it("PyTorch: warmup before one-cycle is a LambdaLR (OneCycleLR would overwrite the warmup's target)", () => {
    const code = exportCode(run({ kind: "oneCycle", warmup: WARM }), "pytorch", SPE);
    expect(code).not.toContain("lr_scheduler.OneCycleLR(");
    expect(code).toContain("OneCycleLR would overwrite the rate the warmup ramps toward");
    expect(code).toContain("main = torch.optim.lr_scheduler.LambdaLR(");
    expect(code).toContain("lr_lambda=lambda t: one_cycle_lr(t) / LR");
  });

  it("PyTorch: warmup before plateau is written out (SequentialLR cannot pass metrics)", () => {
    const code = exportCode(run({ kind: "plateau", warmup: WARM }), "pytorch", SPE);
    expect(code).toContain("SequentialLR cannot pass the metric on to ReduceLROnPlateau");
    expect(code).toContain("def end_tick(tick, metric):");
    expect(code).toContain("    elif tick + 1 == 5:\n        set_lr(LR)\n    else:\n        scheduler.step(metric)");
    expect(code).toContain("#     end_tick(epoch, epoch_loss)");
    expect(code).not.toContain("SequentialLR(");
  });

  it("Keras: cosine uses CosineDecay's own warmup; other decays a linear_warmup function", () => {
    const cos = exportCode(run({ kind: "cosine", warmup: WARM }), "keras", SPE);
    expect(cos).toContain("initial_learning_rate=LR * 0.1,");
    expect(cos).toContain("warmup_target=LR,\n    warmup_steps=5,");
    expect(cos).not.toContain("def linear_warmup");
    const step = exportCode(run({ warmup: WARM }), "keras", SPE);
    expect(step).toContain("def linear_warmup(lr, start_factor, warmup_ticks, after):");
    expect(step).toContain("keras.ops.where(t < warmup_ticks, warm, after(keras.ops.maximum(tick - warmup_ticks, 0)))");
    expect(step).toContain("by_tick = linear_warmup(LR, start_factor=0.1, warmup_ticks=5, after=decay)");
    expect(step).toContain("decay_steps=5,"); // in epochs: evaluated at completed epochs
    expect(step).toContain("schedule = Schedule(lambda step: by_tick(keras.ops.floor_divide(step, STEPS_PER_EPOCH)))");
  });

  it("TF1: linear_warmup on the tick tensor", () => {
    const code = exportCode(run({ warmup: WARM }), "tf1", SPE);
    expect(code).toContain("tf.where(t < warmup_ticks");
    expect(code).toContain("def decay(tick):\n    # Step decay");
    expect(code).toContain("by_tick = linear_warmup(LR, start_factor=0.1, warmup_ticks=5, after=decay)\nlearning_rate = by_tick(tick)");
  });

  it("optax: linear_schedule joined to the decay at W", () => {
    const code = exportCode(run({ warmup: WARM }), "optax", SPE);
    expect(code).toContain("warmup = optax.linear_schedule(init_value=LR * 0.1, end_value=LR, transition_steps=5)");
    expect(code).toContain("by_tick = optax.join_schedules(schedules=[warmup, decay], boundaries=[5])");
    expect(code).toContain("schedule = lambda count: by_tick(count // STEPS_PER_EPOCH)");
    const constant = exportCode(run({ kind: "constant", warmup: WARM, unit: "step" }), "optax", SPE);
    expect(constant).toContain("schedules=[warmup, optax.constant_schedule(LR)]");
    expect(constant).toContain("schedule = by_tick\n");
  });

  it("plateau with warmup: the exact Plateau class carries the warmup (Keras, TF1, optax)", () => {
    for (const target of ["keras", "tf1", "optax"] as const) {
      const code = exportCode(run({ kind: "plateau", warmup: WARM }), target, SPE);
      expect(code, target).toContain("class Plateau:");
      expect(code, target).toContain("warmup_ticks=5,\n    warmup_start_factor=0.1,");
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe("exportCode: built-ins only where they match", () => {
  it("PyTorch exponential: ExponentialLR for decay_steps 1, StepLR for staircase whole steps, else the formula", () => {
    const code = (extra: object) => exportCode(run({ kind: "exponential", decayRate: 0.9, ...extra } as Partial<Policy>), "pytorch", SPE);
    expect(code({ decaySteps: 1, staircase: false })).toContain("ExponentialLR(optimizer, gamma=0.9)");
    expect(code({ decaySteps: 1, staircase: true })).toContain("staircase makes no difference with decay_steps 1");
    expect(code({ decaySteps: 3, staircase: true })).toContain("StepLR(optimizer, step_size=3, gamma=0.9)");
    const smooth = code({ decaySteps: 3, staircase: false });
    expect(smooth).toContain("lr_lambda=lambda t: 0.9 ** (t / 3)");
    const frac = code({ decaySteps: 2.5, staircase: true });
    expect(frac).toContain("lr_lambda=lambda t: 0.9 ** math.floor(t / 2.5)");
    expect(frac).toMatch(/^import math\nimport torch\n/);
  });

  it("PyTorch cosine: CosineAnnealingLR while the run stays within T_max, the exact formula beyond", () => {
    const within = exportCode(run({ kind: "cosine", tMax: 25, etaMin: 0 } as Partial<Policy>), "pytorch", SPE);
    expect(within).toContain("CosineAnnealingLR(optimizer, T_max=25, eta_min=0.0)");
    const beyond = exportCode(run({ kind: "cosine", tMax: 10, etaMin: 0.001 } as Partial<Policy>), "pytorch", SPE);
    expect(beyond).not.toContain("scheduler = torch.optim.lr_scheduler.CosineAnnealingLR");
    expect(beyond).toContain("# Note: CosineAnnealingLR(T_max=10, eta_min=0.001) would climb back up after T_max");
    expect(beyond).toContain("lambda t: (0.001 + (LR - 0.001) * (1 + math.cos(math.pi * min(t, 10) / 10)) / 2) / LR");
  });

  it("PyTorch one-cycle: OneCycleLR only while the run fits in total_steps and pct_start * total_steps != 1", () => {
    const longer = exportCode(run({ kind: "oneCycle", totalSteps: 10 } as Partial<Policy>), "pytorch", SPE);
    expect(longer).not.toContain("lr_scheduler.OneCycleLR(");
    expect(longer).toContain("PyTorch extrapolates at total_steps and");
    const zero = exportCode(run({ kind: "oneCycle", totalSteps: 40, pctStart: 0.025 } as Partial<Policy>), "pytorch", SPE);
    expect(zero).toContain("pct_start * total_steps == 1 makes OneCycleLR divide 0 by 0");
    expect(exportCode(run({ kind: "oneCycle", totalSteps: 25 } as Partial<Policy>), "pytorch", SPE)).toContain("lr_scheduler.OneCycleLR(");
  });

  it("Keras / TF1 cosine restarts with t_mul > 1 note the floating-point period search", () => {
    for (const target of ["keras", "tf1"] as const) {
      const code = exportCode(run({ kind: "cosineRestarts", t0: 2, tMult: 2 } as Partial<Policy>), target, SPE);
      expect(code, target).toContain("with t_mul > 1");
      expect(exportCode(run({ kind: "cosineRestarts", t0: 2, tMult: 1 } as Partial<Policy>), target, SPE)).not.toContain("with t_mul > 1");
    }
    const optax = exportCode(run({ kind: "cosineRestarts", t0: 2, tMult: 2 } as Partial<Policy>), "optax", SPE);
    expect(optax).toContain("periods = [2 * 2**k for k in range(4)]  # covers this run's 25 ticks");
    expect(optax).toContain("boundaries=list(itertools.accumulate(periods))[:-1]");
    expect(optax).toMatch(/^import itertools\n/);
  });

  it("Keras plateau: the built-in callback with patience + 1 and the notes that apply", () => {
    const rel = exportCode(run({ kind: "plateau", patience: 3, cooldown: 2 } as Partial<Policy>), "keras", SPE);
    expect(rel).toContain("patience=4,");
    expect(rel).toContain("Keras's min_delta is absolute");
    expect(rel).toContain("with cooldown > 0 Keras also counts the last cooldown epoch");
    expect(rel).toContain("Keras has no eps");
    const abs = exportCode(run({ kind: "plateau", thresholdMode: "abs", eps: 0 } as Partial<Policy>), "keras", SPE);
    expect(abs).toContain("keras.callbacks.ReduceLROnPlateau(");
    expect(abs).not.toMatch(/min_delta is absolute|cooldown > 0|Keras has no eps/);
    const perStep = exportCode(run({ kind: "plateau", unit: "step" } as Partial<Policy>), "keras", SPE);
    expect(perStep).not.toContain("keras.callbacks.ReduceLROnPlateau(");
    expect(perStep).toContain("def on_train_batch_end(self, batch, logs=None):");
    expect(perStep).toContain("running mean loss of the epoch");
  });

  it("optax one-cycle notes how cosine_onecycle_schedule differs", () => {
    const code = exportCode(withKind("oneCycle"), "optax", SPE);
    expect(code).toContain("# Note: not optax.cosine_onecycle_schedule / linear_onecycle_schedule");
  });

  it("multiStep: milestones at 0 are folded in, repeated ones count once per occurrence", () => {
    const r = run({ kind: "multiStep", milestones: [0, 2, 2, 5], gamma: 0.5 } as Partial<Policy>);
    expect(exportCode(r, "pytorch", SPE)).toContain("milestones=[0, 2, 2, 5]");
    expect(exportCode(r, "keras", SPE)).toContain("boundaries=[399, 999],");
    expect(exportCode(r, "keras", SPE)).toContain("values=[0.0125, 0.003125, 0.0015625],");
    expect(exportCode(r, "tf1", SPE)).toContain("boundaries=[399, 999],");
    const optax = exportCode(r, "optax", SPE);
    expect(optax).toContain("init_value=0.0125,");
    expect(optax).toContain("boundaries_and_scales={400: 0.25, 1000: 0.5}");
    const allZero = run({ kind: "multiStep", milestones: [0], gamma: 0.5 } as Partial<Policy>);
    expect(exportCode(allZero, "keras", SPE)).toContain("learning_rate=0.0125");
    expect(exportCode(allZero, "tf1", SPE)).toContain("learning_rate = 0.0125  # constant rate");
    expect(exportCode(allZero, "optax", SPE)).toContain("learning_rate=0.0125");
  });

  it('unit "step": ticks are optimizer steps (no conversion, scheduler.step() per batch)', () => {
    const r = run({ unit: "step" });
    const torch = exportCode(r, "pytorch", SPE);
    expect(torch).toContain("#         optimizer.step()\n#         scheduler.step()\n");
    expect(torch).toContain('once per optimizer step: policy unit "step"');
    for (const target of ["keras", "tf1", "optax"] as const) {
      const code = exportCode(r, target, SPE);
      expect(code, target).toMatch(/(decay|transition)_steps=5,\n/);
      expect(code, target).not.toContain("STEPS_PER_EPOCH)");
      expect(code, target).not.toContain("epochs x");
    }
    expect(exportCode(run(), "pytorch", SPE)).toContain("#         optimizer.step()\n#     scheduler.step()\n");
  });

  it("SGD: momentum and Nesterov; Keras's velocity form is noted; Nesterov without momentum is dropped", () => {
    const sgd = run({}, { kind: "sgd", momentum: 0.9, nesterov: true, weightDecay: 0.001 });
    expect(exportCode(sgd, "pytorch", SPE)).toMatch(/torch\.optim\.SGD\([\s\S]*momentum=0\.9,\n {4}nesterov=True,\n {4}weight_decay=0\.001,/);
    const keras = exportCode(sgd, "keras", SPE);
    expect(keras).toContain("keras.optimizers.SGD(learning_rate=schedule, momentum=0.9, nesterov=True)");
    expect(keras).toContain("Keras SGD folds the rate into the velocity");
    expect(keras).toContain("kernel_regularizer=keras.regularizers.L2(0.0005)");
    const tf1 = exportCode(sgd, "tf1", SPE);
    expect(tf1).toMatch(/MomentumOptimizer\(\n {4}learning_rate=learning_rate,\n {4}momentum=0\.9,\n {4}use_nesterov=True,\n\)/);
    expect(tf1).toContain("tf.nn.l2_loss");
    const optax = exportCode(sgd, "optax", SPE);
    expect(optax).toContain("optax.add_decayed_weights(0.001),");
    expect(optax).toContain("optax.sgd(learning_rate=schedule, momentum=0.9, nesterov=True)");
    const plain = run({}, { kind: "sgd", momentum: 0, nesterov: true });
    expect(exportCode(plain, "pytorch", SPE)).toContain("nesterov=False");
    expect(exportCode(plain, "tf1", SPE)).toContain("GradientDescentOptimizer(learning_rate=learning_rate)");
    expect(exportCode(plain, "optax", SPE)).toContain("momentum=None, nesterov=False");
    for (const target of CODE_TARGETS) expect(exportCode(plain, target, SPE), target).toContain("nesterov is off");
  });

  it("Adam variants: AdamW, AMSGrad and L2 per library", () => {
    const adamw = run({}, { decoupled: true, weightDecay: 0.01 });
    expect(exportCode(adamw, "pytorch", SPE)).toContain("torch.optim.AdamW(");
    expect(exportCode(adamw, "keras", SPE)).toContain("keras.optimizers.AdamW(");
    expect(exportCode(adamw, "optax", SPE)).toContain("optax.adamw(");
    const tf1 = exportCode(adamw, "tf1", SPE);
    expect(tf1).toContain("TF1 has no built-in AdamW");
    expect(tf1).toContain("decay_op = tf.group(*[v.assign(v * (1 - learning_rate * 0.01)) for _, v in grads_and_vars])");
    const ams = run({}, { amsgrad: true });
    expect(exportCode(ams, "tf1", SPE)).toContain("unsupported: TF1's AdamOptimizer has no AMSGrad");
    expect(exportCode(ams, "optax", SPE)).toContain("optax.amsgrad(");
    expect(exportCode(ams, "optax", SPE)).toContain("Note (AMSGrad)");
    expect(exportCode(run({}, { amsgrad: true, decoupled: true, weightDecay: 0.01 }), "optax", SPE)).toContain("optax.scale_by_amsgrad(");
    const l2 = run({}, { weightDecay: 0.01 });
    expect(exportCode(l2, "pytorch", SPE)).toContain("weight_decay=0.01,");
    expect(exportCode(l2, "keras", SPE)).toContain("Keras's weight_decay argument is decoupled");
    expect(exportCode(l2, "optax", SPE)).toContain("optax.add_decayed_weights(0.01),");
  });

  it("schedule-free AdamW: schedulefree.AdamWScheduleFree and optax.contrib.schedule_free_adamw, argument for argument; Keras and TF1 say they lack it", () => {
    const sf = run({ kind: "constant" } as Partial<Policy>, { kind: "scheduleFree", beta1: 0.95, beta2: 0.99, epsilon: 1e-6, warmupSteps: 100, r: 0.5, weightLrPower: 2, weightDecay: 0.01 });
    const torch = exportCode(sf, "pytorch", SPE);
    for (const piece of [
      "import schedulefree", "schedulefree.AdamWScheduleFree(", "lr=LR", "betas=(0.95, 0.99)", "eps=0.000001", "weight_decay=0.01",
      "warmup_steps=100", "r=0.5", "weight_lr_power=2.0", "optimizer.eval()",
    ]) expect(torch, piece).toContain(piece);
    const optax = exportCode(sf, "optax", SPE);
    for (const piece of [
      "optax.contrib.schedule_free_adamw(", "learning_rate=LR", "warmup_steps=100", "b1=0.95", "b2=0.99", "weight_decay=0.01",
      "weight_lr_power=2.0", "schedule_free_eval_params", "has no r",
    ]) expect(optax, piece).toContain(piece);
    expect(optax).not.toContain("add_decayed_weights");
    for (const target of ["keras", "tf1"] as const) expect(exportCode(sf, target, SPE)).toContain("has no schedule-free AdamW");
  });

  it("rejects a stepsPerEpoch that is not an integer >= 1", () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Infinity]) {
      expect(() => exportCode(run(), "keras", bad)).toThrow(RangeError);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Random valid configs: never "undefined"/"NaN", always imports first and a loop skeleton last.

const arbRun: fc.Arbitrary<RunConfig> = fc.record({
  optimizer: arbOptimizer,
  policy: arbPolicy,
  problem: fc.constant(DEFAULT_RUN.problem),
  batchSize: fc.integer({ min: 1, max: 4096 }),
  seed: fc.constant(1),
  epochs: fc.integer({ min: 1, max: 1_000_000 }),
});

const arbSpe = fc.integer({ min: 1, max: 4096 });

describe("exportCode: any valid config (property)", () => {
  it("prints no undefined / NaN, starts with imports and ends with the training-loop comment", () => {
    fc.assert(
      fc.property(arbRun, arbSpe, fc.constantFrom(...CODE_TARGETS), (config, spe, target) => {
        const code = exportCode(config, target, spe);
        expect(code).not.toMatch(/undefined|NaN|Infinity|\[object|null\(/);
        expect(code).toMatch(/^import [a-z]/);
        expect(code.endsWith("\n")).toBe(true);
        const lines = code.trimEnd().split("\n");
        expect(lines[lines.length - 1]).toMatch(/^# /);
        expect(code).toMatch(/\n# Training/);
        expect(exportCode(config, target, spe)).toBe(code);
      }),
      { numRuns: 1000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Python: every snippet parses; the schedules compute the playground's rates (fake libraries, numpy).

function python(script: string, input: unknown): unknown {
  const r = spawnSync("python3", ["-c", script], { input: JSON.stringify(input), encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as unknown;
}

const PARSE = `import ast, json, sys
bad = []
for item in json.load(sys.stdin):
    try:
        ast.parse(item["code"])
    except SyntaxError as e:
        bad.append(item["id"] + ": " + str(e.msg) + " at line " + str(e.lineno) + ": " + str(e.text))
print(json.dumps(bad))`;

const OPTIMIZER_VARIANTS: Partial<OptimizerConfig>[] = [
  {},
  { epsilonForm: "paper", amsgrad: true, decoupled: true, weightDecay: 0.01 },
  { amsgrad: true, weightDecay: 0.01 },
  { kind: "sgd", momentum: 0.9, nesterov: true, weightDecay: 0.001 },
  { kind: "sgd", momentum: 0, nesterov: true },
  { kind: "scheduleFree", warmupSteps: 10, r: 1, weightLrPower: 2, weightDecay: 0.01 },
];
const WARMUPS: (Warmup | null)[] = [null, { steps: 3, startFactor: 0.25 }, { steps: 2, startFactor: 0 }];

describe.skipIf(!python3)("exported snippets are valid Python (python3 ast.parse)", () => {
  it("every target x kind x unit x warmup x optimizer variant, and random configs", () => {
    const items: { id: string; code: string }[] = [];
    for (const target of CODE_TARGETS) {
      for (const kind of POLICY_KINDS) {
        for (const unit of ["epoch", "step"] as const) {
          for (const warmup of WARMUPS) {
            OPTIMIZER_VARIANTS.forEach((o, i) => {
              const config = run({ ...defaultPolicy(kind), unit, warmup }, o);
              items.push({ id: `${target}/${kind}/${unit}/${JSON.stringify(warmup)}/opt${i}`, code: exportCode(config, target, SPE) });
            });
          }
        }
      }
    }
    fc.sample(fc.tuple(arbRun, arbSpe, fc.constantFrom(...CODE_TARGETS)), { numRuns: 400, seed: 7 }).forEach(([config, spe, target], i) => {
      items.push({ id: `random ${i} ${target}: ${JSON.stringify(config.policy)}`, code: exportCode(config, target, spe) });
    });
    expect(python(PARSE, items)).toEqual([]);
  });
});

/** Small policies, so every step of a short run can be compared. */
const arbSmallPolicy: fc.Arbitrary<Policy> = fc
  .tuple(
    fc.oneof(
      fc.constant({ kind: "constant" }),
      fc.record({ kind: fc.constant("step"), stepSize: fc.integer({ min: 1, max: 6 }), gamma: fc.double({ min: 0.05, max: 2, noNaN: true }) }),
      fc.record({
        kind: fc.constant("multiStep"),
        milestones: fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 5 }).map((a) => a.sort((x, y) => x - y)),
        gamma: fc.double({ min: 0.05, max: 2, noNaN: true }),
      }),
      fc.record({
        kind: fc.constantFrom("exponential", "inverseTime"),
        decaySteps: fc.constantFrom(1, 2, 3, 0.5, 2.5, 7),
        decayRate: fc.double({ min: 0.1, max: 2, noNaN: true }),
        staircase: fc.boolean(),
      }),
      fc.record({
        kind: fc.constant("polynomial"),
        decaySteps: fc.constantFrom(1, 3, 4.5, 10),
        endLr: fc.double({ min: 0, max: 0.05, noNaN: true }),
        power: fc.double({ min: 0.5, max: 3, noNaN: true }),
        cycle: fc.boolean(),
      }),
      fc.record({ kind: fc.constant("cosine"), tMax: fc.integer({ min: 1, max: 12 }), etaMin: fc.double({ min: 0, max: 0.01, noNaN: true }) }),
      fc.record({
        kind: fc.constant("cosineRestarts"),
        t0: fc.integer({ min: 1, max: 5 }),
        tMult: fc.integer({ min: 1, max: 3 }),
        etaMin: fc.double({ min: 0, max: 0.01, noNaN: true }),
      }),
      fc.record({
        kind: fc.constant("oneCycle"),
        totalSteps: fc.integer({ min: 2, max: 20 }),
        pctStart: fc.constantFrom(0.05, 0.1, 0.25, 0.3, 0.5, 0.75, 0.9),
        divFactor: fc.double({ min: 1, max: 100, noNaN: true }),
        finalDivFactor: fc.double({ min: 1, max: 1e4, noNaN: true }),
        annealStrategy: fc.constantFrom("cos", "linear"),
        threePhase: fc.boolean(),
      }),
      fc.record({
        kind: fc.constant("cyclic"),
        baseLr: fc.double({ min: 0, max: 0.01, noNaN: true }),
        stepSizeUp: fc.integer({ min: 1, max: 5 }),
        stepSizeDown: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
        mode: fc.constantFrom("triangular", "triangular2", "expRange"),
        gamma: fc.double({ min: 0.8, max: 1, noNaN: true }),
      }),
    ),
    fc.constantFrom("epoch" as const, "step" as const),
    fc.option(fc.record({ steps: fc.integer({ min: 1, max: 4 }), startFactor: fc.double({ min: 0, max: 1, noNaN: true }).map(noNegZero) }), {
      nil: null,
    }),
  )
  .map(([spec, unit, warmup]) => ({ ...spec, unit, warmup }) as Policy);

/** The numbers a snippet must reproduce: per tick for PyTorch, per optimizer step for the others. */
function numericCase(id: string, config: RunConfig, target: CodeTarget, spe: number, metrics?: number[]) {
  const perEpoch = config.policy.unit === "epoch";
  const ticks = perEpoch ? config.epochs : config.epochs * spe;
  const plateau = metrics !== undefined;
  const n = target === "pytorch" || plateau ? ticks : config.epochs * spe;
  const tickOf = (k: number) => (target === "pytorch" || plateau || !perEpoch ? k : Math.floor(k / spe));
  const want = Array.from({ length: n }, (_, k) => lrAt(config.policy, config.optimizer.lr, tickOf(k), metrics));
  return { id, target, code: exportCode(config, target, spe), n, want, metrics: metrics ?? null };
}

type NumericCase = ReturnType<typeof numericCase>;

describe.skipIf(!numpy)("exported schedules reproduce the playground's rates (python3 + numpy, fake libraries)", () => {
  const SMALL: Record<Exclude<PolicyKind, "plateau">, object> = {
    constant: {},
    step: { stepSize: 2, gamma: 0.5 },
    multiStep: { milestones: [0, 2, 2, 5], gamma: 0.3 },
    exponential: { decaySteps: 2.5, decayRate: 0.7, staircase: false },
    inverseTime: { decaySteps: 2, decayRate: 0.5, staircase: true },
    polynomial: { decaySteps: 4.5, endLr: 0.001, power: 2, cycle: true },
    cosine: { tMax: 5, etaMin: 0.001 },
    cosineRestarts: { t0: 2, tMult: 1, etaMin: 0.001 },
    oneCycle: { totalSteps: 6, pctStart: 0.3, threePhase: true, annealStrategy: "linear" },
    cyclic: { baseLr: 0.001, stepSizeUp: 2, stepSizeDown: 3, mode: "triangular2" },
    wsd: { warmupTicks: 2, stableTicks: 2, decayTicks: 3, warmupShape: "cosine", decayShape: "1-sqrt", minLrRatio: 0.1 },
    inverseSqrt: { warmupTicks: 2, timescale: 3 },
  };

  function check(cases: NumericCase[]) {
    const results = python(HARNESS, cases) as { id: string; ok: boolean; bad?: unknown; error?: string }[];
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results).toHaveLength(cases.length);
  }

  it("every stateless kind x unit x warmup x target (3 steps an epoch, 8 epochs)", () => {
    const cases: NumericCase[] = [];
    for (const [kind, fields] of Object.entries(SMALL)) {
      for (const unit of ["epoch", "step"] as const) {
        for (const warmup of WARMUPS) {
          const config = run({ ...defaultPolicy(kind as PolicyKind), ...fields, unit, warmup } as Partial<Policy>, {}, 8);
          for (const target of CODE_TARGETS) cases.push(numericCase(`${target}/${kind}/${unit}/${JSON.stringify(warmup)}`, config, target, 3));
        }
      }
    }
    check(cases);
  });

  it("the lesson's decays, a cosine longer than T_max and one-cycle past total_steps (PyTorch's raw built-ins would differ)", () => {
    const configs = [
      run({ kind: "step", stepSize: 5, gamma: 0.1 }, {}, 12),
      run({ kind: "cosine", tMax: 4, etaMin: 0.002 } as Partial<Policy>, {}, 12),
      run({ kind: "oneCycle", totalSteps: 5 } as Partial<Policy>, {}, 12),
      run({ kind: "oneCycle", totalSteps: 4, pctStart: 0.25 } as Partial<Policy>, {}, 12),
      run({ kind: "oneCycle", totalSteps: 12, warmup: { steps: 2, startFactor: 0.5 } } as Partial<Policy>, {}, 12),
      run({ kind: "cyclic", mode: "expRange", gamma: 0.9, stepSizeDown: 1 } as Partial<Policy>, {}, 12),
    ];
    check(configs.flatMap((c, i) => CODE_TARGETS.map((t) => numericCase(`${t}/fixed ${i}`, c, t, 2))));
  });

  it("WSD (every warmup x cooldown shape) and the inverse square root, in every target, and the commented transformers call", () => {
    const shapes = ["linear", "cosine", "1-sqrt"] as const;
    const policies: Partial<Policy>[] = [];
    for (const warmupShape of shapes) {
      for (const decayShape of shapes) {
        policies.push({ kind: "wsd", warmupTicks: 3, stableTicks: 4, decayTicks: 5, warmupShape, decayShape, minLrRatio: 0.2, numCycles: 0.75 } as Partial<Policy>);
      }
    }
    policies.push(
      { kind: "wsd", warmupTicks: 0, stableTicks: 0, decayTicks: 1, minLrRatio: 0 } as Partial<Policy>,
      { kind: "wsd", warmupTicks: 1, stableTicks: 6, decayTicks: 10, unit: "step" } as Partial<Policy>,
      { kind: "inverseSqrt", warmupTicks: 0, timescale: null } as Partial<Policy>,
      { kind: "inverseSqrt", warmupTicks: 4, timescale: null, unit: "step" } as Partial<Policy>,
      { kind: "inverseSqrt", warmupTicks: 3, timescale: 7 } as Partial<Policy>,
    );
    const cases: NumericCase[] = [];
    policies.forEach((p, i) => {
      for (const warmup of [null, { steps: 2, startFactor: 0.5 }]) {
        const config = run({ ...p, warmup } as Partial<Policy>, {}, 14);
        for (const target of CODE_TARGETS) cases.push(numericCase(`${target}/modern ${i} ${JSON.stringify(warmup)}`, config, target, 2));
        // The commented 🤗 transformers call builds the same PyTorch scheduler.
        const c = numericCase(`transformers/modern ${i} ${JSON.stringify(warmup)}`, config, "pytorch", 2);
        const lines = c.code.split("\n");
        const at = lines.findIndex((l) => l.startsWith(`# ${TRANSFORMERS_MARKER}`));
        expect(at, c.id).toBeGreaterThan(0);
        for (let k = at + 1; k < lines.length && lines[k].startsWith("#   "); k++) lines[k] = lines[k].slice(4);
        cases.push({ ...c, code: lines.join("\n") });
      }
    });
    check(cases);
  });

  it("random small policies (property sample)", () => {
    const samples = fc.sample(
      fc.tuple(arbSmallPolicy, fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 4 }), fc.double({ min: 0.001, max: 0.1, noNaN: true })),
      { numRuns: 250, seed: 11 },
    );
    const cases: NumericCase[] = [];
    for (const [i, [policy, epochs, spe, lr]] of samples.entries()) {
      const config = run(policy, { lr }, epochs);
      for (const target of CODE_TARGETS) {
        // Documented inexact: Keras / TF1 find restart periods with logarithms when t_mul > 1.
        if (policy.kind === "cosineRestarts" && policy.tMult > 1 && (target === "keras" || target === "tf1")) continue;
        cases.push(numericCase(`${target}/random ${i}: ${JSON.stringify(policy)}`, config, target, spe));
      }
    }
    check(cases);
  });

  it("plateau (written out for Keras per step or after warmup, TF1 and optax) follows lrAt with metrics", () => {
    const metrics = [1, 0.9, 0.95, 0.96, 0.97, 0.5, 0.5, 0.5, 0.49, 0.49, 0.6, 0.3, 0.3, 0.3, 0.3, 0.3, 0.31, 0.2, 0.2, 0.2];
    const cases: NumericCase[] = [];
    const plateaus: Partial<Policy>[] = [
      { kind: "plateau", patience: 1, unit: "step" } as Partial<Policy>,
      { kind: "plateau", patience: 0, cooldown: 2, thresholdMode: "abs", threshold: 0.01, warmup: { steps: 3, startFactor: 0.2 } } as Partial<Policy>,
      { kind: "plateau", mode: "max", patience: 1, factor: 0.5, minLr: 0.01, unit: "step", warmup: { steps: 2, startFactor: 0 } } as Partial<Policy>,
    ];
    plateaus.forEach((p, i) => {
      const config = run(p, {}, 20);
      for (const target of ["keras", "tf1", "optax"] as const) cases.push(numericCase(`${target}/plateau ${i}`, config, target, 1, metrics));
    });
    check(cases);
  });
});

// The fake libraries: just enough of torch.optim.lr_scheduler (PyTorch 1.13 closed forms, no clamping),
// keras.optimizers.schedules / tf.compat.v1.train (their source formulas) and optax schedules, in float64
// numpy and vectorised over steps. The harness runs each snippet and compares its rates with lrAt.
const HARNESS = String.raw`import json, math, sys, traceback, types
import numpy as np

np.seterr(all="ignore")
F = np.float64
STATE = {"n": 0}


def mod(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    sys.modules[name] = m
    return m


NS = types.SimpleNamespace


class Opt:
    def __init__(self, *args, **kw):
        self.learning_rate = kw.get("learning_rate", kw.get("lr", args[0] if args else None))
        self.lr = self.learning_rate
        self.param_groups = [{"lr": self.lr}]


# ---- torch.optim.lr_scheduler, closed forms of PyTorch 1.13 (no holding, no clamping)
class Sched:
    def __init__(self, optimizer, **kw):
        self.lr, self.kw = optimizer.lr, kw


class StepLR(Sched):
    def at(self, t):
        return self.lr * self.kw["gamma"] ** (t // self.kw["step_size"])


class MultiStepLR(Sched):
    def at(self, t):
        return self.lr * self.kw["gamma"] ** sum(1 for m in self.kw["milestones"] if m <= t)


class ExponentialLR(Sched):
    def at(self, t):
        return self.lr * self.kw["gamma"] ** t


class LambdaLR(Sched):
    def at(self, t):
        return self.lr * self.kw["lr_lambda"](t)


class LinearLR(Sched):
    def at(self, t):
        s, e, n = self.kw["start_factor"], self.kw["end_factor"], self.kw["total_iters"]
        if s <= 0:
            raise ZeroDivisionError("LinearLR start_factor 0")
        return self.lr * (s + (e - s) * min(t, n) / n)


class CosineAnnealingLR(Sched):
    def at(self, t):
        eta, T = self.kw["eta_min"], self.kw["T_max"]
        return eta + (self.lr - eta) * (1 + math.cos(math.pi * t / T)) / 2


class CosineAnnealingWarmRestarts(Sched):
    def at(self, t):
        ti, tc = self.kw["T_0"], t
        while tc >= ti:
            tc -= ti
            ti *= self.kw["T_mult"]
        eta = self.kw["eta_min"]
        return eta + (self.lr - eta) * (1 + math.cos(math.pi * tc / ti)) / 2


class OneCycleLR(Sched):
    def at(self, t):
        k = self.kw
        T = k["total_steps"]
        if t > T:
            raise ValueError("OneCycleLR stepped past total_steps")
        mx = k["max_lr"]
        init = mx / k["div_factor"]
        mn = init / k["final_div_factor"]
        up = float(k["pct_start"] * T) - 1
        if k["three_phase"]:
            phases = [(up, init, mx), (float(2 * k["pct_start"] * T) - 2, mx, init), (T - 1, init, mn)]
        else:
            phases = [(up, init, mx), (T - 1, mx, mn)]
        start = 0
        for i, (end, a, b) in enumerate(phases):
            if t <= end or i == len(phases) - 1:
                pct = (t - start) / (end - start)
                if k["anneal_strategy"] == "cos":
                    return b + (a - b) / 2.0 * (math.cos(math.pi * pct) + 1)
                return (b - a) * pct + a
            start = end


class CyclicLR(Sched):
    def at(self, t):
        k = self.kw
        up = k["step_size_up"]
        down = up if k["step_size_down"] is None else k["step_size_down"]
        size = up + down
        ratio = up / size
        cycle = math.floor(1 + t / size)
        x = 1.0 + t / size - cycle
        scale = x / ratio if x <= ratio else (x - 1) / (ratio - 1)
        h = (k["max_lr"] - k["base_lr"]) * scale
        assert k["cycle_momentum"] is False
        f = {"triangular": 1.0, "triangular2": 1 / (2.0 ** (cycle - 1)), "exp_range": k["gamma"] ** t}[k["mode"]]
        return k["base_lr"] + h * f


class SequentialLR:
    def __init__(self, optimizer, schedulers, milestones):
        self.s, self.m = schedulers, milestones

    def at(self, t):
        return self.s[0].at(t) if t < self.m[0] else self.s[1].at(t - self.m[0])


class ReduceLROnPlateau(Sched):
    pass


_sched = [StepLR, MultiStepLR, ExponentialLR, LambdaLR, LinearLR, CosineAnnealingLR, CosineAnnealingWarmRestarts,
          OneCycleLR, CyclicLR, SequentialLR, ReduceLROnPlateau]
mod("torch", nn=NS(Linear=lambda *a: NS(parameters=lambda: [])),
    optim=NS(Adam=Opt, AdamW=Opt, SGD=Opt, lr_scheduler=NS(**{c.__name__: c for c in _sched})))


# ---- Keras 3 schedules and TF1 decays (the same formulas), vectorised over steps, float64
def f64(x, dtype=None):
    return np.asarray(x, F)


def exp_decay(lr, step, decay_steps, rate, staircase):
    p = f64(step) / decay_steps
    if staircase:
        p = np.floor(p)
    return lr * np.power(F(rate), p)


def inv_decay(lr, step, decay_steps, rate, staircase):
    p = f64(step) / decay_steps
    if staircase:
        p = np.floor(p)
    return lr / (1 + rate * p)


def piecewise(step, boundaries, values):
    step = np.asarray(step)
    out = np.where(step <= boundaries[0], values[0], 0.0) + np.where(step > boundaries[-1], values[-1], 0.0)
    for lo, hi, v in zip(boundaries[:-1], boundaries[1:], values[1:-1]):
        out = out + np.where((step > lo) & (step <= hi), v, 0.0)
    return out


def poly_decay(lr, step, decay_steps, end, power, cycle):
    s, d = f64(step), F(decay_steps)
    if cycle:
        d = d * np.where(s == 0, 1.0, np.ceil(s / d))
    else:
        s = np.minimum(s, d)
    return (lr - end) * np.power(1 - s / d, power) + end


def cos_decay(lr, step, decay_steps, alpha, warmup_target=None, warmup_steps=0):
    def decay(s, frm):
        return frm * ((1 - alpha) * (0.5 * (1.0 + np.cos(np.pi * (s / decay_steps)))) + alpha)

    s = f64(step)
    if warmup_target is None:
        return decay(np.minimum(s, decay_steps), lr)
    s = np.minimum(s, decay_steps + warmup_steps)
    return np.where(s < warmup_steps, (warmup_target - lr) * (s / warmup_steps) + lr, decay(s - warmup_steps, warmup_target))


def cos_restarts(lr, step, first, t_mul, m_mul, alpha):
    frac = f64(step) / first
    if t_mul == 1.0:
        i = np.floor(frac)
        frac = frac - i
    else:
        i = np.floor(np.log(1.0 - frac * (1.0 - t_mul)) / np.log(t_mul))
        sum_r = (1.0 - t_mul ** i) / (1.0 - t_mul)
        frac = (frac - sum_r) / t_mul ** i
    return lr * ((1 - alpha) * (0.5 * m_mul ** i * (1.0 + np.cos(np.pi * frac))) + alpha)


class LRS:
    pass


def sched_class(fn):
    class S(LRS):
        def __init__(self, *args, **kw):
            self.args, self.kw = args, kw

        def __call__(self, step):
            return fn(step, *self.args, **self.kw)
    return S


K = NS(
    ExponentialDecay=sched_class(lambda step, initial_learning_rate, decay_steps, decay_rate, staircase=False:
                                 exp_decay(initial_learning_rate, step, decay_steps, decay_rate, staircase)),
    InverseTimeDecay=sched_class(lambda step, initial_learning_rate, decay_steps, decay_rate, staircase=False:
                                 inv_decay(initial_learning_rate, step, decay_steps, decay_rate, staircase)),
    PiecewiseConstantDecay=sched_class(lambda step, boundaries, values: piecewise(step, boundaries, values)),
    PolynomialDecay=sched_class(lambda step, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False:
                                poly_decay(initial_learning_rate, step, decay_steps, end_learning_rate, power, cycle)),
    CosineDecay=sched_class(lambda step, initial_learning_rate, decay_steps, alpha=0.0, warmup_target=None, warmup_steps=0:
                            cos_decay(initial_learning_rate, step, decay_steps, alpha, warmup_target, warmup_steps)),
    CosineDecayRestarts=sched_class(lambda step, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0:
                                    cos_restarts(initial_learning_rate, step, first_decay_steps, t_mul, m_mul, alpha)),
    LearningRateSchedule=LRS,
)
mod("keras",
    ops=NS(cast=f64, where=np.where, cos=np.cos, floor=np.floor, minimum=np.minimum, maximum=np.maximum,
           floor_divide=np.floor_divide, sqrt=np.sqrt),
    optimizers=NS(Adam=Opt, AdamW=Opt, SGD=Opt, schedules=K),
    callbacks=NS(ReduceLROnPlateau=Opt, Callback=object),
    regularizers=NS(L2=Opt))

train = NS(
    exponential_decay=lambda learning_rate, global_step, decay_steps, decay_rate, staircase=False:
        exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase),
    inverse_time_decay=lambda learning_rate, global_step, decay_steps, decay_rate, staircase=False:
        inv_decay(learning_rate, global_step, decay_steps, decay_rate, staircase),
    piecewise_constant=lambda x, boundaries, values: piecewise(x, boundaries, values),
    polynomial_decay=lambda learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False:
        poly_decay(learning_rate, global_step, decay_steps, end_learning_rate, power, cycle),
    cosine_decay=lambda learning_rate, global_step, decay_steps, alpha=0.0: cos_decay(learning_rate, global_step, decay_steps, alpha),
    cosine_decay_restarts=lambda learning_rate, global_step, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0:
        cos_restarts(learning_rate, global_step, first_decay_steps, t_mul, m_mul, alpha),
    get_or_create_global_step=lambda: np.arange(STATE["n"]),
    AdamOptimizer=Opt, MomentumOptimizer=Opt, GradientDescentOptimizer=Opt,
)
mod("tensorflow",
    compat=NS(v1=NS(train=train, disable_eager_execution=lambda: None, placeholder=lambda *a, **k: None)),
    cast=f64, float32=F, where=np.where, cos=np.cos, floor=np.floor, minimum=np.minimum, maximum=np.maximum, sqrt=np.sqrt)


# ---- optax schedules (as in optax/schedules/_schedule.py and _join.py), vectorised
def o_exponential_decay(init_value, transition_steps, decay_rate, transition_begin=0, staircase=False):
    def schedule(count):
        dec = count - transition_begin
        p = dec / transition_steps
        if staircase:
            p = np.floor(p)
        return np.where(dec <= 0, init_value, init_value * np.power(F(decay_rate), p))
    return schedule


def o_polynomial_schedule(init_value, end_value, power, transition_steps, transition_begin=0):
    def schedule(count):
        c = np.clip(count - transition_begin, 0, transition_steps)
        return (init_value - end_value) * ((1 - c / transition_steps) ** power) + end_value
    return schedule


def o_piecewise_constant_schedule(init_value, boundaries_and_scales=None):
    def schedule(count):
        v = init_value
        for threshold, scale in sorted((boundaries_and_scales or {}).items()):
            ind = np.maximum(0.0, np.sign(threshold - count))
            v = v * ind + (1 - ind) * scale * v
        return v
    return schedule


def o_cosine_decay_schedule(init_value, decay_steps, alpha=0.0):
    def schedule(count):
        c = np.minimum(f64(count), decay_steps)
        return init_value * ((1 - alpha) * (0.5 * (1 + np.cos(np.pi * c / decay_steps))) + alpha)
    return schedule


def o_join_schedules(schedules, boundaries):
    def schedule(step):
        out = schedules[0](step)
        for b, s in zip(boundaries, schedules[1:]):
            out = np.where(step < b, out, s(step - b))
        return out
    return schedule


def o_opt(*args, **kw):
    return Opt(*args, **kw)


def o_chain(*ts):
    return next((t for t in ts if getattr(t, "learning_rate", None) is not None), Opt())


mod("jax.numpy", asarray=f64, float32=F, floor=np.floor, ceil=np.ceil, maximum=np.maximum, minimum=np.minimum,
    where=np.where, cos=np.cos, sqrt=np.sqrt, pi=np.pi)
mod("jax")
mod("optax", exponential_decay=o_exponential_decay, polynomial_schedule=o_polynomial_schedule,
    linear_schedule=lambda init_value, end_value, transition_steps: o_polynomial_schedule(init_value, end_value, 1, transition_steps),
    constant_schedule=lambda v: (lambda count: v), piecewise_constant_schedule=o_piecewise_constant_schedule,
    cosine_decay_schedule=o_cosine_decay_schedule, join_schedules=o_join_schedules,
    adam=o_opt, adamw=o_opt, amsgrad=o_opt, sgd=o_opt, chain=o_chain, add_decayed_weights=lambda *a: Opt(),
    scale_by_amsgrad=lambda *a, **k: Opt(), scale_by_learning_rate=lambda lr: Opt(learning_rate=lr),
    inject_hyperparams=lambda f: (lambda **k: Opt(**k)), contrib=NS(schedule_free_adamw=o_opt))

# ---- schedule_free (PyTorch) and 🤗 transformers' schedulers (transformers/optimization.py, their lambdas)
mod("schedulefree", AdamWScheduleFree=Opt)


def t_wsd(optimizer, num_warmup_steps, num_decay_steps, num_training_steps=None, num_stable_steps=None,
          warmup_type="linear", decay_type="cosine", min_lr_ratio=0, num_cycles=0.5, last_epoch=-1):
    def lam(step):
        if step < num_warmup_steps:
            progress = float(step) / float(max(1, num_warmup_steps))
            factor = {"linear": progress, "cosine": 0.5 * (1.0 - math.cos(math.pi * progress)),
                      "1-sqrt": 1.0 - math.sqrt(1.0 - progress)}[warmup_type]
            return max(0.0, factor * (1.0 - min_lr_ratio) + min_lr_ratio)
        if step < num_warmup_steps + num_stable_steps:
            return 1.0
        if step < num_warmup_steps + num_stable_steps + num_decay_steps:
            progress = float(step - num_warmup_steps - num_stable_steps) / float(max(1, num_decay_steps))
            factor = {"linear": 1.0 - progress, "cosine": 0.5 * (1.0 + math.cos(math.pi * float(num_cycles) * 2.0 * progress)),
                      "1-sqrt": 1.0 - math.sqrt(progress)}[decay_type]
            return max(0.0, factor * (1.0 - min_lr_ratio) + min_lr_ratio)
        return min_lr_ratio
    return LambdaLR(optimizer, lr_lambda=lam)


def t_inverse_sqrt(optimizer, num_warmup_steps, timescale=None, last_epoch=-1):
    timescale = timescale or (num_warmup_steps or 10000)

    def lam(step):
        if step < num_warmup_steps:
            return float(step) / float(max(1, num_warmup_steps))
        return 1.0 / math.sqrt((step + timescale - num_warmup_steps) / timescale)
    return LambdaLR(optimizer, lr_lambda=lam)


mod("transformers", get_wsd_schedule=t_wsd, get_inverse_sqrt_schedule=t_inverse_sqrt)


def rates(case):
    STATE["n"] = case["n"]
    ns = {}
    exec(compile(case["code"], case["id"], "exec"), ns)
    n, target = case["n"], case["target"]
    if case.get("metrics") is not None:
        plateau = ns["plateau"]
        out = [plateau.rate()]
        for m in case["metrics"][: n - 1]:
            out.append(plateau.step(m))
        return out
    if target == "pytorch":
        s = ns.get("scheduler")
        return [ns["LR"]] * n if s is None else [s.at(t) for t in range(n)]
    if target == "tf1":
        lr = ns["learning_rate"]
    else:
        lr = ns["optimizer"].learning_rate
    if callable(lr):
        lr = lr(np.arange(n))
    return [float(x) for x in np.broadcast_to(np.asarray(lr, F), (n,))]


results = []
for case in json.load(sys.stdin):
    try:
        got = rates(case)
        bad = None
        for i, (g, w) in enumerate(zip(got, case["want"])):
            if not abs(g - w) <= 1e-9 * abs(w) + 1e-15:
                bad = {"i": i, "got": g, "want": w}
                break
        results.append({"id": case["id"], "ok": bad is None and len(got) == len(case["want"]), "bad": bad})
    except Exception:
        results.append({"id": case["id"], "ok": False, "error": traceback.format_exc(limit=3)})
print(json.dumps(results))
`;
