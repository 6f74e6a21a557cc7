import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

import { defineConfig, type Plugin } from "vite";

const BASE = "/static/";
const PLACEHOLDER = "self.__PRECACHE__";

/**
 * The service worker's precache list, made at build time: every file the build emitted (the hashed
 * JS and CSS, the lazily loaded map code included) plus the public icons and manifest, written into
 * dist/sw.js with a cache name from their hash. So a first visit installs the whole app shell, and
 * a new build replaces the old cache in one step.
 */
function precacheList(): Plugin {
  const files: string[] = [];
  return {
    name: "ieum-precache",
    apply: "build",
    generateBundle(_options, bundle) {
      for (const name of Object.keys(bundle)) {
        if (name.endsWith(".html") || name.startsWith(".vite/")) continue;
        files.push(`${BASE}${name}`);
      }
    },
    closeBundle() {
      const dist = resolve(__dirname, "dist");
      const extra = [
        "/",
        `${BASE}manifest.webmanifest`,
        `${BASE}icons/icon.svg`,
        `${BASE}icons/icon-192.png`,
        `${BASE}icons/icon-512.png`,
        `${BASE}icons/icon-maskable-512.png`,
      ];
      const list = [...extra, ...files.sort()];
      const index = readFileSync(resolve(dist, "index.html"));
      const version = createHash("sha256").update(list.join("\n")).update(index).digest("hex").slice(0, 12);
      const worker = resolve(dist, "sw.js");
      const source = readFileSync(worker, "utf8");
      if (!source.includes(PLACEHOLDER)) throw new Error(`public/sw.js lost its ${PLACEHOLDER} placeholder`);
      writeFileSync(
        worker,
        source.replace(PLACEHOLDER, JSON.stringify({ version, files: list })),
      );
    },
  };
}

// Django serves the build: WhiteNoise at /static/ (clients/web/dist is in STATICFILES_DIRS),
// index.html for "/" and client routes, /sw.js from the site root so it may control "/".
export default defineConfig({
  base: BASE,
  plugins: [precacheList()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    sourcemap: false,
  },
  server: {
    // `npm run dev` next to `make run` on :8000
    proxy: {
      "/api": "http://127.0.0.1:8000",
      "/ws": { target: "ws://127.0.0.1:8000", ws: true },
      "/sw.js": "http://127.0.0.1:8000",
    },
  },
});
