// Placeholder until the panel lands (see ToolTabs.tsx).
export default function ExportPanel() {
  return <p>Not built yet.</p>;
}
