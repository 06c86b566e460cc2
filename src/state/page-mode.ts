// How the page is shown (issue #16): as an embedded figure (`embed=1`, decided once at load: the
// embed is another entry chunk) or the full page, optionally in presentation mode (`present=1` or
// the key P). Its own small store, so the run's store stays about the run; the link carries both.

import { create } from "zustand";
import type { EmbedLink } from "./url-keys.ts";

interface PageMode {
  /** The link's embed keys as given (null: none); the page is an embed when `embed?.on`. */
  embed: EmbedLink | null;
  present: boolean;
  setPresent(on: boolean): void;
}

export const usePageMode = create<PageMode>()((set) => ({
  embed: null,
  present: false,
  setPresent: (present) => set({ present }),
}));

/** Whether this page is an embedded figure. */
export const isEmbed = (): boolean => usePageMode.getState().embed?.on === true;
