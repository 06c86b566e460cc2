export { DecayEditor } from "./DecayEditor.tsx";
export { OptimizerControls } from "./OptimizerControls.tsx";
export { ProblemControls } from "./ProblemControls.tsx";
