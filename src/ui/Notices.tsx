// Transient notices (a live rate change, the pin limit, an update of the offline copy), announced politely to screen readers. The
// store sends each as a kind plus values; the words are here, in the page's language.

import { defineMessages, translator, type Lang } from "../state/i18n.ts";
import { usePlayground, type Notice } from "../state/store.ts";
import { useT } from "../state/use-t.ts";

export const noticesMessages = defineMessages({
  en: {
    dismiss: "Dismiss notice",
    pinLimit: "At most {n} runs can be pinned; remove one first.",
    rateChanged: "Rate changed live at step {step}: {from} → {to}.",
    updated: "Updated to the latest version (it also works offline).",
  },
  zh: {
    dismiss: "关闭通知",
    pinLimit: "最多只能有 {n} 个对照运行，请先移除一个。",
    rateChanged: "已在第 {step} 步实时修改学习率：{from} → {to}。",
    updated: "已更新到最新版本（离线也可使用）。",
  },
});

/** A notice in `lang`. */
export function noticeText(n: Pick<Notice, "kind" | "vars">, lang: Lang): string {
  return translator(noticesMessages, lang)(n.kind, n.vars);
}

export function Notices() {
  const notices = usePlayground((s) => s.notices);
  const lang = usePlayground((s) => s.lang);
  const t = useT(noticesMessages);
  const { dismissNotice } = usePlayground.getState();
  return (
    <div role="status" aria-live="polite" className="notices">
      {notices.map((n) => (
        <p key={n.id} className="notice">
          <span>{noticeText(n, lang)}</span>
          <button type="button" className="btn btn-small btn-link" aria-label={t("dismiss")} onClick={() => dismissNotice(n.id)}>
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
