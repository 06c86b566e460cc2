// The full page: the playground (App) plus presentation mode's shortcuts and drawer (issue #16).
// main.tsx loads this chunk, or the embed's, never both.

import { App } from "./App.tsx";
import { Presenter } from "./present/Presenter.tsx";

export function FullPage() {
  return (
    <>
      <App />
      <Presenter />
    </>
  );
}
