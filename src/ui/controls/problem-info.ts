// Facts about a problem the controls need (its one-sentence description, its training-set size for
// steps per epoch), read from the engine's own problem once per id.

import { CUSTOM_DESCRIPTION, PROBLEM_DEFAULTS, createProblem } from "../../engine/problems/index.ts";
import type { ProblemId } from "../../engine/problems/problem.ts";
import type { RunConfig } from "../../engine/run-config.ts";
import { defineMessages, translator, type Lang, type Vars } from "../../state/i18n.ts";

export interface ProblemInfo {
  description: string;
  nTrain: number;
}

const cache = new Map<ProblemId, ProblemInfo>();

export function problemInfo(id: ProblemId): ProblemInfo {
  const hit = cache.get(id);
  if (hit !== undefined) return hit;
  // Data and start point do not change the description or nTrain, so seed 1 stands for all. The
  // Custom problem is not built for this: its expression may not be compiled yet.
  const p = id === "custom" ? { description: CUSTOM_DESCRIPTION, nTrain: PROBLEM_DEFAULTS.custom.nTrain } : createProblem(id, 1);
  const info = { description: p.description, nTrain: p.nTrain };
  cache.set(id, info);
  return info;
}

/** Optimizer steps in one epoch, as the trainer counts them. */
export function stepsPerEpoch(config: Pick<RunConfig, "problem" | "batchSize">): number {
  const { nTrain } = problemInfo(config.problem);
  return Math.ceil(nTrain / Math.max(1, Math.min(config.batchSize, nTrain)));
}

/**
 * Human names of the problems (the select shows these; the URL keeps the ids) and their one-sentence
 * descriptions. The English descriptions restate the engine's own (`problem.description`) with the
 * default options filled in; a unit test keeps the two identical.
 */
export const problemMessages = defineMessages({
  en: {
    "label.nqm": "Noisy quadratic, 100-D (the lesson)",
    "label.classify": "Two moons classifier",
    "label.linreg": "Linear regression",
    "label.rosenbrock": "Rosenbrock valley (2-D)",
    "label.beale": "Beale's function (2-D)",
    "label.saddle": "Saddle point (2-D)",
    "label.bowl": "Narrow bowl (2-D)",
    "label.nqm2d": "Noisy quadratic (2-D)",
    "label.custom": "Custom: your own f(x, y) (2-D)",
    "desc.nqm": "A noisy quadratic: {dim} directions of different steepness, with gradient noise that shrinks as the batch grows.",
    "desc.classify":
      "Separate two interleaved half-moons with a small neural network (2-{hidden}-1, tanh); {noise}% of labels are wrong.",
    "desc.linreg": "Fit a straight-line model to {n} noisy examples with {features} features of different scales.",
    "desc.rosenbrock": "Rosenbrock's banana valley: easy to fall into, slow to follow to the minimum at its far end.",
    "desc.beale": "Beale's function: a flat, curving floor between very steep walls, with its minimum at (3, 0.5).",
    "desc.saddle": "A saddle point between two valleys: the gradient vanishes at the centre, so a run must be pushed off it.",
    "desc.bowl": "A long, narrow, tilted bowl (one direction {condition} times steeper than the other).",
    "desc.nqm2d":
      "The noisy quadratic in two dimensions: one steep and one shallow direction, with noise that grows with steepness.",
    "desc.custom": "Your own loss surface: type f(x, y) and watch the optimizer move over it.",
  },
  zh: {
    "label.nqm": "带噪二次函数，100 维（本课）",
    "label.classify": "双月牙分类",
    "label.linreg": "线性回归",
    "label.rosenbrock": "Rosenbrock 山谷（2 维）",
    "label.beale": "Beale 函数（2 维）",
    "label.saddle": "鞍点（2 维）",
    "label.bowl": "狭长碗形（2 维）",
    "label.nqm2d": "带噪二次函数（2 维）",
    "label.custom": "自定义：你自己的 f(x, y)（2 维）",
    "desc.nqm": "带噪二次函数：{dim} 个陡峭程度不同的方向，梯度噪声随批大小增大而减小。",
    "desc.classify": "用一个小型神经网络（2-{hidden}-1，tanh）分开两个交错的半月形；{noise}% 的标签是错的。",
    "desc.linreg": "用直线模型拟合 {n} 个带噪样本，{features} 个特征的尺度各不相同。",
    "desc.rosenbrock": "Rosenbrock 香蕉形山谷：很容易落入谷底，却要很久才能沿谷底走到远端的最小值。",
    "desc.beale": "Beale 函数：陡峭的峭壁之间是一片平坦弯曲的谷底，最小值在 (3, 0.5)。",
    "desc.saddle": "两个山谷之间的鞍点：中心处梯度为零，所以必须把优化推离那里。",
    "desc.bowl": "一个狭长倾斜的碗（一个方向比另一个陡 {condition} 倍）。",
    "desc.nqm2d": "二维的带噪二次函数：一个陡峭方向、一个平缓方向，噪声随陡峭程度增大。",
    "desc.custom": "你自己的损失曲面：输入 f(x, y)，看优化器在上面如何移动。",
  },
});

/** The numbers the descriptions quote, from the engine's default options. */
function descriptionVars(): Vars {
  const d = PROBLEM_DEFAULTS;
  return {
    dim: d.nqm.dim,
    hidden: d.classify.hidden,
    noise: Math.round(d.classify.labelNoise * 100),
    n: d.linreg.nTrain,
    features: d.linreg.features,
    condition: d.bowl.condition,
  };
}

export function problemLabel(id: ProblemId, lang: Lang): string {
  return translator(problemMessages, lang)(`label.${id}`);
}

export function problemDescription(id: ProblemId, lang: Lang): string {
  return translator(problemMessages, lang)(`desc.${id}`, descriptionVars());
}
