// The guided lessons: a few sentences each (English and Simplified Chinese, the lesson's original
// language) plus the configuration they open, with the comparison runs pinned beside it. Pinned
// runs share the main run's seed, so data and gradient noise are identical and only the named
// setting differs.

import { DEFAULT_RUN, cloneRun, finalStepRate, preset, type RunConfig } from "../engine/run-config.ts";
import type { Policy } from "../engine/types.ts";
import type { Lang } from "./i18n.ts";

export type LessonId = "plateau" | "halve-vs-tenth" | "epsilon-hat" | "bias-correction" | "warmup-cosine-plateau";

export interface Lesson {
  id: LessonId;
  title: Record<Lang, string>;
  /** A few sentences; plain text (never markup). */
  text: Record<Lang, string>;
  /** What to look at on the page. */
  look: Record<Lang, string>;
  config: RunConfig;
  /** Comparison runs drawn as ghosts, each with a short label. */
  pins: { label: Record<Lang, string>; config: RunConfig }[];
}

const constant: Policy = { kind: "constant", unit: "epoch", warmup: null };

function withPolicy(policy: Policy, base: RunConfig = cloneRun(DEFAULT_RUN)): RunConfig {
  return { ...base, policy };
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
      en: "Three runs on the same data and noise: constant rate (rattles), low constant rate (slow), halved every 5 epochs (both).",
      zh: "同一数据、同一噪声下的三条曲线：恒定学习率（震荡）、恒定小学习率（缓慢）、每 5 个 epoch 减半（兼得）。",
    },
    config: preset("default"),
    pins: [
      { label: { en: "constant rate", zh: "恒定学习率" }, config: preset("no-decay") },
      { label: { en: `constant low rate (lr/16)`, zh: "恒定小学习率 (lr/16)" }, config: preset("low-lr") },
    ],
  },
  {
    id: "halve-vs-tenth",
    title: { en: "2. Halve every 5 epochs vs ×0.1 every 5 epochs", zh: "2. 每 5 个 epoch 减半 vs 乘以 0.1" },
    text: {
      en:
        "Both classic decays are step decays. Halving every 5 epochs lowers the rate gently: the loss keeps moving and settles step by step. " +
        "Multiplying by 0.1 every 5 epochs removes most of the rattle at once, but after two drops the rate is so small that the run can hardly move: " +
        "fine here, where it already sits near the floor; costly on a problem that still had a long way to go.",
      zh:
        "两种经典衰减都是阶梯衰减（step decay）。每 5 个 epoch 减半比较温和：损失持续下降，一级一级地稳定下来。" +
        "每 5 个 epoch 乘以 0.1 会一下子消除大部分震荡，但降两次之后学习率就小到几乎走不动了：" +
        "在这里没关系，因为它已经接近最低点；如果问题还远没有收敛，代价就很大。",
    },
    look: {
      en: "Compare where each curve is after the first drop, and how far each gets by the end.",
      zh: "比较第一次衰减后两条曲线的位置，以及训练结束时各自降到了哪里。",
    },
    config: withPolicy({ kind: "step", stepSize: 5, gamma: 0.5, unit: "epoch", warmup: null }),
    pins: [
      {
        label: { en: "×0.1 every 5 epochs", zh: "每 5 个 epoch ×0.1" },
        config: withPolicy({ kind: "step", stepSize: 5, gamma: 0.1, unit: "epoch", warmup: null }),
      },
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
      en: "With epsilon 0.1 or 1.0 the same lr moves less per step: the curves start slower and rattle less, like SGD with a smaller rate.",
      zh: "epsilon 为 0.1 或 1.0 时，同样的学习率每步走得更少：曲线起步更慢、震荡更小，就像学习率更小的 SGD。",
    },
    config: withEpsilon(1e-8),
    pins: [
      { label: { en: "epsilon 0.1", zh: "epsilon 0.1" }, config: withEpsilon(0.1) },
      { label: { en: "epsilon 1.0", zh: "epsilon 1.0" }, config: withEpsilon(1.0) },
    ],
  },
  {
    id: "bias-correction",
    title: { en: "4. Adam's lr_t is bias correction, not decay", zh: "4. Adam 的 lr_t 是偏差校正，不是衰减" },
    text: {
      en:
        "Adam computes lr_t = lr·√(1−β2^t)/(1−β1^t) every step. It starts at lr·√(1−β2)/(1−β1) (0.32·lr for the defaults), dips for a few dozen steps, then rises toward lr: " +
        "it corrects the zero-initialised moments, it does not decay anything. Decay is the schedule you put on lr itself.",
      zh:
        "Adam 每一步计算 lr_t = lr·√(1−β2^t)/(1−β1^t)。它从 lr·√(1−β2)/(1−β1) 开始（默认参数下约为 0.32·lr），在最初几十步里先略微下降，然后逐渐上升到接近 lr：" +
        "它校正的是初始化为零的一阶、二阶矩，并不衰减任何东西。真正的衰减是你加在 lr 本身上的调度。",
    },
    look: {
      en: "In the learning-rate chart, lr_t climbs toward lr in the first few thousand steps while the schedule steps down.",
      zh: "在学习率图中，lr_t 在前几千步里向 lr 攀升，而调度的学习率一级一级下降。",
    },
    config: { ...withPolicy(constant), epochs: 10 },
    pins: [],
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
      en: "The decay markers of the plateau run appear where its loss stopped improving.",
      zh: "平台期自动衰减的标记出现在损失停止改善的位置。",
    },
    config: withPolicy({ kind: "cosine", tMax: 23, etaMin: finalStepRate(DEFAULT_RUN) / 4, unit: "epoch", warmup: { steps: 2, startFactor: 0.1 } }),
    pins: [
      {
        label: { en: "reduce on plateau", zh: "平台期自动衰减" },
        config: withPolicy({
          kind: "plateau", mode: "min", factor: 0.5, patience: 2, threshold: 0.01, thresholdMode: "rel",
          cooldown: 0, minLr: 0, eps: 1e-8, unit: "epoch", warmup: null,
        }),
      },
    ],
  },
];

export function findLesson(id: string | null): (Lesson & { id: LessonId }) | undefined {
  return id === null ? undefined : LESSONS.find((l) => l.id === id);
}
