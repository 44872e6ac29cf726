import type { Role } from '@louzhang/contracts';
import type { RouteAccess } from './access-route';
import { uniq } from './factories';
import { cookieOf, type SideWorld, type World, type WorldExtension } from './world';

/**
 * Access rules of the care routes (modules/care), merged into ACCESS by access-table.ts. Care tags and
 * visit logs are for the household's captain and grid worker and community staff only (docs/rules.md#personal-data);
 * a visit is logged by the person's assigned visitor (here the side's grid worker).
 */

const CARE_READ: readonly Role[] = ['captain', 'grid_worker', 'community_staff'];
const CARE_ASSIGN: readonly Role[] = ['grid_worker', 'community_staff'];

async function api(w: World, s: SideWorld, role: Role, method: 'POST' | 'PUT', url: string, payload: object) {
  const res = await w.t.app.inject({ method, url, headers: { cookie: cookieOf(w, s, role) }, payload });
  if (res.statusCode >= 300) throw new Error(`care fixture ${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A fresh visit with a need, by the side's grid worker (one report per visit). */
async function visitWithNeed(w: World, s: SideWorld): Promise<number> {
  return (
    await api(w, s, 'grid_worker', 'POST', '/api/v1/care/visits', { residentId: s.resident.id, need: '需要代缴电费' })
  ).id;
}

/** The side's resident (独居老人) is visited by the side's grid worker. */
export const careWorld: WorldExtension = async (w, side) => {
  const s = w[side];
  await api(w, s, 'community_staff', 'PUT', `/api/v1/care/people/${s.resident.id}/visitor`, {
    visitorUserId: s.users.grid_worker.id,
  });
};

export const CARE_ACCESS: Record<string, RouteAccess> = {
  'GET /api/v1/care/cycles': {
    allow: ['community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    query: (s) => ({ communityId: String(s.tree.community.id) }),
  },
  'PUT /api/v1/care/cycles': {
    allow: ['community_staff'],
    outside: 'deny',
    body: (s) => ({ communityId: s.tree.community.id, careTag: 'empty_nest', everyDays: 30 }),
  },
  'GET /api/v1/care/people': {
    allow: CARE_READ,
    outside: 'deny',
    query: (s) => ({ orgUnitId: String(s.tree.building.id) }),
  },
  'GET /api/v1/care/people/export': {
    allow: CARE_READ,
    outside: 'deny',
    query: (s) => ({ orgUnitId: String(s.tree.building.id) }),
  },
  'GET /api/v1/care/people/{id}': { allow: CARE_READ, outside: 'deny', params: (s) => ({ id: s.resident.id }) },
  'GET /api/v1/care/people/{id}/visitor-options': {
    allow: CARE_ASSIGN,
    outside: 'deny',
    params: (s) => ({ id: s.resident.id }),
  },
  'PUT /api/v1/care/people/{id}/visitor': {
    allow: CARE_ASSIGN,
    outside: 'deny',
    params: (s) => ({ id: s.resident.id }),
    body: (s) => ({ visitorUserId: s.users.grid_worker.id }),
  },
  'POST /api/v1/care/people/{id}/contacts': {
    allow: ['captain', 'grid_worker', 'community_staff'],
    outside: 'deny',
    params: (s) => ({ id: s.resident.id }),
    body: () => ({ name: `亲属${uniq()}`, relation: '女儿', phone: '13912345678' }),
  },
  // Only the assigned visitor logs a visit; the captain and community staff of the building get CARE_NOT_ASSIGNED.
  'POST /api/v1/care/visits': {
    allow: ['grid_worker'],
    outside: 'deny',
    body: (s) => ({ residentId: s.resident.id, findings: '身体尚好', errands: ['anti_fraud'] }),
  },
  'POST /api/v1/care/visits/{id}/report': {
    allow: ['grid_worker', 'community_staff'],
    outside: 'deny',
    params: async (s, w) => ({ id: await visitWithNeed(w, s) }),
    body: (s) => ({ categoryId: s.ids.category }),
  },
};
