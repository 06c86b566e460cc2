// The tools' message catalogs (src/ui/catalogs.test.ts checks the rest of the page's): the same
// keys in English and Chinese, no blanks, the same {placeholders}, Chinese that is Chinese.

import { describe, expect, it } from "vitest";
import { LANGS, type Messages } from "../../state/i18n.ts";
import { lrAxisMessages } from "./LrAxis.tsx";
import { rangeTestMessages } from "./RangeTestPanel.tsx";
import { surfaceMessages } from "./SurfacePanel.tsx";
import { sweepMessages } from "./SweepPanel.tsx";

const CATALOGS: Record<string, Messages<string>> = { rangeTestMessages, lrAxisMessages, surfaceMessages, sweepMessages };
/** zh entries that are names or symbols in every language. */
const NO_CJK: ReadonlySet<string> = new Set(["sweepMessages.yGamma", "sweepMessages.yStepSize"]);

const CJK = /[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]/;
const HAN = /[\u3400-\u9fff]/;
const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("tool catalogs", () => {
  for (const [name, catalog] of Object.entries(CATALOGS)) {
    it(`${name}: same keys, no blanks, same placeholders, Chinese in zh`, () => {
      expect(Object.keys(catalog.zh).sort()).toEqual(Object.keys(catalog.en).sort());
      for (const key of Object.keys(catalog.en)) {
        for (const lang of LANGS) expect(catalog[lang][key].trim(), `${name}.${key} (${lang})`).not.toBe("");
        expect(placeholders(catalog.zh[key]), `${name}.${key}`).toEqual(placeholders(catalog.en[key]));
        if (NO_CJK.has(`${name}.${key}`)) continue;
        expect(catalog.zh[key], `${name}.${key} (zh)`).toMatch(HAN);
        expect(catalog.en[key], `${name}.${key} (en)`).not.toMatch(CJK);
      }
    });
  }
});
