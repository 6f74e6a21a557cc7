/* Ieum's service worker: installs the whole app shell — the page, every hashed JS and CSS file of
 * the build (the map code too), the icons and the manifest — so the app opens offline, even for a
 * first-time visitor who loses the network after the first load. The list is written in at build
 * time (vite.config.ts, "ieum-precache"); in `npm run dev` it is empty and pages are cached as met.
 * API calls, WebSockets, admin and feeds always go to the network and are never cached here: they
 * carry personal data and live state (the app keeps its own few offline copies, see src/store.ts). */
const PRECACHE = self.__PRECACHE__;
const MANIFEST = typeof PRECACHE === "object" && PRECACHE ? PRECACHE : { version: "dev", files: ["/"] };
const CACHE = `ieum-shell-${MANIFEST.version}`;
const NEVER = /^\/(api|ws|admin|healthz|gbfs|gtfs-rt|open311|fhir|files|media|i18n)(\/|$)/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        // one by one: a file that fails (a flaky connection) does not throw the others away
        Promise.all(MANIFEST.files.map((url) => cache.add(new Request(url, { cache: "reload" })).catch(() => undefined))),
      )
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || NEVER.test(url.pathname)) return;

  if (request.mode === "navigate") {
    // the page: fresh from the network (it sets the CSRF cookie), the cached shell when offline;
    // every client route is the same index.html
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put("/", copy));
          }
          return response;
        })
        .catch(() => caches.match("/").then((cached) => cached || Response.error())),
    );
    return;
  }

  if (url.pathname.startsWith("/static/assets/")) {
    // hashed assets never change under one name: cache first
    event.respondWith(
      caches.match(request).then((cached) => cached || fetch(request).then((r) => keep(request, r))),
    );
  } else if (url.pathname.startsWith("/static/")) {
    // icons and the manifest keep their names: network first, the cached copy offline
    event.respondWith(
      fetch(request)
        .then((response) => keep(request, response))
        .catch(() => caches.match(request).then((cached) => cached || Response.error())),
    );
  }
});

function keep(request, response) {
  if (response.ok) {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}
