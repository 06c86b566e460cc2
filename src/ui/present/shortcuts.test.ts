import { describe, expect, it } from "vitest";
import { shortcutFor, shortcutList } from "./shortcuts.ts";

describe("presentation shortcuts", () => {
  it("maps Space, →, R, digits, ? and Escape in presentation mode", () => {
    expect(shortcutFor({ key: " " }, true, 7)).toEqual({ type: "toggle" });
    expect(shortcutFor({ key: "ArrowRight" }, true, 7)).toEqual({ type: "epoch" });
    expect(shortcutFor({ key: "r" }, true, 7)).toEqual({ type: "replay" });
    expect(shortcutFor({ key: "R" }, true, 7)).toEqual({ type: "replay" });
    expect(shortcutFor({ key: "1" }, true, 7)).toEqual({ type: "lesson", index: 0 });
    expect(shortcutFor({ key: "7" }, true, 7)).toEqual({ type: "lesson", index: 6 });
    expect(shortcutFor({ key: "?" }, true, 7)).toEqual({ type: "help" });
    expect(shortcutFor({ key: "Escape" }, true, 7)).toEqual({ type: "close" });
  });

  it("follows the number of lessons instead of a fixed count", () => {
    expect(shortcutFor({ key: "6" }, true, 5)).toBeNull();
    expect(shortcutFor({ key: "6" }, true, 6)).toEqual({ type: "lesson", index: 5 });
    expect(shortcutFor({ key: "0" }, true, 9)).toBeNull();
    expect(shortcutList(6).find((s) => s.what === "lessons")?.keys).toBe("1–6");
    expect(shortcutList(7).find((s) => s.what === "lessons")?.keys).toBe("1–7");
  });

  it("P toggles presentation mode anywhere; the others only while presenting", () => {
    expect(shortcutFor({ key: "p" }, false, 7)).toEqual({ type: "togglePresent" });
    expect(shortcutFor({ key: "P" }, true, 7)).toEqual({ type: "togglePresent" });
    for (const key of [" ", "ArrowRight", "r", "1", "?"]) expect(shortcutFor({ key }, false, 7)).toBeNull();
  });

  it("never fires while typing in a box or choosing in a list, nor with a modifier held", () => {
    for (const targetTag of ["INPUT", "SELECT", "TEXTAREA"]) {
      for (const key of ["p", " ", "ArrowRight", "r", "1", "?"]) expect(shortcutFor({ key, targetTag }, true, 7)).toBeNull();
    }
    expect(shortcutFor({ key: "r", targetTag: "DIV", targetEditable: true }, true, 7)).toBeNull();
    expect(shortcutFor({ key: "r", ctrlKey: true }, true, 7)).toBeNull();
    expect(shortcutFor({ key: "p", metaKey: true }, true, 7)).toBeNull();
  });

  it("leaves Space to a focused button (it presses it), but not the other keys", () => {
    expect(shortcutFor({ key: " ", targetTag: "BUTTON" }, true, 7)).toBeNull();
    expect(shortcutFor({ key: "ArrowRight", targetTag: "BUTTON" }, true, 7)).toEqual({ type: "epoch" });
    expect(shortcutFor({ key: " ", targetTag: "BODY" }, true, 7)).toEqual({ type: "toggle" });
  });
});
