// A diverged run's reason, as the page shows it. The engine words it in English
// (engine/trainer.ts DIVERGENCE_REASONS, lossGrewReason) and sends that through the workers; the
// Chinese page showed it untranslated ("在第 40 步发散：the loss is not finite").

import { DIVERGENCE_REASONS } from "../engine/trainer.ts";
import type { Lang } from "./i18n.ts";

const ZH: Readonly<Record<string, string>> = {
  [DIVERGENCE_REASONS.gradient]: "梯度不是有限值",
  [DIVERGENCE_REASONS.parameters]: "参数不再是有限值",
  [DIVERGENCE_REASONS.loss]: "损失不是有限值",
};

/** engine/trainer.ts lossGrewReason's wording: the loss, and the factor. */
const GREW = /^the loss (\S+) grew beyond (\S+)x its start$/;

/** `reason` in `lang`; a reason of another wording is shown as it came. */
export function divergenceReasonIn(reason: string, lang: Lang): string {
  if (lang !== "zh") return reason;
  const grew = GREW.exec(reason);
  if (grew !== null) return `损失 ${grew[1]} 超过了起始值的 ${grew[2]} 倍`;
  return ZH[reason] ?? reason;
}
