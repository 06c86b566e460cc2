// Placeholder until the panel lands (see ToolTabs.tsx).
export default function SurfacePanel() {
  return <p>Not built yet.</p>;
}
