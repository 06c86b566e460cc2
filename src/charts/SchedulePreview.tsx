import { useMemo } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { previewSeries } from "../engine/policies.ts";
import type { Policy } from "../engine/types.ts";

interface Props {
  policy: Policy;
  baseLr: number;
  /** Ticks to draw: epochs for `unit: "epoch"`, steps for `unit: "step"`. */
  ticks: number;
  height?: number;
}

/** lr(t) over the run, drawn by the same engine function that drives training. */
export function SchedulePreview({ policy, baseLr, ticks, height = 160 }: Props) {
  const data = useMemo(() => {
    const lr = previewSeries(policy, baseLr, ticks);
    return Array.from(lr, (v, t) => ({ t, lr: v }));
  }, [policy, baseLr, ticks]);
  const unit = policy.unit === "epoch" ? "epoch" : "step";
  return (
    <figure className="chart schedule-preview" aria-label={`Learning rate by ${unit}: ${policy.kind} decay`} data-testid="schedule-preview">
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis dataKey="t" type="number" domain={[0, Math.max(1, ticks - 1)]} tickCount={6} label={{ value: unit, position: "insideBottom", offset: -8 }} />
          <YAxis scale="log" domain={["auto", "auto"]} allowDataOverflow tickFormatter={(v: number) => v.toExponential(0)} width={56} />
          <Tooltip formatter={(v) => (typeof v === "number" ? v.toPrecision(4) : String(v))} labelFormatter={(t) => `${unit} ${String(t)}`} />
          <Line type="stepAfter" dataKey="lr" stroke="var(--lr)" strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
