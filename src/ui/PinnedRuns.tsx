// The pinned ghost runs, each labelled with what differs from the config now on screen.

import { usePlayground } from "../state/store.ts";
import { pinnedLabel } from "./chart-runs.ts";

export function PinnedRuns() {
  const pinned = usePlayground((s) => s.pinned);
  const config = usePlayground((s) => s.config);
  const { unpin, clearPins } = usePlayground.getState();
  if (pinned.length === 0) return null;
  return (
    <div className="pinned">
      <ul className="pinned-list" aria-label="Pinned runs" data-testid="pinned-list">
        {pinned.map((p) => {
          const label = pinnedLabel(p, config);
          return (
            <li key={p.id} className="pinned-item" data-testid="pinned-run">
              <svg className="pinned-swatch" width="28" height="10" aria-hidden="true">
                <line x1="0" y1="5" x2="28" y2="5" stroke={p.color} strokeWidth="3" strokeDasharray="6 4" />
              </svg>
              <span className="pinned-label">{label}</span>
              <button type="button" className="btn btn-small" aria-label={`Remove pinned run: ${label}`} onClick={() => unpin(p.id)}>
                Remove
              </button>
            </li>
          );
        })}
      </ul>
      {pinned.length > 1 && (
        <button type="button" className="btn btn-small btn-link" onClick={() => clearPins()}>
          Remove all
        </button>
      )}
    </div>
  );
}
