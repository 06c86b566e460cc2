// Secondary charts (the learning-rate chart, the schedule preview) mount once the page is first
// idle, not in the first render: that render then finishes sooner, and the loss chart can draw the
// first streamed points while they are still being set up.

import { useEffect, useState } from "react";

/** Longest wait for an idle moment (the worker keeps the page busy at full speed). */
const IDLE_TIMEOUT_MS = 300;

export function useAfterIdle(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (ready) return;
    if (typeof requestIdleCallback === "function") {
      const id = requestIdleCallback(() => setReady(true), { timeout: IDLE_TIMEOUT_MS });
      return () => cancelIdleCallback(id);
    }
    const id = setTimeout(() => setReady(true), 0);
    return () => clearTimeout(id);
  }, [ready]);
  return ready;
}
