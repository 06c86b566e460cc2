// The page: header, run controls above the charts, and the settings in a sidebar (stacked below
// the charts on narrow screens). Components read the store through selectors and call its
// actions; none of them talks to the worker.

import { TheoryNote } from "./TheoryNote.tsx";
import { LiveLossChart, LiveLrChart } from "./LiveCharts.tsx";
import { LANGS, LANG_NAMES, defineMessages, isLang } from "../state/i18n.ts";
import { usePlayground } from "../state/store.ts";
import { useT } from "../state/use-t.ts";
import { CopyLinkButton, LinkProblems } from "./LinkBar.tsx";
import { RunControls } from "./RunControls.tsx";
import { SeedsControl } from "./SeedsControl.tsx";
import { ToolTabs } from "./ToolTabs.tsx";
import { useAfterIdle } from "../charts/use-after-idle.ts";
import { LessonCard, LessonMenu } from "./Lessons.tsx";
import { findLesson } from "../state/lessons.ts";
import { Suspense, lazy } from "react";

// The settings mount once the page is idle (below), so their code is a chunk of its own, fetched then.
const SettingsControls = lazy(() => import("./controls/SettingsControls.tsx"));

export const appMessages = defineMessages({
  en: {
    title: "Learning-rate decay playground",
    lede: "At a fixed learning rate Adam's loss stops improving and rattles; decaying the rate lets it settle. Drag a setting and watch the curve answer.",
    charts: "Charts",
    settings: "Settings",
    runControls: "Run controls",
    language: "Language",
  },
  zh: {
    title: "学习率衰减实验场",
    lede: "学习率固定时，Adam 的损失会停止下降并来回抖动；让学习率衰减，它就能稳定下来。拖动任一设置，看曲线如何变化。",
    charts: "图表",
    settings: "设置",
    runControls: "运行控制",
    language: "语言",
  },
});

/** English / 简体中文: re-renders every catalog at once; the link keeps `lang` (effects.ts). */
function LangSwitch() {
  const t = useT(appMessages);
  const lang = usePlayground((s) => s.lang);
  const setLang = usePlayground((s) => s.setLang);
  return (
    <span className="lang-switch" style={{ display: "inline-flex", alignItems: "center", gap: 6, marginLeft: 12 }}>
      <label htmlFor="lang-switch">{t("language")}</label>
      <select
        id="lang-switch"
        data-testid="lang-switch"
        className="ctl-select"
        style={{ width: "auto" }}
        value={lang}
        onChange={(e) => {
          if (isLang(e.target.value)) setLang(e.target.value);
        }}
      >
        {LANGS.map((l) => (
          <option key={l} value={l} lang={l === "zh" ? "zh-Hans" : l}>
            {LANG_NAMES[l]}
          </option>
        ))}
      </select>
    </span>
  );
}

function LossPanel() {
  return (
    <>
      <LiveLossChart height={CHART_HEIGHT} withBands />
      <TheoryNote />
    </>
  );
}

/** Plot heights that keep the loss chart (and a lesson's key chart) on a 768-px-high first screen. */
const CHART_HEIGHT = "clamp(220px, calc(100vh - 420px), 420px)";
const LR_HEIGHT = "clamp(180px, calc(100vh - 520px), 300px)";

function LrPanel() {
  const lesson = findLesson(usePlayground((s) => s.lesson));
  return <LiveLrChart height={lesson?.view?.keyChart === "lr" ? CHART_HEIGHT : LR_HEIGHT} />;
}

function Charts() {
  const t = useT(appMessages);
  const lesson = findLesson(usePlayground((s) => s.lesson));
  // A lesson about the learning rate (bias correction) shows that chart first.
  const lrFirst = lesson?.view?.keyChart === "lr";
  // The second chart mounts once the page is first idle (as the settings do):
  // the first render is then one chart, not two, and the first points are drawn sooner on a cold
  // visit. Its place is kept (same height), so nothing below it moves when it arrives.
  const secondReady = useAfterIdle();
  const second = lrFirst ? <LossPanel /> : <LrPanel />;
  return (
    <section className="charts" aria-labelledby="charts-title" data-key-chart={lrFirst ? "lr" : "loss"}>
      <h2 id="charts-title" className="visually-hidden">
        {t("charts")}
      </h2>
      {lrFirst ? <LrPanel /> : <LossPanel />}
      {secondReady ? second : <div className="chart-placeholder" style={{ height: lrFirst ? CHART_HEIGHT : LR_HEIGHT }} aria-hidden="true" />}
    </section>
  );
}

function Settings() {
  const config = usePlayground((s) => s.config);
  const setConfig = usePlayground((s) => s.setConfig);
  const hidden = usePlayground((s) => s.hidden);
  const locked = usePlayground((s) => s.locked);
  const t = useT(appMessages);
  // Mounted once the page is first idle: the first render
  // is then the header, run controls and loss chart only, so the first streamed points are drawn
  // sooner (the controls follow, their chunk fetched then).
  const ready = useAfterIdle();
  const busy = <aside className="settings" aria-busy="true" />;
  if (!ready) return busy;
  return (
    <Suspense fallback={busy}>
      <aside className="settings" aria-labelledby="settings-title">
        <h2 id="settings-title" className="visually-hidden">
          {t("settings")}
        </h2>
        <SettingsControls config={config} onChange={setConfig} hidden={hidden} locked={locked} />
      </aside>
    </Suspense>
  );
}

export function App() {
  const t = useT(appMessages);
  const lessonOpen = usePlayground((s) => s.lesson !== null);
  // The first screen is the chart: a one-line header (the lede gives way to an open lesson's card),
  // the lesson card folded to one line, and the run controls beside the charts with the settings.
  return (
    <div className="app" data-lesson-open={lessonOpen ? "1" : "0"}>
      <header className="app-header">
        <div className="header-text">
          <h1>{t("title")}</h1>
          {!lessonOpen && <p className="lede">{t("lede")}</p>}
        </div>
        <div className="header-actions">
          <LessonMenu />
          <CopyLinkButton />
          <LangSwitch />
        </div>
      </header>
      <LinkProblems />
      <main className="app-main">
        <LessonCard />
        <Charts />
        <div className="side">
          <section className="run-panel" aria-label={t("runControls")}>
            <RunControls />
            <SeedsControl />
          </section>
          <Settings />
        </div>
        <ToolTabs />
      </main>
    </div>
  );
}
