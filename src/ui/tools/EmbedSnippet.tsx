// The Export tool's "Embed" section (issue #16): the <iframe> snippet of the current settings as a
// live figure, with its width and height, its charts and the controls readers get, and a copy
// button. The figure's link is the page's own link plus the embed keys (url-keys.ts).

import { useEffect, useId, useMemo, useRef, useState } from "react";
import { POLICY_FIELDS } from "../../engine/config.ts";
import { PANEL_CONTROL_IDS } from "../../state/control-ids.ts";
import { defineMessages } from "../../state/i18n.ts";
import { linkState } from "../../state/page-link.ts";
import { usePlayground } from "../../state/store.ts";
import { encodeState } from "../../state/url.ts";
import { EMBED_CHARTS, type EmbedChart } from "../../state/url-keys.ts";
import { useT } from "../../state/use-t.ts";
import { copyText } from "../clipboard.ts";

export const embedSnippetMessages = defineMessages({
  en: {
    heading: "Embed",
    hint: "A live figure of these settings for a blog post, a course page, a notebook or slides: paste the snippet into the page's HTML.",
    width: "Width (px)",
    height: "Height (px)",
    charts: "Charts",
    "chart.loss": "Loss",
    "chart.lr": "Learning rate",
    controls: "Controls readers get",
    controlsHint: "None by default: readers can play and replay only.",
    snippet: "The iframe snippet",
    copy: "Copy snippet",
    copied: "Copied",
    copyFailed: "Copy failed: select the text and copy it",
    title: "Learning-rate decay: live training loss",
  },
  zh: {
    heading: "嵌入",
    hint: "把这些设置做成一张实时图表，放进博客文章、课程页面、笔记本或幻灯片：把下面的代码粘贴到页面的 HTML 中。",
    width: "宽度（像素）",
    height: "高度（像素）",
    charts: "图表",
    "chart.loss": "损失",
    "chart.lr": "学习率",
    controls: "读者可用的控件",
    controlsHint: "默认没有：读者只能播放和重播。",
    snippet: "iframe 代码",
    copy: "复制代码",
    copied: "已复制",
    copyFailed: "复制失败：请选中文本后手动复制",
    title: "学习率衰减：实时训练损失",
  },
});

const WIDTH = { min: 320, max: 1200, default: 640 };
const HEIGHT = { min: 240, max: 1200, default: 420 };

const clamp = (n: number, r: { min: number; max: number; default: number }): number =>
  Number.isFinite(n) ? Math.min(r.max, Math.max(r.min, Math.round(n))) : r.default;

/** Markup-safe text for an attribute value. */
const attr = (s: string): string => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** The snippet for the page's current state shown as an embed of `charts` and `controls`. */
function iframeSnippet(src: string, width: number, height: number, title: string): string {
  return `<iframe src="${attr(src)}" width="${width}" height="${height}" style="border:0;max-width:100%" loading="lazy" title="${attr(title)}"></iframe>`;
}

export function EmbedSnippet() {
  const t = useT(embedSnippetMessages);
  const uid = useId();
  // Follow the settings, the view and the pins: the snippet is of what is on screen.
  const config = usePlayground((s) => s.config);
  usePlayground((s) => s.chartOptions);
  usePlayground((s) => s.pinned);
  usePlayground((s) => s.lang);
  const [width, setWidth] = useState(WIDTH.default);
  const [height, setHeight] = useState(HEIGHT.default);
  const [charts, setCharts] = useState<EmbedChart[]>(["loss"]);
  const [controls, setControls] = useState<string[]>([]);
  const [copyState, setCopyState] = useState<"idle" | "copied" | "failed">("idle");
  const timer = useRef<number | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );

  // The panel's controls and this decay kind's own fields.
  const offered = useMemo(
    () => [...PANEL_CONTROL_IDS.filter((id) => id !== "decay-preview"), ...Object.keys(POLICY_FIELDS[config.policy.kind])],
    [config.policy.kind],
  );
  const chosen = controls.filter((id) => offered.includes(id));
  const query = encodeState({ ...linkState(), embed: { on: true, charts, controls: chosen, origin: null }, present: false });
  const src = `${window.location.origin}${window.location.pathname}?${query}`;
  const code = iframeSnippet(src, clamp(width, WIDTH), clamp(height, HEIGHT), t("title"));

  const toggle = <T extends string>(list: T[], id: T, on: boolean): T[] => (on ? [...list, id] : list.filter((x) => x !== id));
  const copy = () => {
    void copyText(code).then((ok) => {
      setCopyState(ok ? "copied" : "failed");
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => setCopyState("idle"), 2000);
    });
  };

  return (
    <section className="export-section" aria-labelledby={`${uid}-title`} data-testid="embed-snippet">
      <h3 id={`${uid}-title`} className="export-heading">
        {t("heading")}
      </h3>
      <p className="export-hint">{t("hint")}</p>
      <div className="embed-form">
        <label>
          {t("width")}{" "}
          <input type="number" className="ctl-box" data-testid="embed-width" min={WIDTH.min} max={WIDTH.max} step={10} value={width} onChange={(e) => setWidth(Number(e.target.value))} />
        </label>
        <label>
          {t("height")}{" "}
          <input type="number" className="ctl-box" data-testid="embed-height" min={HEIGHT.min} max={HEIGHT.max} step={10} value={height} onChange={(e) => setHeight(Number(e.target.value))} />
        </label>
        <fieldset className="embed-choices">
          <legend>{t("charts")}</legend>
          {EMBED_CHARTS.map((c) => (
            <label key={c} className="embed-choice">
              <input
                type="checkbox"
                data-testid={`embed-chart-${c}`}
                checked={charts.includes(c)}
                // At least one chart: the last one cannot be unticked.
                disabled={charts.length === 1 && charts.includes(c)}
                onChange={(e) => setCharts(EMBED_CHARTS.filter((x) => toggle(charts, c, e.target.checked).includes(x)))}
              />
              {t(`chart.${c}`)}
            </label>
          ))}
        </fieldset>
        <fieldset className="embed-choices embed-choices-wide">
          <legend>{t("controls")}</legend>
          <p className="export-hint">{t("controlsHint")}</p>
          {offered.map((id) => (
            <label key={id} className="embed-choice">
              <input type="checkbox" data-testid={`embed-control-${id}`} checked={chosen.includes(id)} onChange={(e) => setControls(toggle(chosen, id, e.target.checked))} />
              <code>{id}</code>
            </label>
          ))}
        </fieldset>
      </div>
      <div className="export-code-bar">
        <span id={`${uid}-snippet`}>{t("snippet")}</span>
        <button type="button" className="btn btn-small" data-testid="embed-copy" onClick={copy} aria-live="polite">
          {copyState === "copied" ? t("copied") : copyState === "failed" ? t("copyFailed") : t("copy")}
        </button>
      </div>
      <pre className="export-code export-embed-code" tabIndex={0} aria-labelledby={`${uid}-snippet`} data-testid="embed-code">
        <code>{code}</code>
      </pre>
    </section>
  );
}
