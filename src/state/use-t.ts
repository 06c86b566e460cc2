// The React side of i18n: a component's translate function for the page's current language.

import { useMemo } from "react";
import { translator, type Messages, type Translate } from "./i18n.ts";
import { usePlayground } from "./store.ts";

export function useT<K extends string>(messages: Messages<K>): Translate<K> {
  const lang = usePlayground((s) => s.lang);
  return useMemo(() => translator(messages, lang), [messages, lang]);
}
