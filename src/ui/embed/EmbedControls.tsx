// The controls an embed's link lists (`controls=lr,decay-kind,gamma`), as the full page's own
// panels with every other control hidden: the same validation, the same behaviour. A chunk of its
// own (Embed.tsx loads it lazily), so an embed without controls downloads none of the panels.

import { CONTROL_IDS } from "../../state/control-ids.ts";
import { usePlayground } from "../../state/store.ts";
import { DecayEditor } from "../controls/DecayEditor.tsx";
import { OptimizerControls } from "../controls/OptimizerControls.tsx";
import { ProblemControls } from "../controls/ProblemControls.tsx";

const OPTIMIZER_IDS = ["optimizer", "lr", "beta1", "beta2", "epsilon", "epsilonForm", "weightDecay", "momentum", "nesterov"];
const PROBLEM_IDS = ["problem", "batchSize", "epochs", "seed"];

export default function EmbedControls({ ids }: { ids: readonly string[] }) {
  const config = usePlayground((s) => s.config);
  const setConfig = usePlayground((s) => s.setConfig);
  const teacherHidden = usePlayground((s) => s.hidden);
  const locked = usePlayground((s) => s.locked);
  // Everything not listed is hidden (and what a teacher's `hide=` hides stays hidden).
  const shown = ids.filter((id) => !teacherHidden.has(id));
  const hidden = new Set(CONTROL_IDS.filter((id) => !shown.includes(id)));
  const any = (group: readonly string[]) => shown.some((id) => group.includes(id));
  const decay = shown.some((id) => !OPTIMIZER_IDS.includes(id) && !PROBLEM_IDS.includes(id));
  return (
    <div className="embed-controls" data-testid="embed-controls">
      {any(OPTIMIZER_IDS) && <OptimizerControls config={config} onChange={setConfig} hidden={hidden} locked={locked} />}
      {decay && <DecayEditor config={config} onChange={setConfig} hidden={hidden} locked={locked} previewHeight={120} />}
      {any(PROBLEM_IDS) && <ProblemControls config={config} onChange={setConfig} hidden={hidden} locked={locked} />}
    </div>
  );
}
