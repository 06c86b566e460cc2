// Imported first by main.tsx, for its side effect: the training worker is taken (a production build's
// index.html started it in its first script) or created before any other module of the page is
// evaluated (the store, the link decoder, the catalogs), so its script is fetched and run in
// parallel with them. Module bodies run in import order, and this one imports nothing but the
// client (issue #16, cold start).

import { prewarmTrainingWorker } from "./client.ts";

prewarmTrainingWorker();
