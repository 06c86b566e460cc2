// The Custom problem's controls (issue #17): f(x, y) in a text box with live validation, the
// gradient-noise level, the start point, the view, and three example surfaces. The text is checked
// as it is typed — at once by the lexical check (no parser needed), then, after a pause, in full by
// the lazily loaded parser (state/custom-surface.ts) — and only an expression that passes is put in
// the config (so the run, the link and every tool only ever see a checked surface).

import { useEffect, useState } from "react";
import { BOUNDS_LIMIT, CUSTOM_NOISE_FIELD, cloneCustom, expressionProblem, type CustomSurface } from "../../engine/custom-config.ts";
import { expressionErrorEnglish, type ExpressionError } from "../../engine/expression/errors.ts";
import { EXPRESSION_FUNCTION_NAMES } from "../../engine/expression/functions.ts";
import { EXPRESSION_MAX_LENGTH } from "../../engine/expression/lexer.ts";
import { compilationOf } from "../../engine/expression/registry.ts";
import { CUSTOM_DEFAULTS, CUSTOM_PRESETS, type CustomPresetId } from "../../engine/problems/index.ts";
import type { Bounds } from "../../engine/problems/problem.ts";
import { START_LIMIT, type RunConfig } from "../../engine/run-config.ts";
import type { Problem } from "../../engine/problem-codes.ts";
import { checkCustom, useCompiledSurfaces } from "../../state/custom-surface.ts";
import { expressionErrorZh } from "../../state/expression-text.ts";
import { describeProblemIn } from "../../state/problem-text.ts";
import { defineMessages, type Lang } from "../../state/i18n.ts";
import { usePlayground } from "../../state/store.ts";
import { useT } from "../../state/use-t.ts";
import { NumberInput } from "./NumberInput.tsx";

export const customSurfaceMessages = defineMessages({
  en: {
    expression: "Loss f(x, y) =",
    allowed: "Numbers, x, y, pi, e, + - * / ^, parentheses and {functions}; at most {max} characters.",
    checking: "Checking…",
    ok: "OK: the run uses this surface.",
    gradientSymbolic: "gradient: symbolic (mathjs derivative)",
    gradientNumeric: "gradient: central differences (mathjs cannot differentiate this expression)",
    gradientPending: "gradient: loading the parser…",
    noise: "Gradient noise",
    noiseHint: "std per coordinate at batch size 1, divided by √batch",
    startX: "Start x",
    startY: "Start y",
    xMin: "View x min",
    xMax: "View x max",
    yMin: "View y min",
    yMax: "View y max",
    badBounds: "The view needs {lo} < {hi}; got {loValue} and {hiValue}.",
    presets: "Examples",
    "preset.valley": "Narrow valley",
    "preset.valley.why": "A long, thin, tilted valley: a large rate zig-zags across it, a small one crawls along it.",
    "preset.saddle-plateau": "Saddle with a plateau",
    "preset.saddle-plateau.why": "A flat plateau leads to a saddle: the gradient almost vanishes, and noise decides where the run falls off.",
    "preset.bumpy-bowl": "Bumpy bowl",
    "preset.bumpy-bowl.why": "A bowl with ripples and strong noise: a constant rate keeps rattling between bumps; decaying it settles low.",
    "surfaceRestored.surface": "The surface that ran before is back.",
    "surfaceRestored.default": "The default problem runs instead.",
  },
  zh: {
    expression: "损失函数 f(x, y) =",
    allowed: "可用：数字、x、y、pi、e、+ - * / ^、括号和 {functions}；最多 {max} 个字符。",
    checking: "检查中…",
    ok: "可以：运行使用这个曲面。",
    gradientSymbolic: "梯度：符号求导（mathjs derivative）",
    gradientNumeric: "梯度：中心差分（mathjs 无法对此表达式求导）",
    gradientPending: "梯度：正在加载解析器…",
    noise: "梯度噪声",
    noiseHint: "批大小为 1 时每个坐标的标准差，再除以 √批大小",
    startX: "起点 x",
    startY: "起点 y",
    xMin: "视图 x 最小值",
    xMax: "视图 x 最大值",
    yMin: "视图 y 最小值",
    yMax: "视图 y 最大值",
    badBounds: "视图需要 {lo} < {hi}；实际为 {loValue} 和 {hiValue}。",
    presets: "示例",
    "preset.valley": "狭长山谷",
    "preset.valley.why": "一条又长又窄的倾斜山谷：学习率大时在谷壁间来回震荡，学习率小时沿谷底缓慢爬行。",
    "preset.saddle-plateau": "带平台的鞍点",
    "preset.saddle-plateau.why": "一片平台通向鞍点：梯度几乎为零，由噪声决定优化从哪一侧滑下。",
    "preset.bumpy-bowl": "起伏的碗",
    "preset.bumpy-bowl.why": "带波纹和强噪声的碗：学习率不变时一直在起伏间震荡；学习率衰减后稳定在低处。",
    "surfaceRestored.surface": "已恢复之前运行的曲面。",
    "surfaceRestored.default": "改为运行默认问题。",
  },
});

/** Typing pauses this long before the full check (the lexical one answers at once). */
const CHECK_DELAY_MS = 200;

const COORD_FIELD = { min: -START_LIMIT, max: START_LIMIT, minInclusive: true, maxInclusive: true, default: 0 } as const;
const BOUND_FIELD = { min: -BOUNDS_LIMIT, max: BOUNDS_LIMIT, minInclusive: true, maxInclusive: true, default: 0 } as const;

/** An expression's refusal in the page's language, naming the token and its position. */
function expressionMessage(error: ExpressionError, lang: Lang): string {
  return `f ${lang === "zh" ? expressionErrorZh(error) : expressionErrorEnglish(error)}`;
}

function errorOf(p: Problem): ExpressionError | null {
  return p.code === "badExpression" ? p.error : null;
}

interface Props {
  config: RunConfig;
  onChange: (next: RunConfig) => void;
  locked: boolean;
}

/** Examples whose lesson is read on a log loss axis (their losses span decades). */
const LOG_Y_PRESETS: ReadonlySet<CustomPresetId> = new Set(["bumpy-bowl"]);

/**
 * Turns on the view an example's lesson is read in. The bumpy bowl's point is at the bottom:
 * constant and decayed runs both fall from ~10 to near 0 within 5 epochs, then differ 20-fold
 * (0.0017 against 0.0001). Only a log y axis shows that. Used by the example buttons and by
 * choosing Custom in the problem list (which opens the default example, the bumpy bowl).
 */
export function showPresetView(id: CustomPresetId): void {
  if (!LOG_Y_PRESETS.has(id)) return;
  const { chartOptions, setChartOptions } = usePlayground.getState();
  if (!chartOptions.logY) setChartOptions({ ...chartOptions, logY: true });
}

export function CustomSurfaceControls({ config, onChange, locked }: Props) {
  const t = useT(customSurfaceMessages);
  const lang = usePlayground((s) => s.lang);
  const custom: CustomSurface = config.custom ?? cloneCustom({ f: CUSTOM_DEFAULTS.expression, noise: CUSTOM_DEFAULTS.noiseScale, bounds: CUSTOM_DEFAULTS.bounds });
  const start = config.start ?? CUSTOM_DEFAULTS.start;
  const [text, setText] = useState(custom.f);
  const [error, setError] = useState<ExpressionError | null>(null);
  const [checking, setChecking] = useState(false);
  const [boundsError, setBoundsError] = useState<string | null>(null);
  useCompiledSurfaces((s) => s.version);
  const compiled = compilationOf(custom.f);

  // A new surface from elsewhere (a preset, a link, Reset) replaces the text being edited.
  useEffect(() => {
    setText(custom.f);
    setError(null);
  }, [custom.f]);

  useEffect(() => {
    if (text === usePlayground.getState().config.custom?.f) {
      setChecking(false);
      return;
    }
    const lexical = expressionProblem(text, "f");
    if (lexical !== null) {
      setError(errorOf(lexical));
      setChecking(false);
      return;
    }
    setError(null);
    setChecking(true);
    let live = true;
    const timer = setTimeout(() => {
      const now = usePlayground.getState().config;
      const next: RunConfig = { ...now, problem: "custom", custom: { ...(now.custom ?? custom), f: text } };
      void checkCustom(next).then((bad) => {
        if (!live) return;
        setChecking(false);
        if (bad !== null) setError(errorOf(bad));
        else onChange({ ...usePlayground.getState().config, custom: { ...(usePlayground.getState().config.custom ?? custom), f: text } });
      });
    }, CHECK_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `custom` and `onChange` are read when the check runs: only the text starts one.
  }, [text]);

  const setSurface = (patch: Partial<CustomSurface>) => onChange({ ...config, custom: { ...custom, ...patch } });
  const setBound = (key: keyof Bounds, v: number) => {
    const b = { ...custom.bounds, [key]: v };
    const pair = key === "xMin" || key === "xMax" ? (["xMin", "xMax"] as const) : (["yMin", "yMax"] as const);
    if (!(b[pair[0]] < b[pair[1]])) {
      setBoundsError(t("badBounds", { lo: pair[0], hi: pair[1], loValue: b[pair[0]], hiValue: b[pair[1]] }));
      return;
    }
    setBoundsError(null);
    setSurface({ bounds: b });
  };
  const usePreset = (id: CustomPresetId) => {
    const p = CUSTOM_PRESETS.find((c) => c.id === id);
    if (p === undefined) return;
    onChange({ ...config, problem: "custom", custom: cloneCustom(p.surface), start: p.start });
    showPresetView(id);
  };

  const gradient =
    compiled === undefined ? t("gradientPending") : compiled.ok ? (compiled.surface.gradient === "symbolic" ? t("gradientSymbolic") : t("gradientNumeric")) : "";
  const message = error !== null ? expressionMessage(error, lang) : checking ? t("checking") : null;

  return (
    <div className="ctl-custom" data-testid="custom-controls">
      <label htmlFor="custom-f" className="ctl-label">
        {t("expression")}
      </label>
      <textarea
        id="custom-f"
        data-testid="custom-f"
        className="ctl-expression"
        rows={3}
        spellCheck={false}
        autoComplete="off"
        autoCapitalize="off"
        value={text}
        disabled={locked}
        aria-invalid={error !== null}
        aria-describedby="custom-f-message custom-f-allowed"
        onChange={(e) => setText(e.target.value)}
      />
      <p id="custom-f-message" className={`ctl-expression-message${error !== null ? " is-error" : ""}`} data-testid="custom-f-message" role="status" data-state={error !== null ? "error" : checking ? "checking" : "ok"}>
        {message ?? t("ok")}
      </p>
      <p className="ctl-hint" data-testid="custom-gradient" data-gradient={compiled?.ok === true ? compiled.surface.gradient : ""}>
        {gradient}
      </p>
      <p id="custom-f-allowed" className="ctl-hint">
        {t("allowed", { functions: EXPRESSION_FUNCTION_NAMES.join(", "), max: EXPRESSION_MAX_LENGTH })}
      </p>
      <div className="ctl-custom-presets" role="group" aria-label={t("presets")}>
        <span className="ctl-label">{t("presets")}</span>
        <ul>
          {CUSTOM_PRESETS.map((p) => (
            <li key={p.id}>
              <button type="button" className="btn" data-testid={`custom-preset-${p.id}`} disabled={locked} onClick={() => usePreset(p.id)}>
                {t(`preset.${p.id}`)}
              </button>
              <p className="ctl-hint">{t(`preset.${p.id}.why`)}</p>
            </li>
          ))}
        </ul>
      </div>
      <NumberInput
        id="custom-noise"
        name="noise"
        label={t("noise")}
        field={CUSTOM_NOISE_FIELD}
        value={custom.noise}
        disabled={locked}
        hint={t("noiseHint")}
        onCommit={(noise) => setSurface({ noise })}
      />
      <div className="ctl-fields-grid ctl-custom-grid">
        <NumberInput id="custom-start-x" name="start x" label={t("startX")} field={COORD_FIELD} value={start[0]} slider={false} disabled={locked} onCommit={(x) => onChange({ ...config, start: [x, start[1]] })} />
        <NumberInput id="custom-start-y" name="start y" label={t("startY")} field={COORD_FIELD} value={start[1]} slider={false} disabled={locked} onCommit={(y) => onChange({ ...config, start: [start[0], y] })} />
        <NumberInput id="custom-x-min" name="xMin" label={t("xMin")} field={BOUND_FIELD} value={custom.bounds.xMin} slider={false} disabled={locked} onCommit={(v) => setBound("xMin", v)} />
        <NumberInput id="custom-x-max" name="xMax" label={t("xMax")} field={BOUND_FIELD} value={custom.bounds.xMax} slider={false} disabled={locked} onCommit={(v) => setBound("xMax", v)} />
        <NumberInput id="custom-y-min" name="yMin" label={t("yMin")} field={BOUND_FIELD} value={custom.bounds.yMin} slider={false} disabled={locked} onCommit={(v) => setBound("yMin", v)} />
        <NumberInput id="custom-y-max" name="yMax" label={t("yMax")} field={BOUND_FIELD} value={custom.bounds.yMax} slider={false} disabled={locked} onCommit={(v) => setBound("yMax", v)} />
      </div>
      {boundsError !== null && (
        <p role="alert" className="ctl-error" data-testid="custom-bounds-error">
          {boundsError}
        </p>
      )}
      <SurfaceProblemNotice />
    </div>
  );
}

/** `text` ending in a full stop, so a second sentence can follow it. */
const sentence = (text: string, lang: Lang): string => (/[.。!?！？]$/.test(text) ? text : `${text}${lang === "zh" ? "。" : "."}`);

/**
 * A start or view typed in the form whose surface failed the full check (effects.ts puts it in the
 * store as `surfaceProblem`): what is wrong, and what runs instead. Not a link problem: the link was fine.
 */
export function SurfaceProblemNotice() {
  const t = useT(customSurfaceMessages);
  const lang = usePlayground((s) => s.lang);
  const p = usePlayground((s) => s.surfaceProblem);
  if (p === null) return null;
  return (
    <p role="alert" className="ctl-error" data-testid="surface-problem">
      {sentence(describeProblemIn(p.problem, lang), lang)}
      {lang === "zh" ? "" : " "}
      {t(`surfaceRestored.${p.restored}`)}
    </p>
  );
}
