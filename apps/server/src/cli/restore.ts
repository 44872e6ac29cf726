import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BackupError, restore } from '../platform/backup';
import { ConfigError, loadConfig } from '../platform/config';
import { DataDirLockedError } from '../platform/db';

/**
 * npm run restore -- FILE [--force]
 * Restores a backup into the configured database (DATABASE_URL, else the embedded data folder). Stop
 * the server first. Refuses a wrong key or a non-empty target (unless --force) before changing anything.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { force: { type: 'boolean', default: false } },
});
const file = positionals[0];
if (!file) {
  process.stderr.write('usage: npm run restore -- <backup.tar> [--force]\n');
  process.exit(2);
}
try {
  const config = loadConfig();
  const r = await restore(
    { databaseUrl: config.databaseUrl, dataDir: resolve(config.dataDir), configuredKey: config.encryptionKey },
    resolve(process.env.INIT_CWD ?? process.cwd(), file),
    { force: values.force },
  );
  const rows = Object.values(r.rowCounts).reduce((a, b) => a + b, 0);
  process.stdout.write(
    `restored ${file} (made ${r.manifest.createdAt}, version ${r.manifest.version}): ${rows} rows, ${r.manifest.files} files; counts and key verified\n` +
      (r.movedAside ? `  the previous embedded database was moved to ${r.movedAside}\n` : ''),
  );
} catch (err) {
  if (err instanceof BackupError || err instanceof ConfigError || err instanceof DataDirLockedError) {
    process.stderr.write(`restore failed: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
