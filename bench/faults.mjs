// `npm run test:faults`: runs bench/faults.ts under tsx (FAULTS_SIZE=small in CI).
import { spawnSync } from 'node:child_process';

const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/faults.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
