/*
 * 楼长通 phone app service worker: keeps the app shell so the app opens on a weak or absent signal.
 * - Pages under /m/: network first (fresh HTML after a deploy), the cached shell when offline.
 * - /assets/*: cache first; names carry a content hash, so a cached file never goes stale.
 * - /api/*: never cached here; the app decides what to do offline.
 * On install it caches /m/ and every script and style of the phone app, listed at build time in
 * /m/precache.json (lazy screens included), so any screen opens offline once the app was visited.
 */
// Replaced at build time by a hash of the phone app's files, so every deploy installs a fresh worker.
const VERSION = '__BUILD_ID__';
const SHELL_CACHE = `louzhang-m-shell-${VERSION}`;
const ASSET_CACHE = `louzhang-m-assets-${VERSION}`;
const SHELL_URL = '/m/';
const MAX_ASSETS = 120;
const NETWORK_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const shell = await caches.open(SHELL_CACHE);
      const res = await fetch(SHELL_URL, { cache: 'reload', credentials: 'same-origin' });
      if (!res.ok) throw new Error(`shell ${res.status}`);
      const html = await res.clone().text();
      await shell.put(SHELL_URL, res);
      const linked = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
      const listed = await fetch('/m/precache.json', { cache: 'reload' })
        .then((r) => (r.ok ? r.json() : []))
        .catch(() => []);
      const extra = ['/m/manifest.webmanifest', '/m/icons/icon-192.png', '/m/icons/icon.svg'];
      const cache = await caches.open(ASSET_CACHE);
      await cache.addAll([...new Set([...linked, ...listed, ...extra])]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([SHELL_CACHE, ASSET_CACHE]);
      for (const key of await caches.keys())
        if (key.startsWith('louzhang-m-') && !keep.has(key)) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;

  if (req.mode === 'navigate' && url.pathname.startsWith('/m')) {
    event.respondWith(networkFirstShell(req));
  } else if (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/m/icons/')) {
    event.respondWith(cacheFirst(req));
  }
});

async function networkFirstShell(req) {
  const shell = await caches.open(SHELL_CACHE);
  const network = fetch(req).then(async (res) => {
    // Every /m/ route answers with the same index.html, so the latest one is the shell.
    if (res.ok && (res.headers.get('content-type') || '').includes('text/html'))
      await shell.put(SHELL_URL, res.clone());
    return res;
  });
  const cached = await shell.match(SHELL_URL);
  if (!cached) return network;
  // On a weak signal do not keep an old phone waiting: after a few seconds show the cached shell.
  const slow = new Promise((resolve) => setTimeout(() => resolve(cached), NETWORK_TIMEOUT_MS));
  return Promise.race([network.catch(() => cached), slow]);
}

async function cacheFirst(req) {
  const cache = await caches.open(ASSET_CACHE);
  // Hashed files are the same for every requester: ignore Vary (e.g. Origin on module scripts).
  const hit = await cache.match(req, { ignoreVary: true, ignoreSearch: true });
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok) {
    await cache.put(req, res.clone());
    trim(cache);
  }
  return res;
}

/** Old hashed assets pile up across deploys; drop the oldest beyond a bound. */
async function trim(cache) {
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - MAX_ASSETS))) await cache.delete(key);
}
