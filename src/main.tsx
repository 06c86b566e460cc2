import { StrictMode, type ComponentType } from "react";
import { createRoot } from "react-dom/client";
import { startEffects } from "./state/effects.ts";
import { isEmbed } from "./state/page-mode.ts";
import "./ui/app.css";

// Outside React on purpose: the worker, the store subscriptions and the refresh ticker start
// exactly once, whatever StrictMode does with component effects.
startEffects();

// An embedded figure (`embed=1`) is its own chunk graph: it downloads none of the full page's
// panels (settings, tools, lessons), and the full page none of the embed (issue #16). The run has
// already started above, so the worker trains while the chosen chunk loads.
const page: Promise<ComponentType> = isEmbed()
  ? import("./ui/embed/Embed.tsx").then((m) => m.Embed)
  : import("./ui/FullPage.tsx").then((m) => m.FullPage);

const root = document.getElementById("root");
void page.then((Page) => {
  if (root) {
    createRoot(root).render(
      <StrictMode>
        <Page />
      </StrictMode>,
    );
  }
});
