import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser } from '../../test/factories';
import { login, multipartFile, startTestApp, type TestApp } from '../../test/harness';
import { rows } from './db';

let t: TestApp;
let cookie: string;

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_URL: 'https://louzhang.example.cn', ALLOWED_ORIGINS: 'https://proxy.example.cn' });
  const a = await buildTree(t.database.db);
  cookie = await login(
    t.app,
    (await buildUser(t.database.db, t.cipher, [{ role: 'captain', unit: a.building }])).phone,
  );
});
afterAll(() => t.close());

const upload = async (headers: Record<string, string>) => {
  const img = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
    .jpeg()
    .toBuffer();
  const mp = multipartFile('file', 'p.jpg', img, 'image/jpeg');
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/photos',
    payload: mp.payload,
    headers: { ...mp.headers, host: 'localhost:3000', ...headers },
  });
};
const photoCount = async () =>
  (await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from photos`))[0]?.n;

describe('cross-origin writes with the session cookie (CSRF)', () => {
  it('refuses a cookie-carrying write from another origin of the same site, and changes nothing', async () => {
    const before = await photoCount();
    for (const headers of <Record<string, string>[]>[
      { cookie, origin: 'http://localhost:5173' },
      { cookie, origin: 'http://localhost:3000', 'sec-fetch-site': 'same-site' },
      { cookie, 'sec-fetch-site': 'cross-site' },
      { cookie, origin: 'null' },
      { cookie, origin: 'https://evil.example.cn' },
    ]) {
      const res = await upload(headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json().error.code).toBe('CROSS_ORIGIN_REFUSED');
    }
    expect(await photoCount()).toBe(before);
  });

  it('lets the same origin, the public URL, configured proxy origins and non-browser clients write', async () => {
    for (const headers of <Record<string, string>[]>[
      { cookie, origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' },
      { cookie, 'sec-fetch-site': 'same-origin' },
      { cookie, origin: 'https://louzhang.example.cn' },
      { cookie, origin: 'https://proxy.example.cn' },
      { cookie },
    ]) {
      expect((await upload(headers)).statusCode, JSON.stringify(headers)).toBe(201);
    }
  });

  it('leaves reads and requests without cookies alone', async () => {
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie, origin: 'https://evil.example.cn', 'sec-fetch-site': 'cross-site' },
    });
    expect(me.statusCode).toBe(200);
    const anon = await upload({ origin: 'https://evil.example.cn', 'sec-fetch-site': 'cross-site' });
    expect(anon.statusCode).toBe(401);
  });
});
