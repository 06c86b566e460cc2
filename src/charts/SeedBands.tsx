// The loss chart's seed bands (issue #14), drawn inside the chart's PlotFrame with its axis scales,
// behind every line: per run, a light 10–90% area and a thin median line in the run's colour. The
// bands never take part in the y range (the frame is fixed by the config, views.ts lossFrame).

import { memo, useId, useMemo } from "react";
import { usePlotArea, useXAxisScale, useYAxisScale } from "./PlotFrame.tsx";
import { bandAreaPath, bandLinePath, bandXs } from "./band-path.ts";
import type { ChartBand } from "./types.ts";

export interface DrawnBand {
  runId: string;
  color: string;
  band: ChartBand;
  /** Pinned runs' bands are a little lighter: context, like their dashed lines. */
  pinned: boolean;
}

export const SeedBands = memo(function SeedBands({ bands, xUnit, logX, logY }: { bands: readonly DrawnBand[]; xUnit: "step" | "epoch"; logX: boolean; logY: boolean }) {
  const sx = useXAxisScale();
  const sy = useYAxisScale(0);
  const area = usePlotArea();
  const clipId = `band-clip-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const paths = useMemo(() => {
    if (sx === undefined || sy === undefined || area === undefined) return null;
    // +Infinity (diverged seeds) runs a little past the top, so the clip shows the area open upwards.
    const top = area.y - 4;
    return bands.map((b) => {
      const xs = bandXs(b.band, xUnit);
      return {
        b,
        fill: bandAreaPath(xs, b.band.q10, b.band.q90, sx, sy, top, logX, logY),
        // Thin edges keep the band readable where a run's own (dashed) line covers most of its fill.
        edges: bandLinePath(xs, b.band.q10, sx, sy, logX, logY) + bandLinePath(xs, b.band.q90, sx, sy, logX, logY),
        median: bandLinePath(xs, b.band.q50, sx, sy, logX, logY),
      };
    });
  }, [bands, sx, sy, area, xUnit, logX, logY]);
  if (paths === null || area === undefined) return null;
  return (
    <g className="seed-bands" clipPath={`url(#${clipId})`} pointerEvents="none">
      <defs>
        <clipPath id={clipId}>
          <rect x={area.x} y={area.y} width={Math.max(0, area.width)} height={Math.max(0, area.height)} />
        </clipPath>
      </defs>
      {paths.map(({ b, fill, edges, median }) => (
        <g
          key={b.runId}
          data-testid="seed-band"
          data-run={b.runId}
          data-band-id={b.band.id}
          data-seeds={b.band.seeds}
          data-color={b.color}
        >
          {fill !== "" && <path className="seed-band-fill" d={fill} fill={b.color} fillOpacity={b.pinned ? 0.18 : 0.2} stroke="none" />}
          {edges !== "" && <path className="seed-band-edge" d={edges} fill="none" stroke={b.color} strokeWidth={1} strokeOpacity={0.5} strokeLinejoin="round" />}
          {median !== "" && (
            <path className="seed-band-median" d={median} fill="none" stroke={b.color} strokeWidth={1.25} strokeOpacity={0.85} strokeLinejoin="round" />
          )}
        </g>
      ))}
    </g>
  );
});
