// The decay editor's words and moves: human labels for the policy kinds and fields, the lesson's
// presets, switching kind or unit without losing the run's shape. Every policy produced here goes
// through the engine's `validatePolicy`, so the editor can only ever hand on a valid policy.

import { defaultPolicy, policyFieldTable, validatePolicy, type FieldDescriptor } from "../../engine/config.ts";
import type { Policy, PolicyKind, Unit } from "../../engine/types.ts";
import { defineMessages, format, translator, type Lang } from "../../state/i18n.ts";

export const decayMetaMessages = defineMessages({
  en: {
    "kind.constant": "Constant (no decay)",
    "kind.step": "Step decay (StepLR)",
    "kind.multiStep": "Multi-step",
    "kind.exponential": "Exponential",
    "kind.inverseTime": "Inverse time",
    "kind.polynomial": "Polynomial / linear",
    "kind.cosine": "Cosine",
    "kind.cosineRestarts": "Cosine with warm restarts",
    "kind.oneCycle": "One-cycle",
    "kind.cyclic": "Cyclic",
    "kind.plateau": "Reduce on plateau",
    "kind.wsd": "Warmup–stable–decay (WSD)",
    "kind.inverseSqrt": "Inverse square root (Noam)",
    // Where each policy comes from (SPEC.md §2's reference column).
    "ref.constant": "The rate stays at lr.",
    "ref.step": "PyTorch StepLR: lr · gamma^floor(t / stepSize).",
    "ref.multiStep": "PyTorch MultiStepLR: multiply by gamma at each milestone.",
    "ref.exponential": "TF exponential_decay: lr · decayRate^(t / decaySteps); PyTorch ExponentialLR is decaySteps 1.",
    "ref.inverseTime": "TF inverse_time_decay: lr / (1 + decayRate · t / decaySteps).",
    "ref.polynomial": "TF polynomial_decay: from lr to endLr over decaySteps; power 1 is linear decay.",
    "ref.cosine": "PyTorch CosineAnnealingLR: half a cosine from lr down to etaMin over tMax.",
    "ref.cosineRestarts": "PyTorch CosineAnnealingWarmRestarts (SGDR): cosine periods of t0, t0·tMult, …",
    "ref.oneCycle": "PyTorch OneCycleLR with max_lr = lr: warm up, then anneal far below the start.",
    "ref.cyclic": "PyTorch CyclicLR: between baseLr and lr, up and down.",
    "ref.plateau": "PyTorch ReduceLROnPlateau: multiply by factor when the loss stops improving.",
    "ref.wsd": "transformers get_wsd_schedule: warm up, hold lr, then cool down to lr · minLrRatio (1-sqrt by default, Hägele et al. 2024).",
    "ref.inverseSqrt": "transformers get_inverse_sqrt_schedule (the Transformer's “Noam”): warm up, then lr / √((t + timescale − warmup) / timescale).",
    // Field labels; `field.kind.name` overrides `field.name`. `{u}` is "epochs" or "steps".
    "field.stepSize": "Step size ({u} between decays)",
    "field.gamma": "gamma (multiply lr by)",
    "field.cyclic.gamma": "gamma (expRange shrink per tick)",
    "field.milestones": "Milestones ({u}, comma-separated)",
    "field.decaySteps": "decaySteps ({u} per decay period)",
    "field.polynomial.decaySteps": "decaySteps ({u} to reach endLr)",
    "field.exponential.decayRate": "decayRate (factor per period)",
    "field.inverseTime.decayRate": "decayRate (growth of the divisor per period)",
    "field.staircase": "Staircase (decay in whole periods)",
    "field.endLr": "endLr (final rate)",
    "field.power": "power (1 = linear)",
    "field.cycle": "Cycle (restart after decaySteps)",
    "field.tMax": "tMax ({u} to reach etaMin)",
    "field.etaMin": "etaMin (lowest rate)",
    "field.t0": "t0 ({u} in the first period)",
    "field.tMult": "tMult (period growth factor)",
    "field.totalSteps": "totalSteps ({u} in the cycle)",
    "field.pctStart": "pctStart (fraction spent rising)",
    "field.divFactor": "divFactor (start rate = lr / divFactor)",
    "field.finalDivFactor": "finalDivFactor (end rate = start / finalDivFactor)",
    "field.annealStrategy": "Anneal strategy",
    "field.threePhase": "Three phases",
    "field.baseLr": "baseLr (cycle's lower bound; lr is the upper)",
    "field.stepSizeUp": "stepSizeUp ({u} rising)",
    "field.stepSizeDown": "stepSizeDown ({u} falling)",
    "field.cyclic.mode": "Mode",
    "field.plateau.mode": "Mode (min: the loss should fall)",
    "field.factor": "factor (multiply lr by)",
    "field.patience": "patience ({u} without improvement)",
    "field.threshold": "threshold (smallest improvement that counts)",
    "field.thresholdMode": "Threshold mode",
    "field.cooldown": "cooldown ({u} to wait after a cut)",
    "field.minLr": "minLr (lowest rate)",
    "field.eps": "eps (smallest change applied)",
    "field.warmupTicks": "warmupTicks ({u} of warmup)",
    "field.stableTicks": "stableTicks ({u} at lr)",
    "field.decayTicks": "decayTicks ({u} of cooldown)",
    "field.warmupShape": "Warmup shape",
    "field.decayShape": "Cooldown shape",
    "field.minLrRatio": "minLrRatio (end rate = lr × this)",
    "field.numCycles": "numCycles (cosine cooldown only; 0.5 = half a wave)",
    "field.timescale": "timescale ({u})",
    "nullable.timescale": "timescale = warmupTicks (10,000 without warmup)",
    "ticks.epoch": "epochs",
    "ticks.step": "steps",
    "preset.halve": "Halve every 5 epochs (step decay)",
    "preset.tenth": "×0.1 every 5 epochs (step decay)",
    "preset.linear": "Linear decay (polynomial, power 1)",
    "preset.smooth": "Smooth exponential decay",
    "preset.none": "No decay",
    "preset.wsd": "WSD, 20% 1-sqrt cooldown",
    "preset.noam": "Noam, 4,000-step warmup (scaled: the run's first 4%)",
  },
  zh: {
    "kind.constant": "恒定（不衰减）",
    "kind.step": "阶梯衰减（StepLR）",
    "kind.multiStep": "多阶梯衰减（MultiStepLR）",
    "kind.exponential": "指数衰减",
    "kind.inverseTime": "逆时间衰减",
    "kind.polynomial": "多项式 / 线性衰减",
    "kind.cosine": "余弦退火",
    "kind.cosineRestarts": "带热重启的余弦退火",
    "kind.oneCycle": "单周期（One-cycle）",
    "kind.cyclic": "循环学习率（Cyclic）",
    "kind.plateau": "平台期降低（ReduceLROnPlateau）",
    "kind.wsd": "预热–稳定–衰减（WSD）",
    "kind.inverseSqrt": "平方根倒数（Noam）",
    "ref.constant": "学习率始终为 lr。",
    "ref.step": "PyTorch StepLR：学习率为 lr · gamma^floor(t / stepSize)。",
    "ref.multiStep": "PyTorch MultiStepLR：每到一个里程碑乘以 gamma。",
    "ref.exponential": "TF exponential_decay：lr · decayRate^(t / decaySteps)；PyTorch ExponentialLR 即 decaySteps 为 1。",
    "ref.inverseTime": "TF inverse_time_decay：学习率为 lr / (1 + decayRate · t / decaySteps)。",
    "ref.polynomial": "TF polynomial_decay：在 decaySteps 内从 lr 降到 endLr；power 为 1 即线性衰减。",
    "ref.cosine": "PyTorch CosineAnnealingLR：在 tMax 内沿半个余弦从 lr 降到 etaMin。",
    "ref.cosineRestarts": "PyTorch CosineAnnealingWarmRestarts（SGDR）：周期依次为 t0、t0·tMult、… 的余弦。",
    "ref.oneCycle": "PyTorch OneCycleLR，max_lr = lr：先预热上升，再退火到远低于起点。",
    "ref.cyclic": "PyTorch CyclicLR：在 baseLr 与 lr 之间上下往复。",
    "ref.plateau": "PyTorch ReduceLROnPlateau：损失不再下降时乘以 factor。",
    "ref.wsd": "transformers get_wsd_schedule：先预热，再保持 lr，最后冷却到 lr · minLrRatio（默认 1-sqrt 形状，Hägele 等 2024）。",
    "ref.inverseSqrt": "transformers get_inverse_sqrt_schedule（Transformer 的 “Noam”）：先预热，再按 lr / √((t + timescale − 预热) / timescale) 衰减。",
    "field.stepSize": "步长（每隔多少{u}衰减一次）",
    "field.gamma": "gamma（lr 乘以的系数）",
    "field.cyclic.gamma": "gamma（expRange 每刻度的收缩）",
    "field.milestones": "里程碑（{u}，逗号分隔）",
    "field.decaySteps": "decaySteps（每个衰减周期的{u}数）",
    "field.polynomial.decaySteps": "decaySteps（降到 endLr 所需{u}数）",
    "field.exponential.decayRate": "decayRate（每周期的系数）",
    "field.inverseTime.decayRate": "decayRate（除数每周期的增量）",
    "field.staircase": "阶梯式（按整周期衰减）",
    "field.endLr": "endLr（最终学习率）",
    "field.power": "power（1 = 线性）",
    "field.cycle": "循环（到 decaySteps 后重新开始）",
    "field.tMax": "tMax（降到 etaMin 所需{u}数）",
    "field.etaMin": "etaMin（最低学习率）",
    "field.t0": "t0（第一个周期的{u}数）",
    "field.tMult": "tMult（周期增长倍数）",
    "field.totalSteps": "totalSteps（整个周期的{u}数）",
    "field.pctStart": "pctStart（上升阶段所占比例）",
    "field.divFactor": "divFactor（起始学习率 = lr / divFactor）",
    "field.finalDivFactor": "finalDivFactor（最终学习率 = 起始值 / finalDivFactor）",
    "field.annealStrategy": "退火方式",
    "field.threePhase": "三阶段",
    "field.baseLr": "baseLr（循环下界；lr 为上界）",
    "field.stepSizeUp": "stepSizeUp（上升的{u}数）",
    "field.stepSizeDown": "stepSizeDown（下降的{u}数）",
    "field.cyclic.mode": "模式",
    "field.plateau.mode": "模式（min：损失应当下降）",
    "field.factor": "factor（lr 乘以的系数）",
    "field.patience": "patience（无改善时等待的{u}数）",
    "field.threshold": "threshold（计为改善的最小幅度）",
    "field.thresholdMode": "阈值模式",
    "field.cooldown": "cooldown（降低后等待的{u}数）",
    "field.minLr": "minLr（最低学习率）",
    "field.eps": "eps（最小生效变化）",
    "field.warmupTicks": "warmupTicks（预热{u}数）",
    "field.stableTicks": "stableTicks（保持 lr 的{u}数）",
    "field.decayTicks": "decayTicks（冷却{u}数）",
    "field.warmupShape": "预热形状",
    "field.decayShape": "冷却形状",
    "field.minLrRatio": "minLrRatio（最终学习率 = lr × 该值）",
    "field.numCycles": "numCycles（仅余弦冷却；0.5 = 半个波）",
    "field.timescale": "timescale（时间尺度，{u}）",
    "nullable.timescale": "timescale = warmupTicks（无预热时为 10,000）",
    "ticks.epoch": "轮",
    "ticks.step": "步",
    "preset.halve": "每 5 轮减半（阶梯衰减）",
    "preset.tenth": "每 5 轮 ×0.1（阶梯衰减）",
    "preset.linear": "线性衰减（多项式，power 1）",
    "preset.smooth": "平滑指数衰减",
    "preset.none": "不衰减",
    "preset.wsd": "WSD，最后 20% 按 1-sqrt 冷却",
    "preset.noam": "Noam，4,000 步预热（按比例：训练的前 4%）",
  },
});

type DecayMetaKey = keyof (typeof decayMetaMessages)["en"];

export function policyLabel(kind: PolicyKind, lang: Lang = "en"): string {
  return translator(decayMetaMessages, lang)(`kind.${kind}`);
}

/** Where each policy comes from (SPEC.md §2's reference column). */
export function policyReference(kind: PolicyKind, lang: Lang = "en"): string {
  return translator(decayMetaMessages, lang)(`ref.${kind}`);
}

/** "epochs" / "steps" (轮 / 步): what a tick count counts. */
export function ticksWord(unit: Unit, lang: Lang = "en"): string {
  return translator(decayMetaMessages, lang)(`ticks.${unit}`);
}

export function fieldLabel(kind: PolicyKind, field: string, unit: Unit, lang: Lang = "en"): string {
  const table: Readonly<Record<string, string>> = decayMetaMessages[lang];
  const template = table[`field.${kind}.${field}`] ?? table[`field.${field}`] ?? field;
  return format(template, { u: ticksWord(unit, lang) });
}

/** The text of a nullable field's "use the default" box (e.g. "timescale = warmupTicks"), or null. */
export function nullableLabel(field: string, lang: Lang = "en"): string | null {
  const table: Readonly<Record<string, string>> = decayMetaMessages[lang];
  return table[`nullable.${field}`] ?? null;
}

export function presetLabel(id: DecayPreset["id"], lang: Lang = "en"): string {
  const key: DecayMetaKey = `preset.${id}`;
  return translator(decayMetaMessages, lang)(key);
}

/** Fields counted in ticks, which change with the unit: (kind, field) pairs. */
const TICK_FIELDS: { readonly [K in PolicyKind]: readonly string[] } = {
  constant: [],
  step: ["stepSize"],
  multiStep: ["milestones"],
  exponential: ["decaySteps"],
  inverseTime: ["decaySteps"],
  polynomial: ["decaySteps"],
  cosine: ["tMax"],
  cosineRestarts: ["t0"],
  oneCycle: ["totalSteps"],
  cyclic: ["stepSizeUp", "stepSizeDown"],
  plateau: ["patience", "cooldown"],
  wsd: ["warmupTicks", "stableTicks", "decayTicks"],
  inverseSqrt: ["warmupTicks", "timescale"],
};

export function isTickField(kind: PolicyKind, field: string): boolean {
  return TICK_FIELDS[kind].includes(field);
}

export interface RunShape {
  epochs: number;
  stepsPerEpoch: number;
}

/** Ticks in the whole run for a policy's unit. */
export function runTicks(unit: Unit, run: RunShape): number {
  return unit === "step" ? run.epochs * run.stepsPerEpoch : run.epochs;
}

function scaleTicks(field: FieldDescriptor, v: unknown, factor: number): unknown {
  const one = (x: number, integer: boolean | undefined, min: number): number => {
    const y = x * factor;
    return integer ? Math.max(min, Math.round(y)) : y;
  };
  if (field.type === "number" && typeof v === "number") return one(v, field.integer, field.min);
  if (field.type === "nullableNumber" && typeof v === "number") return one(v, field.integer, field.min);
  if (field.type === "numberArray" && Array.isArray(v)) {
    return v.map((x: unknown) => (typeof x === "number" ? one(x, field.element.integer, field.element.min) : x));
  }
  return v;
}

/**
 * The same schedule in another unit: tick counts (step sizes, periods, warmup) are multiplied or
 * divided by the steps per epoch, so the preview keeps its shape. Falls back to a plain unit change
 * if a converted count would leave its range.
 */
export function convertUnit(policy: Policy, to: Unit, stepsPerEpoch: number): Policy {
  if (policy.unit === to) return policy;
  const factor = to === "step" ? stepsPerEpoch : 1 / stepsPerEpoch;
  const table = policyFieldTable(policy.kind);
  const raw: Record<string, unknown> = { ...policy, unit: to };
  for (const name of TICK_FIELDS[policy.kind]) raw[name] = scaleTicks(table[name], raw[name], factor);
  if (policy.warmup !== null) {
    raw.warmup = { ...policy.warmup, steps: Math.max(1, Math.round(policy.warmup.steps * factor)) };
  }
  const converted = validatePolicy(raw);
  if (converted.problems.length === 0) return converted.value;
  return validatePolicy({ ...policy, unit: to }).value;
}

/** Stretches a policy's "whole run" lengths (polynomial, cosine, one-cycle) to the run. */
function fitToRun(policy: Policy, ticks: number): Policy {
  const n = Math.max(1, Math.round(ticks));
  switch (policy.kind) {
    case "polynomial":
      return { ...policy, decaySteps: n };
    case "cosine":
      return { ...policy, tMax: n };
    case "oneCycle":
      return { ...policy, totalSteps: Math.max(2, n) };
    case "wsd": {
      // Hold for the first 80%, cool down over the last 20% (Hägele et al. 2024's recipe).
      const decayTicks = Math.max(1, Math.round(n * WSD_COOLDOWN));
      return { ...policy, warmupTicks: 0, stableTicks: Math.max(0, n - decayTicks), decayTicks };
    }
    default:
      return policy;
  }
}

/** A new kind at its defaults, keeping the unit and warmup, its run-long lengths fitted to the run. */
export function switchKind(policy: Policy, kind: PolicyKind, run: RunShape): Policy {
  let next: Policy = fitToRun(defaultPolicy(kind), run.epochs);
  if (policy.unit === "step") next = convertUnit(next, "step", run.stepsPerEpoch);
  const checked = validatePolicy({ ...next, warmup: policy.warmup });
  return checked.problems.length === 0 ? checked.value : next;
}

/** `policy` with one field replaced, or null when the schema rejects the result. */
export function withPolicyField(policy: Policy, name: string, value: unknown): Policy | null {
  const checked = validatePolicy({ ...policy, [name]: value });
  return checked.problems.length === 0 ? checked.value : null;
}

type DecayPresetId = "halve" | "tenth" | "linear" | "smooth" | "none" | "wsd" | "noam";

/** The WSD preset's cooldown: the last 20% of the run. */
const WSD_COOLDOWN = 0.2;
/** Noam's warmup in "Attention is all you need": 4,000 of 100,000 steps. */
const NOAM_WARMUP_SHARE = 4000 / 100000;

/** A preset's label is `presetLabel(id, lang)`. */
export interface DecayPreset {
  id: DecayPresetId;
  build(run: RunShape): Policy;
}

const valid = (raw: Record<string, unknown>): Policy => validatePolicy(raw).value;

/** The lesson's decays (SPEC.md §2): both of the article's are step decays. */
export const DECAY_PRESETS: readonly DecayPreset[] = [
  {
    id: "halve",
    build: () => valid({ kind: "step", stepSize: 5, gamma: 0.5, unit: "epoch", warmup: null }),
  },
  {
    id: "tenth",
    build: () => valid({ kind: "step", stepSize: 5, gamma: 0.1, unit: "epoch", warmup: null }),
  },
  {
    id: "linear",
    // Step by step from lr down to 0 at the end of the run.
    build: (run) =>
      valid({ kind: "polynomial", decaySteps: runTicks("step", run), endLr: 0, power: 1, cycle: false, unit: "step", warmup: null }),
  },
  {
    id: "smooth",
    // The halving of the first preset spread over every step: lr · 0.5^(t / (5 epochs)).
    build: (run) =>
      valid({ kind: "exponential", decaySteps: 5 * run.stepsPerEpoch, decayRate: 0.5, staircase: false, unit: "step", warmup: null }),
  },
  {
    id: "none",
    build: () => valid({ kind: "constant", unit: "epoch", warmup: null }),
  },
  {
    id: "wsd",
    // Per step: lr for the first 80% of the run, then a 1-sqrt cooldown to 0 over the last 20%.
    build: (run) => {
      const total = runTicks("step", run);
      const decayTicks = Math.max(1, Math.round(total * WSD_COOLDOWN));
      return valid({
        kind: "wsd", warmupTicks: 0, stableTicks: total - decayTicks, decayTicks, warmupShape: "linear",
        decayShape: "1-sqrt", minLrRatio: 0, numCycles: 0.5, unit: "step", warmup: null,
      });
    },
  },
  {
    id: "noam",
    // The Transformer's 4,000 warmup steps of 100,000, scaled to this run; timescale = warmup, so
    // the rate peaks at lr and then falls as lr·√(warmup / t).
    build: (run) => {
      const warmupTicks = Math.max(1, Math.round(runTicks("step", run) * NOAM_WARMUP_SHARE));
      return valid({ kind: "inverseSqrt", warmupTicks, timescale: null, unit: "step", warmup: null });
    },
  },
];

/** Canonical JSON (sorted keys), so two policies compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const rec = value as Record<string, unknown>;
    return `{${Object.keys(rec)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(rec[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function samePolicy(a: Policy, b: Policy): boolean {
  return canonical(a) === canonical(b);
}
