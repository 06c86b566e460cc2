export interface LegendItem {
  key: string;
  label: string;
  color: string;
  /** Dashed swatch (pinned runs, secondary series). */
  dashed?: boolean;
  /** A dash pattern of its own (overrides `dashed`). */
  dash?: string;
  /** Faint swatch (raw minibatch loss). */
  faint?: boolean;
  /** Dotted swatch (schedule-free's loss at its gradient point y). */
  dotted?: boolean;
  /** A filled band rather than a line. */
  band?: boolean;
  /** Context that a compact chart (a phone, while a setting is being changed) leaves out. */
  secondary?: boolean;
}

/** An HTML legend: readable text, wraps on narrow screens, and screen readers get it as a list. */
export function ChartLegend({ items, label, listRef }: { items: readonly LegendItem[]; label: string; listRef?: React.Ref<HTMLUListElement> }) {
  return (
    <ul className="chart-legend" aria-label={label} ref={listRef}>
      {items.map((item) => (
        <li key={item.key} className={item.secondary ? "chart-legend-item is-secondary" : "chart-legend-item"}>
          <svg className="chart-legend-swatch" width="28" height="12" aria-hidden="true" focusable="false">
            {item.band ? (
              <rect x="0" y="1" width="28" height="10" fill={item.color} fillOpacity={0.18} stroke={item.color} strokeOpacity={0.4} />
            ) : (
              <line
                x1="1"
                y1="6"
                x2="27"
                y2="6"
                stroke={item.color}
                strokeWidth={item.faint ? 2 : 3}
                strokeOpacity={item.faint ? 0.35 : 1}
                strokeDasharray={item.dash ?? (item.dashed ? "5 3" : item.dotted ? "1 3" : undefined)}
              />
            )}
          </svg>
          <span>{item.label}</span>
        </li>
      ))}
    </ul>
  );
}
