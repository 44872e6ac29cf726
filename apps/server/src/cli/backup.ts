import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BackupError, backup, backupFileName } from '../platform/backup';
import { ConfigError, loadConfig } from '../platform/config';
import { DataDirLockedError } from '../platform/db';

/**
 * npm run backup [-- --out FILE] [--include-key]
 * Writes one tar file with the database, the uploaded files and a manifest. The encryption key stays
 * out unless --include-key: keep the key and the backups in different places.
 */
const { values } = parseArgs({
  options: { out: { type: 'string' }, 'include-key': { type: 'boolean', default: false } },
});
try {
  const config = loadConfig();
  // npm runs workspace scripts in apps/server; paths typed by the user are relative to where they typed them.
  const here = process.env.INIT_CWD ?? process.cwd();
  const out = values.out ? resolve(here, values.out) : resolve(config.dataDir, '..', 'backups', backupFileName());
  const m = await backup(
    { databaseUrl: config.databaseUrl, dataDir: resolve(config.dataDir), configuredKey: config.encryptionKey },
    out,
    { includeKey: values['include-key'] },
  );
  const rows = Object.values(m.rowCounts).reduce((a, b) => a + b, 0);
  process.stdout.write(
    `backup written: ${out}\n  ${m.engine}, ${m.migrations} migrations, ${rows} rows in ${Object.keys(m.rowCounts).length} tables, ${m.files} files\n` +
      `  encryption key ${m.keyFingerprint} ${m.keyIncluded ? 'INCLUDED — keep this file secret' : 'not included: keep the key safe separately'}\n`,
  );
} catch (err) {
  if (err instanceof BackupError || err instanceof ConfigError || err instanceof DataDirLockedError) {
    process.stderr.write(`backup failed: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
