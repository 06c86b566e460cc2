import { OPTIMIZER_FIELDS, SCHEDULE_FREE_BETA1 } from "../../engine/config.ts";
import type { EpsilonForm, OptimizerConfig } from "../../engine/types.ts";
import { fieldAccess, type ControlProps } from "./control-props.ts";
import { NumberInput } from "./NumberInput.tsx";
import { defineMessages } from "../../state/i18n.ts";
import { useT } from "../../state/use-t.ts";
import "./controls.css";

export const optimizerMessages = defineMessages({
  en: {
    legend: "Optimizer",
    optimizer: "Optimizer",
    "variant.adam": "Adam",
    "variant.amsgrad": "AMSGrad (Adam, amsgrad)",
    "variant.adamw": "AdamW (decoupled weight decay)",
    "variant.adamw-amsgrad": "AdamW with AMSGrad",
    "variant.sgd": "SGD with momentum",
    "variant.schedulefree": "Schedule-free AdamW (no decay needed)",
    sfHint:
      "Schedule-free AdamW (Defazio et al. 2024) takes gradients at y, between a plain Adam-normalised sequence z and their running average x, and reports x: the loss chart draws the loss at x and, dotted, at y. Use it with a constant rate.",
    warmupSteps: "Warmup steps (its own linear warmup)",
    r: "r (averaging weight grows as (k+1)^r)",
    weightLrPower: "weightLrPower (averaging weight ∝ lrMax^power)",
    weightDecaySf: "Weight decay (at y, schedule-free)",
    "form.hat": "TensorFlow (ε-hat)",
    "form.paper": "Paper / PyTorch",
    lr: "Learning rate (lr)",
    beta1: "β1 (momentum of the gradient average)",
    beta2: "β2 (averaging of squared gradients)",
    epsilon: "ε (epsilon)",
    epsilonHintHat:
      "TensorFlow's epsilon is “epsilon hat”: it is added before bias correction. The 1e-8 default is not always good — 0.1 or 1.0 were used to train Inception on ImageNet.",
    epsilonHintPaper:
      "In the paper's form (PyTorch) ε is added after bias correction. The 1e-8 default is not always good — TF's docs cite 0.1 or 1.0 for Inception on ImageNet.",
    form: "Adam form",
    weightDecayDecoupled: "Weight decay (decoupled, AdamW)",
    weightDecayL2: "Weight decay (L2, added to the gradient)",
    momentum: "Momentum",
    nesterov: "Nesterov momentum",
  },
  zh: {
    legend: "优化器",
    optimizer: "优化器",
    "variant.adam": "Adam",
    "variant.amsgrad": "AMSGrad（Adam 的 amsgrad 变体）",
    "variant.adamw": "AdamW（解耦权重衰减）",
    "variant.adamw-amsgrad": "AdamW + AMSGrad",
    "variant.sgd": "带动量的 SGD",
    "variant.schedulefree": "无调度 AdamW（无需衰减）",
    sfHint:
      "无调度 AdamW（Defazio 等 2024）在 y 点计算梯度——y 位于普通 Adam 归一化序列 z 与其滑动平均 x 之间——并报告 x：损失图画出 x 点上的损失，点线画出 y 点上的损失。请配合恒定学习率使用。",
    warmupSteps: "预热步数（它自带的线性预热）",
    r: "r（平均权重按 (k+1)^r 增长）",
    weightLrPower: "weightLrPower（平均权重 ∝ lrMax^power）",
    weightDecaySf: "权重衰减（在 y 点，无调度方法）",
    "form.hat": "TensorFlow 形式（ε-hat）",
    "form.paper": "论文 / PyTorch",
    lr: "学习率（lr）",
    beta1: "β1（梯度均值的动量）",
    beta2: "β2（梯度平方的平均）",
    epsilon: "ε（epsilon，数值稳定项）",
    epsilonHintHat:
      "TensorFlow 的 epsilon 是 “epsilon hat”：在偏差校正之前加上。默认的 1e-8 并不总是合适——在 ImageNet 上训练 Inception 时用的是 0.1 或 1.0。",
    epsilonHintPaper:
      "按论文的形式（PyTorch），ε 在偏差校正之后加上。默认的 1e-8 并不总是合适——TF 文档举例在 ImageNet 上训练 Inception 时用 0.1 或 1.0。",
    form: "Adam 形式",
    weightDecayDecoupled: "权重衰减（解耦，AdamW）",
    weightDecayL2: "权重衰减（L2，加到梯度上）",
    momentum: "动量",
    nesterov: "Nesterov 动量",
  },
});

/** The optimizer choices offered, each a setting of OptimizerConfig's kind and flags. */
export type OptimizerVariant = "adam" | "amsgrad" | "adamw" | "adamw-amsgrad" | "sgd" | "schedulefree";

/** The variants offered, in menu order (labels: `variant.<id>` in the catalog). */
const VARIANTS: readonly OptimizerVariant[] = ["adam", "amsgrad", "adamw", "adamw-amsgrad", "sgd", "schedulefree"];
const FORMS: readonly EpsilonForm[] = ["hat", "paper"];

/** PyTorch's AdamW default, used when switching to AdamW with no decay set (AdamW with 0 is Adam). */
const ADAMW_DEFAULT_DECAY = 0.01;

function optimizerVariant(o: OptimizerConfig): OptimizerVariant {
  if (o.kind === "sgd") return "sgd";
  if (o.kind === "scheduleFree") return "schedulefree";
  if (o.decoupled) return o.amsgrad ? "adamw-amsgrad" : "adamw";
  return o.amsgrad ? "amsgrad" : "adam";
}

function withVariant(o: OptimizerConfig, v: OptimizerVariant): OptimizerConfig {
  if (v === optimizerVariant(o)) return o;
  if (v === "schedulefree") {
    // Its evaluation point needs beta1 > 0 (SPEC.md §5); weight decay starts off.
    return { ...o, kind: "scheduleFree", amsgrad: false, decoupled: false, weightDecay: 0, beta1: o.beta1 > 0 ? o.beta1 : OPTIMIZER_FIELDS.beta1.default };
  }
  const adamw = v === "adamw" || v === "adamw-amsgrad";
  // Weight decay belongs to AdamW here; switching away drops it so Adam does not silently become
  // Adam + L2, and switching to it picks PyTorch's default.
  const weightDecay = adamw ? (o.decoupled && o.weightDecay > 0 ? o.weightDecay : ADAMW_DEFAULT_DECAY) : v === "sgd" && o.kind === "sgd" ? o.weightDecay : 0;
  return {
    ...o,
    kind: v === "sgd" ? "sgd" : "adam",
    amsgrad: v === "amsgrad" || v === "adamw-amsgrad",
    decoupled: adamw,
    weightDecay,
  };
}

const isVariant = (s: string): s is OptimizerVariant => (VARIANTS as readonly string[]).includes(s);
const isForm = (s: string): s is EpsilonForm => (FORMS as readonly string[]).includes(s);

const EPSILON_SPAN = { min: 1e-10, max: 10 } as const;
const EPSILON_PICKS = [{ value: 1e-8 }, { value: 0.1 }, { value: 1, label: "1.0" }] as const;
const MOMENTUM_PICKS = [{ value: 0 }, { value: 0.9 }, { value: 0.99 }] as const;

/** Learning rate, optimizer kind and Adam's β1, β2, ε (with its form), weight decay, momentum. */
export function OptimizerControls(props: ControlProps) {
  const { config, onChange } = props;
  const o = config.optimizer;
  const access = fieldAccess(props);
  const set = (patch: Partial<OptimizerConfig>): void => onChange({ ...config, optimizer: { ...o, ...patch } });
  const variant = optimizerVariant(o);
  const adam = o.kind === "adam";
  const sf = o.kind === "scheduleFree";
  // Adam's moments: Adam and schedule-free AdamW share beta1, beta2 and epsilon.
  const moments = adam || sf;
  const showDecay = o.decoupled || o.kind === "sgd" || sf || o.weightDecay !== 0;
  const beta1Field = sf ? { ...OPTIMIZER_FIELDS.beta1, ...SCHEDULE_FREE_BETA1 } : OPTIMIZER_FIELDS.beta1;
  const t = useT(optimizerMessages);

  return (
    <fieldset className="ctl-group" data-testid="optimizer-controls">
      <legend>{t("legend")}</legend>
      {access.shown("optimizer") && (
        <div className="ctl-field">
          <label htmlFor="optimizer" className="ctl-label">
            {t("optimizer")}
          </label>
          <select
            id="optimizer"
            data-testid="optimizer"
            className="ctl-select"
            value={variant}
            disabled={access.locked("optimizer")}
            onChange={(e) => {
              if (isVariant(e.target.value)) onChange({ ...config, optimizer: withVariant(o, e.target.value) });
            }}
          >
            {VARIANTS
              .filter((v) => v !== "adamw-amsgrad" || variant === "adamw-amsgrad")
              .map((v) => (
                <option key={v} value={v}>
                  {t(`variant.${v}`)}
                </option>
              ))}
          </select>
        </div>
      )}
      {access.shown("lr") && (
        <NumberInput
          id="lr"
          label={t("lr")}
          field={OPTIMIZER_FIELDS.lr}
          value={o.lr}
          mode="log"
          disabled={access.locked("lr")}
          onCommit={(lr) => set({ lr })}
        />
      )}
      {sf && <p className="ctl-hint" data-testid="sf-hint">{t("sfHint")}</p>}
      {moments && access.shown("beta1") && (
        <NumberInput
          id="beta1"
          label={t("beta1")}
          field={beta1Field}
          value={o.beta1}
          mode="beta"
          disabled={access.locked("beta1")}
          onCommit={(beta1) => set({ beta1 })}
        />
      )}
      {moments && access.shown("beta2") && (
        <NumberInput
          id="beta2"
          label={t("beta2")}
          field={OPTIMIZER_FIELDS.beta2}
          value={o.beta2}
          mode="beta"
          disabled={access.locked("beta2")}
          onCommit={(beta2) => set({ beta2 })}
        />
      )}
      {moments && access.shown("epsilon") && (
        <NumberInput
          id="epsilon"
          label={t("epsilon")}
          field={OPTIMIZER_FIELDS.epsilon}
          value={o.epsilon}
          mode="log"
          span={EPSILON_SPAN}
          quickPicks={EPSILON_PICKS}
          disabled={access.locked("epsilon")}
          onCommit={(epsilon) => set({ epsilon })}
          hint={sf ? undefined : o.epsilonForm === "hat" ? t("epsilonHintHat") : t("epsilonHintPaper")}
        />
      )}
      {adam && access.shown("epsilonForm") && (
        <div className="ctl-field">
          <label htmlFor="epsilonForm" className="ctl-label">
            {t("form")}
          </label>
          <select
            id="epsilonForm"
            data-testid="epsilonForm"
            className="ctl-select"
            value={o.epsilonForm}
            disabled={access.locked("epsilonForm")}
            onChange={(e) => {
              if (isForm(e.target.value)) set({ epsilonForm: e.target.value });
            }}
          >
            {FORMS.map((f) => (
              <option key={f} value={f}>
                {t(`form.${f}`)}
              </option>
            ))}
          </select>
        </div>
      )}
      {showDecay && access.shown("weightDecay") && (
        <NumberInput
          id="weightDecay"
          label={sf ? t("weightDecaySf") : o.decoupled ? t("weightDecayDecoupled") : t("weightDecayL2")}
          field={OPTIMIZER_FIELDS.weightDecay}
          value={o.weightDecay}
          disabled={access.locked("weightDecay")}
          onCommit={(weightDecay) => set({ weightDecay })}
        />
      )}
      {o.kind === "sgd" && access.shown("momentum") && (
        <NumberInput
          id="momentum"
          label={t("momentum")}
          field={OPTIMIZER_FIELDS.momentum}
          value={o.momentum}
          quickPicks={MOMENTUM_PICKS}
          disabled={access.locked("momentum")}
          onCommit={(momentum) => set({ momentum })}
        />
      )}
      {sf && access.shown("warmupSteps") && (
        <NumberInput
          id="warmupSteps"
          label={t("warmupSteps")}
          field={OPTIMIZER_FIELDS.warmupSteps}
          value={o.warmupSteps}
          disabled={access.locked("warmupSteps")}
          onCommit={(warmupSteps) => set({ warmupSteps })}
        />
      )}
      {sf && access.shown("r") && (
        <NumberInput
          id="r"
          label={t("r")}
          field={OPTIMIZER_FIELDS.r}
          value={o.r}
          disabled={access.locked("r")}
          onCommit={(r) => set({ r })}
        />
      )}
      {sf && access.shown("weightLrPower") && (
        <NumberInput
          id="weightLrPower"
          label={t("weightLrPower")}
          field={OPTIMIZER_FIELDS.weightLrPower}
          value={o.weightLrPower}
          disabled={access.locked("weightLrPower")}
          onCommit={(weightLrPower) => set({ weightLrPower })}
        />
      )}
      {o.kind === "sgd" && access.shown("nesterov") && (
        <label className="ctl-check">
          <input
            id="nesterov"
            data-testid="nesterov"
            type="checkbox"
            checked={o.nesterov}
            disabled={access.locked("nesterov")}
            onChange={(e) => set({ nesterov: e.target.checked })}
          />
          {t("nesterov")}
        </label>
      )}
    </fieldset>
  );
}
