/* The register's service worker (scope /pos/): the app shell and assets from the cache (so
   the register opens with no network), the booth catalog network-first with the cached copy
   as fallback, product photos cached as they are seen. Sales never pass through here: they
   live in IndexedDB and go out through the page's queue. */
var VERSION = "__VERSION__";
var SHELL = "pos-shell-" + VERSION, RUNTIME = "pos-runtime-v1";
var SHELL_FILES = ["/pos/", "/pos/assets/app.js", "/pos/assets/qr.js", "/pos/assets/store.js", "/pos/assets/app.css",
  "/pos/assets/manifest.webmanifest", "/pos/assets/icon.svg"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) { return cache.addAll(SHELL_FILES); }).then(function () { return self.skipWaiting(); }));
});
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("pos-shell-") === 0 && k !== SHELL; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function networkFirst(request) {
  return fetch(request).then(function (response) {
    if (response.ok) { var copy = response.clone(); caches.open(RUNTIME).then(function (c) { c.put(request, copy); }); }
    return response;
  }).catch(function () { return caches.match(request).then(function (hit) { return hit || Response.error(); }); });
}
function cacheFirst(request, cacheName) {
  return caches.match(request).then(function (hit) {
    if (hit) return hit;
    return fetch(request).then(function (response) {
      if (response.ok) { var copy = response.clone(); caches.open(cacheName).then(function (c) { c.put(request, copy); }); }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin) return;
  if (url.pathname === "/pos/api/catalog") return event.respondWith(networkFirst(request));
  if (url.pathname.indexOf("/pos/api/") === 0) return; // live data only
  if (request.mode === "navigate" && url.pathname === "/pos/") {
    // The shell: the network when it answers (a new release), the cache when it does not.
    return event.respondWith(fetch(request).then(function (response) {
      var copy = response.clone(); caches.open(SHELL).then(function (c) { c.put("/pos/", copy); });
      return response;
    }).catch(function () { return caches.match("/pos/"); }));
  }
  if (url.pathname.indexOf("/pos/assets/") === 0) return event.respondWith(cacheFirst(request, SHELL));
  if (url.pathname.indexOf("/thumbnail/") === 0 || url.pathname.indexOf("/media/") === 0) return event.respondWith(cacheFirst(request, RUNTIME));
});
