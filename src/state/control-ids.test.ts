import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONTROL_IDS, PANEL_CONTROL_IDS, POLICY_FIELD_IDS, isControlId } from "./control-ids.ts";

const CONTROLS = join(import.meta.dirname, "..", "ui", "controls");

/** Every literal id the settings panels ask `access.shown(...)` / `access.locked(...)` about. */
function askedIds(): Set<string> {
  const ids = new Set<string>();
  for (const file of readdirSync(CONTROLS).filter((f) => f.endsWith(".tsx"))) {
    const text = readFileSync(join(CONTROLS, file), "utf8");
    for (const m of text.matchAll(/access\.(?:shown|locked)\("([^"]+)"\)/g)) ids.add(m[1]);
  }
  return ids;
}

describe("control ids for hide= and lock=", () => {
  it("are exactly the ids the panels ask about, plus the policy fields", () => {
    const asked = askedIds();
    expect(asked.size).toBeGreaterThan(10);
    for (const id of asked) expect(isControlId(id), id).toBe(true);
    expect(new Set(PANEL_CONTROL_IDS)).toEqual(asked);
    // PolicyFields asks about each field of the kind on screen by its schema name.
    expect(readFileSync(join(CONTROLS, "PolicyFields.tsx"), "utf8")).toMatch(/access\.shown\(name\)/);
    for (const id of ["stepSize", "gamma", "milestones", "tMax", "patience", "eps"]) expect(POLICY_FIELD_IDS).toContain(id);
    expect(new Set(CONTROL_IDS).size).toBe(CONTROL_IDS.length);
    expect(isControlId("decay")).toBe(false);
  });
});
