import { useState, type KeyboardEvent } from "react";
import { policyFieldTable, validateField, type NumberArrayField } from "../../engine/config.ts";
import type { Policy } from "../../engine/types.ts";
import type { FieldAccess } from "./control-props.ts";
import { fieldLabel, isTickField, nullableLabel, withPolicyField } from "./decay-meta.ts";
import { inverseSqrtTimescale } from "../../engine/policies.ts";
import { NumberInput } from "./NumberInput.tsx";
import { defineMessages } from "../../state/i18n.ts";
import { problemMessage } from "../../state/problem-text.ts";
import { usePlayground } from "../../state/store.ts";
import { useT } from "../../state/use-t.ts";

export const policyFieldsMessages = defineMessages({
  en: { sameAsUp: "{name} same as stepSizeUp" },
  zh: { sameAsUp: "{name} 与 stepSizeUp 相同" },
});

interface Props {
  policy: Policy;
  onPolicy: (next: Policy) => void;
  access: FieldAccess;
  /** Ticks in the whole run in the policy's unit: sliders of tick counts reach this far. */
  runTicks: number;
}

/** The fields of the selected kind only, straight from POLICY_FIELDS, each as the control its type needs. */
export function PolicyFields({ policy, onPolicy, access, runTicks }: Props) {
  const t = useT(policyFieldsMessages);
  const lang = usePlayground((s) => s.lang);
  const table = policyFieldTable(policy.kind);
  const values: Record<string, unknown> = { ...policy };
  const set = (name: string, value: unknown): void => {
    const next = withPolicyField(policy, name, value);
    if (next !== null) onPolicy(next);
  };
  return (
    <>
      {Object.entries(table).map(([name, field]) => {
        if (!access.shown(name)) return null;
        const label = fieldLabel(policy.kind, name, policy.unit, lang);
        const locked = access.locked(name);
        const value = values[name];
        switch (field.type) {
          case "number": {
            if (typeof value !== "number") return null;
            const tick = isTickField(policy.kind, name);
            // Tick counts in steps run to thousands: a log slider reaching the end of the run.
            const longTicks = tick && runTicks > (field.slider?.max ?? 0);
            return (
              <NumberInput
                key={`${policy.kind}-${name}`}
                id={name}
                label={label}
                field={field}
                value={value}
                mode={longTicks && policy.unit === "step" ? "log" : undefined}
                span={longTicks ? { min: Math.max(field.slider?.min ?? 1, 1), max: runTicks } : undefined}
                disabled={locked}
                onCommit={(v) => set(name, v)}
              />
            );
          }
          case "nullableNumber": {
            const same = value === null;
            // What null stands for: cyclic's stepSizeUp, inverseSqrt's warmup (or 10,000).
            const implied = policy.kind === "inverseSqrt" ? inverseSqrtTimescale(policy) : values.stepSizeUp;
            const shown = typeof value === "number" ? value : typeof implied === "number" ? implied : field.min;
            return (
              <div key={`${policy.kind}-${name}`} className="ctl-subgroup">
                <label className="ctl-check">
                  <input
                    id={`${name}-same`}
                    data-testid={`${name}-same`}
                    type="checkbox"
                    checked={same}
                    disabled={locked}
                    onChange={(e) => set(name, e.target.checked ? null : shown)}
                  />
                  {nullableLabel(name, lang) ?? t("sameAsUp", { name })}
                </label>
                {!same && (
                  <NumberInput
                    id={name}
                    label={label}
                    field={{ ...field, default: field.min }}
                    value={shown}
                    disabled={locked}
                    onCommit={(v) => set(name, v)}
                  />
                )}
              </div>
            );
          }
          case "boolean":
            return (
              <label key={`${policy.kind}-${name}`} className="ctl-check">
                <input
                  id={name}
                  data-testid={name}
                  type="checkbox"
                  checked={value === true}
                  disabled={locked}
                  onChange={(e) => set(name, e.target.checked)}
                />
                {label}
              </label>
            );
          case "enum":
            return (
              <div key={`${policy.kind}-${name}`} className="ctl-field">
                <label htmlFor={name} className="ctl-label">
                  {label}
                </label>
                <select
                  id={name}
                  data-testid={name}
                  className="ctl-select"
                  value={typeof value === "string" ? value : field.default}
                  disabled={locked}
                  onChange={(e) => set(name, e.target.value)}
                >
                  {field.values.map((v) => (
                    <option key={v} value={v}>
                      {v}
                    </option>
                  ))}
                </select>
              </div>
            );
          case "numberArray":
            return (
              <NumberListInput
                key={`${policy.kind}-${name}`}
                id={name}
                label={label}
                field={field}
                value={Array.isArray(value) ? value.filter((x): x is number => typeof x === "number") : [...field.default]}
                disabled={locked}
                onCommit={(v) => set(name, v)}
              />
            );
        }
      })}
    </>
  );
}

/** "5, 10, 15" → [5, 10, 15]; items that are not numbers stay as typed, for the schema's message. */
function parseNumberList(text: string): unknown[] {
  const items = text.split(/[\s,;]+/).filter((s) => s !== "");
  return items.map((s) => {
    const n = Number(s);
    return Number.isNaN(n) ? s : n;
  });
}

interface ListProps {
  id: string;
  label: string;
  field: NumberArrayField;
  value: readonly number[];
  disabled: boolean;
  onCommit: (v: number[]) => void;
}

/** A comma-separated list (multi-step milestones), validated by the schema on Enter or blur. */
function NumberListInput({ id, label, field, value, disabled, onCommit }: ListProps) {
  const lang = usePlayground((s) => s.lang);
  const [draft, setDraft] = useState<string | null>(null);
  const checked = draft === null ? null : validateField(id, field, parseNumberList(draft), id);
  const error = checked !== null && checked.problems.length > 0 ? problemMessage(checked.problems[0], lang) : null;
  const errorId = `${id}-error`;
  const commit = (): void => {
    if (checked === null || error !== null) return;
    const next = checked.value;
    if (Array.isArray(next)) onCommit(next.filter((x): x is number => typeof x === "number"));
    setDraft(null);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === "Enter") {
      e.preventDefault();
      commit();
    } else if (e.key === "Escape") {
      setDraft(null);
    }
  };
  return (
    <div className="ctl-field">
      <label htmlFor={id} className="ctl-label">
        {label}
      </label>
      <input
        id={id}
        data-testid={id}
        className="ctl-box ctl-box-wide"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        value={draft ?? value.join(", ")}
        disabled={disabled}
        placeholder="5, 10, 15"
        aria-invalid={error !== null}
        aria-describedby={error === null ? undefined : errorId}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={commit}
      />
      {error !== null && (
        <p id={errorId} role="alert" className="ctl-error" data-testid={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
