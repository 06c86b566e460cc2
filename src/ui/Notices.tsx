// Transient notices (a live rate change, the pin limit), announced politely to screen readers.

import { usePlayground } from "../state/store.ts";

export function Notices() {
  const notices = usePlayground((s) => s.notices);
  const { dismissNotice } = usePlayground.getState();
  return (
    <div role="status" aria-live="polite" className="notices">
      {notices.map((n) => (
        <p key={n.id} className="notice">
          <span>{n.text}</span>
          <button type="button" className="btn btn-small btn-link" aria-label="Dismiss notice" onClick={() => dismissNotice(n.id)}>
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
