// The page's link: the settings on screen (plus view, pins, lesson, teacher mode, sweep) as a query
// string. Kept apart from effects.ts so the UI can build a link with another config (the replayable
// link of a run changed by hand) without importing the effects and their test hook.

import type { RunConfig } from "../engine/run-config.ts";
import { usePlayground } from "./store.ts";
import { useSweep } from "./sweep.ts";
import { encodeState, type UrlState } from "./url.ts";

/**
 * The link of the current settings (replace, not push: no history entry per slider tick), or of
 * the same page with `config` in place of the settings (the replayable link of a run changed by
 * hand, replay-link.ts).
 */
export function linkQuery(config?: RunConfig): string {
  const s = usePlayground.getState();
  const url: UrlState = {
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
  };
  return encodeState(url);
}
