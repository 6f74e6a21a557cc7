import { defineConfig } from "vite";

// Django serves the build: WhiteNoise at /static/ (clients/web/dist is in STATICFILES_DIRS),
// index.html for "/" and client routes, /sw.js from the site root so it may control "/".
export default defineConfig({
  base: "/static/",
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
