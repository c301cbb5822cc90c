// The service worker: after one visit the app starts with no network.
//
// Every file of a build is cached under that build's version, a hash of the files written here by
// scripts/finish-web-build.mjs (with the file list). A new build installs beside the running one
// and waits; the page offers "Update ready — Reload", and only when the user takes it does the new
// version take over and delete the old cache. So a page never runs a mix of two builds:
// - the app's files are always answered from one version's cache, never the network;
// - installing checks that the files it fetched hash to its own version. A deploy caught half
//   way (new sw.js, old app.wasm) or a stale proxy fails the install; the running version stays,
//   and the browser tries again at the next visit.
// Lazy files (the Traditional Chinese font) are not precached: the worker keeps them the first time
// the app fetches them, only when their bytes hash to this build's list, and copies them from the
// network into a new build's cache at install when the running build had them.
// Requests to other origins (the sync server) and other files of this origin are never touched.
const VERSION = '__BUILD_VERSION__';
const CACHE = 'activities-' + VERSION;
const PRECACHE = __PRECACHE__;
const LAZY = __LAZY__;  // name -> first 16 hex digits of the SHA-256 of its bytes

// The app page ("./", with any query: ?user=...&view=...) is answered with the cached index.html.
const FILES = PRECACHE.filter((name) => name !== './');
const PAGE = new URL('./', self.location).href;
const CACHED_URLS = new Map([...FILES, ...Object.keys(LAZY)].map((name) => [new URL(name, self.location).href, name]));

function cacheKeyFor(url) {
  const bare = url.origin + url.pathname;
  if (bare === PAGE || bare === PAGE + 'index.html') return 'index.html';
  return url.search === '' ? CACHED_URLS.get(bare) : undefined;
}

async function sha16(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('').slice(0, 16);
}

// The same hash as the build's: SHA-256 over each file's name and bytes in list order, then each
// lazy file's name and hash, first 16 hex digits (scripts/finish-web-build.mjs).
async function versionOfCached(cache) {
  const parts = [];
  const encoder = new TextEncoder();
  for (const name of FILES) {
    const response = await cache.match(name);
    if (!response) throw new Error(name + ' is missing from the cache');
    parts.push(encoder.encode(name), new Uint8Array(await response.arrayBuffer()));
  }
  for (const [name, hash] of Object.entries(LAZY)) parts.push(encoder.encode(name), encoder.encode(hash));
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { all.set(p, at); at += p.length; }
  return sha16(all);
}

// Fetches a lazy file and keeps it in `cache` if it is this build's; returns the response.
async function fetchLazy(cache, name, init) {
  const response = await fetch(new Request(name, init));
  if (!response.ok) return response;
  const bytes = await response.clone().arrayBuffer();
  if (await sha16(bytes) === LAZY[name]) await cache.put(name, response.clone());
  return response;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    try {
      // cache: 'reload' skips the HTTP cache: the files come from the server as they are now.
      await cache.addAll(FILES.map((name) => new Request(name, { cache: 'reload' })));
      const got = await versionOfCached(cache);
      if (got !== VERSION)
        throw new Error('the files on the server are not build ' + VERSION + ' (they hash to ' + got +
                        '); a deploy may be in progress. Keeping the running version.');
    } catch (e) {
      // A failed install (a file missing, the network gone, a build caught half way) leaves no
      // cache of its own behind: only the running version's stays.
      await caches.delete(CACHE);
      throw e;
    }
    // Lazy files the running build had fetched come along (best effort: the app fetches a file
    // that is still missing when it needs it).
    for (const name of Object.keys(LAZY)) {
      if (await cache.match(name)) continue;
      if (!(await caches.match(name))) continue;
      try { await fetchLazy(cache, name, { cache: 'reload' }); } catch (e) { /* offline again: fetched later */ }
    }
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('activities-') && key !== CACHE) await caches.delete(key);
    }
    // The first install takes over the page that registered it (the page ignores that change).
    await self.clients.claim();
  })());
});

// Sent by the page's "Reload" button.
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;  // the sync server: straight to the network
  const key = cacheKeyFor(url);
  if (!key) return;                                  // not part of the app: the network as usual
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(key);
    if (hit) return hit;
    if (key in LAZY) return fetchLazy(cache, key, {});
    // A miss means the browser evicted the cache: the network is all there is.
    return fetch(request);
  })());
});
