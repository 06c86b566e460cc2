import { defineConfig } from "@playwright/test";

// The system Chromium (Debian package `chromium`) — Playwright never downloads a browser here.
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Several checkouts or people can test side by side: E2E_PORT and E2E_DIST pick the preview port
// and the build folder it serves (build it with `npx vite build --outDir <dir>`).
const port = Number(process.env.E2E_PORT ?? 4173);
const dist = process.env.E2E_DIST ?? "dist";

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  // How long an expect may wait for the page to get there: 5 s by default, which a 2-core machine
  // under load (CI neighbours, the stress loop's CPU burner) can overrun on a correct page. Passing
  // expectations return as soon as they hold, so this costs nothing when the page is fast.
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 800 },
    // The built app registers a service worker (offline use). Blocked here so a spec's reloads and
    // `page.route` fakes reach the network as written; e2e/offline.spec.ts allows it for itself.
    serviceWorkers: "block",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort --outDir ${dist}`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
