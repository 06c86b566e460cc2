import { describe, expect, it } from "vitest";
import { DIVERGENCE_REASONS, lossGrewReason } from "../engine/trainer.ts";
import { divergenceReasonIn } from "./divergence-text.ts";

describe("divergence reasons on the page", () => {
  const reasons = [...Object.values(DIVERGENCE_REASONS), lossGrewReason(1.234e7)];

  it("words every reason the engine gives in Chinese, with no English left", () => {
    for (const r of reasons) {
      const zh = divergenceReasonIn(r, "zh");
      expect(zh).not.toBe(r);
      expect(zh).not.toMatch(/\b(the|is|not|finite|loss|grew|beyond|start)\b/);
    }
    expect(divergenceReasonIn(lossGrewReason(1.234e7), "zh")).toBe("损失 1.23e+7 超过了起始值的 1e+6 倍");
  });

  it("keeps English as the engine wrote it, and an unknown wording as it came", () => {
    for (const r of reasons) expect(divergenceReasonIn(r, "en")).toBe(r);
    expect(divergenceReasonIn("something new", "zh")).toBe("something new");
  });
});
