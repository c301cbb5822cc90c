// The service worker: after one visit the app starts with no network. Every file of a build is
// cached under that build's version (a hash written by scripts/finish-web-build.mjs); a new build
// installs beside the old one and waits, the page offers "Update ready — Reload", and only then
// does the new version take over and delete the old cache, so a page never runs a mix of builds.
// Requests to other origins (the sync server) are never touched.
const VERSION = '__BUILD_VERSION__';
const CACHE = 'activities-' + VERSION;
const PRECACHE = __PRECACHE__;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.map((u) => new Request(u, { cache: 'reload' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('activities-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // The app page, whatever its query (?user=...&view=...), is the cached page.
    const scope = new URL('./', self.location).pathname;
    const isAppPage = url.pathname === scope || url.pathname === scope + 'index.html';
    const hit = await cache.match(isAppPage ? new URL('./', self.location).href : request, { ignoreSearch: isAppPage });
    return hit || fetch(request);
  })());
});
