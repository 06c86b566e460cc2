// The charts' input, derived from the store: the live run plus pinned runs, each labelled with
// what differs from the config now on screen. Recomputed only when the snapshot, the pins or the
// config change (the snapshot changes at most 15 times a second).

import { useMemo } from "react";
import { LOSS_COLOR, type ChartRun } from "../charts/types.ts";
import { HAS_MINIBATCH_LOSS } from "../engine/problems/index.ts";
import { defineMessages, translator, type Lang } from "../state/i18n.ts";
import { usePlayground, type RunSnapshot } from "../state/store.ts";
import { useTheory, type TheoryEntry } from "../state/theory.ts";
import { pinColor } from "../state/palette.ts";

export const chartRunsMessages = defineMessages({
  en: {
    thisRun: "This run",
    same: "same settings",
    defaultSettings: "default settings",
    lessonSettings: "the lesson's settings",
    more: "{shown} +{n} more",
    live: "{diff} (rate changed live)",
  },
  zh: {
    thisRun: "本次运行",
    same: "设置相同",
    defaultSettings: "默认设置",
    lessonSettings: "本课的设置",
    more: "{shown} 等，另有 {n} 项",
    live: "{diff}（学习率曾实时修改）",
  },
});

/** Differences listed before "+N more": a legend label must stay one short line (as describeDiff). */
const MAX_PARTS = 3;

/**
 * A pinned run's name: the one a user gave it, else its lesson's name for it ("constant rate"), else
 * what set it apart when it was pinned ("lr 0.005, decay constant"), marked when its rate was
 * changed by hand.
 */
export function pinnedLabel(
  pin: { parts: readonly string[]; partsBase?: "default" | "lesson" | "link"; changedLive: boolean; title?: Record<Lang, string> | null; name?: string | null },
  lang: Lang = "en",
): string {
  if (pin.name) return pin.name;
  if (pin.title) return pin.title[lang];
  const t = translator(chartRunsMessages, lang);
  const { parts } = pin;
  const shown = parts.slice(0, MAX_PARTS).join(", ");
  const none = pin.partsBase === "default" ? t("defaultSettings") : pin.partsBase === "lesson" ? t("lessonSettings") : t("same");
  const diff = parts.length === 0 ? none : parts.length > MAX_PARTS ? t("more", { shown, n: parts.length - MAX_PARTS }) : shown;
  return pin.changedLive ? t("live", { diff }) : diff;
}

/** The runs to draw, from the given snapshot of the live run plus the pinned ones. */
export function useChartRuns(snapshot: RunSnapshot): ChartRun[] {
  const pinned = usePlayground((s) => s.pinned);
  const config = usePlayground((s) => s.config);
  const lang = usePlayground((s) => s.lang);
  const theory = useTheory((s) => s.byRun);
  return useMemo(() => {
    const live: ChartRun = {
      id: `run-${snapshot.runId}`,
      label: translator(chartRunsMessages, lang)("thisRun"),
      color: LOSS_COLOR,
      pinned: false,
      columns: snapshot.columns,
      events: snapshot.events,
      diverged: snapshot.diverged,
      stepsPerEpoch: Math.max(1, snapshot.stepsPerEpoch),
      plannedSteps: snapshot.totalSteps,
      lessonRef: "live",
      minibatchLoss: HAS_MINIBATCH_LOSS[snapshot.config.problem],
      // The live run's curve only once it is for the config this run started with.
      theory: theoryFor(theory.live, snapshot.config),
    };
    const pinnedRuns = pinned.map(
      (p): ChartRun => ({
        id: p.id,
        label: pinnedLabel(p, lang),
        color: pinColor(p.color),
        pinned: true,
        columns: p.columns,
        events: p.events,
        diverged: p.diverged,
        stepsPerEpoch: Math.max(1, p.stepsPerEpoch),
        plannedSteps: p.pending ? 0 : p.config.epochs * p.stepsPerEpoch,
        lessonRef: p.lessonRun,
        minibatchLoss: HAS_MINIBATCH_LOSS[p.config.problem],
        theory: theoryFor(theory[p.id], p.config),
      }),
    );
    return [live, ...pinnedRuns];
  }, [snapshot, pinned, config, lang, theory]);
}

/** A run's theory entry if it is for `config` (undefined when none is wanted, null while computing). */
function theoryFor(entry: TheoryEntry | undefined, config: RunSnapshot["config"]): ChartRun["theory"] {
  if (entry === undefined) return undefined;
  return entry.config === config ? entry.result : null;
}
