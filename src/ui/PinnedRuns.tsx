// The pinned runs: each named (by hand, by its lesson, or by what set it apart when it was pinned),
// in a fixed colour, with rename and remove.

import { useState } from "react";
import { defineMessages } from "../state/i18n.ts";
import { MAX_PIN_NAME, usePlayground, type PinnedRun } from "../state/store.ts";
import { useT } from "../state/use-t.ts";
import { pinnedLabel } from "./chart-runs.ts";
import { pinColor } from "../state/palette.ts";

export const pinnedRunsMessages = defineMessages({
  en: {
    list: "Pinned runs",
    remove: "Remove",
    removeOne: "Remove pinned run: {label}",
    removeAll: "Remove all",
    computing: "computing…",
    failed: "could not be computed: {error}",
    truncated: "first {steps} steps",
    overBudget: "not computed: {steps} steps ({total} with the other pinned runs); at most {max} steps in all",
    rename: "Rename",
    renameOne: "Rename pinned run: {label}",
    nameLabel: "Name of the pinned run",
  },
  zh: {
    list: "对照运行",
    remove: "移除",
    removeOne: "移除对照运行：{label}",
    removeAll: "全部移除",
    computing: "计算中…",
    failed: "无法计算：{error}",
    truncated: "仅前 {steps} 步",
    overBudget: "未计算：{steps} 步（连同其他对照运行共 {total} 步）；总共最多 {max} 步",
    rename: "重命名",
    renameOne: "重命名对照运行：{label}",
    nameLabel: "对照运行的名称",
  },
});

export function PinnedRuns() {
  const pinned = usePlayground((s) => s.pinned);
  const lang = usePlayground((s) => s.lang);
  const t = useT(pinnedRunsMessages);
  const { unpin, clearPins } = usePlayground.getState();
  if (pinned.length === 0) return null;
  return (
    <div className="pinned">
      <ul className="pinned-list" aria-label={t("list")} data-testid="pinned-list">
        {pinned.map((p) => {
          const label = pinnedLabel(p, lang);
          return (
            <li key={p.id} className="pinned-item" data-testid="pinned-run">
              <svg className="pinned-swatch" width="28" height="10" aria-hidden="true">
                <line x1="0" y1="5" x2="28" y2="5" stroke={pinColor(p.color)} strokeWidth="3" strokeDasharray="6 4" />
              </svg>
              <PinName pin={p} label={label} />
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
              {p.overBudget !== undefined && (
                <span className="pinned-status pinned-error" role="alert">
                  {t("overBudget", { steps: p.overBudget.steps.toLocaleString(lang), total: p.overBudget.total.toLocaleString(lang), max: p.overBudget.max.toLocaleString(lang) })}
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

/** The pin's name, or a text box to rename it (Enter keeps, Escape cancels; empty gives its own name back). */
function PinName({ pin, label }: { pin: PinnedRun; label: string }) {
  const t = useT(pinnedRunsMessages);
  const renamePin = usePlayground((s) => s.renamePin);
  const [editing, setEditing] = useState<string | null>(null);
  if (editing === null) {
    return (
      <>
        <span className="pinned-label" data-testid="pinned-label">
          {label}
        </span>
        <button type="button" className="btn btn-small" data-testid="pin-rename" aria-label={t("renameOne", { label })} onClick={() => setEditing(pin.name ?? label)}>
          {t("rename")}
        </button>
      </>
    );
  }
  const done = (keep: boolean) => {
    if (keep) renamePin(pin.id, editing);
    setEditing(null);
  };
  return (
    <input
      className="pinned-name"
      data-testid="pin-name"
      aria-label={t("nameLabel")}
      value={editing}
      maxLength={MAX_PIN_NAME}
      autoFocus
      onChange={(e) => setEditing(e.target.value)}
      onBlur={() => done(true)}
      onKeyDown={(e) => {
        if (e.key === "Enter") done(true);
        else if (e.key === "Escape") done(false);
      }}
    />
  );
}
