// The settings column's controls as one lazily loaded chunk: they mount once the page is first
// idle (App.tsx), so their code is not needed for, nor downloaded before, the first curve point.

import type { ControlProps } from "./control-props.ts";
import { DecayEditor } from "./DecayEditor.tsx";
import { OptimizerControls } from "./OptimizerControls.tsx";
import { ProblemControls } from "./ProblemControls.tsx";

export default function SettingsControls({ config, onChange, hidden, locked }: ControlProps) {
  return (
    <>
      <OptimizerControls config={config} onChange={onChange} hidden={hidden} locked={locked} />
      <DecayEditor config={config} onChange={onChange} hidden={hidden} locked={locked} />
      <ProblemControls config={config} onChange={onChange} hidden={hidden} locked={locked} />
    </>
  );
}
