// The pinned ghost runs, each labelled with what differs from the config now on screen.

import { defineMessages } from "../state/i18n.ts";
import { usePlayground } from "../state/store.ts";
import { useT } from "../state/use-t.ts";
import { pinnedLabel } from "./chart-runs.ts";

export const pinnedRunsMessages = defineMessages({
  en: {
    list: "Pinned runs",
    remove: "Remove",
    removeOne: "Remove pinned run: {label}",
    removeAll: "Remove all",
    computing: "computing…",
    failed: "could not be computed: {error}",
    truncated: "first {steps} steps",
  },
  zh: {
    list: "对照运行",
    remove: "移除",
    removeOne: "移除对照运行：{label}",
    removeAll: "全部移除",
    computing: "计算中…",
    failed: "无法计算：{error}",
    truncated: "仅前 {steps} 步",
  },
});

export function PinnedRuns() {
  const pinned = usePlayground((s) => s.pinned);
  const config = usePlayground((s) => s.config);
  const lang = usePlayground((s) => s.lang);
  const t = useT(pinnedRunsMessages);
  const { unpin, clearPins } = usePlayground.getState();
  if (pinned.length === 0) return null;
  return (
    <div className="pinned">
      <ul className="pinned-list" aria-label={t("list")} data-testid="pinned-list">
        {pinned.map((p) => {
          const label = pinnedLabel(p, config, lang);
          return (
            <li key={p.id} className="pinned-item" data-testid="pinned-run">
              <svg className="pinned-swatch" width="28" height="10" aria-hidden="true">
                <line x1="0" y1="5" x2="28" y2="5" stroke={p.color} strokeWidth="3" strokeDasharray="6 4" />
              </svg>
              <span className="pinned-label">{label}</span>
              {p.pending && (
                <span className="pinned-status" data-testid="pinned-pending">
                  {t("computing")}
                </span>
              )}
              {p.error !== null && (
                <span className="pinned-status pinned-error" role="alert">
                  {t("failed", { error: p.error })}
                </span>
              )}
              {p.truncated && <span className="pinned-status">{t("truncated", { steps: p.step.toLocaleString(lang) })}</span>}
              <button type="button" className="btn btn-small" aria-label={t("removeOne", { label })} onClick={() => unpin(p.id)}>
                {t("remove")}
              </button>
            </li>
          );
        })}
      </ul>
      {pinned.length > 1 && (
        <button type="button" className="btn btn-small btn-link" onClick={() => clearPins()}>
          {t("removeAll")}
        </button>
      )}
    </div>
  );
}
