// The charts' input, derived from the store: the live run plus pinned ghosts, each labelled with
// what differs from the config now on screen. Recomputed only when the snapshot, the pins or the
// config change (the snapshot changes at most 15 times a second).

import { useMemo } from "react";
import { LOSS_COLOR, type ChartRun } from "../charts/types.ts";
import type { RunConfig } from "../engine/run-config.ts";
import { describeDiff } from "../state/describe-diff.ts";
import { usePlayground, type RunSnapshot } from "../state/store.ts";

export function pinnedLabel(pin: { config: RunConfig; changedLive: boolean }, current: RunConfig): string {
  const diff = describeDiff(pin.config, current);
  return pin.changedLive ? `${diff} (rate changed live)` : diff;
}

/** The runs to draw, from the given snapshot of the live run plus the pinned ones. */
export function useChartRuns(snapshot: RunSnapshot): ChartRun[] {
  const pinned = usePlayground((s) => s.pinned);
  const config = usePlayground((s) => s.config);
  return useMemo(() => {
    const live: ChartRun = {
      id: `run-${snapshot.runId}`,
      label: "This run",
      color: LOSS_COLOR,
      ghost: false,
      columns: snapshot.columns,
      events: snapshot.events,
      diverged: snapshot.diverged,
      stepsPerEpoch: Math.max(1, snapshot.stepsPerEpoch),
    };
    const ghosts = pinned.map(
      (p): ChartRun => ({
        id: p.id,
        label: pinnedLabel(p, config),
        color: p.color,
        ghost: true,
        columns: p.columns,
        events: p.events,
        diverged: p.diverged,
        stepsPerEpoch: Math.max(1, p.stepsPerEpoch),
      }),
    );
    return [live, ...ghosts];
  }, [snapshot, pinned, config]);
}
