/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";
import { VitePWA } from "vite-plugin-pwa";

/**
 * src/main.tsx starts the training worker first and only then imports the interface (React DOM,
 * Recharts, the app), a chunk of its own. This lists that chunk and its imports in index.html as
 * modulepreload links, so the browser fetches and compiles them while the entry runs instead of
 * after it (no request waterfall on a cold visit).
 */
function preloadEntryImports(): Plugin {
  return {
    name: "preload-entry-dynamic-imports",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (bundle === undefined) return [];
        const entry = Object.values(bundle).find((c) => c.type === "chunk" && c.isEntry);
        if (entry === undefined || entry.type !== "chunk") return [];
        // Each dynamic import's chunk and what it imports (the entry's static imports excluded).
        const closure = (start: string): Set<string> => {
          const files = new Set<string>();
          const visit = (name: string): void => {
            const chunk = bundle[name];
            if (chunk === undefined || chunk.type !== "chunk" || files.has(name) || name === entry.fileName || entry.imports.includes(name)) return;
            files.add(name);
            chunk.imports.forEach(visit);
          };
          visit(start);
          return files;
        };
        // The full page and the embed (issue #16) are alternatives: preload only what both need, so
        // neither downloads the other's panels; every other dynamic import (React DOM) entirely.
        const isPage = (name: string): boolean => {
          const c = bundle[name];
          return c !== undefined && c.type === "chunk" && /\/ui\/(FullPage|embed\/Embed)\.tsx$/.test(c.facadeModuleId ?? "");
        };
        const pageNames = entry.dynamicImports.filter(isPage);
        const pages = pageNames.map(closure);
        const shared = pages.length === 0 ? [] : [...pages[0]].filter((f) => pages.every((p) => p.has(f)));
        // Fetched only when needed, never preloaded: the Custom surface's expression compiler
        // (mathjs, issue #17) when a config needs it, workbox-window once the first curve is drawn.
        const onDemand = (name: string): boolean => {
          const c = bundle[name];
          return c !== undefined && c.type === "chunk" && /\/engine\/expression\/compile\.ts$|\/node_modules\/workbox-window\//.test(c.facadeModuleId ?? "");
        };
        const eager = entry.dynamicImports.filter((n) => !isPage(n) && !onDemand(n));
        const files = new Set<string>([...shared, ...eager.flatMap((n) => [...closure(n)])]);
        const cssOf = (names: readonly string[]): string[] => [
          ...new Set(
            names.flatMap((f) => {
              const c = bundle[f];
              return c !== undefined && c.type === "chunk" ? [...(c.viteMetadata?.importedCss ?? [])] : [];
            }),
          ),
        ];
        const links = [
          ...[...files].map((file) => ({ tag: "link", attrs: { rel: "modulepreload", crossorigin: true, href: `./${file}` }, injectTo: "head" as const })),
          ...cssOf([...files]).map((file) => ({ tag: "link", attrs: { rel: "preload", as: "style", crossorigin: true, href: `./${file}` }, injectTo: "head" as const })),
        ];
        // The rest of the chosen page's chunks (and its CSS), chosen by a line of script from the link
        // itself, so they download with the entry instead of after it has run (one round trip less).
        const own = (i: number): string[] => {
          const js = [...pages[i]].filter((f) => !files.has(f));
          return [...js, ...cssOf(js)].map((f) => `./${f}`);
        };
        const embedAt = pageNames.findIndex((n) => /\/ui\/embed\/Embed\.tsx$/.test((bundle[n] as { facadeModuleId?: string | null }).facadeModuleId ?? ""));
        if (pages.length !== 2 || embedAt < 0) return { html, tags: links };
        // The training worker, started by this same first script: its download and compile then
        // overlap the entry's instead of following its evaluation (issue #16, cold start). The page
        // takes it from `__lrTrainingWorker` (src/worker/training/client.ts); a worker that failed to
        // load before that is dropped, and the page starts its own and reports the failure.
        const worker = Object.keys(bundle).find((n) => /(^|\/)training\.worker-[\w-]+\.js$/.test(n));
        const early =
          worker === undefined
            ? ""
            : `try{var w=new Worker(${JSON.stringify(`./${worker}`)},{type:"module",name:"training"});` +
              `w.onerror=function(){if(window.__lrTrainingWorker===w)window.__lrTrainingWorker=null;w.terminate();};` +
              `window.__lrTrainingWorker=w;}catch(e){}`;
        const script =
          `(function(){${early}var q=new URLSearchParams(location.search).get("embed");` +
          `var f=q==="1"||q==="true"?${JSON.stringify(own(embedAt))}:${JSON.stringify(own(1 - embedAt))};` +
          `f.forEach(function(h){var l=document.createElement("link");var css=/\\.css$/.test(h);` +
          `l.rel=css?"preload":"modulepreload";if(css)l.as="style";l.crossOrigin="";l.href=h;document.head.appendChild(l);});})();`;
        // Right after <meta charset>: before the stylesheets, which would hold a classic script back.
        return { html: html.replace(/(<meta charset="UTF-8" \/>)/, `$1\n    <script>${script}</script>`), tags: links };
      },
    },
  };
}

export default defineConfig({
  // Relative URLs everywhere (scripts, styles, workers, lazy chunks, the service worker): the built
  // folder works from any path of any static host (https://host/some/path/), not only from `/`.
  base: "./",
  plugins: [
    react(),
    preloadEntryImports(),
    // Offline after the first visit: a Workbox service worker precaches the whole build (HTML, CSS,
    // every JS chunk including each `<feature>.worker-<hash>.js`, matched by glob so new worker
    // features are cached without a list to maintain). The page registers it itself once it is idle
    // (src/state/service-worker.ts), so a cold first visit does not share the network and CPU with
    // the precache downloads. No service worker in `npm run dev` (devOptions off).
    VitePWA({
      registerType: "autoUpdate",
      injectRegister: false,
      devOptions: { enabled: false },
      manifest: {
        name: "Learning-rate decay playground",
        short_name: "LR decay",
        description: "Watch Adam's training loss rattle at a fixed learning rate and settle when the rate decays.",
        start_url: "./",
        scope: "./",
        display: "standalone",
        background_color: "#ffffff",
        theme_color: "#1f4e79",
        icons: [{ src: "favicon.svg", sizes: "any", type: "image/svg+xml" }],
      },
      workbox: {
        // (The manifest and its icon, favicon.svg, are added by the plugin itself.)
        globPatterns: ["**/*.{js,css,html}"],
        // A lesson link (`./?lesson=plateau`) is the one page with another query: serve it the app shell.
        navigateFallback: "index.html",
        // A new build takes over at once and drops the old build's files (the page then reloads
        // into it and says so: service-worker.ts).
        skipWaiting: true,
        clientsClaim: true,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  // Fewer files on a cold first screen (issue #16: over HTTP/1.1 the browser opens six connections
  // per host, and the full page's first screen was twelve files, the training worker's among the
  // last). One stylesheet for the whole app (31 KB, 7 KB gzip) instead of one per chunk: its rules
  // are scoped by class (an embed's by html[data-embed]), and the computed styles of every element
  // were compared before and after, full page with each tool open, embed and presentation mode,
  // 1280 and 390 px, light and dark: no difference. And React DOM in one chunk with its scheduler
  // (it was two, its index being shared with the presenter); only the group's own modules, or the
  // group pulled in React and the store too and the entry then waited for all of React DOM.
  build: {
    cssCodeSplit: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          includeDependenciesRecursively: false,
          groups: [
            { name: "react-dom", test: /[\\/]node_modules[\\/](react-dom|scheduler)[\\/]/ },
          ],
        },
      },
    },
  },
  worker: {
    format: "es",
    // Every worker entry is src/worker/<feature>/worker.ts: name its chunk after the feature
    // (training.worker-<hash>.js), not four alike "worker-<hash>.js".
    rolldownOptions: {
      output: {
        entryFileNames: (chunk) => {
          const feature = chunk.facadeModuleId?.match(/\/worker\/([^/]+)\/worker\.ts$/)?.[1];
          return feature === undefined ? "assets/[name]-[hash].js" : `assets/${feature}.worker-[hash].js`;
        },
      },
    },
  },
  server: { port: 5173 },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
  },
});
