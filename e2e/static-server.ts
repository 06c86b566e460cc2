// A tiny static file server for the specs that need the build somewhere else than the preview
// server's root: under a sub-path (a static host's project page), or a copy of it that a spec
// changes (a new build). Node's `http` only; files are read on each request, never cached.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import type { AddressInfo } from "node:net";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
};

export interface StaticServer {
  /** The folder's address, ending in `/` (e.g. http://127.0.0.1:41234/some/path/). */
  url: string;
  /** Every path asked for, in order (to check nothing is fetched from outside the sub-path). */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `root` at `prefix` (starting and ending with `/`) on a free port of 127.0.0.1. */
export async function serveStatic(root: string, prefix: string): Promise<StaticServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    requests.push(path);
    if (`${path}/` === prefix) {
      res.writeHead(301, { location: prefix }).end();
      return;
    }
    const inside = path.startsWith(prefix) ? path.slice(prefix.length) : null;
    const file = inside === null ? null : normalize(join(root, inside === "" || inside.endsWith("/") ? `${inside}index.html` : inside));
    if (file === null || !file.startsWith(normalize(root + sep))) {
      res.writeHead(404).end();
      return;
    }
    stat(file)
      .then((s) => (s.isFile() ? readFile(file) : Promise.reject(new Error("not a file"))))
      .then(
        (body) => res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" }).end(body),
        () => res.writeHead(404).end(),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The build the specs run against (`E2E_DIST`, as in playwright.config.ts). */
export const distDir = (): string => normalize(join(process.cwd(), process.env.E2E_DIST ?? "dist"));
