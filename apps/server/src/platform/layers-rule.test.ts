import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The layering rules of docs/ARCHITECTURE.md#layers are enforced by Biome (`npm run check`): this runs the
 * repository's own biome.json over fixture files laid out like modules, some breaking the rules, and reads
 * which ones Biome refuses.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const BIOME = join(ROOT, 'node_modules/.bin/biome');

const FIXTURES: Record<string, string> = {
  // Broken: SQL and tables in a service, a route; another module's repository.
  'modules/aa/aa.service.ts': "import { sql } from 'drizzle-orm';\n\nexport const q = sql`select 1`;\n",
  'modules/aa/aa.routes.ts': "import { users } from '../../db/schema';\n\nexport const t = users;\n",
  'modules/aa/aa-helper.ts':
    "import { streetInfo } from '../points/points.repository';\n\nexport const f = streetInfo;\n",
  'modules/aa/sub/aa-sub.service.ts': "import * as r from '../../points/ledger.repository';\n\nexport const f = r;\n",
  // Fine: a repository with SQL, a service using its own repository and another module's service, a test.
  'modules/bb/bb.repository.ts': "import { sql } from 'drizzle-orm';\n\nexport const q = sql`select 1`;\n",
  'modules/bb/bb.service.ts':
    "import type { PointsService } from '../points/points.service';\nimport * as repo from './bb.repository';\n\nexport const f: [unknown, PointsService | null] = [repo, null];\n",
  'modules/bb/sub/bb-sub.service.ts': "import * as repo from '../bb.repository';\n\nexport const f = repo;\n",
  'modules/bb/bb.int.test.ts': "import * as r from '../points/points.repository';\n\nexport const f = r;\n",
};

const dir = mkdtempSync(join(tmpdir(), 'layers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('layering rules (Biome noRestrictedImports)', () => {
  it('refuses SQL outside repositories and another module’s repository, and nothing else', () => {
    copyFileSync(join(ROOT, 'biome.json'), join(dir, 'biome.json'));
    for (const [path, text] of Object.entries(FIXTURES)) {
      const file = join(dir, 'apps/server/src', path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    const run = spawnSync(BIOME, ['lint', '--vcs-enabled=false', '--reporter=json', '.'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
      diagnostics: { category: string; severity: string; location: { path: string } }[];
    };
    const refused = report.diagnostics
      .filter((d) => d.category === 'lint/style/noRestrictedImports' && d.severity === 'error')
      .map((d) => d.location.path.replace(/^apps\/server\/src\//, ''))
      .sort();
    expect(refused).toEqual([
      'modules/aa/aa-helper.ts',
      'modules/aa/aa.routes.ts',
      'modules/aa/aa.service.ts',
      'modules/aa/sub/aa-sub.service.ts',
    ]);
    expect(run.status).not.toBe(0);
  });
});
