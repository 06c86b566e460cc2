// The loss-surface tool: for a 2-D problem, the surface with the live path (SurfaceView), a start
// point set by clicking the map or typing it, and pinned runs' paths; for any other problem, a way
// to switch to one of the surfaces. Start points go into the config (`config.start`), so the run
// restarts from there and the link keeps it.

import { useMemo, useState, type KeyboardEvent } from "react";
import { PROBLEM_DEFAULTS, createProblem } from "../../engine/problems/index.ts";
import { START_LIMIT, type RunConfig } from "../../engine/run-config.ts";
import { SURFACE_PROBLEM_IDS, createRunProblem, isSurfaceProblem } from "../../engine/trainer.ts";
import { SurfaceColorBar, SurfaceView, type SurfacePath } from "../../charts/SurfaceView.tsx";
import { defineMessages } from "../../state/i18n.ts";
import { usePlayground } from "../../state/store.ts";
import { useT } from "../../state/use-t.ts";
import { useCompiledSurfaces } from "../../state/custom-surface.ts";
import { compilationOf } from "../../engine/expression/registry.ts";
import { problemLabel } from "../controls/problem-info.ts";
import "./surface.css";

export const surfaceMessages = defineMessages({
  en: {
    notTwoD: "The loss surface can be drawn for the two-parameter problems only; “{problem}” has {dim} parameters. Switch to one of these:",
    mapLabel: "Loss surface of {problem}: the optimizer's path from ({x0}, {y0}), now at step {step}. Click to start from another point.",
    hint: "Click the map to start the run from that point. Dark = low loss (good), yellow = high loss (log scale), as in the sweep; lines are contours; ★ marks the known minimum.",
    hintCustom: "Click the map to start the run from that point. Dark = low loss (good), yellow = high loss (log scale), as in the sweep; lines are contours.",
    legendStart: "start",
    legendMinimum: "known minimum",
    colorTitle: "loss (log scale)",
    colorLow: "← low loss (good)",
    colorHigh: "high loss →",
    legendPath: "path",
    legendCurrent: "current point",
    legendDecay: "rate decayed",
    legendPinned: "pinned: {label}",
    startX: "Start x",
    startY: "Start y",
    apply: "Start here",
    reset: "Default start",
    badStart: "Start {axis} must be a number in [-{limit}, {limit}], got “{value}”.",
    status: "Step {step}: x = {x}, y = {y}, loss = {loss}",
    waiting: "Waiting for the first step…",
    compiling: "Compiling f(x, y)…",
    diverged: "Diverged at step {step}.",
  },
  zh: {
    notTwoD: "损失曲面只能为两个参数的问题绘制；“{problem}”有 {dim} 个参数。切换到以下问题之一：",
    mapLabel: "{problem} 的损失曲面：优化器从 ({x0}, {y0}) 出发的路径，当前第 {step} 步。点击可从另一点开始。",
    hint: "点击图中任意位置，即从该点重新开始训练。深色 = 损失低（好），黄色 = 损失高（对数刻度），与参数扫描一致；线条为等高线；★ 标出已知的最小值。",
    hintCustom: "点击图中任意位置，即从该点重新开始训练。深色 = 损失低（好），黄色 = 损失高（对数刻度），与参数扫描一致；线条为等高线。",
    legendStart: "起点",
    legendMinimum: "已知最小值",
    colorTitle: "损失（对数刻度）",
    colorLow: "← 损失低（好）",
    colorHigh: "损失高 →",
    legendPath: "路径",
    legendCurrent: "当前点",
    legendDecay: "学习率衰减处",
    legendPinned: "对照：{label}",
    startX: "起点 x",
    startY: "起点 y",
    apply: "从此处开始",
    reset: "默认起点",
    badStart: "起点 {axis} 必须是 [-{limit}, {limit}] 内的数，得到的是“{value}”。",
    status: "第 {step} 步：x = {x}，y = {y}，损失 = {loss}",
    waiting: "等待第一步…",
    compiling: "正在编译 f(x, y)…",
    diverged: "在第 {step} 步发散。",
  },
});


/** The run's actual first point (the config's start, or the problem's default, plus any jitter). */
function startOf(config: RunConfig): readonly [number, number] {
  const x = createRunProblem(config).init();
  return [x[0], x[1]];
}

const fmt = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(4))) : String(v));

function parseCoord(text: string): number | null {
  const t = text.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) && Math.abs(v) <= START_LIMIT ? v + 0 : null;
}

export default function SurfacePanel() {
  const t = useT(surfaceMessages);
  const lang = usePlayground((s) => s.lang);
  const config = usePlayground((s) => s.config);
  const setConfig = usePlayground((s) => s.setConfig);

  if (!isSurfaceProblem(config.problem)) {
    const dim = createProblem(config.problem, config.seed).dim;
    return (
      <div className="surface-panel" data-testid="surface-panel">
        <p data-testid="surface-not-2d">{t("notTwoD", { problem: problemLabel(config.problem, lang), dim })}</p>
        <div className="surface-switch">
          {SURFACE_PROBLEM_IDS.map((id) => (
            <button key={id} type="button" className="btn" data-testid={`surface-switch-${id}`} onClick={() => setConfig({ ...config, problem: id })}>
              {problemLabel(id, lang)}
            </button>
          ))}
        </div>
      </div>
    );
  }
  return <SurfaceTool />;
}

/** True when the run's surface can be drawn: a built-in one, or a Custom one compiled on this page. */
function useDrawable(config: RunConfig): boolean {
  useCompiledSurfaces((s) => s.version);
  if (config.problem !== "custom") return true;
  const c = config.custom === undefined ? undefined : compilationOf(config.custom.f);
  return c !== undefined && c.ok;
}

function SurfaceTool() {
  const t = useT(surfaceMessages);
  const lang = usePlayground((s) => s.lang);
  const config = usePlayground((s) => s.config);
  const setConfig = usePlayground((s) => s.setConfig);
  // `version` changes at the store's snapshot rate (~15 Hz): the only re-render trigger while streaming.
  const version = usePlayground((s) => s.version);
  const snapshot = usePlayground((s) => s.snapshot);
  const current = usePlayground((s) => s.current);
  const pinnedRuns = usePlayground((s) => s.pinned);
  const locked = usePlayground((s) => s.locked);

  const runConfig = current.config;
  const drawable = useDrawable(runConfig);
  const start = useMemo(() => (drawable ? startOf(runConfig) : ([0, 0] as const)), [runConfig, drawable]);
  const live = current.trajectory.view();
  const last = current.trajectory.last();
  const decaySteps = useMemo(() => snapshot.events.flatMap((e) => (e.type === "decay" ? [e.step] : [])), [snapshot.events]);
  const pinned: SurfacePath[] = useMemo(
    () =>
      pinnedRuns.flatMap((p) =>
        p.trajectory !== undefined && p.config.problem === runConfig.problem && p.config.custom?.f === runConfig.custom?.f ? [{ id: p.id, color: p.color, data: p.trajectory }] : [],
      ),
    [pinnedRuns, runConfig.problem],
  );
  const editable = !locked.has("start") && !locked.has("problem");
  const pick = (x: number, y: number) => setConfig({ ...usePlayground.getState().config, start: [x, y] });
  const problemName = problemLabel(runConfig.problem, lang);
  // A typed surface has no known minimum to mark.
  const custom = runConfig.problem === "custom";

  if (!drawable) {
    return (
      <div className="surface-panel" data-testid="surface-panel">
        <p data-testid="surface-compiling">{t("compiling")}</p>
      </div>
    );
  }
  return (
    <div className="surface-panel" data-testid="surface-panel">
      <p className="surface-hint">{t(custom ? "hintCustom" : "hint")}</p>
      <div className="surface-layout">
        <SurfaceView
          problem={runConfig.problem}
          custom={runConfig.custom}
          runId={current.runId}
          start={start}
          live={live}
          current={last}
          decaySteps={decaySteps}
          diverged={snapshot.status === "diverged"}
          pinned={pinned}
          version={version}
          onPick={editable ? pick : undefined}
          label={t("mapLabel", { problem: problemName, x0: fmt(start[0]), y0: fmt(start[1]), step: snapshot.step })}
          minimumLabel={t("legendMinimum")}
        />
        <div className="surface-side">
          <SurfaceColorBar problem={runConfig.problem} custom={runConfig.custom} title={t("colorTitle")} low={t("colorLow")} high={t("colorHigh")} />
          <ul className="surface-legend">
            <li>
              <span className="surface-key surface-key-start" aria-hidden="true" /> {t("legendStart")}
            </li>
            <li>
              <span className="surface-key surface-key-path" aria-hidden="true" /> {t("legendPath")}
            </li>
            <li>
              <span className="surface-key surface-key-current" aria-hidden="true" /> {t("legendCurrent")}
            </li>
            <li>
              <span className="surface-key surface-key-decay" aria-hidden="true" /> {t("legendDecay")}
            </li>
            {!custom && (
              <li>
                <span className="surface-key-star" aria-hidden="true">
                  ★
                </span>{" "}
                {t("legendMinimum")}
              </li>
            )}
            {pinned.map((p) => (
              <li key={p.id}>
                <span className="surface-key surface-key-pin" style={{ borderColor: p.color }} aria-hidden="true" />{" "}
                {t("legendPinned", { label: p.id.replace("pin-", "#") })}
              </li>
            ))}
          </ul>
          <p className="surface-status" data-testid="surface-status">
            {snapshot.status === "diverged" && snapshot.diverged !== null
              ? t("diverged", { step: snapshot.diverged.step })
              : last === null
                ? t("waiting")
                : t("status", { step: last.step, x: fmt(last.x), y: fmt(last.y), loss: snapshot.loss === null ? "–" : fmt(snapshot.loss) })}
          </p>
          {editable && <StartForm key={`${start[0]},${start[1]}`} start={start} custom={config.start !== undefined} />}
        </div>
      </div>
    </div>
  );
}

/** The keyboard way to set the start: two number boxes and "Start here" (Enter in a box applies too). */
function StartForm({ start, custom }: { start: readonly [number, number]; custom: boolean }) {
  const t = useT(surfaceMessages);
  const setConfig = usePlayground((s) => s.setConfig);
  const [xText, setXText] = useState(fmt(start[0]));
  const [yText, setYText] = useState(fmt(start[1]));
  const [error, setError] = useState<string | null>(null);
  const problemId = usePlayground((s) => s.config.problem);

  const apply = () => {
    const x = parseCoord(xText);
    const y = parseCoord(yText);
    if (x === null || y === null) {
      setError(t("badStart", { axis: x === null ? "x" : "y", limit: START_LIMIT, value: x === null ? xText : yText }));
      return;
    }
    setError(null);
    setConfig({ ...usePlayground.getState().config, start: [x, y] });
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") {
      e.preventDefault();
      apply();
    }
  };
  const defaults = PROBLEM_DEFAULTS[problemId] as { start?: readonly [number, number] };
  return (
    <div className="surface-start">
      <div className="surface-start-row">
        <label>
          {t("startX")}
          <input
            type="text"
            inputMode="decimal"
            data-testid="surface-start-x"
            value={xText}
            aria-invalid={error !== null}
            aria-describedby={error === null ? undefined : "surface-start-error"}
            onChange={(e) => setXText(e.target.value)}
            onKeyDown={onKey}
          />
        </label>
        <label>
          {t("startY")}
          <input
            type="text"
            inputMode="decimal"
            data-testid="surface-start-y"
            value={yText}
            aria-invalid={error !== null}
            aria-describedby={error === null ? undefined : "surface-start-error"}
            onChange={(e) => setYText(e.target.value)}
            onKeyDown={onKey}
          />
        </label>
      </div>
      <div className="surface-start-row">
        <button type="button" className="btn" data-testid="surface-start-apply" onClick={apply}>
          {t("apply")}
        </button>
        {custom && defaults.start !== undefined && (
          <button
            type="button"
            className="btn"
            data-testid="surface-start-reset"
            onClick={() => setConfig({ ...usePlayground.getState().config, start: undefined })}
          >
            {t("reset")}
          </button>
        )}
      </div>
      {error !== null && (
        <p id="surface-start-error" role="alert" className="surface-error" data-testid="surface-start-error">
          {error}
        </p>
      )}
    </div>
  );
}
