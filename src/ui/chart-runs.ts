// The charts' input, derived from the store: the live run plus pinned runs, each labelled with
// what differs from the config now on screen. Recomputed only when the snapshot, the pins or the
// config change (the snapshot changes at most 15 times a second).

import { useMemo } from "react";
import type { BandStatus, ChartRun } from "../charts/types.ts";
import { BAND_STEP_BUDGET } from "../engine/ensemble.ts";
import { HAS_MINIBATCH_LOSS } from "../engine/problems/index.ts";
import { defineMessages, translator, type Lang } from "../state/i18n.ts";
import { usePlayground, type RunSnapshot } from "../state/store.ts";
import { useTheory, type TheoryEntry } from "../state/theory.ts";
import { useBands, type BandEntry } from "../state/bands.ts";
import { diffParts } from "../state/describe-diff.ts";
import { findLesson } from "../state/lessons.ts";
import { LOSS_COLOR, pinColor } from "../state/palette.ts";

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

/** A band entry of the store as the chart draws it (null: bands off). */
function bandStatus(e: BandEntry | null | undefined): BandStatus | null {
  if (e === null || e === undefined) return null;
  switch (e.status) {
    case "done":
      return e.band === null ? null : { state: "done", band: { id: e.id, ...e.band } };
    case "pending":
      return { state: "pending", seeds: e.seeds };
    case "error":
      return { state: "error", seeds: e.seeds, message: e.error ?? "" };
    case "overBudget":
      return { state: "overBudget", seeds: e.seeds, steps: e.steps, max: BAND_STEP_BUDGET };
  }
}

/**
 * The runs to draw, from the given snapshot of the live run plus the pinned ones; `withBands` adds
 * their seed bands (the loss chart; the learning-rate chart has none and need not re-render for them).
 */
export function useChartRuns(snapshot: RunSnapshot, withBands = false): ChartRun[] {
  const pinned = usePlayground((s) => s.pinned);
  const config = usePlayground((s) => s.config);
  const lang = usePlayground((s) => s.lang);
  const theory = useTheory((s) => s.byRun);
  const bands = useBands((s) => (withBands ? s : null));
  const lessonId = usePlayground((s) => s.lesson);
  return useMemo(() => {
    // A lesson may name its live run ("WSD (this run)") while the run still has the lesson's settings.
    const lesson = findLesson(lessonId);
    const named = lesson?.liveLabel !== undefined && diffParts(snapshot.config, lesson.config).length === 0;
    const live: ChartRun = {
      id: `run-${snapshot.runId}`,
      label: named && lesson?.liveLabel !== undefined ? lesson.liveLabel[lang] : translator(chartRunsMessages, lang)("thisRun"),
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
      // The live band is always the current settings' (a setting change replaces it at once).
      band: bandStatus(bands?.live),
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
        band: bandStatus(bands?.pinned[p.id]),
      }),
    );
    return [live, ...pinnedRuns];
  }, [snapshot, pinned, config, lang, theory, bands, lessonId]);
}

/** A run's theory entry if it is for `config` (undefined when none is wanted, null while computing). */
function theoryFor(entry: TheoryEntry | undefined, config: RunSnapshot["config"]): ChartRun["theory"] {
  if (entry === undefined) return undefined;
  return entry.config === config ? entry.result : null;
}
