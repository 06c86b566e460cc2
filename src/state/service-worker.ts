// Offline after the first visit: registers the Workbox service worker that vite-plugin-pwa builds
// (vite.config.ts; it precaches the whole build). Production builds only: `npm run dev` has none.
//
// Registered once the first curve points are drawn and the page is idle, so a cold first visit
// spends its network and CPU on the first curve, not on the precache. A new build is found when the
// page registers on an online visit: its worker installs the new files, takes over at once
// (skipWaiting + clientsClaim) and deletes the old build's files. The page, still running the old build (whose lazy chunks are gone
// now), reloads into the new one — the settings are all in the link — and says so quietly.

import { usePlayground } from "./store.ts";

/** Set just before the reload into a new build, read (and cleared) by the reloaded page. */
const UPDATED_KEY = "lr-decay-playground:updated";
/** Register anyway this long after the start, if no run has streamed by then. */
const FALLBACK_MS = 10_000;
/** Longest wait for an idle moment before registering. */
const IDLE_TIMEOUT_MS = 2000;

function session(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled: no notice after an update, nothing else lost
  }
}

export function startServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  const storage = session();
  if (storage !== null && storage.getItem(UPDATED_KEY) !== null) {
    storage.removeItem(UPDATED_KEY);
    usePlayground.getState().notify("updated");
  }
  const register = async (): Promise<void> => {
    // Its own chunk, fetched only now: the 5.5 KB of workbox-window are not on the cold start's
    // path (issue #16). A failed fetch (offline on a first visit) leaves the page as it is.
    const { Workbox } = await import("workbox-window");
    // Relative to the page, like every other URL of the build: works from any sub-path.
    const wb = new Workbox("./sw.js", { scope: "./" });
    wb.addEventListener("controlling", (event) => {
      if (!event.isUpdate) return; // the first install: nothing changed on screen
      storage?.setItem(UPDATED_KEY, "1");
      window.location.reload();
    });
    // register() alone does not look for a new build when one is already installed: ask.
    const registration = await wb.register();
    if (registration !== undefined) await wb.update();
  };
  const registerQuietly = (): void => {
    register().catch(() => {
      // No service worker (e.g. a private window, a non-secure origin, offline): the page works as it is.
    });
  };
  const whenIdle = (): void => {
    if (typeof requestIdleCallback === "function") requestIdleCallback(registerQuietly, { timeout: IDLE_TIMEOUT_MS });
    else setTimeout(registerQuietly, 0);
  };
  // After the first streamed points are on screen (the page's `load` comes before the interface's
  // chunk has even run), or after FALLBACK_MS if the run never streams.
  let started = false;
  const start = (): void => {
    if (started) return;
    started = true;
    unsubscribe();
    clearTimeout(fallback);
    whenIdle();
  };
  const unsubscribe = usePlayground.subscribe((s) => {
    if (s.snapshot.step > 0) start();
  });
  const fallback = setTimeout(start, FALLBACK_MS);
}
