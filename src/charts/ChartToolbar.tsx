import { useId, type ReactNode } from "react";
import { MAX_SMOOTHING } from "../state/url-view.ts";
import type { ChartOptions } from "./types.ts";
import { translator, type Lang } from "../state/i18n.ts";
import { chartMessages } from "./chart-messages.ts";

interface Props {
  options: ChartOptions;
  onOptionsChange: (o: ChartOptions) => void;
  /** Extra controls at the end of the toolbar. */
  children?: ReactNode;
  lang?: Lang;
}

/** Smoothing, log axes and x unit for the loss chart; every input labelled and keyboard operable. */
export function ChartToolbar({ options, onOptionsChange, children, lang = "en" }: Props) {
  const t = translator(chartMessages, lang);
  const uid = useId();
  const set = (patch: Partial<ChartOptions>): void => onOptionsChange({ ...options, ...patch });
  const smoothingId = `${uid}-smoothing`;
  return (
    <div className="chart-toolbar" role="group" aria-label={t("lossOptions")}>
      <div className="chart-toolbar-item chart-smoothing">
        <label htmlFor={smoothingId}>{t("smoothing")}</label>
        <input
          id={smoothingId}
          data-testid="smoothing"
          type="range"
          min={0}
          max={0.99}
          step={0.01}
          value={Math.min(options.smoothing, 0.99)}
          aria-valuetext={options.smoothing.toFixed(2)}
          onChange={(e) => set({ smoothing: Math.min(Math.max(Number(e.target.value), 0), MAX_SMOOTHING) })}
        />
        <output htmlFor={smoothingId} className="chart-toolbar-value">
          {options.smoothing.toFixed(2)}
        </output>
      </div>
      <label className="chart-toolbar-item">
        <input type="checkbox" data-testid="logY" checked={options.logY} onChange={(e) => set({ logY: e.target.checked })} />
        {t("logY")}
      </label>
      <label className="chart-toolbar-item">
        <input type="checkbox" data-testid="logX" checked={options.logX} onChange={(e) => set({ logX: e.target.checked })} />
        {t("logX")}
      </label>
      <label className="chart-toolbar-item">
        {t("xAxis")}
        <select
          data-testid="xUnit"
          value={options.xUnit}
          onChange={(e) => set({ xUnit: e.target.value === "step" ? "step" : "epoch" })}
        >
          <option value="epoch">{t("epochs")}</option>
          <option value="step">{t("steps")}</option>
        </select>
      </label>
      {children}
    </div>
  );
}
