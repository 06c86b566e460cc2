// One log-lr number line under the range test: its two suggestions, the sweep's best cell (when a
// sweep has results) and the current rate, with a sentence on why they differ. They answer
// different questions, and seeing them side by side is the point.

import { useEffect, useMemo, useRef, useState } from "react";
import type { RangeTestResult } from "../../engine/range-test.ts";
import type { RunConfig } from "../../engine/run-config.ts";
import { bestCell } from "../../engine/sweep.ts";
import { defineMessages } from "../../state/i18n.ts";
import { usePlayground } from "../../state/store.ts";
import { useSweep } from "../../state/sweep.ts";
import { useT } from "../../state/use-t.ts";
import { decadeTicks, lrDomain, lrText, placeMarks, type LrMark, type LrMarkKind } from "./lr-axis.ts";

export const lrAxisMessages = defineMessages({
  en: {
    title: "These rates on one axis",
    steep: "steep {lr}",
    valley: "valley {lr}",
    sweep: "sweep best {lr}",
    current: "current {lr}",
    why:
      "They differ because they answer different questions: the range test reads a rule of thumb for a starting rate off the loss of one short run whose rate grows every step; the sweep's best cell has the lowest final loss after full runs with decay; the current lr is what the playground runs now.",
    noRange: "Run the range test to place its suggestions here.",
    noSweep: "Run a sweep (Sweep tab) to place its best cell here.",
    sweepOther: "The sweep ran with other problem or optimizer settings than the current ones.",
    label: "Learning rates on a log axis: {marks}",
    axis: "learning rate (log scale)",
  },
  zh: {
    title: "这些学习率在同一条轴上",
    steep: "最陡 {lr}",
    valley: "谷底 {lr}",
    sweep: "扫描最佳 {lr}",
    current: "当前 {lr}",
    why:
      "它们不同，是因为回答的问题不同：范围测试从一次学习率每步增长的短运行的损失中读出初始学习率的经验值；扫描的最佳格子是完整运行（带衰减）后最终损失最低的设置；当前 lr 是演示区现在运行的值。",
    noRange: "运行范围测试后，它的建议值会显示在这里。",
    noSweep: "运行一次扫描（“参数扫描”标签页）后，最佳格子会显示在这里。",
    sweepOther: "该扫描使用的问题或优化器设置与当前不同。",
    label: "对数轴上的学习率：{marks}",
    axis: "学习率（对数刻度）",
  },
});

export const MARK_COLORS: Record<LrMarkKind, string> = {
  steep: "#aa3377",
  valley: "#228833",
  // Viridis' low-loss end: the colour of the best cell in the sweep's heat map.
  sweep: "#440154",
  current: "#1d4ed8",
};

const FONT = 14;
const LANE_H = 20;
const PAD = 24;

/** Problem and optimizer apart from the rate: what the sweep's and the current run's rates are comparable under. */
function settingsKey(c: RunConfig): string {
  return JSON.stringify({ ...c.optimizer, lr: 0, problem: c.problem, batchSize: c.batchSize, start: c.start ?? null });
}

function Mark({ kind, x, y0, y1 }: { kind: LrMarkKind; x: number; y0: number; y1: number }) {
  const c = MARK_COLORS[kind];
  const s = 6;
  let shape;
  if (kind === "current") shape = <circle cx={x} cy={y1} r={s} fill={c} stroke="#fff" strokeWidth={1.5} />;
  else if (kind === "sweep") shape = <rect x={x - s} y={y1 - s} width={2 * s} height={2 * s} fill={c} stroke="#fff" strokeWidth={1.5} />;
  else shape = <path d={`M${x - s},${y1 - s - 2}L${x + s},${y1 - s - 2}L${x},${y1 + 2}Z`} fill={c} stroke="#fff" strokeWidth={1} />;
  return (
    <>
      <line x1={x} x2={x} y1={y0} y2={y1} stroke={c} strokeWidth={1.5} />
      {shape}
    </>
  );
}

export function LrAxis({ range }: { range: RangeTestResult | null }) {
  const t = useT(lrAxisMessages);
  const config = usePlayground((s) => s.config);
  const sweepSpec = useSweep((s) => s.spec);
  const sweepBase = useSweep((s) => s.base);
  const cells = useSweep((s) => s.cells);
  const results = useSweep((s) => s.cellResults);
  const best = useMemo(() => bestCell(results), [results]);
  const sweepLr = sweepSpec !== null && best !== null ? (cells[best]?.lr ?? null) : null;

  const wrapRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = wrapRef.current;
    if (el === null) return;
    const measure = () => setWidth(Math.floor(el.getBoundingClientRect().width));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const marks: LrMark[] = [];
  const add = (kind: LrMarkKind, lr: number) => marks.push({ kind, lr, label: t(kind, { lr: lrText(lr) }) });
  if (range?.suggestions.steep) add("steep", range.suggestions.steep.lr);
  if (range?.suggestions.valley) add("valley", range.suggestions.valley.lr);
  if (sweepLr !== null) add("sweep", sweepLr);
  add("current", config.optimizer.lr);

  const domain = lrDomain(marks.map((m) => m.lr));
  const placed = width > 0 ? placeMarks(marks, domain, width, { pad: PAD, fontPx: FONT, gap: 8 }) : [];
  const lanes = placed.reduce((n, p) => Math.max(n, p.lane + 1), 1);
  const axisY = lanes * LANE_H + 14;
  const height = axisY + 26;
  const ticks = decadeTicks(domain);
  const xOf = (e: number) => PAD + ((e - domain[0]) / (domain[1] - domain[0])) * (width - 2 * PAD);
  const sweepOther = sweepBase !== null && sweepLr !== null && settingsKey(sweepBase) !== settingsKey(config);

  return (
    <section className="lr-axis" data-testid="lr-axis" aria-labelledby="lr-axis-title">
      <h3 id="lr-axis-title" className="lr-axis-title">
        {t("title")}
      </h3>
      <div ref={wrapRef} className="lr-axis-wrap">
        {width > 0 && (
          <svg
            width={width}
            height={height}
            role="img"
            aria-label={t("label", { marks: marks.map((m) => m.label).join(", ") })}
            data-testid="lr-axis-svg"
            data-domain={`${domain[0]},${domain[1]}`}
          >
            <line x1={PAD} x2={width - PAD} y1={axisY} y2={axisY} stroke="#334155" strokeWidth={1.5} />
            {ticks.map((e) => (
              <g key={e}>
                <line x1={xOf(e)} x2={xOf(e)} y1={axisY} y2={axisY + 5} stroke="#334155" />
                <text x={xOf(e)} y={axisY + 20} textAnchor="middle" fontSize={FONT} fill="#334155">
                  {`1e${e}`.replace("-", "−")}
                </text>
              </g>
            ))}
            {placed.map((p) => (
              <Mark key={p.kind} kind={p.kind} x={p.x} y0={(lanes - 1 - p.lane) * LANE_H + FONT + 4} y1={axisY} />
            ))}
            {placed.map((p) => {
              const labelY = (lanes - 1 - p.lane) * LANE_H + FONT;
              return (
                <g key={p.kind} data-testid="lr-axis-mark" data-kind={p.kind} data-lr={p.lr} data-x={p.x.toFixed(1)} data-lane={p.lane}>
                  <text x={p.labelX} y={labelY} fontSize={FONT} fill={MARK_COLORS[p.kind]} fontWeight={600} stroke="#fff" strokeWidth={4} paintOrder="stroke">
                    {p.label}
                  </text>
                </g>
              );
            })}
          </svg>
        )}
      </div>
      <p className="range-note lr-axis-why" data-testid="lr-axis-why">
        {t("why")}
      </p>
      {(range === null || sweepLr === null || sweepOther) && (
        <p className="range-note" data-testid="lr-axis-missing">
          {[range === null ? t("noRange") : null, sweepLr === null ? t("noSweep") : null, sweepOther ? t("sweepOther") : null]
            .filter((s) => s !== null)
            .join(" ")}
        </p>
      )}
    </section>
  );
}
