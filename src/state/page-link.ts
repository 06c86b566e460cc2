// The page's link: the settings on screen (plus view, pins, lesson, teacher mode, sweep) as a query
// string. Kept apart from effects.ts so the UI can build a link with another config (the replayable
// link of a run changed by hand) without importing the effects and their test hook.

import type { RunConfig } from "../engine/run-config.ts";
import { usePlayground } from "./store.ts";
import { useSweep } from "./sweep.ts";
import { encodeState, type UrlState } from "./url.ts";
import { usePageMode } from "./page-mode.ts";

/**
 * The link of the current settings (replace, not push: no history entry per slider tick), or of
 * the same page with `config` in place of the settings (the replayable link of a run changed by
 * hand, replay-link.ts).
 */
export function linkQuery(config?: RunConfig): string {
  return encodeState(linkState(config));
}

/** The page's state as a link holds it (see linkQuery). */
export function linkState(config?: RunConfig): UrlState {
  const s = usePlayground.getState();
  const mode = usePageMode.getState();
  return {
    config: config ?? s.config,
    view: { ...s.chartOptions },
    // A lesson's comparison runs come with its id; a run whose rate was changed by hand cannot be
    // replayed from its config, so it stays out of the link.
    pins: s.pinned.filter((p) => p.source !== "lesson" && !p.changedLive).map((p) => p.config),
    lang: s.lang,
    lesson: s.lesson,
    hide: [...s.hidden],
    lock: [...s.locked],
    sweep: useSweep.getState().linkSpec,
    embed: mode.embed ?? undefined,
    present: mode.present,
  };
}

/** The same link as a full page: the embed keys dropped ("Open in the playground"). */
export function fullPageQuery(): string {
  return encodeState({ ...linkState(), embed: undefined });
}
