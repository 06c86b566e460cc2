// What waits for the first screen: the parts of the page not needed to see the first curve points
// (the settings, the second chart) mount once those points are drawn and the page is idle, so on
// a cold visit they do not compete with the loss chart's first render. A run that never streams
// (paused, over budget, a worker error) does not keep them away: they come after FALLBACK_MS.

import { useEffect, useState } from "react";
import { useAfterIdle } from "../charts/use-after-idle.ts";
import { usePlayground } from "../state/store.ts";

const FALLBACK_MS = 1500;

export function useAfterFirstPoints(): boolean {
  const streamed = usePlayground((s) => s.snapshot.step > 0);
  const [late, setLate] = useState(false);
  useEffect(() => {
    const id = setTimeout(() => setLate(true), FALLBACK_MS);
    return () => clearTimeout(id);
  }, []);
  return useAfterIdle(streamed || late);
}
