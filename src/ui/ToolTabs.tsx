// The tools below the charts: loss surface, learning-rate sweep, range test, export. Each panel is
// its own lazily loaded chunk, so a first visit downloads none of them (bundle budget, issue #8).
// Which tool is open is page state, not part of the link.

import { Suspense, lazy, useState, type ComponentType, type LazyExoticComponent } from "react";
import { defineMessages, type Translate } from "../state/i18n.ts";
import { useT } from "../state/use-t.ts";
import { useSweep } from "../state/sweep.ts";

export const toolTabsMessages = defineMessages({
  en: {
    heading: "Tools",
    surface: "Loss surface",
    sweep: "Sweep",
    rangeTest: "LR range test",
    export: "Export",
    loading: "Loading…",
  },
  zh: {
    heading: "工具",
    surface: "损失曲面",
    sweep: "参数扫描",
    rangeTest: "学习率范围测试",
    export: "导出",
    loading: "加载中…",
  },
});

export type ToolId = "surface" | "sweep" | "rangeTest" | "export";

const PANELS: Record<ToolId, LazyExoticComponent<ComponentType>> = {
  surface: lazy(() => import("./tools/SurfacePanel.tsx")),
  sweep: lazy(() => import("./tools/SweepPanel.tsx")),
  rangeTest: lazy(() => import("./tools/RangeTestPanel.tsx")),
  export: lazy(() => import("./tools/ExportPanel.tsx")),
};

const TOOL_IDS: readonly ToolId[] = ["surface", "sweep", "rangeTest", "export"];

function label(t: Translate<keyof (typeof toolTabsMessages)["en"]>, id: ToolId): string {
  return t(id);
}

export function ToolTabs() {
  const t = useT(toolTabsMessages);
  // A link that carries a sweep opens the Sweep tool (state/sweep.ts `fromLink`).
  const [open, setOpen] = useState<ToolId | null>(() => (useSweep.getState().fromLink ? "sweep" : null));
  const Panel = open === null ? null : PANELS[open];
  return (
    <section className="tools" aria-labelledby="tools-title">
      <h2 id="tools-title" className="tools-title">
        {t("heading")}
      </h2>
      <div role="tablist" aria-labelledby="tools-title" className="tools-tabs">
        {TOOL_IDS.map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tool-tab-${id}`}
            aria-selected={open === id}
            aria-controls={open === id ? `tool-panel-${id}` : undefined}
            data-testid={`tool-tab-${id}`}
            className="tools-tab"
            onClick={() => setOpen(open === id ? null : id)}
          >
            {label(t, id)}
          </button>
        ))}
      </div>
      {Panel !== null && open !== null && (
        <div role="tabpanel" id={`tool-panel-${open}`} aria-labelledby={`tool-tab-${open}`} className="tools-panel" data-testid={`tool-panel-${open}`}>
          <Suspense fallback={<p className="tools-loading">{t("loading")}</p>}>
            <Panel />
          </Suspense>
        </div>
      )}
    </section>
  );
}
