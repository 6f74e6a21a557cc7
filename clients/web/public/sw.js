/* Ieum's service worker: keeps the app shell (the page, its hashed assets, icons) so the app opens
 * offline or on a bad connection. API calls, WebSockets, admin and feeds always go to the network
 * and are never cached: they carry personal data and live state. */
const CACHE = "ieum-shell-v1";
const SHELL = ["/", "/static/manifest.webmanifest", "/static/icons/icon.svg", "/static/icons/icon-192.png"];
const NEVER = /^\/(api|ws|admin|healthz|gbfs|gtfs-rt|open311|media|i18n)(\/|$)/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .catch(() => undefined)
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
    // the page: fresh from the network (it sets the CSRF cookie), the cached shell when offline
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
