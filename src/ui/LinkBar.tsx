// The link: a "Copy link" button (the address bar always holds the current settings) and, when the
// page was opened from a link with bad fields, a notice listing each one. Every text here is
// rendered as text, never as markup, so nothing from the URL can inject HTML.

import { useState } from "react";
import { defineMessages } from "../state/i18n.ts";
import { describeProblemIn } from "../state/problem-text.ts";
import { usePlayground } from "../state/store.ts";
import { useT } from "../state/use-t.ts";
import { copyText } from "./clipboard.ts";

export const linkBarMessages = defineMessages({
  en: {
    copy: "Copy link",
    copied: "Link copied",
    failed: "Copy failed: use the address bar",
    oneProblem: "This link has a problem.",
    problems: "This link has {n} problems.",
    fallback: "The fields below use their defaults; everything else in the link is applied.",
    more: "… and {n} more",
    dismiss: "Dismiss",
  },
  zh: {
    copy: "复制链接",
    copied: "链接已复制",
    failed: "复制失败：请使用地址栏",
    oneProblem: "此链接有 1 个问题。",
    problems: "此链接有 {n} 个问题。",
    fallback: "以下字段改用默认值；链接中的其他设置均已应用。",
    more: "……另有 {n} 个",
    dismiss: "关闭",
  },
});

export function CopyLinkButton() {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const t = useT(linkBarMessages);
  return (
    <button
      type="button"
      className="btn"
      data-testid="copy-link"
      onClick={() => {
        void copyText(window.location.href).then((ok) => {
          setState(ok ? "copied" : "failed");
          window.setTimeout(() => setState("idle"), 2000);
        });
      }}
    >
      {state === "copied" ? t("copied") : state === "failed" ? t("failed") : t("copy")}
    </button>
  );
}

export function LinkProblems() {
  const problems = usePlayground((s) => s.linkProblems);
  const dismiss = usePlayground((s) => s.dismissLinkProblems);
  const lang = usePlayground((s) => s.lang);
  const t = useT(linkBarMessages);
  if (problems.length === 0) return null;
  return (
    <div role="alert" className="notice notice-error link-problems" data-testid="link-problems">
      <p>
        <strong>{problems.length === 1 ? t("oneProblem") : t("problems", { n: problems.length })}</strong> {t("fallback")}
      </p>
      <ul>
        {problems.slice(0, 20).map((p, i) => (
          <li key={i}>{describeProblemIn(p, lang)}</li>
        ))}
        {problems.length > 20 && <li>{t("more", { n: problems.length - 20 })}</li>}
      </ul>
      <button type="button" className="btn btn-small" onClick={dismiss}>
        {t("dismiss")}
      </button>
    </div>
  );
}
