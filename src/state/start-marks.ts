// The page's cold-start milestones as User Timing marks, each set once per page load. `npm run bench`
// reports them beside `ui.first_point_cold_ms` and `embed.first_point_ms`, so a slow first point says
// which side held it back: the page's own scripts (entry, render) or the training worker (samples).
// A Performance tab shows them too (issue #16).

export const START_MARKS = {
  /** The entry module runs: its scripts are downloaded and compiled, the run is about to be sent. */
  entry: "playground:entry",
  /** The interface's chunks (React DOM and the page) are evaluated; React is asked to render. */
  render: "playground:render",
  /** The training worker's first samples of the first run reach the page. */
  samples: "playground:first-samples",
} as const;

export type StartMark = (typeof START_MARKS)[keyof typeof START_MARKS];

/** Sets `name` unless this page load already has it (the first run only, not a restart). */
export function markOnce(name: StartMark): void {
  if (typeof performance === "undefined" || typeof performance.mark !== "function") return;
  if (performance.getEntriesByName(name, "mark").length === 0) performance.mark(name);
}
