// The Seeds control (issue #14), beside the run controls: run the same settings on N seeds and draw
// each run's median and 10–90% band. 1 is today's single run (bands off); turning bands on picks
// DEFAULT_BAND_SEEDS; up to 64. The value lives in the chart view (kept in the link as `seeds`).

import { DEFAULT_BAND_SEEDS, SEEDS_FIELD } from "../engine/ensemble.ts";
import { defineMessages } from "../state/i18n.ts";
import { usePlayground } from "../state/store.ts";
import { useT } from "../state/use-t.ts";
import { NumberInput } from "./controls/NumberInput.tsx";

export const seedsControlMessages = defineMessages({
  en: {
    toggle: "Seed bands",
    toggleTitle: "Run these settings on several seeds too and shade where most of them go: is the rattle luck, or a law?",
    seeds: "Seeds",
    hintOff: "1 = this run only. Turn bands on to run the same settings on {n} seeds.",
    hintOn: "The same settings on seeds {from}–{to} (data, start and noise all change), computed in the background. Shaded: 10–90% of the seeds at each step; thin line: their median.",
  },
  zh: {
    toggle: "种子区间",
    toggleTitle: "用多个随机种子运行同一设置，并把大多数种子所在的范围涂成阴影：震荡是运气，还是规律？",
    seeds: "种子数",
    hintOff: "1 = 只看本次运行。打开种子区间，同一设置会在 {n} 个种子上运行。",
    hintOn: "同一设置在种子 {from}–{to} 上运行（数据、初始点和噪声都随种子变化），在后台计算。阴影：每一步 10%–90% 的种子所在范围；细线：它们的中位数。",
  },
});

const PICKS = [1, 8, 16, 32, 64].map((value) => ({ value }));

export function SeedsControl() {
  const options = usePlayground((s) => s.chartOptions);
  const seed = usePlayground((s) => s.config.seed);
  const setChartOptions = usePlayground((s) => s.setChartOptions);
  const t = useT(seedsControlMessages);
  const on = options.seeds > 1;
  const set = (seeds: number): void => setChartOptions({ ...usePlayground.getState().chartOptions, seeds });
  const last = (seed + options.seeds - 1) % (2 ** 32);
  return (
    <div className="seeds-control" data-testid="seeds-control">
      <label className="run-check" title={t("toggleTitle")}>
        <input type="checkbox" data-testid="seeds-on" checked={on} onChange={(e) => set(e.target.checked ? DEFAULT_BAND_SEEDS : 1)} />
        {t("toggle")}
      </label>
      <NumberInput
        id="seeds"
        label={t("seeds")}
        name="seeds"
        field={SEEDS_FIELD}
        value={options.seeds}
        mode="log"
        quickPicks={PICKS}
        onCommit={set}
        hint={on ? t("hintOn", { from: seed, to: last }) : t("hintOff", { n: DEFAULT_BAND_SEEDS })}
      />
    </div>
  );
}
