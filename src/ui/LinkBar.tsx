// The link: a "Copy link" button (the address bar always holds the current settings) and, when the
// page was opened from a link with bad fields, a notice listing each one. Every text here is
// rendered as text, never as markup, so nothing from the URL can inject HTML.

import { useState } from "react";
import { linkQuery } from "../state/page-link.ts";
import { defineMessages, type Translate } from "../state/i18n.ts";
import { describeProblemIn } from "../state/problem-text.ts";
import { replayPlan, type ReplayPlan } from "../state/replay-link.ts";
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
    replayTitle: "This run's rate was changed by hand, so a link to its settings cannot replay it.",
    replayExact: "A multiStep schedule gives the same rates: lr {lr}, ×{gamma} at {unit} {milestones}.",
    replayApprox:
      "The nearest schedule is approximate: multiStep from lr {lr}, changing at the same {unit}s ({milestones}) to the same final rate, but by ×{gamma} each time where this run changed by {factors}.",
    replayPlateau: "Reduce-on-plateau cuts the rate when the loss stops improving, so no fixed schedule can replay this run.",
    replayTooMany: "The schedule changes the rate at too many points for a link to list them, so no link can replay this run.",
    unitStep: "step",
    unitEpoch: "epoch",
    copyReplay: "Copy replayable link",
    copyReplayApprox: "Copy approximate link",
    copyPlain: "Copy link without the hand changes (lr {lr} from the start)",
    cancel: "Cancel",
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
    replayTitle: "本次运行的学习率曾被手动修改，按设置生成的链接无法重现它。",
    replayExact: "用多阶段衰减（multiStep）可以得到完全相同的学习率：lr {lr}，在第 {milestones} {unit}处 ×{gamma}。",
    replayApprox:
      "最接近的调度只是近似：multiStep 从 lr {lr} 开始，在相同的{unit}（{milestones}）变化，最终学习率相同，但每次都 ×{gamma}，而本次运行的变化是 {factors}。",
    replayPlateau: "平台期降低在损失停止改善时才降低学习率，因此没有固定的调度能重现本次运行。",
    replayTooMany: "该调度改变学习率的位置太多，链接无法一一列出，因此没有链接能重现本次运行。",
    unitStep: "步",
    unitEpoch: "轮",
    copyReplay: "复制可重现的链接",
    copyReplayApprox: "复制近似的链接",
    copyPlain: "复制不含手动修改的链接（从一开始就用 lr {lr}）",
    cancel: "取消",
  },
});

/** A number as the link writes it, short enough for a sentence. */
const short = (x: number): string => String(Number(x.toPrecision(6)));

/**
 * "Copy link". The address bar holds the settings on screen; after a rate change by hand
 * ("change live") those settings no longer replay the run, so instead of copying silently the
 * button says so and offers the nearest replayable link (replay-link.ts) or the plain one.
 */
export function CopyLinkButton() {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const [plan, setPlan] = useState<ReplayPlan | null>(null);
  const t = useT(linkBarMessages);
  const copy = (href: string): void => {
    setPlan(null);
    void copyText(href).then((ok) => {
      setState(ok ? "copied" : "failed");
      window.setTimeout(() => setState("idle"), 2000);
    });
  };
  const onCopy = (): void => {
    // Read at the click, not subscribed: the live run's events grow while it streams.
    const run = usePlayground.getState().current;
    const p = replayPlan(run.config, run.events, run.stepsPerEpoch);
    if (p === null) copy(window.location.href);
    else setPlan(p);
  };
  const pageUrl = (query: string): string => `${window.location.origin}${window.location.pathname}${query === "" ? "" : "?" + query}`;
  return (
    <span className="copy-link">
      <button type="button" className="btn" data-testid="copy-link" aria-expanded={plan !== null} onClick={onCopy}>
        {state === "copied" ? t("copied") : state === "failed" ? t("failed") : t("copy")}
      </button>
      {plan !== null && (
        <div role="alert" className="notice notice-error link-replay" data-testid="link-replay-warning">
          <p>
            <strong>{t("replayTitle")}</strong> <ReplayText plan={plan} t={t} />
          </p>
          <div className="link-replay-actions">
            {plan.kind !== "none" && (
              <button type="button" className="btn" data-testid="copy-replay-link" onClick={() => copy(pageUrl(linkQuery(plan.config)))}>
                {t(plan.kind === "exact" ? "copyReplay" : "copyReplayApprox")}
              </button>
            )}
            <button
              type="button"
              className="btn"
              data-testid="copy-plain-link"
              onClick={() => copy(window.location.href)}
            >
              {t("copyPlain", { lr: short(usePlayground.getState().config.optimizer.lr) })}
            </button>
            <button type="button" className="btn btn-small" onClick={() => setPlan(null)}>
              {t("cancel")}
            </button>
          </div>
        </div>
      )}
    </span>
  );
}

/** What the replayable link holds, in words. */
function ReplayText({ plan, t }: { plan: ReplayPlan; t: Translate<keyof (typeof linkBarMessages)["en"]> }) {
  if (plan.kind === "none") return <>{t(plan.reason === "plateau" ? "replayPlateau" : "replayTooMany")}</>;
  const policy = plan.config.policy;
  const lr = short(plan.config.optimizer.lr);
  // A change before the first step leaves a constant rate: nothing to list.
  if (policy.kind !== "multiStep") return <>{t("replayExact", { lr, gamma: 1, unit: t("unitStep"), milestones: "—" })}</>;
  const unit = t(policy.unit === "step" ? "unitStep" : "unitEpoch");
  const milestones = policy.milestones.join(", ");
  if (plan.kind === "exact") return <>{t("replayExact", { lr, gamma: short(policy.gamma), unit, milestones })}</>;
  const factors = plan.factors.map((f) => `×${short(f)}`).join(", ");
  return <>{t("replayApprox", { lr, gamma: short(plan.gamma), unit, milestones: [...new Set(policy.milestones)].join(", "), factors })}</>;
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
