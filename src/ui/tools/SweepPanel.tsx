// The Sweep tool (issue #7): a grid of log-spaced learning rates × one step-decay setting, run on a
// pool of workers, shown as a heat map of final loss. Clicking a cell loads its settings into the
// playground (and so into the link). The form, the results and the link's sweep live in
// state/sweep.ts; the scales in sweep-scale.ts.

import { useMemo, type CSSProperties, type KeyboardEvent } from "react";
import { SWEEP_AXIS_KINDS, bestCell, lrGrid, sweepRunCount, type CellResult, type SweepAxisKind, type SweepCell } from "../../engine/sweep.ts";
import { defineMessages, type Translate } from "../../state/i18n.ts";
import { usePlayground } from "../../state/store.ts";
import { problemMessage } from "../../state/problem-text.ts";
import { parseDraft, useSweep } from "../../state/sweep.ts";
import { useT } from "../../state/use-t.ts";
import { labelledColumns, legendTicks, lossDomain, lossPosition, rampColor, shortNumber, textColorOn, type LossDomain } from "./sweep-scale.ts";
import "./sweep.css";

export const sweepMessages = defineMessages({
  en: {
    intro:
      "Trains every combination of learning rate (log-spaced) and one decay setting (a step decay's gamma or stepSize, or a WSD cooldown's share of the run) with the current problem and optimizer, spread over several workers, and maps the final loss (mean loss of the last epoch).",
    lrMin: "lr min",
    lrMax: "lr max",
    lrCount: "rates",
    axis: "second axis",
    axisGamma: "gamma (decay factor)",
    axisStepSize: "stepSize (epochs between decays)",
    axisCooldown: "WSD cooldown (share of the run)",
    valuesHintCooldown: "comma-separated fractions; 0 = no cooldown, 0.2 = the last 20%",
    yCooldown: "WSD cooldown",
    values: "values",
    valuesHint: "comma-separated; gamma 1 = no decay",
    valuesHintStepSize: "comma-separated ticks between decays",
    seeds: "seeds per cell",
    runs: "{lr} × {values} × {seeds} = {runs} runs",
    run: "Run sweep",
    cancel: "Cancel",
    progress: "{done} / {total} runs",
    workers: "{n} workers",
    statusRunning: "Running on a pool of {n} workers…",
    statusDone: "{runs} runs in {wall} s on {n} workers (the runs themselves took {work} s in total).",
    statusCancelled: "Cancelled after {done} of {total} runs.",
    errors: "{n} runs failed: {first}",
    xAxis: "learning rate (log scale)",
    yGamma: "gamma",
    yStepSize: "stepSize",
    noDecay: "no decay",
    cellDone: "lr {lr}, {axis} {value}: final loss {loss}",
    cellDiverged: "lr {lr}, {axis} {value}: diverged at step {step}",
    cellPending: "lr {lr}, {axis} {value}: not run yet",
    cellLoad: "Click to load into the playground.",
    diverged: "diverged",
    pending: "pending",
    legend: "final loss",
    legendRank: "colour by rank; ticks are quantiles",
    legendLow: "← low loss (good)",
    legendHigh: "high loss →",
    best: "Best: lr {lr}, {axis} {value}, loss {loss}.",
    hint: "Click a cell to load its learning rate and decay into the playground; the page then scrolls to the loss chart.",
    heatmapLabel: "Heat map of final loss by learning rate and {axis}",
    empty: "Set the grid and press Run sweep.",
  },
  zh: {
    intro: "用当前问题和优化器训练学习率（对数间隔）与一个衰减参数（阶梯衰减的 gamma 或 stepSize，或 WSD 冷却占训练的比例）的所有组合，分布在多个 worker 上运行，并以热图显示最终损失（最后一个 epoch 的平均损失）。",
    lrMin: "最小 lr",
    lrMax: "最大 lr",
    lrCount: "学习率个数",
    axis: "第二个轴",
    axisGamma: "gamma（衰减因子）",
    axisStepSize: "stepSize（衰减间隔 epoch 数）",
    axisCooldown: "WSD 冷却（占训练的比例）",
    valuesHintCooldown: "用逗号分隔的比例；0 = 不冷却，0.2 = 最后 20%",
    yCooldown: "WSD 冷却",
    values: "取值",
    valuesHint: "用逗号分隔；gamma 1 = 不衰减",
    valuesHintStepSize: "用逗号分隔的衰减间隔",
    seeds: "每格种子数",
    runs: "{lr} × {values} × {seeds} = {runs} 次运行",
    run: "运行扫描",
    cancel: "取消",
    progress: "{done} / {total} 次运行",
    workers: "{n} 个 worker",
    statusRunning: "正在 {n} 个 worker 上运行…",
    statusDone: "{runs} 次运行用时 {wall} 秒，使用 {n} 个 worker（各次运行本身共计 {work} 秒）。",
    statusCancelled: "已在 {total} 次中的第 {done} 次后取消。",
    errors: "{n} 次运行失败：{first}",
    xAxis: "学习率（对数刻度）",
    yGamma: "gamma",
    yStepSize: "stepSize",
    noDecay: "不衰减",
    cellDone: "lr {lr}，{axis} {value}：最终损失 {loss}",
    cellDiverged: "lr {lr}，{axis} {value}：在第 {step} 步发散",
    cellPending: "lr {lr}，{axis} {value}：尚未运行",
    cellLoad: "点击载入到演示区。",
    diverged: "发散",
    pending: "待运行",
    legend: "最终损失",
    legendRank: "按排名着色；刻度为分位数",
    legendLow: "← 损失低（好）",
    legendHigh: "损失高 →",
    best: "最佳：lr {lr}，{axis} {value}，损失 {loss}。",
    hint: "点击一个格子，把它的学习率和衰减设置载入演示区；页面随后滚动到损失图。",
    heatmapLabel: "按学习率和 {axis} 显示最终损失的热图",
    empty: "设置网格后点击“运行扫描”。",
  },
});

type Key = keyof (typeof sweepMessages)["en"];

const FIELD_OF_PROBLEM: Record<string, string> = {
  "sweep.lrMin": "lrMin",
  "sweep.lrMax": "lrMax",
  "sweep.lrCount": "lrCount",
  "sweep.axis": "axis",
  "sweep.values": "values",
  "sweep.seeds": "seeds",
  "sweep.runs": "runs",
};

/** "No decay" on either axis that has one: gamma 1, or a cooldown of 0. */
const isNoDecay = (axis: SweepAxisKind, v: number): boolean => (axis === "gamma" && v === 1) || (axis === "cooldown" && v === 0);

const AXIS_LABEL = { gamma: "axisGamma", stepSize: "axisStepSize", cooldown: "axisCooldown" } as const;
const AXIS_HINT = { gamma: "valuesHint", stepSize: "valuesHintStepSize", cooldown: "valuesHintCooldown" } as const;
const AXIS_Y = { gamma: "yGamma", stepSize: "yStepSize", cooldown: "yCooldown" } as const;

function valueText(t: Translate<Key>, axis: SweepAxisKind, v: number): string {
  return isNoDecay(axis, v) ? `${shortNumber(v)} (${t("noDecay")})` : shortNumber(v);
}

/** Row heading: like valueText, with the "(no decay)" note in its own span (hidden on narrow screens). */
function RowHead({ t, axis, v }: { t: Translate<Key>; axis: SweepAxisKind; v: number }) {
  if (isNoDecay(axis, v)) {
    return (
      <span className="sweep-rowhead">
        {shortNumber(v)}
        <span className="sweep-rowhead-note"> ({t("noDecay")})</span>
      </span>
    );
  }
  return <span className="sweep-rowhead">{shortNumber(v)}</span>;
}


/**
 * After a cell is loaded: bring the loss chart into view (centred) and flash its frame once, so the
 * new run is what the user sees. Without motion when the user asked for reduced motion.
 */
function showLossChart(): void {
  const chart = document.querySelector<HTMLElement>('[data-testid="loss-chart"]');
  if (chart === null) return;
  const still = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
  chart.scrollIntoView({ behavior: still ? "auto" : "smooth", block: "center" });
  chart.dataset.flashed = String(Number(chart.dataset.flashed ?? "0") + 1);
  if (!still && typeof chart.animate === "function") {
    chart.animate(
      [
        { boxShadow: "0 0 0 0 rgba(29, 78, 216, 0)" },
        { boxShadow: "0 0 0 6px rgba(29, 78, 216, 0.55)", offset: 0.25 },
        { boxShadow: "0 0 0 0 rgba(29, 78, 216, 0)" },
      ],
      { duration: 1400, easing: "ease-out" },
    );
  }
}

function SweepForm({ t }: { t: Translate<Key> }) {
  const lang = usePlayground((s) => s.lang);
  const draft = useSweep((s) => s.draft);
  const status = useSweep((s) => s.status);
  const setDraft = useSweep((s) => s.setDraft);
  const setAxis = useSweep((s) => s.setAxis);
  const run = useSweep((s) => s.run);
  const cancel = useSweep((s) => s.cancel);
  const { spec, problems } = useMemo(() => parseDraft(draft), [draft]);
  const bad = new Set(problems.map((p) => FIELD_OF_PROBLEM[p.field] ?? ""));
  const running = status === "running";
  const text = (field: "lrMin" | "lrMax" | "lrCount" | "seeds", label: Key, mode: "decimal" | "numeric") => (
    <label className="sweep-field">
      <span>{t(label)}</span>
      <input
        type="text"
        inputMode={mode}
        value={draft[field]}
        aria-invalid={bad.has(field)}
        data-testid={`sweep-${field}`}
        disabled={running}
        onChange={(e) => setDraft({ [field]: e.target.value })}
      />
    </label>
  );
  return (
    <form
      className="sweep-form"
      onSubmit={(e) => {
        e.preventDefault();
        run(usePlayground.getState().config);
      }}
    >
      <div className="sweep-fields">
        {text("lrMin", "lrMin", "decimal")}
        {text("lrMax", "lrMax", "decimal")}
        {text("lrCount", "lrCount", "numeric")}
        <label className="sweep-field">
          <span>{t("axis")}</span>
          <select value={draft.axis} data-testid="sweep-axis" disabled={running} onChange={(e) => setAxis(e.target.value as SweepAxisKind)}>
            {SWEEP_AXIS_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(AXIS_LABEL[k])}
              </option>
            ))}
          </select>
        </label>
        <label className="sweep-field sweep-field-wide">
          <span>
            {t("values")} <small>({t(AXIS_HINT[draft.axis])})</small>
          </span>
          <input
            type="text"
            value={draft.values}
            aria-invalid={bad.has("values")}
            data-testid="sweep-values"
            disabled={running}
            onChange={(e) => setDraft({ values: e.target.value })}
          />
        </label>
        {text("seeds", "seeds", "numeric")}
      </div>
      {problems.length > 0 ? (
        <ul className="sweep-problems" role="alert" data-testid="sweep-problems">
          {problems.map((p, i) => (
            <li key={i}>{problemMessage(p, lang)}</li>
          ))}
        </ul>
      ) : (
        <p className="sweep-note" data-testid="sweep-runs">
          {t("runs", { lr: spec.lrCount, values: spec.values.length, seeds: spec.seeds, runs: sweepRunCount(spec) })}
        </p>
      )}
      <div className="sweep-buttons">
        <button type="submit" className="sweep-run" data-testid="sweep-run" disabled={running || problems.length > 0}>
          {t("run")}
        </button>
        <button type="button" data-testid="sweep-cancel" disabled={!running} onClick={cancel}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}

function SweepProgress({ t }: { t: Translate<Key> }) {
  const status = useSweep((s) => s.status);
  const done = useSweep((s) => s.done);
  const total = useSweep((s) => s.total);
  const poolSize = useSweep((s) => s.poolSize);
  const workerIds = useSweep((s) => s.workerIds);
  const stats = useSweep((s) => s.stats);
  const errors = useSweep((s) => s.errors);
  if (status === "idle") return null;
  let line: string;
  if (status === "running") line = t("statusRunning", { n: poolSize });
  else if (status === "cancelled") line = t("statusCancelled", { done, total });
  else {
    line = t("statusDone", {
      runs: total,
      wall: ((stats?.wallMs ?? 0) / 1000).toFixed(2),
      work: ((stats?.workMs ?? 0) / 1000).toFixed(2),
      n: stats?.workerIds.length ?? workerIds.length,
    });
  }
  return (
    <div className="sweep-progress" data-testid="sweep-progress" data-status={status} data-done={done} data-total={total} data-workers={workerIds.length}>
      <progress max={Math.max(1, total)} value={done} aria-label={t("progress", { done, total })} />
      <span className="sweep-progress-text">
        {t("progress", { done, total })} · {t("workers", { n: workerIds.length })}
      </span>
      <p className="sweep-status" role="status" data-testid="sweep-status">
        {line}
      </p>
      {errors.length > 0 && (
        <p className="sweep-problems" role="alert">
          {t("errors", { n: errors.length, first: errors[0] })}
        </p>
      )}
    </div>
  );
}

function cellLabel(t: Translate<Key>, axis: SweepAxisKind, cell: SweepCell, r: CellResult | null): string {
  const base = { lr: shortNumber(cell.lr), axis, value: valueText(t, axis, cell.value) };
  if (r === null) return t("cellPending", base);
  if (r.status === "diverged") return t("cellDiverged", { ...base, step: r.step });
  return t("cellDone", { ...base, loss: r.finalLoss.toPrecision(4) });
}

function HeatMap({ t }: { t: Translate<Key> }) {
  const spec = useSweep((s) => s.spec);
  const cells = useSweep((s) => s.cells);
  const results = useSweep((s) => s.cellResults);
  const workerIds = useSweep((s) => s.workerIds);
  const configOfCell = useSweep((s) => s.configOfCell);
  const setConfig = usePlayground((s) => s.setConfig);
  const domain = useMemo(() => lossDomain(results), [results]);
  const best = useMemo(() => bestCell(results), [results]);
  if (spec === null) return <p className="sweep-note">{t("empty")}</p>;
  const lrs = lrGrid(spec.lrMin, spec.lrMax, spec.lrCount);
  const rows = spec.values.length;
  const cols = spec.lrCount;
  const filled = results.filter((r) => r !== null).length;
  // Five labels at most, so they never overlap even on a phone.
  const labelled = labelledColumns(cols);
  const load = (i: number) => {
    const c = configOfCell(i);
    if (c === null) return;
    setConfig(c);
    showLossChart();
  };
  const onKey = (e: KeyboardEvent, i: number) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      load(i);
    }
  };
  const bestCellData = best === null ? null : cells[best];
  const bestResult = best === null ? null : results[best];
  return (
    <figure className="sweep-figure">
      <div
        className="sweep-heatmap"
        role="group"
        aria-label={t("heatmapLabel", { axis: spec.axis })}
        data-testid="sweep-heatmap"
        data-cells={cells.length}
        data-filled={filled}
        data-workers={workerIds.length}
        style={{ "--cols": cols, "--rows": rows } as CSSProperties}
      >
        <span className="sweep-ylabel">{t(AXIS_Y[spec.axis])}</span>
        {/* Rows top to bottom: the largest axis value first, like a y axis. */}
        {spec.values
          .map((v, row) => ({ v, row }))
          .reverse()
          .map(({ v, row }) => (
            <div key={row} className="sweep-row">
              <RowHead t={t} axis={spec.axis} v={v} />
              {lrs.map((_, col) => {
                const i = row * cols + col;
                const cell = cells[i];
                const r = results[i] ?? null;
                const label = cellLabel(t, spec.axis, cell, r);
                let style: CSSProperties | undefined;
                let text = "";
                if (r?.status === "done" && domain !== null) {
                  const pos = lossPosition(r.finalLoss, domain);
                  style = { background: rampColor(pos), color: textColorOn(pos) };
                  text = r.finalLoss.toPrecision(3);
                }
                return (
                  <button
                    key={col}
                    type="button"
                    className={`sweep-cell sweep-cell-${r === null ? "pending" : r.status}${best === i ? " sweep-cell-best" : ""}`}
                    style={style}
                    title={`${label}. ${t("cellLoad")}`}
                    aria-label={label}
                    data-testid="sweep-cell"
                    data-lr={cell.lr}
                    data-value={cell.value}
                    data-status={r === null ? "pending" : r.status}
                    data-loss={r?.status === "done" ? r.finalLoss : undefined}
                    disabled={r === null}
                    onClick={() => load(i)}
                    onKeyDown={(e) => onKey(e, i)}
                  >
                    {r?.status === "diverged" ? <span className="sweep-cell-x">×</span> : <span className="sweep-cell-text">{text}</span>}
                  </button>
                );
              })}
            </div>
          ))}
        <div className="sweep-row sweep-xticks" aria-hidden="true">
          <span className="sweep-rowhead" />
          {lrs.map((lr, col) => (
            <span key={col} className="sweep-xtick">
              {labelled.has(col) ? shortNumber(lr) : ""}
            </span>
          ))}
        </div>
        <span className="sweep-xlabel">{t("xAxis")}</span>
      </div>
      <figcaption className="sweep-caption">
        <Legend t={t} domain={domain} />
        {bestCellData && bestResult?.status === "done" && (
          <p className="sweep-note" data-testid="sweep-best">
            {t("best", {
              lr: shortNumber(bestCellData.lr),
              axis: spec.axis,
              value: valueText(t, spec.axis, bestCellData.value),
              loss: bestResult.finalLoss.toPrecision(4),
            })}
          </p>
        )}
        <p className="sweep-note">{t("hint")}</p>
      </figcaption>
    </figure>
  );
}

function Legend({ t, domain }: { t: Translate<Key>; domain: LossDomain | null }) {
  const stops = Array.from({ length: 11 }, (_, i) => `${rampColor(i / 10)} ${i * 10}%`).join(", ");
  return (
    <div className="sweep-legend" data-testid="sweep-legend">
      <span className="sweep-legend-title">
        {t("legend")} <small>({t("legendRank")})</small>
      </span>
      {domain !== null && (
        <div className="sweep-legend-scale">
          <div className="sweep-legend-bar" style={{ background: `linear-gradient(to right, ${stops})` }} />
          <div className="sweep-legend-ticks">
            {legendTicks(domain, 5).map(({ t: pos, loss }) => (
              <span key={pos} style={{ left: `${pos * 100}%` }}>
                {loss.toPrecision(3)}
              </span>
            ))}
          </div>
          <div className="sweep-legend-ends">
            <span data-testid="sweep-legend-low">{t("legendLow")}</span>
            <span>{t("legendHigh")}</span>
          </div>
        </div>
      )}
      <span className="sweep-legend-key">
        <span className="sweep-swatch sweep-cell-diverged" aria-hidden="true">
          ×
        </span>
        {t("diverged")}
      </span>
      <span className="sweep-legend-key">
        <span className="sweep-swatch sweep-cell-pending" aria-hidden="true" />
        {t("pending")}
      </span>
    </div>
  );
}

export default function SweepPanel() {
  const t = useT(sweepMessages);
  return (
    <div className="sweep-panel" data-testid="sweep-panel">
      <p className="sweep-note">{t("intro")}</p>
      <SweepForm t={t} />
      <SweepProgress t={t} />
      <HeatMap t={t} />
    </div>
  );
}
