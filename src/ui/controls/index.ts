export { DecayEditor, type DecayEditorProps } from "./DecayEditor.tsx";
export { NumberInput, type NumberInputProps, type QuickPick } from "./NumberInput.tsx";
export { OptimizerControls, optimizerVariant, withVariant, type OptimizerVariant } from "./OptimizerControls.tsx";
export { ProblemControls, newSeed } from "./ProblemControls.tsx";
export { fieldAccess, type ControlProps } from "./control-props.ts";
export { problemDescription, problemLabel, problemInfo, stepsPerEpoch } from "./problem-info.ts";
