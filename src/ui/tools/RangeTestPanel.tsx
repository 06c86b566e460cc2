// The learning-rate range test tool: one click runs it (in its own worker) on the current problem
// with the current optimizer settings, then shows the smoothed loss against the rate on a log axis
// with the two suggested rates marked, each with a button that makes it the run's starting rate
// (config.optimizer.lr; the decay policy scales from it).

import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { OPTIMIZER_FIELDS, inRange } from "../../engine/config.ts";
import { DEFAULT_RANGE_TEST, type RangeRule, type RangeSuggestion, type RangeTestResult } from "../../engine/range-test.ts";
import { LOSS_COLOR } from "../../state/palette.ts";
import { defineMessages } from "../../state/i18n.ts";
import { rangeTestKey, useRangeTest } from "../../state/range-test-runner.ts";
import { usePlayground } from "../../state/store.ts";
import { useT } from "../../state/use-t.ts";
import { problemLabel } from "../controls/problem-info.ts";
import { LrAxis, MARK_COLORS } from "./LrAxis.tsx";
import "./surface.css";

export const rangeTestMessages = defineMessages({
  en: {
    intro:
      "Trains {problem} for {steps} steps while the learning rate grows exponentially from {lrMin} to {lrMax}, and stops once the loss blows up. A good starting rate lies where the loss falls fastest, well before the blow-up.",
    run: "Run range test",
    running: "Running…",
    again: "Run again",
    stale: "The problem or optimizer settings changed since this test; run it again to match.",
    stoppedDiverged: "Stopped at lr = {lr} (step {step}): the smoothed loss passed 4× its best.",
    stoppedEnd: "Reached lr = {lr} without diverging.",
    took: "{n} steps in {ms} ms.",
    xLabel: "learning rate (log scale)",
    yLabel: "smoothed loss",
    smoothed: "smoothed loss",
    raw: "loss",
    steep: "steepest descent",
    valley: "valley",
    steepHelp: "where the loss falls fastest per decade of lr",
    valleyHelp:
      "fastai's rule: the middle, on the log-lr axis, of the longest stretch where the loss keeps falling (shaded on the chart); not the lowest point",
    valleyDown: "; here the loss has come {pct}% of the way down that stretch",
    use: "Use {lr} as starting rate",
    inUse: "In use",
    none: "Too few points before divergence for a suggestion; try a smaller lrMin or a different optimizer.",
    error: "The range test failed: {message}",
    chartLabel: "Loss against learning rate from the range test",
  },
  zh: {
    intro:
      "在 {problem} 上训练 {steps} 步，学习率从 {lrMin} 指数增长到 {lrMax}，损失爆炸时停止。好的初始学习率位于损失下降最快之处，远在爆炸之前。",
    run: "运行范围测试",
    running: "运行中…",
    again: "再次运行",
    stale: "自本次测试后问题或优化器设置已更改；请重新运行以保持一致。",
    stoppedDiverged: "在 lr = {lr}（第 {step} 步）停止：平滑后的损失超过了最佳值的 4 倍。",
    stoppedEnd: "到达 lr = {lr}，未发散。",
    took: "{n} 步，用时 {ms} 毫秒。",
    xLabel: "学习率（对数刻度）",
    yLabel: "平滑损失",
    smoothed: "平滑损失",
    raw: "损失",
    steep: "最陡下降",
    valley: "谷底",
    steepHelp: "每十倍学习率损失下降最快之处",
    valleyHelp: "fastai 的规则：损失持续下降的最长一段（图中阴影）在对数学习率轴上的中点；并非最低点",
    valleyDown: "；此处损失已走完这一段降幅的 {pct}%",
    use: "将 {lr} 设为初始学习率",
    inUse: "使用中",
    none: "发散前的点太少，无法给出建议；请尝试更小的 lrMin 或其他优化器。",
    error: "范围测试失败：{message}",
    chartLabel: "范围测试中损失随学习率的变化",
  },
});

const RULE_COLORS: Record<RangeRule, string> = { steep: MARK_COLORS.steep, valley: MARK_COLORS.valley };

/** How far down its stretch the valley mark sits, in % of the stretch's drop in smoothed loss. */
function valleyDownPct(r: RangeTestResult): number | null {
  const v = r.suggestions.valley;
  const st = v?.stretch;
  if (v === null || st === undefined || st.from < 0 || st.to >= r.smoothed.length || st.to <= st.from) return null;
  let lo = Infinity;
  for (let i = st.from; i <= st.to; i++) lo = Math.min(lo, r.smoothed[i]);
  const drop = r.smoothed[st.from] - lo;
  if (!(drop > 0)) return null;
  return Math.round((100 * (r.smoothed[st.from] - v.loss)) / drop);
}

/** A suggestion as a starting rate: three significant digits, inside lr's valid range. */
function suggestedRate(lr: number): number | null {
  const r = Number(lr.toPrecision(3));
  return inRange(OPTIMIZER_FIELDS.lr, r) ? r : null;
}

const tickLr = (v: number): string => {
  if (!(v > 0)) return String(v);
  const e = Math.round(Math.log10(v));
  return Math.abs(v - 10 ** e) < 1e-9 * 10 ** e ? `1e${e}` : v.toPrecision(2);
};

export default function RangeTestPanel() {
  const t = useT(rangeTestMessages);
  const lang = usePlayground((s) => s.lang);
  const config = usePlayground((s) => s.config);
  const setConfig = usePlayground((s) => s.setConfig);
  const lrLocked = usePlayground((s) => s.locked.has("lr"));
  const state = useRangeTest((s) => s.state);
  const start = useRangeTest((s) => s.start);

  const run = () => start(usePlayground.getState().config);

  const use = (s: RangeSuggestion) => {
    const lr = suggestedRate(s.lr);
    if (lr === null) return;
    const c = usePlayground.getState().config;
    setConfig({ ...c, optimizer: { ...c.optimizer, lr } });
  };

  const o = DEFAULT_RANGE_TEST;
  return (
    <div className="range-panel" data-testid="range-panel">
      <p className="range-note">
        {t("intro", { problem: problemLabel(config.problem, lang), steps: o.steps, lrMin: o.lrMin, lrMax: o.lrMax })}
      </p>
      <div className="range-row">
        <button type="button" className="btn btn-primary" data-testid="range-run" disabled={state.kind === "running"} onClick={run}>
          {state.kind === "running" ? t("running") : state.kind === "done" ? t("again") : t("run")}
        </button>
        <span role="status" className="range-note" data-testid="range-status">
          {state.kind === "done" &&
            `${
              state.result.stop.reason === "diverged"
                ? t("stoppedDiverged", { lr: state.result.stop.lr.toPrecision(3), step: state.result.stop.step })
                : t("stoppedEnd", { lr: state.result.stop.lr.toPrecision(3) })
            } ${t("took", { n: state.result.lr.length, ms: state.ms.toFixed(0) })}`}
        </span>
      </div>
      {state.kind === "error" && (
        <p className="range-error" role="alert">
          {t("error", { message: state.message })}
        </p>
      )}
      {state.kind === "done" && (
        <>
          {state.key !== rangeTestKey(config) && (
            <p className="range-note" data-testid="range-stale">
              {t("stale")}
            </p>
          )}
          <RangeChart result={state.result} label={t("chartLabel")} names={{ smoothed: t("smoothed"), raw: t("raw"), x: t("xLabel"), steep: t("steep"), valley: t("valley") }} />
          {state.result.suggestions.steep === null && state.result.suggestions.valley === null ? (
            <p className="range-note" data-testid="range-none">
              {t("none")}
            </p>
          ) : (
            <ul className="range-suggestions" data-testid="range-suggestions">
              {([state.result.suggestions.steep, state.result.suggestions.valley] as const).map((s) => {
                if (s === null) return null;
                const lr = suggestedRate(s.lr);
                const inUse = lr !== null && lr === config.optimizer.lr;
                return (
                  <li key={s.rule} data-testid={`range-suggestion-${s.rule}`} data-lr={lr ?? ""}>
                    <span className="range-swatch" style={{ background: RULE_COLORS[s.rule] }} aria-hidden="true" />
                    <strong>{t(s.rule)}</strong>
                    <span>lr ≈ {lr === null ? s.lr.toPrecision(3) : String(lr)}</span>
                    <span className="range-note">
                      ({t(s.rule === "steep" ? "steepHelp" : "valleyHelp")}
                      {s.rule === "valley" && valleyDownPct(state.result) !== null ? t("valleyDown", { pct: valleyDownPct(state.result) ?? 0 }) : ""})
                    </span>
                    <button
                      type="button"
                      className="btn btn-small"
                      data-testid={`range-use-${s.rule}`}
                      disabled={lr === null || lrLocked || inUse}
                      onClick={() => use(s)}
                    >
                      {inUse ? t("inUse") : t("use", { lr: lr === null ? "–" : String(lr) })}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
      <LrAxis range={state.kind === "done" ? state.result : null} />
    </div>
  );
}

interface ChartNames {
  smoothed: string;
  raw: string;
  x: string;
  steep: string;
  valley: string;
}

function RangeChart({ result, label, names }: { result: RangeTestResult; label: string; names: ChartNames }) {
  const data = result.lr.map((lr, i) => ({ lr, loss: result.loss[i], smoothed: result.smoothed[i] }));
  if (data.length < 2) return null;
  let lo = Infinity;
  for (const d of data) lo = Math.min(lo, d.smoothed, d.loss);
  // Losses here are >= 0: start the axis at 0 then, and let Recharts pick round ticks up to the top.
  const yDomain: [number | "auto", number | "auto"] = [lo >= 0 ? 0 : "auto", "auto"];
  const ticks: number[] = [];
  for (let e = Math.ceil(Math.log10(data[0].lr)); 10 ** e <= data[data.length - 1].lr * 1.0001; e++) ticks.push(10 ** e);
  const sugg = [result.suggestions.steep, result.suggestions.valley].filter((s): s is RangeSuggestion => s !== null);
  // The valley rule's stretch, shaded: its mark is the middle of this band on the log axis.
  const st = result.suggestions.valley?.stretch;
  const valleyArea: [number, number] | null = st !== undefined && st.from >= 0 && st.to < data.length && st.to > st.from ? [data[st.from].lr, data[st.to].lr] : null;
  return (
    <div className="range-chart" role="img" aria-label={label} data-testid="range-chart" data-points={data.length} data-valley-stretch={valleyArea === null ? "" : `${valleyArea[0]},${valleyArea[1]}`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 24, right: 16, bottom: 24, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid stroke="var(--grid, #e2e8f0)" />
          <XAxis
            dataKey="lr"
            type="number"
            scale="log"
            domain={[data[0].lr, data[data.length - 1].lr]}
            ticks={ticks}
            tickFormatter={tickLr}
            allowDataOverflow
            label={{ value: names.x, position: "insideBottom", offset: -14 }}
          />
          <YAxis type="number" domain={yDomain} tickCount={5} tickFormatter={(v: number) => Number(v.toPrecision(3)).toString()} width={56} />
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(v) => `lr = ${Number(v).toPrecision(3)}`}
            formatter={(v) => Number(v).toPrecision(4)}
          />
          <Line dataKey="loss" name={names.raw} stroke="#94a3b8" strokeWidth={1} dot={false} isAnimationActive={false} />
          <Line dataKey="smoothed" name={names.smoothed} stroke={LOSS_COLOR} strokeWidth={2} dot={false} isAnimationActive={false} />
          {valleyArea !== null && (
            <ReferenceArea x1={valleyArea[0]} x2={valleyArea[1]} fill={RULE_COLORS.valley} fillOpacity={0.12} stroke="none" ifOverflow="hidden" />
          )}
          {sugg.map((s) => (
            <ReferenceLine
              key={`line-${s.rule}`}
              x={s.lr}
              stroke={RULE_COLORS[s.rule]}
              strokeDasharray="4 3"
              label={{ value: `${names[s.rule]} ${s.lr.toPrecision(2)}`, position: s.rule === "steep" ? "top" : "insideTopLeft", fill: RULE_COLORS[s.rule], fontSize: 12 }}
            />
          ))}
          {sugg.map((s) => (
            <ReferenceDot key={`dot-${s.rule}`} x={s.lr} y={s.loss} r={5} fill={RULE_COLORS[s.rule]} stroke="#fff" />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
