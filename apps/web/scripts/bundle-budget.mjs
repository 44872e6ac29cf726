// Fails the build when an app's initial JS grows past its budget.
// "Initial JS" = the entry chunk plus every chunk it imports statically (transitively), read from
// Vite's manifest, plus for a console screen the files the server preloads with the page for it
// (dist/console/preload.json, written by vite.config.ts consoleScreenPreloads). Other lazily imported
// route chunks are not counted. Sizes are gzip (level 9).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const KB = 1024;
// Slow 4G moves about 200 KB a second after its first round trips, and the phone's first screen must be
// usable in 2.5 s (npm run bench:slow4g measures it). Its two first screens, sign-in and home, come in
// the entry with the frame (no second round of downloads), drawn without antd-mobile, with the console's
// strings elsewhere and their icons loaded after them (~86 KB); a budget of 95 KB keeps antd-mobile
// and the console's strings from creeping back. Screens past the first load lazily. The console's
// target is 4 s; its first screens are drawn without antd (~110 KB), and a budget of 150 KB keeps antd
// from creeping back onto them.
const BUDGETS = [
  { name: 'phone sign-in + home', entry: 'm/index.html', limit: 95 * KB },
  { name: 'console sign-in', entry: 'console/index.html', screens: ['login'], limit: 150 * KB },
  { name: 'console 工作台', entry: 'console/index.html', screens: ['layout', 'home'], limit: 150 * KB },
];

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
const preloads = JSON.parse(readFileSync(join(dist, 'console/preload.json'), 'utf8'));
const keyOfFile = new Map(Object.entries(manifest).map(([k, c]) => [c.file, k]));

function initialChunks(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  const chunk = manifest[key];
  if (!chunk) throw new Error(`bundle-budget: ${key} is not in the Vite manifest`);
  seen.add(key);
  for (const dep of chunk.imports ?? []) initialChunks(dep, seen);
  return seen;
}

const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const fmt = (n) => `${(n / KB).toFixed(1)} KB`;

let failed = false;
console.log('\nInitial JS per app (entry + static imports, gzip):');
for (const b of BUDGETS) {
  const keys = [...initialChunks(b.entry)];
  for (const screen of b.screens ?? []) {
    if (!preloads[screen]) throw new Error(`bundle-budget: no screen ${screen} in console/preload.json`);
    for (const f of preloads[screen]) {
      const key = keyOfFile.get(f.replace(/^\//, ''));
      if (!key) throw new Error(`bundle-budget: ${f} is not in the Vite manifest`);
      for (const k of initialChunks(key, new Set(keys))) if (!keys.includes(k)) keys.push(k);
    }
  }
  const files = keys.map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));
  const js = files.reduce((sum, f) => sum + gz(f), 0);
  const css = [...new Set(keys.flatMap((k) => manifest[k].css ?? []))].reduce((sum, f) => sum + gz(f), 0);
  const ok = js <= b.limit;
  failed ||= !ok;
  console.log(
    `  ${ok ? 'ok  ' : 'OVER'} ${b.name.padEnd(22)} ${fmt(js).padStart(10)} of ${fmt(b.limit)}` +
      `  (${files.length} JS files; CSS ${fmt(css)})`,
  );
}
if (failed) {
  console.error('\nbundle-budget: an app is over its initial JS budget; lazy-load more or trim imports.');
  process.exit(1);
}
