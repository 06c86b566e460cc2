import { useMemo } from "react";
import { POLICY_KINDS, UNIT_FIELD, WARMUP_FIELDS } from "../../engine/config.ts";
import type { Policy, PolicyKind, Unit } from "../../engine/types.ts";
import { SchedulePreview } from "../../charts/SchedulePreview.tsx";
import { PREVIEW_MAX_POINTS } from "../../charts/schedule-points.ts";
import { fieldAccess, type ControlProps } from "./control-props.ts";
import {
  DECAY_PRESETS,
  POLICY_LABELS,
  POLICY_REFERENCES,
  convertUnit,
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

  return (
    <fieldset className="ctl-group ctl-decay" data-testid="decay-editor">
      <legend>Learning-rate decay</legend>
      {access.shown("decay-presets") && (
        <div className="ctl-presets" role="group" aria-label="Decay presets">
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
                {p.label}
              </button>
            );
          })}
        </div>
      )}
      {access.shown("decay-presets") && (
        <p className="ctl-hint">
          The article's two decays are both step decays (StepLR): “halve every 5 epochs” is gamma 0.5, “×0.1 every 5 epochs”
          is gamma 0.1 — the same as exponential decay with decaySteps 5, decayRate 0.1 and staircase on.
        </p>
      )}
      {access.shown("decay-kind") && (
        <div className="ctl-field">
          <label htmlFor="decay-kind" className="ctl-label">
            Decay policy
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
                {POLICY_LABELS[k]}
              </option>
            ))}
          </select>
          <p id="decay-kind-reference" className="ctl-hint">
            {POLICY_REFERENCES[policy.kind]}
          </p>
        </div>
      )}
      <div className="ctl-fields-grid">
        <PolicyFields policy={policy} onPolicy={setPolicy} access={access} runTicks={ticks} />
        {access.shown("decay-unit") && (
          <div className="ctl-field">
            <label htmlFor="decay-unit" className="ctl-label">
              Tick unit (the schedule advances every…)
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
              <option value="epoch">epoch</option>
              <option value="step">step (optimizer step)</option>
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
            Linear warmup first
          </label>
          {warmup !== null && (
            <div className="ctl-fields-grid">
              <NumberInput
                id="warmupSteps"
                name="warmup steps"
                label={`Warmup length (${ticksWord(policy.unit)})`}
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
                label="Start factor (warmup starts at lr × this)"
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
          <p className="ctl-preview-title">lr(t) over the run</p>
          <SchedulePreview
            policy={policy}
            baseLr={config.optimizer.lr}
            ticks={ticks}
            height={previewHeight}
            maxPoints={PREVIEW_MAX_POINTS}
          />
          {policy.kind === "plateau" && (
            <p className="ctl-hint" data-testid="plateau-note">
              Reduce-on-plateau depends on the loss, so no preview can know it: this shows the rate before any cut. Training
              lowers it each time the loss stops improving for longer than the patience.
            </p>
          )}
        </div>
      )}
    </fieldset>
  );
}
