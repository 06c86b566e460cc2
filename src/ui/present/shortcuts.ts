// Presentation mode's keyboard shortcuts as data: which key does what, and when a key press is not
// a shortcut at all (typing in a box, a modifier held, Space on a focused button). Pure, so the
// rules are unit-tested without a page; Presenter.tsx carries out the actions.

export type Shortcut =
  | { type: "togglePresent" }
  | { type: "toggle" }
  | { type: "epoch" }
  | { type: "replay" }
  | { type: "lesson"; index: number }
  | { type: "help" }
  | { type: "close" };

/** What a key press sees of the page: the key, its modifiers and the focused element. */
export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** The focused element's tag name (upper case, as the DOM gives it), if any. */
  targetTag?: string;
  /** Whether the focused element is editable text (contenteditable). */
  targetEditable?: boolean;
}

/** Elements a key goes to while they have focus: shortcuts never fire there (typing, choosing, sliding). */
const TYPING_TAGS: ReadonlySet<string> = new Set(["INPUT", "SELECT", "TEXTAREA"]);
/** Elements Space activates natively: Space stays theirs. */
const SPACE_TAGS: ReadonlySet<string> = new Set(["BUTTON", "A", "SUMMARY"]);

/**
 * The shortcut a key press means, or null. `present`: presentation mode is on (P works always;
 * the others only in presentation mode); `lessons`: how many lessons there are (keys 1–9).
 */
export function shortcutFor(e: KeyPress, present: boolean, lessons: number): Shortcut | null {
  if (e.ctrlKey === true || e.metaKey === true || e.altKey === true) return null;
  if (e.targetEditable === true || (e.targetTag !== undefined && TYPING_TAGS.has(e.targetTag))) return null;
  if (e.key === "p" || e.key === "P") return { type: "togglePresent" };
  if (!present) return null;
  switch (e.key) {
    case " ":
    case "Spacebar":
      return e.targetTag !== undefined && SPACE_TAGS.has(e.targetTag) ? null : { type: "toggle" };
    case "ArrowRight":
      return { type: "epoch" };
    case "r":
    case "R":
      return { type: "replay" };
    case "?":
      return { type: "help" };
    case "Escape":
      return { type: "close" };
  }
  if (/^[1-9]$/.test(e.key)) {
    const index = Number(e.key) - 1;
    return index < lessons ? { type: "lesson", index } : null;
  }
  return null;
}

/** The shortcut list shown by "?": the keys and their message keys (Presenter's catalog words them). */
export function shortcutList(lessons: number): { keys: string; what: "toggle" | "epoch" | "replay" | "lessons" | "help" | "present" }[] {
  return [
    { keys: "Space", what: "toggle" },
    { keys: "→", what: "epoch" },
    { keys: "R", what: "replay" },
    { keys: lessons > 1 ? `1–${Math.min(lessons, 9)}` : "1", what: "lessons" },
    { keys: "?", what: "help" },
    { keys: "P", what: "present" },
  ];
}
