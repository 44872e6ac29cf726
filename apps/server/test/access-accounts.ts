import { createHash } from 'node:crypto';
import type { Role } from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import { rows } from '../src/platform/db';
import type { RouteAccess } from './access-route';
import { buildUser, phone, uniq } from './factories';
import { login } from './harness';
import type { SideWorld, World } from './world';

/**
 * Access rules of sign-in, sessions, accounts and role grants, captain registration and the SMS outbox (modules/auth,
 * modules/accounts), merged into ACCESS by access-table.ts.
 */
/** Who grants roles (role-grants.policy.ts). */
const GRANTERS: readonly Role[] = ['community_staff', 'street_staff', 'admin'];

/** A new captain of the side's building, with the id of that binding. */
async function freshCaptain(s: SideWorld, w: World): Promise<{ id: number; bindingId: number }> {
  const u = await buildUser(w.t.database.db, w.t.cipher, [{ role: 'captain', unit: s.tree.building }]);
  const [b] = await rows<{ id: number }>(w.t.database.db, sql`select id from role_bindings where user_id = ${u.id}`);
  return { id: u.id, bindingId: Number(b?.id) };
}

/** A mobile number no other call uses. */
function freshPhone(): string {
  return phone();
}

/** Asks for a code for `p` and reads it from the outbox row, as the person would from the SMS. */
async function smsCodeFor(w: World, p: string, purpose: 'login' | 'reset'): Promise<string> {
  const res = await w.t.app.inject({ method: 'POST', url: '/api/v1/auth/sms-code', payload: { phone: p, purpose } });
  if (res.statusCode !== 202) throw new Error(`sms-code ${res.statusCode} ${res.body}`);
  const [row] = await rows<{ code: string }>(
    w.t.database.db,
    sql`select payload->'params'->>'code' as code from notification_outbox
        where phone_hash = ${w.t.cipher.blindIndex('phone', p)} order by id desc limit 1`,
  );
  if (!row) throw new Error(`no code for ${p}`);
  return row.code;
}

export const ACCOUNTS_ACCESS: Record<string, RouteAccess> = {
  'POST /api/v1/auth/login': {
    allow: 'public',
    outside: 'none',
    body: (s) => ({ phone: s.users.captain.phone, password: 'louzhang123' }),
  },
  // SMS-code sign-in is open to anyone (it signs a new phone up); a valid code is read from the outbox.
  'POST /api/v1/auth/sms-code': { allow: 'public', outside: 'none', ok: [202], body: () => ({ phone: freshPhone() }) },
  'POST /api/v1/auth/sms-login': {
    allow: 'public',
    outside: 'none',
    body: async (_s, w) => {
      const phone = freshPhone();
      return { phone, code: await smsCodeFor(w, phone, 'login') };
    },
  },
  'POST /api/v1/auth/password-reset': {
    allow: 'public',
    outside: 'none',
    body: async (_s, w) => {
      const u = await buildUser(w.t.database.db, w.t.cipher, []);
      return { phone: u.phone, code: await smsCodeFor(w, u.phone, 'reset'), newPassword: 'new-pass-2026' };
    },
  },
  // Accounts and roles (用户与权限): the granting roles, each within its scope (role-grants.policy.ts;
  // the full role × target × scope table is in accounts.int.test.ts).
  'GET /api/v1/accounts': {
    allow: GRANTERS,
    outside: 'deny',
    query: (s) => ({ orgUnitId: String(s.tree.building.id) }),
  },
  'GET /api/v1/accounts/export': {
    allow: GRANTERS,
    outside: 'deny',
    query: (s) => ({ orgUnitId: String(s.tree.building.id) }),
  },
  'POST /api/v1/accounts': {
    allow: GRANTERS,
    outside: 'deny',
    ok: [201],
    body: (s) => ({ name: `新楼长${uniq()}`, phone: phone(), role: 'captain', orgUnitId: s.tree.building.id }),
  },
  'GET /api/v1/accounts/{id}': { allow: GRANTERS, outside: 'deny', params: (s) => ({ id: s.users.captain.id }) },
  'POST /api/v1/accounts/{id}/bindings': {
    allow: GRANTERS,
    outside: 'deny',
    params: async (_s, w) => ({ id: (await buildUser(w.t.database.db, w.t.cipher, [])).id }),
    body: (s) => ({ role: 'captain', orgUnitId: s.tree.building.id }),
  },
  'POST /api/v1/accounts/{id}/bindings/{bindingId}/revoke': {
    allow: GRANTERS,
    outside: 'deny',
    params: async (s, w) => {
      const u = await freshCaptain(s, w);
      return { id: u.id, bindingId: u.bindingId };
    },
    body: () => ({ reason: '搬离' }),
  },
  'POST /api/v1/accounts/{id}/disable': {
    allow: GRANTERS,
    outside: 'deny',
    params: async (s, w) => ({ id: (await freshCaptain(s, w)).id }),
    body: () => ({ reason: '离职' }),
  },
  'POST /api/v1/accounts/{id}/enable': {
    allow: GRANTERS,
    outside: 'deny',
    params: async (s, w) => ({ id: (await freshCaptain(s, w)).id }),
  },
  'POST /api/v1/accounts/{id}/second-factor/reset': {
    allow: GRANTERS,
    outside: 'deny',
    params: async (s, w) => ({ id: (await freshCaptain(s, w)).id }),
  },
  'POST /api/v1/accounts/{id}/password-reset': {
    allow: GRANTERS,
    outside: 'deny',
    params: async (s, w) => ({ id: (await freshCaptain(s, w)).id }),
  },
  // Captain registration by staff: the grant rule for `captain` at the building.
  'GET /api/v1/buildings/{id}/captains': {
    allow: GRANTERS,
    outside: 'deny',
    params: (s) => ({ id: s.tree.building.id }),
  },
  'POST /api/v1/buildings/{id}/captains': {
    allow: GRANTERS,
    outside: 'deny',
    params: (s) => ({ id: s.tree.building.id }),
    body: async (_s, w) => ({ userId: (await buildUser(w.t.database.db, w.t.cipher, [])).id, reason: '居民推选' }),
  },
  'POST /api/v1/buildings/{id}/captains/{userId}/unbind': {
    allow: GRANTERS,
    outside: 'deny',
    params: async (s, w) => ({ id: s.tree.building.id, userId: (await freshCaptain(s, w)).id }),
    body: () => ({ reason: '搬离本楼' }),
  },
  'GET /api/v1/me/sessions': { allow: 'signed-in', outside: 'none' },
  // Ends another session of the caller (a second sign-in made for the purpose).
  'POST /api/v1/me/sessions/{id}/end': {
    allow: 'signed-in',
    outside: 'none',
    params: async (s, w, role) => {
      if (!role) return { id: 'AAAAAAAAAAAAAAAA' };
      const cookie = await login(w.t.app, s.users[role].phone);
      const token = cookie.slice(cookie.indexOf('=') + 1);
      return { id: createHash('sha256').update(token).digest('base64url').slice(0, 16) };
    },
  },
  // The local SMS outbox: admins only, each seeing their street's messages.
  'GET /api/v1/admin/sms-outbox': { allow: ['admin'], outside: 'none' },
  'GET /api/v1/admin/sms-outbox/export': { allow: ['admin'], outside: 'none' },
  'POST /api/v1/auth/logout': { allow: 'signed-in', outside: 'none', freshSession: true },
  'GET /api/v1/auth/me': { allow: 'signed-in', outside: 'none' },
};
