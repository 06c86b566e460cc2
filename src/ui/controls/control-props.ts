import type { RunConfig } from "../../engine/run-config.ts";

/** What every config panel takes: the run's config, a setter, and fields to hide or lock by id. */
export interface ControlProps {
  config: RunConfig;
  onChange: (next: RunConfig) => void;
  /** Field ids to leave out, e.g. "beta1", "epsilon", "decay-kind". */
  hidden?: ReadonlySet<string>;
  /** Field ids shown but not editable (a lesson step fixes them). */
  locked?: ReadonlySet<string>;
}

export interface FieldAccess {
  shown: (id: string) => boolean;
  locked: (id: string) => boolean;
}

export function fieldAccess({ hidden, locked }: Pick<ControlProps, "hidden" | "locked">): FieldAccess {
  return {
    shown: (id) => hidden === undefined || !hidden.has(id),
    locked: (id) => locked !== undefined && locked.has(id),
  };
}
