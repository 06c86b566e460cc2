// The link: a "Copy link" button (the address bar always holds the current settings) and, when the
// page was opened from a link with bad fields, a notice listing each one. Every text here is
// rendered as text, never as markup, so nothing from the URL can inject HTML.

import { useState } from "react";
import { usePlayground } from "../state/store.ts";
import { describeProblem } from "../state/url.ts";

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API refused (insecure context, permissions): fall back to a hidden text area.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

export function CopyLinkButton() {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <button
      type="button"
      className="btn"
      data-testid="copy-link"
      onClick={() => {
        void copy(window.location.href).then((ok) => {
          setState(ok ? "copied" : "failed");
          window.setTimeout(() => setState("idle"), 2000);
        });
      }}
    >
      {state === "copied" ? "Link copied" : state === "failed" ? "Copy failed: use the address bar" : "Copy link"}
    </button>
  );
}

export function LinkProblems() {
  const problems = usePlayground((s) => s.linkProblems);
  const dismiss = usePlayground((s) => s.dismissLinkProblems);
  if (problems.length === 0) return null;
  return (
    <div role="alert" className="notice notice-error link-problems" data-testid="link-problems">
      <p>
        <strong>This link has {problems.length === 1 ? "a problem" : `${problems.length} problems`}.</strong> The
        fields below use their defaults; everything else in the link is applied.
      </p>
      <ul>
        {problems.slice(0, 20).map((p, i) => (
          <li key={i}>{describeProblem(p)}</li>
        ))}
        {problems.length > 20 && <li>… and {problems.length - 20} more</li>}
      </ul>
      <button type="button" className="btn btn-small" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
