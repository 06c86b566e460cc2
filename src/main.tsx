import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { startEffects } from "./state/effects.ts";
import { startServiceWorker } from "./state/service-worker.ts";
import { App } from "./ui/App.tsx";
import "./ui/app.css";

// Outside React on purpose: the worker, the store subscriptions and the refresh ticker start
// exactly once, whatever StrictMode does with component effects.
startEffects();
startServiceWorker();

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
