// First, before any other module body runs: the training worker starts downloading (prewarm.ts).
import "./worker/training/prewarm.ts";
import { StrictMode, type ComponentType } from "react";
import { startEffects } from "./state/effects.ts";
import { isEmbed } from "./state/page-mode.ts";
import { startServiceWorker } from "./state/service-worker.ts";
import { START_MARKS, markOnce } from "./state/start-marks.ts";
import "./ui/app.css";

// Outside React on purpose: the worker, the store subscriptions and the refresh ticker start
// exactly once, whatever StrictMode does with component effects.
//
// And first: the training worker (already started by index.html's first script in a production
// build) is sent its run before the interface's code (React DOM: most of the JavaScript) is even
// evaluated. That code is a chunk of its own, loaded here, so the worker trains while the page
// parses and renders (issue #16, cold start).
markOnce(START_MARKS.entry);
startEffects();
startServiceWorker();

// An embedded figure (`embed=1`) is its own chunk graph: it downloads none of the full page's
// panels (settings, tools, lessons), and the full page none of the embed (issue #16). The run has
// already started above, so the worker trains while the chosen chunk and React DOM load.
const page: Promise<ComponentType> = isEmbed()
  ? import("./ui/embed/Embed.tsx").then((m) => m.Embed)
  : import("./ui/FullPage.tsx").then((m) => m.FullPage);

void Promise.all([import("react-dom/client"), page]).then(([{ createRoot }, Page]) => {
  markOnce(START_MARKS.render);
  const root = document.getElementById("root");
  if (root) {
    createRoot(root).render(
      <StrictMode>
        <Page />
      </StrictMode>,
    );
  }
});
