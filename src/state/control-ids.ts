// The control ids a teacher's link may hide or lock (`hide=beta1,beta2&lock=epochs`): the ids the
// settings panels (src/ui/controls) ask `access.shown(id)` / `access.locked(id)` about. The panels
// live in ui, which state must not import, so the list is kept here; control-ids.test.ts reads the
// panels' source and fails when a panel asks about an id missing from it (or the list names one no
// panel asks about).

import { POLICY_FIELDS, POLICY_KINDS } from "../engine/config.ts";

/** Ids of whole controls, in the order the panels show them. */
export const PANEL_CONTROL_IDS = [
  "optimizer",
  "lr",
  "beta1",
  "beta2",
  "epsilon",
  "epsilonForm",
  "weightDecay",
  "momentum",
  "nesterov",
  "warmupSteps",
  "r",
  "weightLrPower",
  "decay-presets",
  "decay-kind",
  "decay-unit",
  "warmup",
  "decay-preview",
  "problem",
  "batchSize",
  "epochs",
  "seed",
] as const;

/** The decay policies' fields, by their schema names (PolicyFields asks about each by name). */
export const POLICY_FIELD_IDS: readonly string[] = [...new Set(POLICY_KINDS.flatMap((k) => Object.keys(POLICY_FIELDS[k])))];

/** Every id `hide=` and `lock=` accept. */
export const CONTROL_IDS: readonly string[] = [...PANEL_CONTROL_IDS, ...POLICY_FIELD_IDS.filter((id) => !(PANEL_CONTROL_IDS as readonly string[]).includes(id))];

const KNOWN: ReadonlySet<string> = new Set(CONTROL_IDS);

export function isControlId(id: string): boolean {
  return KNOWN.has(id);
}
