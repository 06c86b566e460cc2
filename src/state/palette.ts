// The charts' colours, in three palettes: the page's (light), an embed's dark theme
// (`prefers-color-scheme: dark`) and presentation mode's. Each series is drawn in a CSS variable
// (`var(--c-loss, #1d4ed8)`) whose fallback is the light palette, so switching a palette is setting
// the variables on an element (`paletteVars`), and an SVG copied out of the page (PNG export) still
// has its colours.
//
// Why these colours (palette.test.ts checks each claim): every two series that can be drawn on one
// chart — the live run and the pinned runs on the loss chart; lr, lr_t, ‖Δx‖ and the pinned runs on
// the learning-rate chart — stay at least ΔE 15 (CIE76) apart in normal vision and under simulated
// protanopia, deuteranopia and tritanopia (Machado et al. 2009, severity 1), and each line has at
// least 3:1 contrast with its background (WCAG 1.4.11). The earlier page palette failed this: its
// ‖Δx‖ teal (#0f766e) and third pin purple (#aa3377) were ΔE 1.9 apart under deuteranopia, and its
// first pin red and ‖Δx‖ teal 9.1 apart under protanopia. The pin colours are now Paul Tol's and
// Okabe–Ito's (wine, rose, reddish purple, indigo); the run's blue, the rate's brown and lr_t's violet stay.

export interface Palette {
  /** The background the lines are drawn on. */
  background: string;
  loss: string;
  lr: string;
  lrT: string;
  update: string;
  /** Pinned runs, in the order they are given out. */
  pins: readonly string[];
}

export type PaletteName = "light" | "dark" | "present";

export const PALETTES: Readonly<Record<PaletteName, Palette>> = {
  light: { background: "#ffffff", loss: "#1d4ed8", lr: "#b45309", lrT: "#7c3aed", update: "#0072b2", pins: ["#882255", "#ee6677", "#cc79a7", "#332288"] },
  // Okabe–Ito sky blue and orange on the dark theme's panel; Tol's light colours for the rest.
  dark: { background: "#0f172a", loss: "#56b4e9", lr: "#e69f00", lrT: "#cc3311", update: "#88ccee", pins: ["#0072b2", "#ffffff", "#ddcc77", "#ee6677"] },
  // A projector washes colours out: Okabe–Ito blue and vermillion, darker pins (black last).
  present: { background: "#ffffff", loss: "#0072b2", lr: "#d55e00", lrT: "#bb5566", update: "#0077bb", pins: ["#882255", "#332288", "#cc79a7", "#000000"] },
};

/**
 * The colour a pinned run keeps (an id as much as a colour): given by the store when the run is
 * pinned, drawn by the charts through `pinColor` so each palette can redraw it.
 */
export const PIN_COLORS: readonly string[] = PALETTES.light.pins;

type SeriesRole = "loss" | "lr" | "lrT" | "update";

/** A series' colour as the charts draw it: the palette's variable, the light palette's value as fallback. */
export const seriesColor = (role: SeriesRole): string => `var(--c-${role}, ${PALETTES.light[role]})`;

/** The series colours the charts draw with. */
export const LOSS_COLOR = seriesColor("loss");
export const LR_COLOR = seriesColor("lr");
export const LRT_COLOR = seriesColor("lrT");
export const UPDATE_COLOR = seriesColor("update");
/** Divergence marks: Okabe-Ito vermillion. */
export const DIVERGED_COLOR = "#d55e00";

/** A pinned run's colour as the charts draw it (its palette's pin of the same rank). */
export function pinColor(color: string): string {
  const i = PIN_COLORS.indexOf(color);
  return i < 0 ? color : `var(--c-pin-${i + 1}, ${color})`;
}

/** The CSS variables that switch the charts to `name`'s palette (set them on any ancestor). */
export function paletteVars(name: PaletteName): Record<string, string> {
  const p = PALETTES[name];
  const vars: Record<string, string> = { "--c-loss": p.loss, "--c-lr": p.lr, "--c-lrT": p.lrT, "--c-update": p.update };
  p.pins.forEach((c, i) => (vars[`--c-pin-${i + 1}`] = c));
  return vars;
}
