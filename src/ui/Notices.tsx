// Transient notices (a live rate change, the pin limit), announced politely to screen readers.
//
// The store words its notices in English (store.ts `notify`); the Chinese page shows them through
// this catalog, whose English entries are the store's sentences with their numbers as `{n}`-style
// placeholders. A notice matching none of them is shown as the store wrote it.

import { defineMessages, format, type Lang } from "../state/i18n.ts";
import { usePlayground } from "../state/store.ts";
import { useT } from "../state/use-t.ts";

export const noticesMessages = defineMessages({
  en: {
    dismiss: "Dismiss notice",
    pinLimit: "At most {n} runs can be pinned; remove one first.",
    rateChanged: "Rate changed live at step {step}: {from} → {to}.",
  },
  zh: {
    dismiss: "关闭通知",
    pinLimit: "最多只能有 {n} 个对照运行，请先移除一个。",
    rateChanged: "已在第 {step} 步实时修改学习率：{from} → {to}。",
  },
});

const TRANSLATED = ["pinLimit", "rateChanged"] as const;

/** An English template as a pattern: its `{name}` placeholders capture, everything else is literal. */
function templatePattern(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{\w+\})/)
    .map((part) => {
      const m = /^\{(\w+)\}$/.exec(part);
      if (m === null) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(m[1]);
      return "(.+?)";
    })
    .join("");
  return { pattern: new RegExp(`^${source}$`, "s"), names };
}

/** A store notice in `lang`: English as written, Chinese from the catalog when its shape is known. */
export function noticeText(text: string, lang: Lang): string {
  if (lang === "en") return text;
  for (const key of TRANSLATED) {
    const { pattern, names } = templatePattern(noticesMessages.en[key]);
    const m = pattern.exec(text);
    if (m === null) continue;
    return format(noticesMessages[lang][key], Object.fromEntries(names.map((name, i) => [name, m[i + 1]])));
  }
  return text;
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
          <span>{noticeText(n.text, lang)}</span>
          <button type="button" className="btn btn-small btn-link" aria-label={t("dismiss")} onClick={() => dismissNotice(n.id)}>
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
