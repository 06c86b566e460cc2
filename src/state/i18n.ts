// Interface languages. Every user-visible string of the page lives in a message catalog next to the
// component that shows it (`defineMessages({ en: {...}, zh: {...} })`), so a component and its
// words change together and a missing translation is a type error, not a blank label.
//
// Plain data and pure functions only (no React, no store): url.ts, lessons.ts and Node tests use it.

export const LANGS = ["en", "zh"] as const;
export type Lang = (typeof LANGS)[number];

export const LANG_NAMES: Record<Lang, string> = { en: "English", zh: "简体中文" };

/** Values substituted for `{name}` placeholders. */
export type Vars = Readonly<Record<string, string | number>>;

/** One catalog: the same keys in every language (the type checker enforces it). */
export type Messages<K extends string> = { readonly [L in Lang]: Readonly<Record<K, string>> };

export type Translate<K extends string> = (key: K, vars?: Vars) => string;

/** Declares a catalog; `K` is inferred from the English table and required of every other. */
export function defineMessages<K extends string>(messages: { en: Record<K, string> } & { [L in Lang]: Record<K, string> }): Messages<K> {
  return messages;
}

/**
 * Replaces `{name}` with `vars.name`. A placeholder without a value stays visible (`{name}`), so a
 * missing argument shows up on screen and in tests instead of silently vanishing.
 */
export function format(template: string, vars?: Vars): string {
  if (vars === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole,
  );
}

export function translator<K extends string>(messages: Messages<K>, lang: Lang): Translate<K> {
  const table = messages[lang];
  return (key, vars) => format(table[key], vars);
}

export function isLang(v: unknown): v is Lang {
  return typeof v === "string" && (LANGS as readonly string[]).includes(v);
}

