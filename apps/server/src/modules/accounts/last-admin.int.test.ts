import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' }, { poolSize: 10 });
});
afterAll(() => t.close());

describe('the last admin', () => {
  it('cannot disable themselves or drop their admin role; with two, concurrent disables leave one', async () => {
    const tree = await buildTree(t.database.db);
    const a = await buildUser(t.database.db, t.cipher, [{ role: 'admin', unit: tree.city }]);
    const cookieA = await login(t.app, a.phone);
    const self = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${a.id}/disable`,
      headers: { cookie: cookieA },
      payload: { reason: '测试' },
    });
    expect(self.statusCode).toBe(409);
    expect(self.json().error.code).toBe('LAST_ADMIN');
    const [b] = await rows<{ id: number }>(t.database.db, sql`select id from role_bindings where user_id = ${a.id}`);
    const drop = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${a.id}/bindings/${b?.id}/revoke`,
      headers: { cookie: cookieA },
      payload: { reason: '测试' },
    });
    expect(drop.json().error.code).toBe('LAST_ADMIN');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: cookieA } })).statusCode,
    ).toBe(200);

    const second = await buildUser(t.database.db, t.cipher, [{ role: 'admin', unit: tree.city }]);
    const cookieB = await login(t.app, second.phone);
    const [x, y] = await Promise.all([
      t.app.inject({
        method: 'POST',
        url: `/api/v1/accounts/${second.id}/disable`,
        headers: { cookie: cookieA },
        payload: { reason: '互相停用' },
      }),
      t.app.inject({
        method: 'POST',
        url: `/api/v1/accounts/${a.id}/disable`,
        headers: { cookie: cookieB },
        payload: { reason: '互相停用' },
      }),
    ]);
    // Exactly one succeeds. The other is refused: LAST_ADMIN when it is checked after the first commits,
    // or UNAUTHENTICATED when the first disable ended its author's session before it was read.
    const outcomes = [x, y].map((r) => `${r.statusCode} ${r.statusCode === 200 ? 'ok' : r.json().error.code}`).sort();
    expect(outcomes[0]).toBe('200 ok');
    expect(['401 UNAUTHENTICATED', '409 LAST_ADMIN']).toContain(outcomes[1]);
    const [n] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from users u join role_bindings b on b.user_id = u.id
          where b.role = 'admin' and u.disabled_at is null`,
    );
    expect(Number(n?.n)).toBe(1);
  });
});
