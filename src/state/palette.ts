// The colour a pinned run keeps: given by the store when the run is pinned, drawn by the charts.

/**
 * Colours for pinned runs, from Paul Tol's "bright" and Okabe-Ito palettes (distinguishable with
 * deuteranopia and protanopia, and from LOSS_COLOR).
 */
export const PIN_COLORS: readonly string[] = [
  "#ee6677", // Tol red
  "#228833", // Tol green
  "#aa3377", // Tol purple
  "#66ccee", // Tol cyan
  "#ccbb44", // Tol yellow
  "#e69f00", // Okabe-Ito orange
  "#56b4e9", // Okabe-Ito sky blue
  "#009e73", // Okabe-Ito bluish green
];
