import { SchedulePreview } from "../charts/SchedulePreview.tsx";
import { DEFAULT_RUN } from "../engine/run-config.ts";

export function App() {
  const run = DEFAULT_RUN;
  return (
    <main className="app">
      <header>
        <h1>Learning-rate decay playground</h1>
        <p className="lede">At a fixed learning rate Adam's loss stops improving and rattles; decaying the rate lets it settle.</p>
      </header>
      <section aria-labelledby="preview-title">
        <h2 id="preview-title">Decay policy: halve the rate every 5 epochs</h2>
        <SchedulePreview policy={run.policy} baseLr={run.optimizer.lr} ticks={run.epochs} />
      </section>
    </main>
  );
}
