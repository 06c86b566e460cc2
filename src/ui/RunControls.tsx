// Run controls: play/pause, exact stepping, reset, speed, "change live", pinning, and the status
// line. Every number shown comes from the store's snapshot, never restated by hand.

import { useId } from "react";
import { formatShort } from "../state/describe-diff.ts";
import { MAX_PINNED, SPEEDS, isActive, usePlayground, type RunSnapshot, type RunStatus } from "../state/store.ts";
import { Notices } from "./Notices.tsx";
import { PinnedRuns } from "./PinnedRuns.tsx";

const STATUS_WORDS: { [K in RunStatus]: string } = {
  running: "Running",
  paused: "Paused",
  done: "Finished",
  diverged: "Diverged",
  error: "Stopped",
};

const count = (n: number): string => n.toLocaleString("en-US");

export function formatSpeed(sps: number | null): string {
  if (sps === null) return "max";
  return `${count(sps)} step${sps === 1 ? "" : "s"}/s`;
}

function speedIndex(sps: number | null): number {
  const i = SPEEDS.indexOf(sps);
  return i >= 0 ? i : SPEEDS.length - 1;
}

/** ["Step 1,234 of 5,000", "epoch 6.17", "lr 0.01", "loss 0.7342"], or why there is nothing yet. */
export function statusParts(s: RunSnapshot): string[] {
  if (s.totalSteps === 0) return [s.status === "error" ? "The run stopped before it began." : "Starting…"];
  const epoch = s.stepsPerEpoch > 0 ? (s.step / s.stepsPerEpoch).toFixed(2) : "0";
  const parts = [`Step ${count(s.step)} of ${count(s.totalSteps)}`, `epoch ${epoch}`];
  if (s.lr !== null) parts.push(`lr ${formatShort(s.lr)}`);
  if (s.loss !== null) parts.push(`loss ${s.loss.toFixed(4)}`);
  if (s.diverged !== null) parts.push(`diverged at step ${count(s.diverged.step)}`);
  return parts;
}

export function RunControls() {
  const snapshot = usePlayground((s) => s.snapshot);
  const playing = usePlayground((s) => s.playing);
  const stepsPerSecond = usePlayground((s) => s.stepsPerSecond);
  const liveMode = usePlayground((s) => s.liveMode);
  const pinnedCount = usePlayground((s) => s.pinned.length);
  const workerError = usePlayground((s) => s.workerError);
  const actions = usePlayground.getState();
  const uid = useId();
  const speedId = `${uid}-speed`;
  const liveHintId = `${uid}-live-hint`;

  const active = isActive(snapshot.status);
  const canStep = active && snapshot.stepsPerEpoch > 0;
  const showPause = playing && active;
  const playLabel = !active ? "Run again" : playing ? "Pause" : "Play";
  const pinFull = pinnedCount >= MAX_PINNED;

  return (
    <div className="run-controls" data-testid="run-controls">
      <div className="run-row">
        <div className="run-buttons" role="group" aria-label="Run">
          <button type="button" className="btn btn-primary btn-play" data-testid="play" onClick={() => actions.toggle()}>
            <span aria-hidden="true" className="btn-icon">
              {showPause ? "❚❚" : "▶"}
            </span>
            {playLabel}
          </button>
          <button type="button" className="btn" data-testid="step" disabled={!canStep} onClick={() => actions.stepOnce()} title="Advance one step and pause">
            Step
          </button>
          <button
            type="button"
            className="btn"
            data-testid="step-epoch"
            disabled={!canStep}
            onClick={() => actions.stepEpoch()}
            title={`Advance one epoch (${count(snapshot.stepsPerEpoch)} steps) and pause`}
          >
            Epoch
          </button>
          <button type="button" className="btn" data-testid="reset" onClick={() => actions.reset()} title="Start this configuration over from step 0">
            Reset
          </button>
        </div>

        <div className="run-speed">
          <label htmlFor={speedId}>Speed</label>
          <input
            id={speedId}
            data-testid="speed"
            type="range"
            min={0}
            max={SPEEDS.length - 1}
            step={1}
            value={speedIndex(stepsPerSecond)}
            aria-valuetext={formatSpeed(stepsPerSecond)}
            onChange={(e) => actions.setSpeed(SPEEDS[Number(e.target.value)] ?? null)}
          />
          <output htmlFor={speedId} className="run-speed-value">
            {formatSpeed(stepsPerSecond)}
          </output>
        </div>
      </div>

      <p className={`run-status status-${snapshot.status}`} data-testid="run-status" data-step={snapshot.step} data-status={snapshot.status}>
        <span className="run-badge">{STATUS_WORDS[snapshot.status]}</span>
        {statusParts(snapshot).map((part, i) => (
          <span key={i} className="run-status-part">
            {part}
          </span>
        ))}
      </p>

      <div className="run-row run-row-compare">
        <div className="run-live">
          <label className="run-check">
            <input type="checkbox" data-testid="live-mode" checked={liveMode} aria-describedby={liveHintId} onChange={(e) => actions.setLiveMode(e.target.checked)} />
            Change live
          </label>
          <span id={liveHintId} className="run-hint">
            {liveMode ? "New learning rates apply from the current step, as a manual decay." : "Changing a setting restarts the run."}
          </span>
        </div>
        <button
          type="button"
          className="btn"
          data-testid="pin-run"
          disabled={snapshot.step === 0 || pinFull}
          onClick={() => actions.pin()}
          title={pinFull ? `At most ${MAX_PINNED} pinned runs` : "Keep this run as a dashed ghost line to compare against"}
        >
          Pin run
        </button>
        <PinnedRuns />
      </div>

      {workerError !== null && (
        <div role="alert" className="notice notice-error" data-testid="worker-error">
          <span>{workerError} The charts keep what was computed so far.</span>
          <button type="button" className="btn btn-small" onClick={() => actions.play()}>
            Restart run
          </button>
        </div>
      )}
      <Notices />
    </div>
  );
}
