import { StrictMode } from "react";
import { startEffects } from "./state/effects.ts";
import { startServiceWorker } from "./state/service-worker.ts";
import "./ui/app.css";

// Outside React on purpose: the worker, the store subscriptions and the refresh ticker start
// exactly once, whatever StrictMode does with component effects.
//
// And first: the training worker is created and sent its run before the interface's code (React
// DOM, Recharts: most of the JavaScript) is even evaluated. That code is a chunk of its own, loaded
// here, so the worker starts and trains while the page parses and renders (issue #16, cold start).
startEffects();
startServiceWorker();

void Promise.all([import("react-dom/client"), import("./ui/App.tsx")]).then(([{ createRoot }, { App }]) => {
  const root = document.getElementById("root");
  if (root) {
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  }
});
