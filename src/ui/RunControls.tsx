// Run controls: play/pause, exact stepping, reset, speed, "change live", pinning, and the status
// line. Every number shown comes from the store's snapshot, never restated by hand.

import { useId } from "react";
import { formatShort } from "../state/describe-diff.ts";
import { defineMessages, translator, type Lang, type Translate } from "../state/i18n.ts";
import { MAX_PINS, SPEEDS, isActive, usePlayground, type RunSnapshot, type RunStatus } from "../state/store.ts";
import { useT } from "../state/use-t.ts";
import { Notices } from "./Notices.tsx";
import { PinnedRuns } from "./PinnedRuns.tsx";

export const runControlsMessages = defineMessages({
  en: {
    "status.running": "Running",
    "status.paused": "Paused",
    "status.done": "Finished",
    "status.diverged": "Diverged",
    "status.error": "Stopped",
    speedMax: "max",
    speedOne: "1 step/s",
    speed: "{n} steps/s",
    notStarted: "The run stopped before it began.",
    starting: "Starting…",
    stepOf: "Step {step} of {total}",
    epoch: "epoch {epoch}",
    lr: "lr {lr}",
    loss: "loss {loss}",
    divergedAt: "diverged at step {step}",
    runGroup: "Run",
    play: "Play",
    pause: "Pause",
    runAgain: "Run again",
    step: "Step",
    stepTitle: "Advance one step and pause",
    epochButton: "Epoch",
    epochTitle: "Advance one epoch ({n} steps) and pause",
    reset: "Reset",
    resetTitle: "Start this configuration over from step 0",
    speedLabel: "Speed",
    live: "Change live",
    liveOn: "New learning rates apply from the current step, as a manual decay.",
    liveOff: "Changing a setting restarts the run.",
    pin: "Pin run",
    pinFull: "At most {n} pinned runs",
    pinTitle: "Keep this run as a dashed line to compare against",
    workerErrorTail: "The charts keep what was computed so far.",
    restart: "Restart run",
  },
  zh: {
    "status.running": "运行中",
    "status.paused": "已暂停",
    "status.done": "已完成",
    "status.diverged": "已发散",
    "status.error": "已停止",
    speedMax: "最快",
    speedOne: "1 步/秒",
    speed: "{n} 步/秒",
    notStarted: "运行在开始前就停止了。",
    starting: "正在启动…",
    stepOf: "第 {step} / {total} 步",
    epoch: "第 {epoch} 轮",
    lr: "lr {lr}",
    loss: "损失 {loss}",
    divergedAt: "在第 {step} 步发散",
    runGroup: "运行",
    play: "播放",
    pause: "暂停",
    runAgain: "再运行一次",
    step: "单步",
    stepTitle: "前进一步并暂停",
    epochButton: "一轮",
    epochTitle: "前进一轮（{n} 步）并暂停",
    reset: "重置",
    resetTitle: "从第 0 步重新开始当前配置",
    speedLabel: "速度",
    live: "实时修改",
    liveOn: "新的学习率从当前步开始生效，相当于手动衰减。",
    liveOff: "修改任何设置都会重新开始运行。",
    pin: "设为对照",
    pinFull: "最多 {n} 个对照运行",
    pinTitle: "把本次运行保留为虚线，用来对比",
    workerErrorTail: "图表保留了已经算出的部分。",
    restart: "重新开始运行",
  },
});

// Step counts with thousands separators ("1,234"), by hand: the first `Intl.NumberFormat` of a
// page loads the locale data, 30-60 ms of the cold start's critical path in a trace (issue #16).
const count = (n: number): string => {
  const digits = String(Math.trunc(Math.abs(n)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return n < 0 ? `-${grouped}` : grouped;
};

export function formatSpeed(sps: number | null, lang: Lang = "en"): string {
  const t = translator(runControlsMessages, lang);
  if (sps === null) return t("speedMax");
  return sps === 1 ? t("speedOne") : t("speed", { n: count(sps) });
}

function speedIndex(sps: number | null): number {
  const i = SPEEDS.indexOf(sps);
  return i >= 0 ? i : SPEEDS.length - 1;
}

/** ["Step 1,234 of 5,000", "epoch 6.17", "lr 0.01", "loss 0.7342"], or why there is nothing yet. */
export function statusParts(s: RunSnapshot, lang: Lang = "en"): string[] {
  const t = translator(runControlsMessages, lang);
  if (s.totalSteps === 0) return [s.status === "error" ? t("notStarted") : t("starting")];
  const epoch = s.stepsPerEpoch > 0 ? (s.step / s.stepsPerEpoch).toFixed(2) : "0";
  const parts = [t("stepOf", { step: count(s.step), total: count(s.totalSteps) }), t("epoch", { epoch })];
  if (s.lr !== null) parts.push(t("lr", { lr: formatShort(s.lr) }));
  if (s.loss !== null) parts.push(t("loss", { loss: s.loss.toFixed(4) }));
  if (s.diverged !== null) parts.push(t("divergedAt", { step: count(s.diverged.step) }));
  return parts;
}

const statusWord = (t: Translate<keyof (typeof runControlsMessages)["en"]>, status: RunStatus): string => t(`status.${status}`);

export function RunControls() {
  const snapshot = usePlayground((s) => s.snapshot);
  const playing = usePlayground((s) => s.playing);
  const stepsPerSecond = usePlayground((s) => s.stepsPerSecond);
  const liveMode = usePlayground((s) => s.liveMode);
  const pinnedCount = usePlayground((s) => s.pinned.length);
  const workerError = usePlayground((s) => s.workerError);
  const actions = usePlayground.getState();
  const lang = usePlayground((s) => s.lang);
  const t = useT(runControlsMessages);
  const uid = useId();
  const speedId = `${uid}-speed`;
  const liveHintId = `${uid}-live-hint`;

  const active = isActive(snapshot.status);
  const canStep = active && snapshot.stepsPerEpoch > 0;
  const showPause = playing && active;
  const playLabel = !active ? t("runAgain") : playing ? t("pause") : t("play");
  const pinFull = pinnedCount >= MAX_PINS;

  return (
    <div className="run-controls" data-testid="run-controls">
      <div className="run-row">
        <div className="run-buttons" role="group" aria-label={t("runGroup")}>
          <button type="button" className="btn btn-primary btn-play" data-testid="play" onClick={() => actions.toggle()}>
            <span aria-hidden="true" className="btn-icon">
              {showPause ? "❚❚" : "▶"}
            </span>
            {playLabel}
          </button>
          <button type="button" className="btn" data-testid="step" disabled={!canStep} onClick={() => actions.stepOnce()} title={t("stepTitle")}>
            {t("step")}
          </button>
          <button
            type="button"
            className="btn"
            data-testid="step-epoch"
            disabled={!canStep}
            onClick={() => actions.stepEpoch()}
            title={t("epochTitle", { n: count(snapshot.stepsPerEpoch) })}
          >
            {t("epochButton")}
          </button>
          <button type="button" className="btn" data-testid="reset" onClick={() => actions.reset()} title={t("resetTitle")}>
            {t("reset")}
          </button>
        </div>

        <div className="run-speed">
          <label htmlFor={speedId}>{t("speedLabel")}</label>
          <input
            id={speedId}
            data-testid="speed"
            type="range"
            min={0}
            max={SPEEDS.length - 1}
            step={1}
            value={speedIndex(stepsPerSecond)}
            aria-valuetext={formatSpeed(stepsPerSecond, lang)}
            onChange={(e) => actions.setSpeed(SPEEDS[Number(e.target.value)] ?? null)}
          />
          <output htmlFor={speedId} className="run-speed-value">
            {formatSpeed(stepsPerSecond, lang)}
          </output>
        </div>
      </div>

      <p className={`run-status status-${snapshot.status}`} data-testid="run-status" data-step={snapshot.step} data-status={snapshot.status}>
        <span className="run-badge">{statusWord(t, snapshot.status)}</span>
        {statusParts(snapshot, lang).map((part, i) => (
          <span key={i} className="run-status-part">
            {part}
          </span>
        ))}
      </p>

      <div className="run-row run-row-compare">
        <div className="run-live">
          <label className="run-check">
            <input type="checkbox" data-testid="live-mode" checked={liveMode} aria-describedby={liveHintId} onChange={(e) => actions.setLiveMode(e.target.checked)} />
            {t("live")}
          </label>
          <span id={liveHintId} className="run-hint">
            {liveMode ? t("liveOn") : t("liveOff")}
          </span>
        </div>
        <button
          type="button"
          className="btn"
          data-testid="pin-run"
          disabled={snapshot.step === 0 || pinFull}
          onClick={() => actions.pin()}
          title={pinFull ? t("pinFull", { n: MAX_PINS }) : t("pinTitle")}
        >
          {t("pin")}
        </button>
        <PinnedRuns />
      </div>

      {workerError !== null && (
        <div role="alert" className="notice notice-error" data-testid="worker-error">
          <span>
            {workerError} {t("workerErrorTail")}
          </span>
          <button type="button" className="btn btn-small" onClick={() => actions.play()}>
            {t("restart")}
          </button>
        </div>
      )}
      <Notices />
    </div>
  );
}
