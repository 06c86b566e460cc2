// Placeholder until the panel lands (see ToolTabs.tsx).
export default function SweepPanel() {
  return <p>Not built yet.</p>;
}
