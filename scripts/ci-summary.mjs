// Adds up the vitest JSON reports and the "N passed, M failed" lines of the other suites into the
// one closing line CI reads. Exits non-zero when anything failed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'test-output';
let passed = 0;
let failed = 0;
for (const f of existsSync(dir) ? readdirSync(dir) : []) {
  const path = join(dir, f);
  if (f.endsWith('.json')) {
    const r = JSON.parse(readFileSync(path, 'utf8'));
    passed += r.numPassedTests ?? 0;
    failed += (r.numFailedTests ?? 0) + (r.success === false && !r.numFailedTests ? 1 : 0);
  } else if (f.endsWith('.log')) {
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const m = /(\d+) passed, (\d+) failed/.exec(lines.at(-1) ?? '');
    if (m) {
      passed += Number(m[1]);
      failed += Number(m[2]);
    } else {
      failed += 1;
    }
  }
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
