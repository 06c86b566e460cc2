// Interface strings in English and Simplified Chinese. One flat dictionary keyed by English-ish
// ids; `t(lang, key, vars)` fills `{name}` placeholders. Strings are plain text, never markup.
// Components get a bound `t` from `useT()`, which reads the language from the store.

import { usePlayground } from "../state/store.ts";
import type { Lang } from "../state/url.ts";

type Dict = Record<string, string>;

/** English strings; every key must exist here. Add keys as components need them. */
export const EN = {
  "app.title": "Learning-rate decay playground",
  "app.lede": "At a fixed learning rate Adam's loss stops improving and rattles; decaying the rate lets it settle. Drag a setting and watch the curve answer.",
  "lang.label": "Language",
} satisfies Dict;

export type MessageKey = keyof typeof EN;

/** Chinese strings; a missing key falls back to English (and is caught by the i18n test). */
export const ZH: Partial<Record<MessageKey, string>> = {
  "app.title": "学习率衰减实验场",
  "app.lede": "学习率固定时，Adam 的损失不再下降、来回震荡；衰减学习率后，它就能稳定下来。拖动一个设置，看曲线如何回应。",
  "lang.label": "语言",
};

export function t(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = (lang === "zh" ? ZH[key] : undefined) ?? EN[key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** The `t` of the page's current language. */
export function useT(): (key: MessageKey, vars?: Record<string, string | number>) => string {
  const lang = usePlayground((s) => s.lang);
  return (key, vars) => t(lang, key, vars);
}
