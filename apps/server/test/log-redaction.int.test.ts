import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../src/app';
import { FakeClock } from '../src/platform/clock';
import { loadConfig } from '../src/platform/config';
import { PiiCipher } from '../src/platform/crypto';
import { LocalDiskStore } from '../src/platform/files';
import { buildHousehold, buildTree, buildUser } from './factories';
import { freshDatabase, login } from './harness';

/** What the server writes to its log, read back line by line. */
let lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});

let close: () => Promise<void>;
let app: Awaited<ReturnType<typeof buildApp>>['app'];
let staff: string;
const KEY = 'log-test-open311-secret-key';

beforeAll(async () => {
  const { database, drop } = await freshDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    LOUZHANG_ENCRYPTION_KEY: inject('encryptionKey'),
    SEED_ON_EMPTY: 'false',
    JOBS_ENABLED: 'false',
  });
  const cipher = new PiiCipher(Buffer.from(inject('encryptionKey'), 'base64'));
  const files = mkdtempSync(join(tmpdir(), 'louzhang-log-'));
  const built = await buildApp({
    config,
    database,
    clock: new FakeClock(),
    cipher,
    store: new LocalDiskStore(files),
    logStream: sink,
  });
  app = built.app;
  await app.ready();
  const a = await buildTree(database.db);
  await buildHousehold(database.db, built.services.households, a.building, [{ name: '司徒美华' }]);
  staff = await login(
    app,
    (await buildUser(database.db, cipher, [{ role: 'community_staff', unit: a.community }])).phone,
  );
  await built.services.open311.createClient(a.street.id, '12345', KEY);
  close = async () => {
    await app.close();
    await drop();
    rmSync(files, { recursive: true, force: true });
  };
});
afterAll(() => close());

describe('logs', () => {
  it('never carry an Open311 API key or the names people searched for', async () => {
    lines = [];
    const search = await app.inject({
      method: 'GET',
      url: `/api/v1/households?q=${encodeURIComponent('司徒美华')}`,
      headers: { cookie: staff },
    });
    expect(search.statusCode).toBe(200);
    const o311 = await app.inject({ method: 'GET', url: `/open311/v2/requests.json?api_key=${KEY}` });
    expect(o311.statusCode).toBe(200);
    const wrong = await app.inject({ method: 'GET', url: '/open311/v2/requests.json?api_key=another-secret-key-123' });
    expect(wrong.statusCode).toBe(403);
    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(log).toContain('/api/v1/households');
    expect(log).not.toContain(KEY);
    expect(log).not.toContain('another-secret-key-123');
    expect(log).not.toContain('司徒美华');
    expect(log).not.toContain(encodeURIComponent('司徒美华'));
    expect(log).not.toContain(staff.split('=')[1] as string);
  });
});
