/// <reference types="vite/client" />
// Every message catalog of the page's interface: the same keys in English and Chinese, no empty
// strings, the same `{placeholder}`s per key, and Chinese that is actually Chinese.

import "../engine/testing/custom-surfaces.ts";
import { describe, expect, it } from "vitest";
import { PROBLEM_IDS, createProblem } from "../engine/problems/index.ts";
import { LANGS, type Messages } from "../state/i18n.ts";
import { appMessages } from "./App.tsx";
import { chartRunsMessages, pinnedLabel } from "./chart-runs.ts";
import { valueParts } from "../state/describe-diff.ts";
import { linkBarMessages } from "./LinkBar.tsx";
import { noticeText, noticesMessages } from "./Notices.tsx";
import { pinnedRunsMessages } from "./PinnedRuns.tsx";
import { formatSpeed, runControlsMessages, statusParts } from "./RunControls.tsx";
import { seedsControlMessages } from "./SeedsControl.tsx";
import { decayEditorMessages } from "./controls/DecayEditor.tsx";
import { decayMetaMessages, fieldLabel, policyLabel } from "./controls/decay-meta.ts";
import { numberInputMessages } from "./controls/NumberInput.tsx";
import { optimizerMessages } from "./controls/OptimizerControls.tsx";
import { policyFieldsMessages } from "./controls/PolicyFields.tsx";
import { problemControlsMessages } from "./controls/ProblemControls.tsx";
import { customSurfaceMessages } from "./controls/CustomSurfaceControls.tsx";
import { problemDescription, problemMessages } from "./controls/problem-info.ts";
import { DEFAULT_RUN, cloneRun } from "../engine/run-config.ts";
import { POLICY_KINDS, policyFieldTable } from "../engine/config.ts";
import type { RunSnapshot } from "../state/store.ts";
import { chartMessages } from "../charts/chart-messages.ts";
import { lessonMessages } from "./Lessons.tsx";
import { toolTabsMessages } from "./ToolTabs.tsx";
import { theoryNoteMessages } from "./TheoryNote.tsx";
import { exportPngMessages } from "./tools/export-png.ts";
import { embedMessages } from "./embed/Embed.tsx";
import { embedSnippetMessages } from "./tools/EmbedSnippet.tsx";
import { presenterMessages } from "./present/Presenter.tsx";

const CATALOGS: Record<string, Messages<string>> = {
  appMessages,
  customSurfaceMessages,
  chartRunsMessages,
  linkBarMessages,
  noticesMessages,
  pinnedRunsMessages,
  runControlsMessages,
  seedsControlMessages,
  decayEditorMessages,
  decayMetaMessages,
  numberInputMessages,
  optimizerMessages,
  policyFieldsMessages,
  problemControlsMessages,
  problemMessages,
  chartMessages,
  lessonMessages,
  toolTabsMessages,
  theoryNoteMessages,
  embedMessages,
  presenterMessages,
};

/** Catalogs of the tools (ui/tools/), checked the same way; the count above leaves the tools out. */
const TOOL_CATALOGS: Record<string, Messages<string>> = { exportPngMessages, embedSnippetMessages };

/**
 * Chinese entries that need no Chinese characters: names and formulas that stay as written in every
 * language (catalog.key).
 */
const NO_CJK: ReadonlySet<string> = new Set([
  "exportPngMessages.opt.adam",
  "exportPngMessages.opt.amsgrad",
  "exportPngMessages.opt.adamw",
  "exportPngMessages.opt.adamw-amsgrad",
  "exportPngMessages.opt.sgd",
  "exportPngMessages.nesterov",
  "exportPngMessages.adam",
  "exportPngMessages.list",
  "exportPngMessages.parts",
  "exportPngMessages.sections",
  "chartMessages.lrTShort",
  "optimizerMessages.variant.adam",
  "optimizerMessages.variant.adamw-amsgrad",
  "runControlsMessages.lr",
]);

const CJK = /[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]/;
const HAN = /[\u3400-\u9fff]/;
const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("message catalogs", () => {
  it("are all here: every catalog declared in ui/ (outside tools/) and charts/ is checked below", () => {
    const sources = import.meta.glob(["./**/*.{ts,tsx}", "../charts/**/*.{ts,tsx}", "!./tools/**", "!**/*.test.ts"], {
      query: "?raw",
      import: "default",
      eager: true,
    }) as Record<string, string>;
    let declared = 0;
    for (const text of Object.values(sources)) declared += text.split("defineMessages({").length - 1;
    expect(declared).toBe(Object.keys(CATALOGS).length);
  });

  for (const [name, catalog] of Object.entries({ ...CATALOGS, ...TOOL_CATALOGS })) {
    it(`${name}: same keys, no blanks, same placeholders, Chinese in zh`, () => {
      const en = catalog.en;
      const zh = catalog.zh;
      expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
      expect(Object.keys(en).length).toBeGreaterThan(0);
      for (const key of Object.keys(en)) {
        for (const lang of LANGS) expect(catalog[lang][key].trim(), `${name}.${key} (${lang})`).not.toBe("");
        expect(placeholders(zh[key]), `${name}.${key}`).toEqual(placeholders(en[key]));
        if (NO_CJK.has(`${name}.${key}`)) {
          expect(zh[key], `${name}.${key} is on the exception list`).not.toMatch(HAN);
        } else {
          expect(zh[key], `${name}.${key} (zh)`).toMatch(HAN);
          // English stays English: a Chinese entry pasted into the wrong table shows up here.
          expect(en[key], `${name}.${key} (en)`).not.toMatch(CJK);
        }
      }
    });
  }
});

describe("catalog text in use", () => {
  it("English problem descriptions are the engine's own, word for word", () => {
    for (const id of PROBLEM_IDS) expect(problemDescription(id, "en")).toBe(createProblem(id, 1).description);
    for (const id of PROBLEM_IDS) expect(problemDescription(id, "zh")).not.toMatch(/\{\w+\}/);
  });

  it("labels every policy field of every kind in both languages, in the unit's words", () => {
    for (const kind of POLICY_KINDS) {
      expect(policyLabel(kind, "zh")).toMatch(HAN);
      for (const field of Object.keys(policyFieldTable(kind))) {
        // A field without a label falls back to its bare id: none may.
        expect(fieldLabel(kind, field, "epoch", "en")).not.toBe(field);
        expect(fieldLabel(kind, field, "step", "zh")).toMatch(HAN);
        expect(fieldLabel(kind, field, "step", "zh")).not.toMatch(/\{\w+\}/);
      }
    }
    expect(fieldLabel("step", "stepSize", "epoch", "zh")).toBe("步长（每隔多少轮衰减一次）");
    expect(fieldLabel("step", "stepSize", "step", "en")).toBe("Step size (steps between decays)");
  });

  it("status line, speed, pinned labels and notices follow the language", () => {
    const snap = { status: "paused", step: 1234, totalSteps: 5000, stepsPerEpoch: 200, lr: 0.0125, loss: 0.73421, diverged: null } as unknown as RunSnapshot;
    expect(statusParts(snap, "en")).toEqual(["Step 1,234 of 5,000", "epoch 6.17", "lr 0.0125", "loss 0.7342"]);
    expect(statusParts(snap, "zh")).toEqual(["第 1,234 / 5,000 步", "第 6.17 轮", "lr 0.0125", "损失 0.7342"]);
    expect([formatSpeed(null), formatSpeed(1), formatSpeed(2000)]).toEqual(["max", "1 step/s", "2,000 steps/s"]);
    expect(formatSpeed(2000, "zh")).toBe("2,000 步/秒");

    const current = cloneRun(DEFAULT_RUN);
    const pin = { parts: valueParts(cloneRun(DEFAULT_RUN), current), changedLive: false };
    expect(pinnedLabel(pin)).toBe("same settings");
    expect(pinnedLabel({ ...pin, changedLive: true }, "zh")).toBe("设置相同（学习率曾实时修改）");
    const many = { ...current, seed: 9, epochs: 3, batchSize: 8, problem: "linreg" as const, optimizer: { ...current.optimizer, lr: 0.005 } };
    expect(pinnedLabel({ parts: valueParts(many, current), changedLive: false })).toBe("lr 0.005, problem linreg, batchSize 8 +2 more");
    expect(pinnedLabel({ parts: valueParts(many, current), changedLive: false }, "zh")).toBe("lr 0.005, problem linreg, batchSize 8 等，另有 2 项");
    // A name given by hand wins over everything; a lesson's name over the differences.
    expect(pinnedLabel({ ...pin, name: "my run", title: { en: "constant rate", zh: "恒定学习率" } })).toBe("my run");
    expect(pinnedLabel({ ...pin, title: { en: "constant rate", zh: "恒定学习率" } }, "zh")).toBe("恒定学习率");

    const rate = { kind: "rateChanged" as const, vars: { step: 1200, from: "0.0250", to: "0.00500" } };
    expect(noticeText(rate, "zh")).toBe("已在第 1200 步实时修改学习率：0.0250 → 0.00500。");
    expect(noticeText(rate, "en")).toBe("Rate changed live at step 1200: 0.0250 → 0.00500.");
    expect(noticeText({ kind: "pinLimit", vars: { n: 4 } }, "zh")).toBe("最多只能有 4 个对照运行，请先移除一个。");
  });
});
