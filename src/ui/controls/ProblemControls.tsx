import { DEFAULT_CUSTOM, PROBLEM_IDS } from "../../engine/problems/index.ts";
import type { ProblemId } from "../../engine/problems/problem.ts";
import { RUN_FIELDS } from "../../engine/run-config.ts";
import { fieldAccess, type ControlProps } from "./control-props.ts";
import { NumberInput } from "./NumberInput.tsx";
import { CustomSurfaceControls, SurfaceProblemNotice, showPresetView } from "./CustomSurfaceControls.tsx";
import { problemDescription, problemInfo, problemLabel, stepsPerEpoch } from "./problem-info.ts";
import { defineMessages } from "../../state/i18n.ts";
import { usePlayground } from "../../state/store.ts";
import { useT } from "../../state/use-t.ts";
import "./controls.css";

export const problemControlsMessages = defineMessages({
  en: {
    legend: "Problem and run",
    problem: "Problem",
    batchSize: "Batch size",
    batchHintOne: "1 step per epoch over {n} examples",
    batchHint: "{steps} steps per epoch over {n} examples",
    epochs: "Run length (epochs)",
    seed: "Seed",
    newSeed: "New seed",
  },
  zh: {
    legend: "问题与运行",
    problem: "问题",
    batchSize: "批大小",
    batchHintOne: "每轮 1 步，训练集共 {n} 个样本",
    batchHint: "每轮 {steps} 步，训练集共 {n} 个样本",
    epochs: "运行长度（轮数）",
    seed: "随机种子",
    newSeed: "换个种子",
  },
});

const isProblem = (s: string): s is ProblemId => (PROBLEM_IDS as readonly string[]).includes(s);

const BATCH_PICKS = [{ value: 8 }, { value: 32 }, { value: 128 }, { value: 512 }] as const;
const EPOCH_SPAN = { min: 1, max: 100 } as const;

/** A fresh seed: small enough to read out in class. */
function newSeed(current: number): number {
  for (;;) {
    const seed = 1 + Math.floor(Math.random() * 99_999);
    if (seed !== current) return seed;
  }
}

/** The problem (with its one-sentence description), batch size, seed and run length. */
export function ProblemControls(props: ControlProps) {
  const { config, onChange } = props;
  const access = fieldAccess(props);
  const info = problemInfo(config.problem);
  const spe = stepsPerEpoch(config);
  const t = useT(problemControlsMessages);
  const lang = usePlayground((s) => s.lang);
  return (
    <fieldset className="ctl-group" data-testid="problem-controls">
      <legend>{t("legend")}</legend>
      {access.shown("problem") && (
        <div className="ctl-field">
          <label htmlFor="problem" className="ctl-label">
            {t("problem")}
          </label>
          <select
            id="problem"
            data-testid="problem"
            className="ctl-select"
            value={config.problem}
            disabled={access.locked("problem")}
            aria-describedby="problem-description"
            onChange={(e) => {
              const problem = e.target.value;
              if (!isProblem(problem)) return;
              onChange({ ...config, problem });
              // Custom opens on the default example's surface (unless it has one already): its view too.
              if (problem === "custom" && config.custom === undefined) showPresetView(DEFAULT_CUSTOM.id);
            }}
          >
            {PROBLEM_IDS.map((id) => (
              <option key={id} value={id}>
                {problemLabel(id, lang)}
              </option>
            ))}
          </select>
          <p id="problem-description" className="ctl-hint" data-testid="problem-description">
            {problemDescription(config.problem, lang)}
          </p>
        </div>
      )}
      {/* A form's Custom surface that failed and fell back to the default problem: said here,
          where the Custom form was. One that fell back to the surface before is said in that form. */}
      {config.problem !== "custom" && <SurfaceProblemNotice />}
      {access.shown("problem") && config.problem === "custom" && (
        <CustomSurfaceControls config={config} onChange={onChange} locked={access.locked("problem")} />
      )}
      <div className="ctl-fields-grid">
        {access.shown("batchSize") && (
          <NumberInput
            id="batchSize"
            label={t("batchSize")}
            field={RUN_FIELDS.batchSize}
            value={config.batchSize}
            mode="log"
            quickPicks={BATCH_PICKS}
            disabled={access.locked("batchSize")}
            onCommit={(batchSize) => onChange({ ...config, batchSize })}
            hint={spe === 1 ? t("batchHintOne", { n: info.nTrain }) : t("batchHint", { steps: spe, n: info.nTrain })}
          />
        )}
        {access.shown("epochs") && (
          <NumberInput
            id="epochs"
            label={t("epochs")}
            field={RUN_FIELDS.epochs}
            value={config.epochs}
            span={EPOCH_SPAN}
            disabled={access.locked("epochs")}
            onCommit={(epochs) => onChange({ ...config, epochs })}
          />
        )}
        {access.shown("seed") && (
          <div className="ctl-seed">
            <NumberInput
              id="seed"
              label={t("seed")}
              field={RUN_FIELDS.seed}
              value={config.seed}
              slider={false}
              disabled={access.locked("seed")}
              onCommit={(seed) => onChange({ ...config, seed })}
            />
            <button
              type="button"
              className="ctl-dice"
              data-testid="seed-new"
              disabled={access.locked("seed")}
              onClick={() => onChange({ ...config, seed: newSeed(config.seed) })}
            >
              <DiceIcon /> {t("newSeed")}
            </button>
          </div>
        )}
      </div>
    </fieldset>
  );
}

function DiceIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false" className="ctl-dice-icon">
      <rect x="1" y="1" width="14" height="14" rx="3" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <circle cx="5" cy="5" r="1.3" fill="currentColor" />
      <circle cx="8" cy="8" r="1.3" fill="currentColor" />
      <circle cx="11" cy="11" r="1.3" fill="currentColor" />
    </svg>
  );
}
