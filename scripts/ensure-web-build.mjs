// `npm start` builds the web apps only when their sources are newer than the last build.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const web = 'apps/web';
if (!existsSync(join(web, 'package.json'))) process.exit(0);
const stamp = join(web, 'dist', 'm', 'index.html');
const newest = (p) => {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((f) => newest(join(p, f))));
};
const sources = Math.max(newest(join(web, 'src')), newest(join(web, 'index.html')), newest('packages/contracts/src'));
if (existsSync(stamp) && statSync(stamp).mtimeMs >= sources) process.exit(0);
console.log('Building the web apps (first start or changed sources)…');
execSync('npm run build --workspace @louzhang/web', { stdio: 'inherit' });
