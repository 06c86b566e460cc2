/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
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
