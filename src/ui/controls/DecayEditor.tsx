import { useMemo } from "react";
import { POLICY_KINDS, UNIT_FIELD, WARMUP_FIELDS } from "../../engine/config.ts";
import type { Policy, PolicyKind, Unit } from "../../engine/types.ts";
import { SchedulePreview } from "../../charts/SchedulePreview.tsx";
import { PREVIEW_MAX_POINTS } from "../../charts/schedule-points.ts";
import { fieldAccess, type ControlProps } from "./control-props.ts";
import { defineMessages } from "../../state/i18n.ts";
import { useT } from "../../state/use-t.ts";
import { usePlayground } from "../../state/store.ts";
import {
  DECAY_PRESETS,
  convertUnit,
  policyLabel,
  policyReference,
  presetLabel,
  runTicks,
  samePolicy,
  switchKind,
  ticksWord,
  withPolicyField,
} from "./decay-meta.ts";
import { NumberInput } from "./NumberInput.tsx";
import { PolicyFields } from "./PolicyFields.tsx";
import { stepsPerEpoch } from "./problem-info.ts";
import "./controls.css";

export const decayEditorMessages = defineMessages({
  en: {
    legend: "Learning-rate decay",
    presets: "Decay presets",
    presetsHint:
      "The article's two decays are both step decays (StepLR): “halve every 5 epochs” is gamma 0.5, “×0.1 every 5 epochs” is gamma 0.1 — the same as exponential decay with decaySteps 5, decayRate 0.1 and staircase on.",
    kind: "Decay policy",
    unit: "Tick unit (the schedule advances every…)",
    unitEpoch: "epoch",
    unitStep: "step (optimizer step)",
    warmup: "Linear warmup first",
    warmupLength: "Warmup length ({u})",
    warmupStart: "Start factor (warmup starts at lr × this)",
    preview: "lr(t) over the run",
    plateauNote:
      "Reduce-on-plateau depends on the loss, so no preview can know it: this shows the rate before any cut. Training lowers it each time the loss stops improving for longer than the patience. The loss it watches is each tick's mean of the loss where the gradients were taken: the minibatch loss on the datasets, the exact training loss before the step on the noisy quadratic and the 2-D surfaces (they have no minibatch loss).",
  },
  zh: {
    legend: "学习率衰减",
    presets: "衰减预设",
    presetsHint:
      "文章中的两种衰减都是阶梯衰减（StepLR）：“每 5 轮减半”即 gamma 0.5，“每 5 轮 ×0.1”即 gamma 0.1——等同于 decaySteps 5、decayRate 0.1 并开启阶梯式的指数衰减。",
    kind: "衰减策略",
    unit: "刻度单位（调度每隔多久前进一次）",
    unitEpoch: "轮（epoch）",
    unitStep: "步（优化器步）",
    warmup: "先线性预热",
    warmupLength: "预热长度（{u}）",
    warmupStart: "起始系数（预热从 lr × 该值开始）",
    preview: "整个训练过程的 lr(t)",
    plateauNote:
      "平台期降低取决于损失，预览无法预知：这里显示的是任何降低之前的学习率。训练中，损失停止改善超过 patience 后，学习率就会降低一次。它观察的是每个刻度内、在计算梯度的位置上测得的损失的平均值：数据集问题用小批量损失；噪声二次模型和二维曲面没有小批量损失，用更新之前的精确训练损失。",
  },
});

const isKind = (s: string): s is PolicyKind => (POLICY_KINDS as readonly string[]).includes(s);
const isUnit = (s: string): s is Unit => (UNIT_FIELD.values as readonly string[]).includes(s);

export interface DecayEditorProps extends ControlProps {
  /** Height of the live lr(t) preview. */
  previewHeight?: number;
}

/**
 * The decay policy: presets, kind, the kind's own fields, unit, warmup, and a live preview of lr(t)
 * over the run from the same engine function that trains.
 */
export function DecayEditor(props: DecayEditorProps) {
  const { config, onChange, previewHeight = 170 } = props;
  const policy = config.policy;
  const access = fieldAccess(props);
  const { problem, batchSize } = config;
  const spe = useMemo(() => stepsPerEpoch({ problem, batchSize }), [problem, batchSize]);
  const run = { epochs: config.epochs, stepsPerEpoch: spe };
  const ticks = runTicks(policy.unit, run);
  const setPolicy = (next: Policy): void => onChange({ ...config, policy: next });
  const warmup = policy.warmup;
  const kindLocked = access.locked("decay-kind");
  const t = useT(decayEditorMessages);
  const lang = usePlayground((s) => s.lang);

  return (
    <fieldset className="ctl-group ctl-decay" data-testid="decay-editor">
      <legend>{t("legend")}</legend>
      {access.shown("decay-presets") && (
        <div className="ctl-presets" role="group" aria-label={t("presets")}>
          {DECAY_PRESETS.map((p) => {
            const built = p.build(run);
            return (
              <button
                key={p.id}
                type="button"
                className="ctl-preset"
                data-testid={`preset-${p.id}`}
                aria-pressed={samePolicy(built, policy)}
                disabled={kindLocked}
                onClick={() => setPolicy(built)}
              >
                {presetLabel(p.id, lang)}
              </button>
            );
          })}
        </div>
      )}
      {access.shown("decay-presets") && (
        <p className="ctl-hint">{t("presetsHint")}</p>
      )}
      {access.shown("decay-kind") && (
        <div className="ctl-field">
          <label htmlFor="decay-kind" className="ctl-label">
            {t("kind")}
          </label>
          <select
            id="decay-kind"
            data-testid="decay-kind"
            className="ctl-select"
            value={policy.kind}
            disabled={kindLocked}
            aria-describedby="decay-kind-reference"
            onChange={(e) => {
              if (isKind(e.target.value)) setPolicy(switchKind(policy, e.target.value, run));
            }}
          >
            {POLICY_KINDS.map((k) => (
              <option key={k} value={k}>
                {policyLabel(k, lang)}
              </option>
            ))}
          </select>
          <p id="decay-kind-reference" className="ctl-hint">
            {policyReference(policy.kind, lang)}
          </p>
        </div>
      )}
      <div className="ctl-fields-grid">
        <PolicyFields policy={policy} onPolicy={setPolicy} access={access} runTicks={ticks} />
        {access.shown("decay-unit") && (
          <div className="ctl-field">
            <label htmlFor="decay-unit" className="ctl-label">
              {t("unit")}
            </label>
            <select
              id="decay-unit"
              data-testid="decay-unit"
              className="ctl-select"
              value={policy.unit}
              disabled={access.locked("decay-unit")}
              onChange={(e) => {
                if (isUnit(e.target.value)) setPolicy(convertUnit(policy, e.target.value, spe));
              }}
            >
              <option value="epoch">{t("unitEpoch")}</option>
              <option value="step">{t("unitStep")}</option>
            </select>
          </div>
        )}
      </div>
      {access.shown("warmup") && (
        <div className="ctl-subgroup">
          <label className="ctl-check">
            <input
              id="warmup"
              data-testid="warmup"
              type="checkbox"
              checked={warmup !== null}
              disabled={access.locked("warmup")}
              onChange={(e) => {
                const steps = WARMUP_FIELDS.steps.default * (policy.unit === "step" ? spe : 1);
                const next = e.target.checked ? { steps, startFactor: WARMUP_FIELDS.startFactor.default } : null;
                const p = withPolicyField(policy, "warmup", next);
                if (p !== null) setPolicy(p);
              }}
            />
            {t("warmup")}
          </label>
          {warmup !== null && (
            <div className="ctl-fields-grid">
              <NumberInput
                id="warmupSteps"
                name="warmup steps"
                label={t("warmupLength", { u: ticksWord(policy.unit, lang) })}
                field={WARMUP_FIELDS.steps}
                value={warmup.steps}
                mode={policy.unit === "step" ? "log" : "linear"}
                span={{ min: 1, max: Math.max(WARMUP_FIELDS.steps.slider?.max ?? 1, ticks) }}
                disabled={access.locked("warmup")}
                onCommit={(steps) => {
                  const p = withPolicyField(policy, "warmup", { ...warmup, steps });
                  if (p !== null) setPolicy(p);
                }}
              />
              <NumberInput
                id="warmupStartFactor"
                name="startFactor"
                label={t("warmupStart")}
                field={WARMUP_FIELDS.startFactor}
                value={warmup.startFactor}
                disabled={access.locked("warmup")}
                onCommit={(startFactor) => {
                  const p = withPolicyField(policy, "warmup", { ...warmup, startFactor });
                  if (p !== null) setPolicy(p);
                }}
              />
            </div>
          )}
        </div>
      )}
      {access.shown("decay-preview") && (
        <div className="ctl-preview">
          <p className="ctl-preview-title">{t("preview")}</p>
          <SchedulePreview
            policy={policy}
            baseLr={config.optimizer.lr}
            ticks={ticks}
            height={previewHeight}
            maxPoints={PREVIEW_MAX_POINTS}
            lang={lang}
          />
          {policy.kind === "plateau" && (
            <p className="ctl-hint" data-testid="plateau-note">
              {t("plateauNote")}
            </p>
          )}
        </div>
      )}
    </fieldset>
  );
}
