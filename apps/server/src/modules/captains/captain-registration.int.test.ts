import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { readPdf } from '../../../test/pdf-text';
import { rows, transaction } from '../../platform/db';

let t: TestApp;
let a: Tree;
let other: Tree;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  a = await buildTree(db);
  other = await buildTree(db, { city: a.city, district: a.district, street: a.street });
  const users = {
    community: await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }], '社区李主任'),
    otherCommunity: await buildUser(db, t.cipher, [{ role: 'community_staff', unit: other.community }]),
    grid: await buildUser(db, t.cipher, [{ role: 'grid_worker', unit: a.grid }]),
  };
  for (const [k, u] of Object.entries(users)) cookies[k] = await login(t.app, u.phone);
});
afterAll(() => t.close());

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
  t.app.inject({ method, url, headers: { cookie: cookies[who] as string }, ...(payload ? { payload } : {}) });

async function boardText(buildingId: number): Promise<string> {
  const res = await call('community', 'GET', `/api/v1/buildings/${buildingId}/board.pdf`);
  expect(res.statusCode).toBe(200);
  return (await readPdf(res.rawPayload)).pages[0]?.text ?? '';
}

describe('captain registration by staff', () => {
  it('makes a resident the captain of a building at once (board, role), and unbinds them with a reason', async () => {
    const resident = await buildUser(t.database.db, t.cipher, [{ role: 'resident', unit: a.building }], '梁家俊');
    expect(await boardText(a.building.id)).not.toContain('梁家俊');

    const res = await call('community', 'POST', `/api/v1/buildings/${a.building.id}/captains`, {
      userId: resident.id,
      reason: '居民推选',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toMatchObject({
      userId: resident.id,
      userName: '梁家俊',
      action: 'bind',
      reason: '居民推选',
      actorName: '社区李主任',
    });
    expect(await boardText(a.building.id)).toContain('梁家俊');
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: await login(t.app, resident.phone) },
    });
    expect(
      me
        .json()
        .user.roles.map((r: { role: string }) => r.role)
        .sort(),
    ).toEqual(['captain', 'resident']);

    const noReason = await call(
      'community',
      'POST',
      `/api/v1/buildings/${a.building.id}/captains/${resident.id}/unbind`,
      {
        reason: '',
      },
    );
    expect(noReason.statusCode).toBe(400);
    const gone = await call('community', 'POST', `/api/v1/buildings/${a.building.id}/captains/${resident.id}/unbind`, {
      reason: '搬离本楼',
    });
    expect(gone.statusCode).toBe(200);
    expect(gone.json().items.map((i: { action: string; reason: string }) => [i.action, i.reason])).toEqual([
      ['unbind', '搬离本楼'],
      ['bind', '居民推选'],
    ]);
    expect(await boardText(a.building.id)).not.toContain('梁家俊');
    const again = await call('community', 'POST', `/api/v1/buildings/${a.building.id}/captains/${resident.id}/unbind`, {
      reason: '再次',
    });
    expect(again.statusCode).toBe(404);
  });

  it('binds one captain to several buildings in one transaction, leaving buildings already theirs alone', async () => {
    const second = await child(t.database.db, a.estate, 'building');
    const u = await buildUser(t.database.db, t.cipher, [{ role: 'captain', unit: a.building }]);
    const me = await buildUser(t.database.db, t.cipher, [{ role: 'community_staff', unit: a.community }]);
    const ctx = {
      actor: (await t.services.auth.resolve((await login(t.app, me.phone)).split('=')[1] as string)) as NonNullable<
        Awaited<ReturnType<typeof t.services.auth.resolve>>
      >,
      ip: '127.0.0.1',
      lang: 'zh' as const,
    };
    const bound = await transaction(t.database.db, (tx) =>
      t.services.captainRegistration.registerIn(tx, ctx, { userId: u.id, buildingIds: [a.building.id, second.id] }),
    );
    expect(bound).toEqual([second.id]);
    // One outside the caller's community rolls the whole registration back.
    const third = await child(t.database.db, a.estate, 'building');
    await expect(
      transaction(t.database.db, (tx) =>
        t.services.captainRegistration.registerIn(tx, ctx, {
          userId: u.id,
          buildingIds: [third.id, other.building.id],
        }),
      ),
    ).rejects.toThrow();
    const [n] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from role_bindings where user_id = ${u.id} and org_unit_id = ${third.id}`,
    );
    expect(Number(n?.n)).toBe(0);
  });

  it('refuses staff of another community (not found) and a grid worker, and changes nothing', async () => {
    const u = await buildUser(t.database.db, t.cipher, []);
    for (const who of ['otherCommunity', 'grid']) {
      const res = await call(who, 'POST', `/api/v1/buildings/${a.building.id}/captains`, { userId: u.id });
      expect(res.statusCode).toBe(404);
      expect((await call(who, 'GET', `/api/v1/buildings/${a.building.id}/captains`)).statusCode).toBe(404);
    }
    const [n] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from role_bindings where user_id = ${u.id}`,
    );
    expect(Number(n?.n)).toBe(0);
  });

  it('registers a captain granted from 用户与权限 too, so the history has every binding', async () => {
    const u = await buildUser(t.database.db, t.cipher, [], '陈志强');
    const building = await child(t.database.db, a.estate, 'building');
    const res = await call('community', 'POST', `/api/v1/accounts/${u.id}/bindings`, {
      role: 'captain',
      orgUnitId: building.id,
      reason: '居民推选',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().roles.map((r: { role: string; orgUnitId: number }) => [r.role, r.orgUnitId])).toEqual([
      ['captain', building.id],
    ]);
    const history = (await call('community', 'GET', `/api/v1/buildings/${building.id}/captains`)).json().items;
    expect(history).toEqual([expect.objectContaining({ userId: u.id, action: 'bind', reason: '居民推选' })]);
  });

  it('keeps the history append-only at the database', async () => {
    const refusal = async (q: ReturnType<typeof sql>) => {
      try {
        await t.database.db.execute(q);
        return 'changed';
      } catch (e) {
        return `${(e as Error).message} ${((e as Error).cause as Error | undefined)?.message ?? ''}`;
      }
    };
    expect(await refusal(sql`update captain_assignments set reason = 'x'`)).toMatch(/append-only/);
    expect(await refusal(sql`delete from captain_assignments`)).toMatch(/append-only/);
  });
});
