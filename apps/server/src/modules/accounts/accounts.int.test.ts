import { ROLES, type Role } from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, phone, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { unitsOf } from '../../../test/world';
import { rows } from '../../platform/db';
import type { OrgUnitRow } from '../org/org.repository';
import { insertChild } from '../org/org.repository';

let t: TestApp;
interface Side {
  tree: Tree;
  unitOf: Record<Role, OrgUnitRow>;
}
let inside: Side;
let outside: Side;
const cookies = {} as Record<Role, string>;

async function side(): Promise<Side> {
  const db = t.database.db;
  const tree = await buildTree(db);
  const department = await insertChild(db, tree.district, {
    kind: 'department',
    name: '城管',
    management: null,
    address: null,
  });
  const partnerOrg = await insertChild(db, tree.street, {
    kind: 'partner_org',
    name: '供电所',
    management: null,
    address: null,
  });
  return { tree, unitOf: unitsOf(tree, department, partnerOrg) };
}

beforeAll(async () => {
  t = await startTestApp(
    { LOGIN_RATE_PER_MINUTE: '100000', SMS_RATE_PER_ADDRESS_PER_HOUR: '100000' },
    { poolSize: 10 },
  );
  inside = await side();
  outside = await side();
  for (const role of ROLES) {
    const u = await buildUser(t.database.db, t.cipher, [{ role, unit: inside.unitOf[role] }]);
    cookies[role] = await login(t.app, u.phone);
  }
}, 120_000);
afterAll(() => t.close());

const call = (method: 'GET' | 'POST', url: string, cookie: string, payload?: Record<string, unknown>) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

/** The rule written out by hand (admin here is bound at the street, as in the access matrix). */
const MAY_GRANT_INSIDE: Partial<Record<Role, Role[]>> = {
  admin: [
    'resident',
    'captain',
    'grid_worker',
    'community_staff',
    'street_staff',
    'property_window',
    'partner',
    'admin',
  ],
  street_staff: ['resident', 'captain', 'grid_worker', 'community_staff', 'street_staff', 'property_window', 'partner'],
  community_staff: ['captain', 'grid_worker', 'community_staff'],
};

describe('granting roles through the API (every role × every target role × inside/outside)', () => {
  it('grants exactly what the rule allows and refuses the rest with 403/404, changing nothing', async () => {
    const failures: string[] = [];
    for (const g of ROLES) {
      const target = await buildUser(t.database.db, t.cipher, []);
      for (const role of ROLES) {
        for (const [name, s] of [
          ['inside', inside],
          ['outside', outside],
        ] as const) {
          const want = name === 'inside' && (MAY_GRANT_INSIDE[g] ?? []).includes(role);
          const res = await call('POST', `/api/v1/accounts/${target.id}/bindings`, cookies[g], {
            role,
            orgUnitId: s.unitOf[role].id,
          });
          const ok = want ? res.statusCode === 200 : [403, 404].includes(res.statusCode);
          if (!ok) failures.push(`${g} → ${role} ${name}: ${res.statusCode} ${res.body.slice(0, 120)}`);
        }
      }
      const held = await rows<{ role: string }>(
        t.database.db,
        sql`select role from role_bindings where user_id = ${target.id} order by role`,
      );
      expect(held.map((r) => r.role)).toEqual([...(MAY_GRANT_INSIDE[g] ?? [])].sort());
    }
    expect(failures).toEqual([]);
  });

  it('refuses a role at the wrong kind of unit (a grid worker at a building) with ROLE_UNIT_MISMATCH', async () => {
    const target = await buildUser(t.database.db, t.cipher, []);
    const res = await call('POST', `/api/v1/accounts/${target.id}/bindings`, cookies.community_staff, {
      role: 'grid_worker',
      orgUnitId: inside.tree.building.id,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('ROLE_UNIT_MISMATCH');
  });

  it('refuses a street officer granting admin in their own street with GRANT_NOT_ALLOWED', async () => {
    const target = await buildUser(t.database.db, t.cipher, []);
    const res = await call('POST', `/api/v1/accounts/${target.id}/bindings`, cookies.street_staff, {
      role: 'admin',
      orgUnitId: inside.tree.street.id,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('GRANT_NOT_ALLOWED');
  });
});

describe('staff accounts', () => {
  it('creates a grid worker account who then signs in by SMS code and holds the role', async () => {
    const p = phone();
    const res = await call('POST', '/api/v1/accounts', cookies.community_staff, {
      name: '网格员小李',
      phone: p,
      role: 'grid_worker',
      orgUnitId: inside.tree.grid.id,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: '网格员小李',
      phoneMasked: `${p.slice(0, 3)}****${p.slice(7)}`,
      disabled: false,
      roles: [{ role: 'grid_worker', orgUnitId: inside.tree.grid.id }],
    });
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/sms-code', payload: { phone: p } });
    const [row] = await rows<{ code: string }>(
      t.database.db,
      sql`select payload->'params'->>'code' as code from notification_outbox
          where phone_hash = ${t.cipher.blindIndex('phone', p)} order by id desc limit 1`,
    );
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sms-login',
      payload: { phone: p, code: row?.code },
    });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json().user.roles).toEqual([
      { role: 'grid_worker', orgUnitId: inside.tree.grid.id, orgUnitName: inside.tree.grid.name, orgKind: 'grid' },
    ]);
    const dup = await call('POST', '/api/v1/accounts', cookies.community_staff, {
      name: '重复',
      phone: p,
      role: 'captain',
      orgUnitId: inside.tree.building.id,
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('PHONE_TAKEN');
  });

  it('refuses to create an account outside the caller’s scope and creates nothing', async () => {
    const p = phone();
    const res = await call('POST', '/api/v1/accounts', cookies.community_staff, {
      name: '越权',
      phone: p,
      role: 'grid_worker',
      orgUnitId: outside.tree.grid.id,
    });
    expect(res.statusCode).toBe(404);
    const [n] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from users where phone_hash = ${t.cipher.blindIndex('phone', p)}`,
    );
    expect(Number(n?.n)).toBe(0);
  });

  it('finds an existing resident by phone and makes them the captain of a building', async () => {
    const resident = await buildUser(t.database.db, t.cipher, [{ role: 'resident', unit: inside.tree.building }]);
    const found = await call('GET', `/api/v1/accounts?phone=${resident.phone}`, cookies.community_staff);
    expect(found.json().items.map((a: { id: number }) => a.id)).toEqual([resident.id]);
    const res = await call('POST', `/api/v1/accounts/${resident.id}/bindings`, cookies.community_staff, {
      role: 'captain',
      orgUnitId: inside.tree.building.id,
      reason: '居民推选',
    });
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json()
        .roles.map((r: { role: string }) => r.role)
        .sort(),
    ).toEqual(['captain', 'resident']);
  });

  it('revokes a binding with a reason, audited', async () => {
    const u = await buildUser(t.database.db, t.cipher, [{ role: 'captain', unit: inside.tree.building }]);
    const [b] = await rows<{ id: number }>(t.database.db, sql`select id from role_bindings where user_id = ${u.id}`);
    const res = await call('POST', `/api/v1/accounts/${u.id}/bindings/${b?.id}/revoke`, cookies.community_staff, {
      reason: '搬离本楼',
    });
    expect(res.statusCode).toBe(204);
    const [audit] = await rows<{ detail: { reason: string } }>(
      t.database.db,
      sql`select detail from audit_log where action = 'role.revoke' and object_id = ${String(b?.id)}`,
    );
    expect(audit?.detail.reason).toBe('搬离本楼');
    const outsider = await buildUser(t.database.db, t.cipher, [{ role: 'captain', unit: outside.tree.building }]);
    const [ob] = await rows<{ id: number }>(
      t.database.db,
      sql`select id from role_bindings where user_id = ${outsider.id}`,
    );
    const refused = await call(
      'POST',
      `/api/v1/accounts/${outsider.id}/bindings/${ob?.id}/revoke`,
      cookies.community_staff,
      {
        reason: 'x',
      },
    );
    expect(refused.statusCode).toBe(404);
  });

  it('disables an account (its sessions end at once, sign-in refused) and enables it again', async () => {
    const u = await buildUser(t.database.db, t.cipher, [{ role: 'grid_worker', unit: inside.tree.grid }]);
    const theirs = await login(t.app, u.phone);
    const res = await call('POST', `/api/v1/accounts/${u.id}/disable`, cookies.street_staff, { reason: '离职' });
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect((await call('GET', '/api/v1/auth/me', theirs)).statusCode).toBe(401);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { phone: u.phone, password: 'louzhang123' },
    });
    expect(again.json().error.code).toBe('ACCOUNT_DISABLED');
    // A community may not disable what it could not grant: its street's staff sit above it (not found);
    // someone who is both a captain there and street staff is partly within reach (refused); a grid
    // worker grants nothing (not found).
    const staff = await buildUser(t.database.db, t.cipher, [{ role: 'street_staff', unit: inside.tree.street }]);
    const above = await call('POST', `/api/v1/accounts/${staff.id}/disable`, cookies.community_staff, { reason: 'x' });
    expect(above.statusCode).toBe(404);
    const both = await buildUser(t.database.db, t.cipher, [
      { role: 'captain', unit: inside.tree.building },
      { role: 'street_staff', unit: inside.tree.street },
    ]);
    const partly = await call('POST', `/api/v1/accounts/${both.id}/disable`, cookies.community_staff, { reason: 'x' });
    expect(partly.json().error.code).toBe('GRANT_NOT_ALLOWED');
    expect((await call('POST', `/api/v1/accounts/${u.id}/enable`, cookies.grid_worker)).statusCode).toBe(404);
    expect((await call('POST', `/api/v1/accounts/${u.id}/enable`, cookies.street_staff)).json().disabled).toBe(false);
    expect((await login(t.app, u.phone)).startsWith('lz_session=')).toBe(true);
  });

  it('sends a password reset code to the account’s phone, never showing a password', async () => {
    const u = await buildUser(t.database.db, t.cipher, [{ role: 'captain', unit: inside.tree.building }]);
    const res = await call('POST', `/api/v1/accounts/${u.id}/password-reset`, cookies.community_staff);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    const [row] = await rows<{ code: string; kind: string }>(
      t.database.db,
      sql`select payload->'params'->>'code' as code, payload->>'kind' as kind from notification_outbox
          where phone_hash = ${t.cipher.blindIndex('phone', u.phone)} order by id desc limit 1`,
    );
    expect(row?.kind).toBe('sms_reset_code');
    const reset = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { phone: u.phone, code: row?.code, newPassword: 'brand-new-2026' },
    });
    expect(reset.statusCode).toBe(204);
    expect((await login(t.app, u.phone, 'brand-new-2026')).startsWith('lz_session=')).toBe(true);
  });
});

describe('my sessions', () => {
  it('lists my live sessions with the current one marked, and ends another one', async () => {
    const u = await buildUser(t.database.db, t.cipher, [{ role: 'resident', unit: inside.tree.building }]);
    const phoneCookie = await login(t.app, u.phone);
    const laptop = await login(t.app, u.phone);
    const list = await call('GET', '/api/v1/me/sessions', laptop);
    const items = list.json().items as { id: string; current: boolean }[];
    expect(items).toHaveLength(2);
    expect(items.filter((s) => s.current)).toHaveLength(1);
    const other = items.find((s) => !s.current);
    expect((await call('POST', `/api/v1/me/sessions/${other?.id}/end`, laptop)).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/auth/me', phoneCookie)).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/auth/me', laptop)).statusCode).toBe(200);
    // Someone else's session id is not found.
    expect((await call('POST', `/api/v1/me/sessions/${other?.id}/end`, cookies.captain)).statusCode).toBe(404);
  });
});
