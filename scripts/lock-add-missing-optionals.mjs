// The npm registry this project installs from does not carry every platform build of every package:
// @biomejs/biome's Windows, macOS, Android and musl binaries answer 404. `npm install` then leaves
// them out of package-lock.json, and `npm ci` refuses the lock as out of sync. This adds each missing
// optional platform package to the lock with its os/cpu/libc, so `npm ci` skips it as foreign to this
// platform instead of fetching it. Run after `npm install` changes the lock (idempotent).
import { readFileSync, writeFileSync } from 'node:fs';

const file = 'package-lock.json';
const lock = JSON.parse(readFileSync(file, 'utf8'));
const pkgs = lock.packages;
const platformOf = (name) => {
  const os = ['win32', 'darwin', 'linux', 'android', 'freebsd'].find((o) => name.includes(o));
  const cpu = ['arm64', 'x64', 'ia32', 'arm'].find((c) => name.includes(c));
  const libc = name.includes('musl') ? 'musl' : os === 'linux' ? 'glibc' : undefined;
  return os && cpu ? { os, cpu, libc } : null;
};
let added = 0;
for (const [path, meta] of Object.entries(pkgs)) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `${path ? `${path}/` : ''}node_modules/${dep}`.replace(/^\//, '');
    const hoisted = `node_modules/${dep}`;
    if (pkgs[key] || pkgs[hoisted]) continue;
    const p = platformOf(dep);
    if (!p) continue;
    pkgs[hoisted] = {
      version,
      ...(meta.dev ? { dev: true } : {}),
      optional: true,
      os: [p.os],
      cpu: [p.cpu],
      ...(p.libc ? { libc: [p.libc] } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} optional platform package(s) missing from the registry`);
