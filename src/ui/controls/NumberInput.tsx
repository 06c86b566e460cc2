import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { NumberRange, SliderHint } from "../../engine/config.ts";
import { formatNumber, parseNumberText, sliderPosition, sliderScale, valueAtPos, type SliderMode } from "./slider-scale.ts";
import { defineMessages } from "../../state/i18n.ts";
import { problemMessage } from "../../state/problem-text.ts";
import { usePlayground } from "../../state/store.ts";
import { useT } from "../../state/use-t.ts";
import "./controls.css";

export const numberInputMessages = defineMessages({
  en: { quickPicks: "Quick picks for {name}" },
  zh: { quickPicks: "{name} 的常用值" },
});

interface QuickPick {
  value: number;
  /** Button text; the number as typed by default (e.g. "1.0" for 1 needs a label). */
  label?: string;
}

export interface NumberInputProps {
  /** Field id: the number box's id and data-testid; the slider is `<id>-slider`. */
  id: string;
  label: ReactNode;
  /** The field's name in the schema's messages (`beta1 must be in [0, 1), got 1.2`); `id` by default. */
  name?: string;
  /** The schema's descriptor: range, default, slider hint. */
  field: NumberRange & { default: number; slider?: SliderHint; scale?: "log" | "linear" };
  value: number;
  /** Called only with values the schema accepts. */
  onCommit: (value: number) => void;
  /** Slider mapping; the descriptor's `scale` by default. */
  mode?: SliderMode;
  /** Overrides the descriptor's slider hint. */
  span?: SliderHint;
  /** false: number box only. */
  slider?: boolean;
  quickPicks?: readonly QuickPick[];
  disabled?: boolean;
  /** Short help under the field. */
  hint?: ReactNode;
}

/**
 * A slider plus an exact number box for one schema field. The slider commits as it moves; typed text
 * commits on Enter or blur, and only if the schema accepts it — otherwise the schema's message is
 * shown (role="alert", aria-invalid) and the last good value keeps running. Escape reverts.
 */
export function NumberInput(props: NumberInputProps) {
  const { id, label, field, value, onCommit, disabled = false, hint, quickPicks } = props;
  const name = props.name ?? id;
  const mode: SliderMode = props.mode ?? (field.scale === "log" ? "log" : "linear");
  const scale = useMemo(() => sliderScale(field, mode, props.span), [field, mode, props.span]);
  // Text typed but not yet committed; null shows the committed value.
  const [draft, setDraft] = useState<string | null>(null);
  const parsed = useMemo(() => (draft === null ? null : parseNumberText(name, field, draft)), [draft, name, field]);
  const t = useT(numberInputMessages);
  const lang = usePlayground((s) => s.lang);
  const problem = parsed?.problem ?? null;
  // Worded from the problem's code and range, in the page's language.
  const error = problem === null ? null : problemMessage(problem, lang);
  const uid = useId();
  const labelId = `${uid}-label`;
  const errorId = `${id}-error`;
  const hintId = `${uid}-hint`;
  const ticksId = `${uid}-ticks`;

  const commitDraft = (): void => {
    if (parsed === null || parsed.value === null) return;
    if (parsed.value !== value) onCommit(parsed.value);
    setDraft(null);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === "Enter") {
      e.preventDefault();
      commitDraft();
    } else if (e.key === "Escape") {
      setDraft(null);
    }
  };
  // A dragged slider fires faster than the page can redraw everything a setting drives (each commit
  // restarts the run and re-renders every control and chart): the slider and its box follow each
  // move at once, and the value is committed at most once per animation frame, the latest winning.
  const [moving, setMoving] = useState<number | null>(null);
  const frame = useRef<number | null>(null);
  const pendingValue = useRef<number | null>(null);
  const commitRef = useRef(onCommit);
  commitRef.current = onCommit;
  const valueRef = useRef(value);
  valueRef.current = value;
  useEffect(() => () => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
  }, []);
  const shown = moving ?? value;
  const fromSlider = (pos: number): void => {
    const next = valueAtPos(scale, shown, pos);
    setDraft(null);
    if (parseNumberText(name, field, String(next)).problem !== null) return;
    pendingValue.current = next;
    setMoving(next);
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      const v = pendingValue.current;
      pendingValue.current = null;
      setMoving(null);
      if (v !== null && v !== valueRef.current) commitRef.current(v);
    });
  };

  const describedBy = [error === null ? null : errorId, hint === undefined ? null : hintId].filter((x) => x !== null).join(" ");
  const showSlider = props.slider !== false;
  return (
    <div className={`ctl-field ctl-number${disabled ? " is-locked" : ""}`} data-field={id}>
      <label id={labelId} htmlFor={id} className="ctl-label">
        {label}
      </label>
      <div className="ctl-number-row">
        {showSlider && (
          <div className="ctl-slider-wrap">
            <input
              type="range"
              className="ctl-slider"
              data-testid={`${id}-slider`}
              aria-labelledby={labelId}
              aria-valuetext={formatNumber(shown)}
              min={scale.min}
              max={scale.max}
              step={scale.step}
              value={sliderPosition(scale, shown)}
              list={scale.ticks.length > 0 ? ticksId : undefined}
              disabled={disabled}
              onChange={(e) => fromSlider(Number(e.target.value))}
            />
            {scale.ticks.length > 0 && (
              <>
                <datalist id={ticksId}>
                  {scale.ticks.map((t) => (
                    <option key={t.pos} value={t.pos} label={t.label} />
                  ))}
                </datalist>
                <div className="ctl-ticks" aria-hidden="true">
                  {scale.ticks.map((t) => (
                    <span key={t.pos} style={{ left: `${((t.pos - scale.min) / (scale.max - scale.min)) * 100}%` }}>
                      <span className="ctl-tick-long">{t.label}</span>
                      <span className="ctl-tick-short">{t.label.replace(/^0\./, ".")}</span>
                    </span>
                  ))}
                </div>
              </>
            )}
          </div>
        )}
        <input
          id={id}
          data-testid={id}
          className="ctl-box"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          value={draft ?? formatNumber(shown)}
          disabled={disabled}
          aria-invalid={error !== null}
          aria-describedby={describedBy === "" ? undefined : describedBy}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={commitDraft}
        />
      </div>
      {quickPicks !== undefined && quickPicks.length > 0 && (
        <div className="ctl-picks" role="group" aria-label={t("quickPicks", { name })}>
          {quickPicks.map((q) => (
            <button
              key={q.value}
              type="button"
              className="ctl-pick"
              data-testid={`${id}-pick-${formatNumber(q.value)}`}
              aria-pressed={q.value === value}
              disabled={disabled}
              onClick={() => {
                setDraft(null);
                if (q.value !== value) onCommit(q.value);
              }}
            >
              {q.label ?? formatNumber(q.value)}
            </button>
          ))}
        </div>
      )}
      {error !== null && (
        <p id={errorId} role="alert" className="ctl-error" data-testid={errorId}>
          {error}
        </p>
      )}
      {hint !== undefined && (
        <p id={hintId} className="ctl-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
