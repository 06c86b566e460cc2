// The guided lessons: a few sentences each (English and Simplified Chinese, the lesson's original
// language) plus the configuration they open, with the comparison runs pinned beside it. Pinned
// runs share the main run's seed, so data and gradient noise are identical and only the named
// setting differs.

import { DEFAULT_BAND_SEEDS } from "../engine/ensemble.ts";
import { DEFAULT_RUN, cloneRun, finalStepRate, preset, type RunConfig } from "../engine/run-config.ts";
import type { Policy } from "../engine/types.ts";
import type { Lang } from "./i18n.ts";
import type { LessonView } from "./views.ts";

export type LessonId =
  | "plateau"
  | "halve-vs-tenth"
  | "epsilon-hat"
  | "bias-correction"
  | "warmup-cosine-plateau"
  | "noise-floor"
  | "decay-at-end";

export interface Lesson {
  id: LessonId;
  title: Record<Lang, string>;
  /** A few sentences; plain text (never markup). */
  text: Record<Lang, string>;
  /** What to look at on the page. */
  look: Record<Lang, string>;
  config: RunConfig;
  /** Comparison runs drawn as dashed lines, each with a short label. */
  pins: { label: Record<Lang, string>; config: RunConfig }[];
  /** The live run's name while it still has the lesson's settings ("This run" otherwise). */
  liveLabel?: Record<Lang, string>;
  /** How the charts open for it (x unit, log x, which chart is the point, seed bands, theory). */
  view?: LessonView;
  /** What the charts mark on the runs, matching `look`; placed from the runs' own numbers. */
  callouts: CalloutSpec[];
}

/** A run of the lesson: the live run or its comparison run number `n` (0-based). */
export type RunRef = "live" | number;

/**
 * A mark drawn on a chart, from the run's own data (charts/callouts.ts places and words it):
 * - `band`: where the run rattles inside the lesson's band ("rattles 0.7–0.9");
 * - `firstDecay`: the run's first scheduled decay;
 * - `settles`: the run's last loss ("settles at 0.53");
 * - `reaches`: the first point where the run's loss gets below `level` ("… below 0.7 here (epoch 8.2)");
 * - `end`: the run's final loss, labelled with its name;
 * - `decays`: every decay of the run, in its colour (pinned runs' markers are otherwise not drawn);
 * - `lrT`: on the learning-rate chart, lr_t/lr at step 1, at its lowest and at the last step;
 * - `sameUntil`: the last step up to which `run` and every one of `others` have the very same loss
 *   (bit for bit: same seed, same rates), drawn as a vertical rule.
 */
export type CalloutSpec =
  | { kind: "band"; run: RunRef; band: readonly [number, number] }
  | { kind: "firstDecay" | "settles" | "end" | "decays"; run: RunRef }
  | { kind: "reaches"; run: RunRef; level: number }
  | { kind: "lrT"; run: "live" }
  | { kind: "sameUntil"; run: RunRef; others: readonly RunRef[] };

/** The default run's steps an epoch: 6,400 examples in batches of 32. */
const STEPS_PER_EPOCH = 200;

const constant: Policy = { kind: "constant", unit: "epoch", warmup: null };

function withPolicy(policy: Policy, base: RunConfig = cloneRun(DEFAULT_RUN)): RunConfig {
  return { ...base, policy };
}

function constantRate(lr: number): RunConfig {
  const c = withPolicy(constant);
  return { ...c, optimizer: { ...c.optimizer, lr } };
}

/**
 * Lesson 7's runs: the default run (lr 0.025, 25 epochs of 200 steps) per step, so every schedule
 * changes the rate step by step. WSD holds lr for 80% of the run and cools down over the last 20%
 * with 1-sqrt (Hägele et al. 2024); "WSD extended" is the same stable phase run to epoch 24, then a
 * 20% cooldown of its 30 epochs.
 */
function wsdRun(epochs: number): RunConfig {
  const total = epochs * STEPS_PER_EPOCH;
  const decayTicks = Math.round(total * 0.2);
  return {
    ...withPolicy({
      kind: "wsd", warmupTicks: 0, stableTicks: total - decayTicks, decayTicks, warmupShape: "linear", decayShape: "1-sqrt",
      minLrRatio: 0, numCycles: 0.5, unit: "step", warmup: null,
    }),
    epochs,
  };
}

function scheduleFreeRun(): RunConfig {
  const c = withPolicy(constant);
  return { ...c, optimizer: { ...c.optimizer, kind: "scheduleFree" } };
}

function withEpsilon(epsilon: number): RunConfig {
  const c = cloneRun(DEFAULT_RUN);
  return { ...c, optimizer: { ...c.optimizer, epsilon } };
}

export const LESSONS: readonly Lesson[] = [
  {
    id: "plateau",
    title: { en: "1. The plateau", zh: "1. 平台期" },
    text: {
      en:
        "With a fixed learning rate Adam soon stops improving: the training loss rattles between about 0.7 and 0.9. " +
        "A smaller rate gets lower, but takes far longer. Decaying the rate as training goes on gets both: fast progress first, a low floor later.",
      zh:
        "学习率固定时，Adam 很快就不再进步：训练损失在 0.7 到 0.9 之间来回震荡。" +
        "调小学习率可以降得更低，但训练慢得多。随着训练逐步衰减学习率，两者兼得：先快速下降，后稳定在更低处。",
    },
    look: {
      en: "Three runs on the same data and noise. The constant rate rattles in the shaded band; right after the first decay the halved run settles below it; the low rate (lr/16) gets below the band too, but many epochs later. " +
        "Each run's light band is the same setting on other seeds (10–90% of them; thin line: their median): every seed rattles the same way.",
      zh: "同一数据、同一噪声下的三条曲线。恒定学习率在阴影带内震荡；第一次衰减之后，减半的曲线马上稳定到带下方；小学习率 (lr/16) 也能降到带下方，但要晚很多个 epoch。" +
        "每条曲线周围的浅色带是同一设置在其他随机种子上的结果（10%–90%，细线为中位数）：每个种子都一样地震荡。",
    },
    config: preset("default"),
    pins: [
      { label: { en: "constant rate", zh: "恒定学习率" }, config: preset("no-decay") },
      { label: { en: `constant low rate (lr/16)`, zh: "恒定小学习率 (lr/16)" }, config: preset("low-lr") },
    ],
    // Bands on: the rattle is a law of the setting, not the luck of one seed.
    view: { seeds: DEFAULT_BAND_SEEDS },
    callouts: [
      { kind: "band", run: 0, band: [0.7, 0.9] },
      { kind: "firstDecay", run: "live" },
      { kind: "reaches", run: 1, level: 0.7 },
      { kind: "settles", run: "live" },
    ],
  },
  {
    id: "halve-vs-tenth",
    title: { en: "2. Halve every 5 epochs vs ×0.1 every 5 epochs", zh: "2. 每 5 个 epoch 减半 vs 乘以 0.1" },
    text: {
      en:
        "Both classic decays are step decays. Halving every 5 epochs lowers the rate gently: the loss settles step by step. " +
        "Multiplying by 0.1 every 5 epochs removes most of the rattle at once and gets lower sooner, but after two drops the rate is 100 times smaller and the run can hardly move: " +
        "fine here, where it already sits near the floor (the two end within 0.01 of each other); costly on a problem that still had a long way to go.",
      zh:
        "两种经典衰减都是阶梯衰减（step decay）。每 5 个 epoch 减半比较温和：损失一级一级地稳定下来。" +
        "每 5 个 epoch 乘以 0.1 会一下子消除大部分震荡，更早降到更低处，但降两次之后学习率就小了 100 倍，几乎走不动了：" +
        "在这里没关系，因为它已经接近最低点（两者最终相差不到 0.01）；如果问题还远没有收敛，代价就很大。",
    },
    look: {
      en: "Compare where each curve is after the first drop, and how far each gets by the end (the marks at the right end).",
      zh: "比较第一次衰减后两条曲线的位置，以及训练结束时各自降到了哪里（右端的标注）。",
    },
    config: withPolicy({ kind: "step", stepSize: 5, gamma: 0.5, unit: "epoch", warmup: null }),
    pins: [
      {
        label: { en: "×0.1 every 5 epochs", zh: "每 5 个 epoch ×0.1" },
        config: withPolicy({ kind: "step", stepSize: 5, gamma: 0.1, unit: "epoch", warmup: null }),
      },
    ],
    view: { seeds: DEFAULT_BAND_SEEDS },
    callouts: [
      { kind: "firstDecay", run: "live" },
      { kind: "end", run: "live" },
      { kind: "end", run: 0 },
    ],
  },
  {
    id: "epsilon-hat",
    title: { en: "3. Epsilon hat: 1e-8 vs 0.1 vs 1.0", zh: "3. epsilon hat：1e-8、0.1 与 1.0" },
    text: {
      en:
        "TensorFlow adds epsilon to √v before bias correction, so its epsilon is the paper's \"epsilon hat\". The default 1e-8 is not always good: " +
        "0.1 or 1.0 were used for Inception on ImageNet. When epsilon dominates √v, the update is lr_t·m/epsilon — Adam behaves like momentum SGD with rate lr_t/epsilon.",
      zh:
        "TensorFlow 在偏差校正之前把 epsilon 加到 √v 上，所以它的 epsilon 就是论文里的 \"epsilon hat\"。默认值 1e-8 并不总是好的选择：" +
        "在 ImageNet 上训练 Inception 时用过 0.1 或 1.0。当 epsilon 远大于 √v 时，更新量约为 lr_t·m/epsilon，Adam 就像学习率为 lr_t/epsilon 的动量 SGD。",
    },
    look: {
      en: "The lower chart draws each run's update size ‖Δx‖: with epsilon 0.1 or 1.0 the same lr moves less per step. Their loss curves come down later, like SGD with a smaller rate, and end a little lower.",
      zh: "下方的图画出每条曲线每步的更新幅度 ‖Δx‖：epsilon 为 0.1 或 1.0 时，同样的学习率每步走得更少。它们的损失曲线下降得更晚，就像学习率更小的 SGD，最后还略低一些。",
    },
    config: withEpsilon(1e-8),
    pins: [
      { label: { en: "epsilon 0.1", zh: "epsilon 0.1" }, config: withEpsilon(0.1) },
      { label: { en: "epsilon 1.0", zh: "epsilon 1.0" }, config: withEpsilon(1.0) },
    ],
    view: { updatesPerRun: true },
    callouts: [
      { kind: "reaches", run: 1, level: 0.9 },
      { kind: "end", run: "live" },
      { kind: "end", run: 1 },
    ],
  },
  {
    id: "bias-correction",
    title: { en: "4. Adam's lr_t is bias correction, not decay", zh: "4. Adam 的 lr_t 是偏差校正，不是衰减" },
    text: {
      en:
        "Adam computes lr_t = lr·√(1−β2^t)/(1−β1^t) every step. It starts at lr·√(1−β2)/(1−β1) (0.32·lr for the defaults), dips for about the first hundred steps, then rises toward lr: " +
        "it corrects the zero-initialised moments, it does not decay anything. Decay is the schedule you put on lr itself.",
      zh:
        "Adam 每一步计算 lr_t = lr·√(1−β2^t)/(1−β1^t)。它从 lr·√(1−β2)/(1−β1) 开始（默认参数下约为 0.32·lr），在最初约一百步里先下降，然后逐渐上升到接近 lr：" +
        "它校正的是初始化为零的一阶、二阶矩，并不衰减任何东西。真正的衰减是你加在 lr 本身上的调度。",
    },
    look: {
      en: "In the learning-rate chart (steps, log scale), lr_t dips and then climbs toward lr over the first two thousand steps, while the scheduled lr stays flat: nothing is decayed.",
      zh: "在学习率图中（按步、对数刻度），lr_t 先下降，然后在前两千步里向 lr 攀升，而调度的 lr 保持不变：没有任何衰减。",
    },
    config: { ...withPolicy(constant), epochs: 10 },
    pins: [],
    view: { xUnit: "step", logX: true, keyChart: "lr" },
    callouts: [{ kind: "lrT", run: "live" }],
  },
  {
    id: "warmup-cosine-plateau",
    title: { en: "5. Warmup then cosine; reduce on plateau", zh: "5. 预热加余弦衰减；平台期自动衰减" },
    text: {
      en:
        "Warmup ramps the rate up linearly before the main schedule, then cosine annealing lowers it smoothly to a floor. " +
        "Reduce-on-plateau watches the epoch's mean loss and cuts the rate when it stops improving — it reacts to the curve instead of a clock.",
      zh:
        "预热（warmup）先线性地把学习率升上去，然后余弦退火把它平滑地降到底。" +
        "ReduceLROnPlateau 观察每个 epoch 的平均损失，损失不再改善时就降低学习率——它跟着曲线走，而不是按时间表走。",
    },
    look: {
      en: "The decay markers of the reduce-on-plateau run (in its colour) appear where its loss stopped improving; the warmup-then-cosine rate in the lower chart changes every step.",
      zh: "平台期自动衰减曲线的衰减标记（与曲线同色）出现在它的损失停止改善的位置；下方图中预热加余弦的学习率每一步都在变化。",
    },
    // Per step, as the text says: a 400-step (2-epoch) linear warmup, then cosine over the other 23 epochs.
    config: withPolicy({
      kind: "cosine", tMax: 23 * STEPS_PER_EPOCH, etaMin: finalStepRate(DEFAULT_RUN) / 4, unit: "step",
      warmup: { steps: 2 * STEPS_PER_EPOCH, startFactor: 0.1 },
    }),
    pins: [
      {
        label: { en: "reduce on plateau", zh: "平台期自动衰减" },
        config: withPolicy({
          kind: "plateau", mode: "min", factor: 0.5, patience: 2, threshold: 0.01, thresholdMode: "rel",
          cooldown: 0, minLr: 0, eps: 1e-8, unit: "epoch", warmup: null,
        }),
      },
    ],
    callouts: [
      { kind: "decays", run: 0 },
      { kind: "end", run: "live" },
      { kind: "end", run: 0 },
    ],
  },
  {
    id: "noise-floor",
    title: { en: "6. Why the plateau sits where it does", zh: "6. 平台为什么停在那个高度" },
    text: {
      en:
        "The plateau is not at a random height. Every gradient carries noise that kicks the weights, while each step's pull toward the minimum removes part of the error; " +
        "the loss settles where the two balance: the noise floor. The rate sets its height above the problem's constant (0.51): " +
        "constant rates 0.025, 0.0125 and 0.00625 sit at about 0.80, 0.66 and 0.58, so each halving of the rate roughly halves the excess (0.29, 0.15, 0.07). " +
        "Decay walks down the same floors, one stage at a time.",
      zh:
        "平台期的高度并不是随机的。每个梯度都带着噪声，不停地推动权重；而每一步向最小值的拉力会消去一部分误差，" +
        "损失停在两者平衡的地方：噪声地板。学习率决定它比问题的常数项（0.51）高出多少：" +
        "恒定学习率 0.025、0.0125 和 0.00625 分别停在约 0.80、0.66 和 0.58，学习率每减半，高出的部分大约减半（0.29、0.15、0.07）。" +
        "衰减则沿着同样的地板一级一级往下走。",
    },
    look: {
      en: "Dotted lines: each run's expected loss. Thin steps: the floor at the rate in force, labelled with its rate. Shaded: the middle 80% of 8 seeds, so no single lucky seed makes the point. The halved-every-5-epochs run drops onto each constant run's floor in turn, and its band ends below all three constant runs' bands.",
      zh: "点线：每条曲线的期望损失。细阶梯线：当前学习率下的地板，标有对应的学习率。阴影：8 个随机种子中间 80% 的范围，所以结论不靠某一个走运的种子。每 5 个 epoch 减半的曲线依次落到各条恒定学习率曲线的地板上，它的阴影带最后比三条恒定学习率曲线的带都低。",
    },
    config: preset("default"),
    pins: [
      { label: { en: "constant 0.025", zh: "恒定 0.025" }, config: constantRate(0.025) },
      { label: { en: "constant 0.0125", zh: "恒定 0.0125" }, config: constantRate(0.0125) },
      { label: { en: "constant 0.00625", zh: "恒定 0.00625" }, config: constantRate(0.00625) },
    ],
    view: { theory: true, seeds: 8 },
    callouts: [{ kind: "end", run: "live" }],
  },
  {
    id: "decay-at-end",
    title: { en: "7. Decay at the end", zh: "7. 最后才衰减" },
    text: {
      en:
        "Large models are now trained with warmup–stable–decay (WSD): hold the learning rate, and decay it only at the end — here with a 1-sqrt cooldown over the last 20% of the run. " +
        "Until the cooldown, WSD is the constant-rate run, step for step, rattling just as high; the cooldown then takes it down to within 0.05 of cosine's final loss. " +
        "Nothing before the cooldown depends on when it starts, so a WSD run can be extended from a checkpoint: keep the stable phase going and cool down later, without starting over. " +
        "Cosine cannot: its rate falls from the first step at a pace set by the planned length, so it parts from the constant run at once. " +
        "Schedule-free AdamW needs no decay at all: at a constant rate it reports an average of its iterates (x), the lowest curve for most of the run, ending between WSD and cosine; from the fourth epoch on, its loss at y, where it takes its gradients, is higher than at x.",
      zh:
        "如今训练大模型常用预热–稳定–衰减（WSD）：学习率一直保持不变，只在最后才衰减——这里是在训练的最后 20% 按 1-sqrt 形状冷却。" +
        "冷却开始之前，WSD 与恒定学习率的运行逐步完全相同，震荡得一样高；冷却随后把它降到与余弦退火的最终损失相差不到 0.05 的位置。" +
        "冷却之前的一切都与冷却何时开始无关，所以 WSD 可以从检查点继续延长：让稳定阶段继续下去、晚些再冷却，而不必从头再来。" +
        "余弦退火做不到：它的学习率从第一步就开始下降，下降的快慢由计划的总长度决定，所以它一开始就与恒定学习率的运行分道扬镳。" +
        "无调度（schedule-free）AdamW 完全不需要衰减：它以恒定学习率训练，报告的是迭代点的平均（x）——在大部分训练中是最低的曲线，最终落在 WSD 与余弦退火之间；从第 4 轮起，它在计算梯度的 y 点上的损失都高于 x 点上的损失。",
    },
    look: {
      en:
        "This run is WSD: it hides under the dashed constant-rate line up to epoch 20 (the vertical mark: three runs identical until there), then falls to about cosine's level. " +
        "“WSD extended” branches off at the same mark and cools down from epoch 24. The dotted line is schedule-free's loss at y; the marks at the right end give the final losses.",
      zh:
        "本次运行是 WSD：到第 20 轮为止它藏在恒定学习率的虚线下面（竖线标记：三次运行到此为止完全相同），然后降到接近余弦退火的水平。" +
        "“WSD 延长版”在同一标记处分出，从第 24 轮开始冷却。点线是无调度方法在 y 点上的损失；右端的标注给出各条曲线的最终损失。",
    },
    config: wsdRun(25),
    liveLabel: { en: "WSD (this run)", zh: "WSD（本次运行）" },
    pins: [
      { label: { en: "constant rate", zh: "恒定学习率" }, config: withPolicy(constant) },
      { label: { en: "cosine", zh: "余弦退火" }, config: withPolicy({ kind: "cosine", tMax: 25 * STEPS_PER_EPOCH, etaMin: 0, unit: "step", warmup: null }) },
      { label: { en: "schedule-free AdamW", zh: "无调度 AdamW" }, config: scheduleFreeRun() },
      { label: { en: "WSD extended", zh: "WSD 延长版" }, config: wsdRun(30) },
    ],
    callouts: [
      { kind: "sameUntil", run: "live", others: [0, 3] },
      { kind: "end", run: "live" },
      { kind: "end", run: 1 },
      { kind: "end", run: 2 },
      { kind: "end", run: 3 },
    ],
  },
];

export function findLesson(id: string | null): (Lesson & { id: LessonId }) | undefined {
  return id === null ? undefined : LESSONS.find((l) => l.id === id);
}
