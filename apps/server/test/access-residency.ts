import type { Role } from '@louzhang/contracts';
import type { RouteAccess } from './access-route';
import { buildUser, child, uniq } from './factories';
import { login } from './harness';
import { totp } from './totp';
import type { SideWorld, World, WorldExtension } from './world';

/**
 * Access rules of residency (modules/residency) and of the second factor and street sign-in rules
 * (modules/auth/second-factor.*), merged into ACCESS by access-table.ts.
 */

const CONFIRMERS: readonly Role[] = ['captain', 'grid_worker', 'community_staff', 'street_staff'];

/** A building of the side where nobody lives yet, for claims that every role may raise. */
export const residencyWorld: WorldExtension = async (w, side) => {
  const s = w[side];
  s.ids.emptyBuilding = (await child(w.t.database.db, s.tree.estate, 'building', `空楼-${uniq()}`)).id;
};

/** A fresh newcomer's pending claim in the side's building (each call decides one). */
async function pendingClaim(s: SideWorld, w: World): Promise<Record<string, number>> {
  const u = await buildUser(w.t.database.db, w.t.cipher, []);
  const res = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/residency-claims',
    headers: { cookie: await login(w.t.app, u.phone) },
    payload: { buildingId: s.tree.building.id, room: '302' },
  });
  if (res.statusCode !== 201) throw new Error(`claim fixture: ${res.statusCode} ${res.body}`);
  return { id: res.json().id };
}

export const RESIDENCY_ACCESS: Record<string, RouteAccess> = {
  'POST /api/v1/residency-claims': {
    allow: 'signed-in',
    outside: 'none',
    body: (s) => ({ buildingId: s.ids.emptyBuilding, room: '101' }),
  },
  'GET /api/v1/residency-claims': { allow: CONFIRMERS, outside: 'none' },
  'GET /api/v1/residency-claims/export': { allow: CONFIRMERS, outside: 'none' },
  'GET /api/v1/residency-claims/mine': { allow: 'signed-in', outside: 'none' },
  'POST /api/v1/residency-claims/{id}/confirm': {
    allow: CONFIRMERS,
    outside: 'deny',
    params: pendingClaim,
    body: () => ({ room: '302' }),
  },
  'POST /api/v1/residency-claims/{id}/reject': {
    allow: CONFIRMERS,
    outside: 'deny',
    params: pendingClaim,
    body: () => ({ reason: '经核实不住本楼' }),
  },
  'GET /api/v1/residency/buildings': {
    allow: 'signed-in',
    outside: 'none',
    query: (s) => ({ q: s.tree.building.name }),
  },
  'GET /api/v1/residency/buildings/{id}/rooms': {
    allow: 'signed-in',
    outside: 'none',
    params: (s) => ({ id: s.tree.building.id }),
  },
  'POST /api/v1/auth/totp/setup': { allow: 'signed-in', outside: 'none' },
  // Sets up the caller's authenticator and answers with its first code (from the test's own RFC 6238).
  'POST /api/v1/auth/totp/confirm': {
    allow: 'signed-in',
    outside: 'none',
    body: async (_s, w, role) => {
      if (!role) return { code: '000000' };
      const cookie = w.cookies[role];
      const res = await w.t.app.inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers: { cookie } });
      return { code: totp(res.json().secret, w.t.clock.now().getTime()) };
    },
  },
  'GET /api/v1/streets/{id}/sign-in-settings': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    params: (s) => ({ id: s.tree.street.id }),
  },
  'PUT /api/v1/streets/{id}/sign-in-settings': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    params: (s) => ({ id: s.tree.street.id }),
    body: () => ({ staffPasswordRequired: false, staffTotpRequired: false }),
  },
};
