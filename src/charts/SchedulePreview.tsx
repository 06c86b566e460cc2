import { useMemo } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatTick, niceAxis } from "./chart-data.ts";
import { schedulePoints } from "./schedule-points.ts";
import type { Policy } from "../engine/types.ts";
import { translator, type Lang } from "../state/i18n.ts";
import { chartMessages } from "./chart-messages.ts";
import { useAfterIdle } from "./use-after-idle.ts";
import "./charts.css";

interface Props {
  policy: Policy;
  baseLr: number;
  /** Ticks to draw: epochs for `unit: "epoch"`, steps for `unit: "step"`. */
  ticks: number;
  height?: number;
  /** At most this many points are evaluated (ticks are sampled evenly beyond it). */
  maxPoints?: number;
  lang?: Lang;
}

/**
 * lr(t) over the run, drawn by the same engine functions that drive training. A linear y axis, so
 * linear decay looks linear and cosine looks like a cosine.
 */
export function SchedulePreview({ policy, baseLr, ticks, height = 160, maxPoints, lang = "en" }: Props) {
  const t = translator(chartMessages, lang);
  const ready = useAfterIdle();
  const data = useMemo(() => schedulePoints(policy, baseLr, ticks, maxPoints), [policy, baseLr, ticks, maxPoints]);
  const unit = policy.unit === "epoch" ? "epoch" : "step";
  const x = niceAxis(0, Math.max(1, ticks - 1), 5);
  const y = useMemo(() => niceAxis(0, data.reduce((m, p) => Math.max(m, p.lr), 0), 4), [data]);
  return (
    <figure className="chart schedule-preview" aria-label={t("preview", { unit: t(unit), kind: policy.kind })} data-testid="schedule-preview">
      {ready ? (
        <ResponsiveContainer width="100%" height={height}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid, #e2e8f0)" />
            <XAxis
              dataKey="t"
              type="number"
              domain={[0, Math.max(1, ticks - 1)]}
              ticks={x.ticks.filter((t) => t <= Math.max(1, ticks - 1))}
              tickFormatter={formatTick}
              label={{ value: t(unit === "step" ? "steps" : "epochs"), position: "insideBottom", offset: -8 }}
            />
            <YAxis type="number" domain={y.domain} ticks={y.ticks} tickFormatter={formatTick} width={56} />
            <Tooltip
              formatter={(v) => [typeof v === "number" ? v.toPrecision(4) : String(v), "lr"]}
              labelFormatter={(x) => `${t(unit)} ${String(x)}`}
              isAnimationActive={false}
            />
            <Line type="stepAfter" dataKey="lr" stroke="var(--lr, #b45309)" strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      ) : (
        <div style={{ height }} />
      )}
    </figure>
  );
}
