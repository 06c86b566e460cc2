// The embedded figure (`?embed=1`, issue #16): the loss chart (and the lr chart with
// `charts=loss,lr`), play/replay, at most the controls the link lists (`controls=lr,decay-kind,gamma`),
// and a small "Open in the playground ↗" link with the same settings. No header, settings column,
// tools or lessons: main.tsx loads this chunk instead of the full page's. It fits an iframe of
// 320 to 1200 px and follows the reader's light or dark theme; a host page may command it through
// postMessage (host-bridge.ts).

import { Suspense, lazy, useEffect, useLayoutEffect, useMemo, useState, type CSSProperties } from "react";
import { defineMessages } from "../../state/i18n.ts";
import { fullPageQuery } from "../../state/page-link.ts";
import { usePageMode } from "../../state/page-mode.ts";
import { paletteVars } from "../../state/palette.ts";
import { isActive, usePlayground } from "../../state/store.ts";
import { DEFAULT_EMBED } from "../../state/url-keys.ts";
import { useT } from "../../state/use-t.ts";
import { LiveLossChart, LiveLrChart } from "../LiveCharts.tsx";
import { statusParts } from "../RunControls.tsx";
import { startHostBridge } from "./host-bridge.ts";
import "./embed.css";

// The settings panels load only when the link lists controls: an embed without any downloads none.
const EmbedControls = lazy(() => import("./EmbedControls.tsx"));

export const embedMessages = defineMessages({
  en: {
    figure: "Learning-rate decay: live training loss",
    play: "Play",
    pause: "Pause",
    replay: "Replay",
    replayTitle: "Run the same settings again from step 0",
    open: "Open in the playground ↗",
    openTitle: "The full playground with these settings, in a new tab",
    loading: "Loading…",
  },
  zh: {
    figure: "学习率衰减：实时训练损失",
    play: "播放",
    pause: "暂停",
    replay: "重播",
    replayTitle: "用相同设置从第 0 步重新运行",
    open: "在实验场中打开 ↗",
    openTitle: "在新标签页中用这些设置打开完整的实验场",
    loading: "加载中…",
  },
});

/** The reader's colour scheme, followed live (a host page or OS may switch it). */
function useDarkScheme(): boolean {
  const query = "(prefers-color-scheme: dark)";
  const [dark, setDark] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const mq = window.matchMedia(query);
    const on = (): void => setDark(mq.matches);
    mq.addEventListener("change", on);
    return () => mq.removeEventListener("change", on);
  }, []);
  return dark;
}

/** Play/pause, replay, the run's status in one line, and the way out to the full page. */
function EmbedBar() {
  const t = useT(embedMessages);
  const snapshot = usePlayground((s) => s.snapshot);
  const playing = usePlayground((s) => s.playing);
  const lang = usePlayground((s) => s.lang);
  // The link follows every change (settings, view), like the full page's address bar.
  usePlayground((s) => s.config);
  usePlayground((s) => s.chartOptions);
  const active = isActive(snapshot.status);
  const showPause = playing && active;
  const href = `${window.location.pathname}?${fullPageQuery()}`;
  return (
    <div className="embed-bar">
      <button
        type="button"
        className="btn btn-primary embed-play"
        data-testid="play"
        onClick={() => usePlayground.getState().toggle()}
      >
        <span aria-hidden="true" className="btn-icon">
          {showPause ? "❚❚" : active ? "▶" : "↻"}
        </span>
        {showPause ? t("pause") : active ? t("play") : t("replay")}
      </button>
      {/* A finished run's Play button already replays it. */}
      {active && (
        <button
          type="button"
          className="btn"
          data-testid="replay"
          title={t("replayTitle")}
          onClick={() => {
            usePlayground.getState().reset();
            usePlayground.getState().play();
          }}
        >
          {t("replay")}
        </button>
      )}
      <p className="embed-status" data-testid="run-status" data-status={snapshot.status} data-step={snapshot.step} aria-live="off">
        {statusParts(snapshot, lang).join(" · ")}
      </p>
      <a className="embed-open" data-testid="embed-open" href={href} target="_blank" rel="noopener" title={t("openTitle")}>
        {t("open")}
      </a>
    </div>
  );
}

export function Embed() {
  const t = useT(embedMessages);
  const embed = usePageMode((s) => s.embed) ?? DEFAULT_EMBED;
  const dark = useDarkScheme();
  // In the same task as the first commit: once the figure is on screen, it listens.
  useLayoutEffect(() => startHostBridge(), []);
  useEffect(() => {
    document.documentElement.dataset.embed = "1";
    document.documentElement.style.colorScheme = dark ? "dark" : "light";
  }, [dark]);
  const style = useMemo(() => (dark ? (paletteVars("dark") as CSSProperties) : undefined), [dark]);
  return (
    <main className="embed" data-theme={dark ? "dark" : "light"} data-testid="embed" style={style} aria-label={t("figure")}>
      <EmbedBar />
      <div className="embed-body" data-controls={embed.controls.length > 0 ? "1" : "0"}>
        <div className="embed-charts" data-charts={embed.charts.join(",")}>
          {embed.charts.includes("loss") && <LiveLossChart height="auto" withBands={false} />}
          {embed.charts.includes("lr") && <LiveLrChart height="auto" />}
        </div>
        {embed.controls.length > 0 && (
          <Suspense fallback={<p className="embed-loading">{t("loading")}</p>}>
            <EmbedControls ids={embed.controls} />
          </Suspense>
        )}
      </div>
    </main>
  );
}
