// The Export tool: the data of this run and every pinned run as CSV or JSON, the two charts as one
// PNG, and the current optimizer and decay policy as code for PyTorch, Keras, TF1 or optax. The
// code generator is imported only here, so it loads with this lazily loaded panel (ToolTabs.tsx).

import { useEffect, useMemo, useRef, useState } from "react";
import { CODE_TARGETS, TARGET_NAMES, exportCode, type CodeTarget } from "../../state/code-export.ts";
import { bandsToCsv, exportFileName, exportInputFromStore, hasBands, hasData, toCsv, toJson } from "../../state/export-data.ts";
import { useBands } from "../../state/bands.ts";
import { defineMessages, translator, type Translate } from "../../state/i18n.ts";
import { usePlayground } from "../../state/store.ts";
import { useT } from "../../state/use-t.ts";
import { chartRunsMessages, pinnedLabel } from "../chart-runs.ts";
import { stepsPerEpoch } from "../controls/problem-info.ts";
import { chartsToPng, describeRun, downloadBlob } from "./export-png.ts";
import "./export.css";
import { copyText } from "../clipboard.ts";
import { EmbedSnippet } from "./EmbedSnippet.tsx";

const messages = defineMessages({
  en: {
    dataHeading: "Data and charts",
    dataHint: "Each file holds this run and every pinned run. Runs: {runs}; rows: {rows}.",
    csv: "Download CSV",
    json: "Download JSON",
    png: "Download PNG",
    csvTitle:
      "One row per stored step, columns run, label, step, epoch, lr, lrT, batchLoss, loss, gradNorm, updateNorm, lossAtY. batchLoss is the loss of the step's minibatch before the step; it is empty for the noisy quadratic and the 2-D surfaces, which have no examples and so no minibatch loss. lossAtY is schedule-free AdamW's loss at the point where it takes gradients (its loss column is at the averaged point it reports); empty for the other optimizers",
    jsonTitle: "The settings, the link and every run's series, events and seed band (batchLoss is null where the problem has no minibatch loss)",
    bandsCsv: "Download bands CSV",
    bandsCsvTitle:
      "Each run's seed band, one row per sample step: run, label, seeds, step, epoch, q10, q50, q90 (10th, 50th and 90th percentile of the loss over the seeds; empty = above every loss, a diverged seed)",
    pngTitle: "The loss and learning-rate charts as they are on screen, as one picture",
    noData: "Nothing to export yet: the run has no steps. Press Play or pin a run first.",
    saved: "Saved {file}.",
    pngWorking: "Drawing the PNG…",
    pngFailed: "The PNG could not be made: {reason}",
    imageTitle: "Learning-rate decay playground",
    lossHeading: "Training loss",
    lrHeading: "Learning rate and update size",
    codeHeading: "Code for your training script",
    codeHint: "The current optimizer and decay policy as a runnable snippet. Comments say where a library differs from the playground.",
    codeLibraries: "Library",
    codeLabel: "{library} code",
    copy: "Copy code",
    copied: "Copied",
    copyFailed: "Copy failed: select the text and copy it",
    codeFailed: "No snippet for these settings: {reason}",
  },
  zh: {
    dataHeading: "数据和图表",
    dataHint: "每个文件都包含本次运行和所有对照运行。运行数：{runs}；行数：{rows}。",
    csv: "下载 CSV",
    json: "下载 JSON",
    png: "下载 PNG",
    csvTitle:
      "每个已保存的步一行，列为 run、label、step、epoch、lr、lrT、batchLoss、loss、gradNorm、updateNorm、lossAtY。batchLoss 是该步小批量在更新之前的损失；噪声二次模型和二维曲面没有样本，因而没有小批量损失，这一列为空。lossAtY 是无调度 AdamW 在其计算梯度的点上的损失（它的 loss 列是它报告的平均点上的损失）；其他优化器这一列为空",
    jsonTitle: "设置、链接以及每个运行的序列、事件和种子区间（问题没有小批量损失时 batchLoss 为 null）",
    bandsCsv: "下载区间 CSV",
    bandsCsvTitle:
      "每个运行的种子区间，每个采样步一行：run、label、seeds、step、epoch、q10、q50、q90（各种子损失的第 10、50、90 百分位；空 = 高于任何损失，即有种子发散）",
    pngTitle: "把屏幕上的损失图和学习率图合成一张图片",
    noData: "还没有可导出的数据：本次运行还没有任何步。请先点击播放或设一个对照运行。",
    saved: "已保存 {file}。",
    pngWorking: "正在生成 PNG…",
    pngFailed: "无法生成 PNG：{reason}",
    imageTitle: "学习率衰减演练场",
    lossHeading: "训练损失",
    lrHeading: "学习率与更新幅度",
    codeHeading: "用于训练脚本的代码",
    codeHint: "当前的优化器和衰减策略，写成可直接运行的代码片段。注释会说明库与演练场的不同之处。",
    codeLibraries: "库",
    codeLabel: "{library} 代码",
    copy: "复制代码",
    copied: "已复制",
    copyFailed: "复制失败：请选中文本后手动复制",
    codeFailed: "这些设置无法生成代码：{reason}",
  },
});

type Key = keyof (typeof messages)["en"];

function reasonOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The export input as of now (the live run keeps growing; read it at click time), labelled as the charts label it. */
function currentInput() {
  const s = usePlayground.getState();
  return exportInputFromStore(s, window.location.search, {
    current: translator(chartRunsMessages, s.lang)("thisRun"),
    pinned: (p) => pinnedLabel(p, s.lang),
  }, useBands.getState());
}

function DataExport({ t }: { t: Translate<Key> }) {
  // Re-render as the run grows (at most 15 times a second) so the row count and buttons follow.
  usePlayground((s) => s.version);
  const pinned = usePlayground((s) => s.pinned);
  const config = usePlayground((s) => s.config);
  const current = usePlayground((s) => s.current);
  const lang = usePlayground((s) => s.lang);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const bands = useBands();
  const bandsReady = bands.live?.status === "done" || Object.values(bands.pinned).some((e) => e.status === "done");

  const pinRows = pinned.map((p) => p.columns.step.length);
  const rows = current.series.length + pinRows.reduce((a, b) => a + b, 0);
  const runs = (current.series.length > 0 ? 1 : 0) + pinRows.filter((n) => n > 0).length;
  const ready = rows > 0;

  const save = (kind: "csv" | "json" | "bands") => {
    const input = currentInput();
    if (kind === "bands" ? !hasBands(input.runs) : !hasData(input.runs)) return;
    const text = kind === "csv" ? toCsv(input.runs) : kind === "bands" ? bandsToCsv(input.runs) : toJson(input);
    const type = kind === "json" ? "application/json" : "text/csv;charset=utf-8";
    const file = kind === "bands" ? exportFileName(input.config, "csv").replace(/\.csv$/, "-bands.csv") : exportFileName(input.config, kind);
    downloadBlob(document, new Blob([text], { type }), file);
    setStatus({ text: t("saved", { file }), error: false });
  };

  const savePng = async () => {
    setBusy(true);
    setStatus({ text: t("pngWorking"), error: false });
    try {
      const blob = await chartsToPng(document, {
        title: t("imageTitle"),
        subtitle: describeRun(config, lang),
        charts: [
          { testId: "loss-chart", heading: t("lossHeading") },
          { testId: "lr-chart", heading: t("lrHeading") },
        ],
      });
      const file = exportFileName(config, "png");
      downloadBlob(document, blob, file);
      setStatus({ text: t("saved", { file }), error: false });
    } catch (e) {
      setStatus({ text: t("pngFailed", { reason: reasonOf(e) }), error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="export-section" aria-labelledby="export-data-title">
      <h3 id="export-data-title" className="export-heading">
        {t("dataHeading")}
      </h3>
      <p className="export-hint" id="export-data-hint" data-testid="export-data-hint">
        {ready ? t("dataHint", { rows, runs }) : t("noData")}
      </p>
      <div className="export-buttons">
        <button type="button" className="btn" data-testid="export-csv" disabled={!ready} aria-describedby="export-data-hint" title={t("csvTitle")} onClick={() => save("csv")}>
          {t("csv")}
        </button>
        <button type="button" className="btn" data-testid="export-json" disabled={!ready} aria-describedby="export-data-hint" title={t("jsonTitle")} onClick={() => save("json")}>
          {t("json")}
        </button>
        {bandsReady && (
          <button type="button" className="btn" data-testid="export-bands-csv" title={t("bandsCsvTitle")} onClick={() => save("bands")}>
            {t("bandsCsv")}
          </button>
        )}
        <button
          type="button"
          className="btn"
          data-testid="export-png"
          disabled={!ready || busy}
          aria-describedby="export-data-hint"
          title={t("pngTitle")}
          onClick={() => void savePng()}
        >
          {t("png")}
        </button>
      </div>
      <p className={status?.error === true ? "export-status export-status-error" : "export-status"} role="status" data-testid="export-status">
        {status?.text ?? ""}
      </p>
    </section>
  );
}

function CodeExport({ t }: { t: Translate<Key> }) {
  const config = usePlayground((s) => s.config);
  const [target, setTarget] = useState<CodeTarget>("pytorch");
  const [copyState, setCopyState] = useState<"idle" | "copied" | "failed">("idle");
  const timer = useRef<number | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );

  const snippet = useMemo((): { code: string } | { error: string } => {
    try {
      return { code: exportCode(config, target, stepsPerEpoch(config)) };
    } catch (e) {
      return { error: reasonOf(e) };
    }
  }, [config, target]);

  const copy = (code: string) => {
    void copyText(code).then((ok) => {
      setCopyState(ok ? "copied" : "failed");
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => setCopyState("idle"), 2000);
    });
  };

  const library = TARGET_NAMES[target];
  return (
    <section className="export-section" aria-labelledby="export-code-title">
      <h3 id="export-code-title" className="export-heading">
        {t("codeHeading")}
      </h3>
      <p className="export-hint">{t("codeHint")}</p>
      <div className="export-code-bar">
        <div role="tablist" aria-label={t("codeLibraries")} className="export-code-tabs">
          {CODE_TARGETS.map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`code-tab-${id}`}
              aria-selected={target === id}
              aria-controls="code-panel"
              tabIndex={target === id ? 0 : -1}
              data-testid={`code-tab-${id}`}
              className="export-code-tab"
              onClick={() => setTarget(id)}
              onKeyDown={(e) => {
                // Arrow keys move between tabs, as in any tab list.
                const i = CODE_TARGETS.indexOf(id);
                const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
                if (step === 0) return;
                e.preventDefault();
                const next = CODE_TARGETS[(i + step + CODE_TARGETS.length) % CODE_TARGETS.length];
                setTarget(next);
                document.getElementById(`code-tab-${next}`)?.focus();
              }}
            >
              {TARGET_NAMES[id]}
            </button>
          ))}
        </div>
        {"code" in snippet && (
          <button type="button" className="btn btn-small" data-testid="code-copy" onClick={() => copy(snippet.code)} aria-live="polite">
            {copyState === "copied" ? t("copied") : copyState === "failed" ? t("copyFailed") : t("copy")}
          </button>
        )}
      </div>
      <div role="tabpanel" id="code-panel" aria-labelledby={`code-tab-${target}`}>
        {"code" in snippet ? (
          <pre className="export-code" tabIndex={0} aria-label={t("codeLabel", { library })} data-testid="code-snippet" data-target={target}>
            <code>{snippet.code}</code>
          </pre>
        ) : (
          <p className="export-status export-status-error" role="alert">
            {t("codeFailed", { reason: snippet.error })}
          </p>
        )}
      </div>
    </section>
  );
}

export default function ExportPanel() {
  const t = useT(messages);
  return (
    <div className="export-panel" data-testid="export-panel">
      <DataExport t={t} />
      <CodeExport t={t} />
      <EmbedSnippet />
    </div>
  );
}
