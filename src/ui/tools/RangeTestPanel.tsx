// Placeholder until the panel lands (see ToolTabs.tsx).
export default function RangeTestPanel() {
  return <p>Not built yet.</p>;
}
