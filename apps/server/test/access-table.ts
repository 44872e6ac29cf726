import type { Role } from '@louzhang/contracts';
import { buildHouseholdTemplate } from '../src/modules/households/households-excel';
import { uniq } from './factories';
import { multipartFile } from './harness';
import { cookieOf, jpeg, type Side, type SideWorld, type World, type WorldExtension } from './world';

/**
 * Who may call what (DESIGN §2), one entry per route of /api/v1/openapi.json, keyed `METHOD /path`
 * exactly as the OpenAPI document spells it. The access matrix test (access-matrix.int.test.ts) calls
 * every route as anonymous, as the inside user of every role, and — where the request names a row or
 * an org unit — with the outside side's row, and asserts:
 *   anonymous → 401 (unless public); allowed role inside → `ok`; any other role → 403/404;
 *   outside → 403/404 for everyone, never the row; no response of an inside user mentions OUTSIDE_MARK.
 * A route missing here FAILS the test: declare new routes when you add them. The fuzz test reuses
 * `body`/`params`/`query` as the valid request it mutates.
 */
export interface Built {
  payload?: unknown;
  headers?: Record<string, string>;
}

export interface RouteAccess {
  /** Roles allowed inside their jurisdiction; 'public' needs no sign-in; 'signed-in' is any role. */
  allow: readonly Role[] | 'public' | 'signed-in';
  /** Path parameters for a side's fixtures. */
  params?: (
    s: SideWorld,
    w: World,
    role: Role | null,
  ) => Record<string, string | number> | Promise<Record<string, string | number>>;
  query?: (s: SideWorld, w: World) => Record<string, string>;
  /** A valid JSON body (fresh per call: creating routes are called once per role). */
  body?: (s: SideWorld, w: World, role: Role | null) => unknown | Promise<unknown>;
  /** A multipart body instead of JSON. */
  multipart?: (s: SideWorld, w: World) => Promise<Built>;
  /** Statuses of an allowed call; default [200, 201, 204]. */
  ok?: readonly number[];
  /** 'deny': the outside variant of the request must be refused. 'none': the request has no side. */
  outside: 'deny' | 'none';
  /** Uses up the session (logout): the test signs in afresh for each call. */
  freshSession?: boolean;
}

const STAFF_READ: readonly Role[] = ['captain', 'grid_worker', 'community_staff', 'street_staff', 'admin'];
const REGISTRY_WRITE: readonly Role[] = ['grid_worker', 'community_staff', 'admin'];

export const ACCESS: Record<string, RouteAccess> = {
  // Printable stairwell boards (DESIGN §4.9): the building's captain and the staff above it; a batch
  // for a community is for the community's staff and above.
  'GET /api/v1/buildings/{id}/board.pdf': {
    allow: STAFF_READ,
    outside: 'deny',
    params: (s) => ({ id: s.tree.building.id }),
  },
  'GET /api/v1/org-units/{id}/boards.pdf': {
    allow: ['community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    params: (s) => ({ id: s.tree.community.id }),
  },
  // Open311 keys of a street: its street staff and admins; the list shows each caller their streets' keys.
  'GET /api/v1/open311/clients': { allow: 'signed-in', outside: 'none' },
  'POST /api/v1/open311/clients': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    body: (s) => ({ streetId: s.tree.street.id, name: `接入方${uniq()}` }),
  },
  'POST /api/v1/open311/clients/{id}/revoke': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    params: (s) => ({ id: s.ids.open311Client as number }),
  },

  'GET /api/v1/health': { allow: 'public', outside: 'none' },

  'POST /api/v1/auth/login': {
    allow: 'public',
    outside: 'none',
    body: (s) => ({ phone: s.users.captain.phone, password: 'louzhang123' }),
  },
  'POST /api/v1/auth/logout': { allow: 'signed-in', outside: 'none', freshSession: true },
  'GET /api/v1/auth/me': { allow: 'signed-in', outside: 'none' },

  // Every role browses the tree below its bindings; the target is the side's building, which lies
  // below every binding except a department's and a partner organisation's.
  'GET /api/v1/org-units': {
    allow: ['resident', 'captain', 'grid_worker', 'community_staff', 'street_staff', 'property_window', 'admin'],
    outside: 'deny',
    query: (s) => ({ parentId: String(s.tree.building.id) }),
  },
  'GET /api/v1/org-units/{id}': {
    allow: ['resident', 'captain', 'grid_worker', 'community_staff', 'street_staff', 'property_window', 'admin'],
    outside: 'deny',
    params: (s) => ({ id: s.tree.building.id }),
  },
  'POST /api/v1/org-units': {
    allow: ['admin'],
    outside: 'deny',
    body: (s) => ({ parentId: s.tree.building.id, kind: 'unit', name: `${uniq()}单元` }),
  },

  'GET /api/v1/households': {
    allow: STAFF_READ,
    outside: 'deny',
    query: (s) => ({ orgUnitId: String(s.tree.building.id) }),
  },
  'GET /api/v1/households/mine': { allow: ['resident'], outside: 'none' },
  'GET /api/v1/households/import-template': { allow: 'signed-in', outside: 'none' },
  'GET /api/v1/households/export': {
    allow: STAFF_READ,
    outside: 'deny',
    query: (s) => ({ orgUnitId: String(s.tree.building.id) }),
  },
  'POST /api/v1/households/import': {
    allow: REGISTRY_WRITE,
    // The file names buildings; those outside one's jurisdiction are reported as unknown rows.
    outside: 'none',
    query: () => ({ dryRun: 'true' }),
    multipart: async () => multipartFile('file', 'registry.xlsx', await buildHouseholdTemplate()),
  },
  'GET /api/v1/households/{id}': {
    allow: STAFF_READ,
    outside: 'deny',
    params: (s) => ({ id: s.household.id }),
  },
  'POST /api/v1/households': {
    allow: REGISTRY_WRITE,
    outside: 'deny',
    body: (s) => ({
      buildingId: s.tree.building.id,
      floor: 2,
      room: `${uniq()}`,
      residents: [{ name: '新住户' }],
    }),
  },
  'POST /api/v1/residents/{id}/reveal': {
    allow: ['captain', 'grid_worker', 'community_staff', 'street_staff'],
    outside: 'deny',
    params: (s) => ({ id: s.resident.id }),
    body: () => ({ field: 'phone', purpose: '上门走访联系' }),
  },

  'POST /api/v1/photos': {
    allow: 'signed-in',
    outside: 'none',
    multipart: async () => multipartFile('file', 'p.jpg', await jpeg(Math.floor(Math.random() * 255)), 'image/jpeg'),
  },
  'GET /api/v1/photos/{id}': {
    allow: [
      'captain',
      'grid_worker',
      'community_staff',
      'street_staff',
      'department_staff',
      'property_window',
      'admin',
    ],
    outside: 'deny',
    params: (s) => ({ id: s.photo.id }),
  },

  'GET /api/v1/points/me': { allow: ['captain'], outside: 'none' },
  'GET /api/v1/points/accounts/{userId}': {
    allow: ['community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    params: (s) => ({ userId: s.users.captain.id }),
  },
  'GET /api/v1/points/adjustments': { allow: ['street_staff', 'admin'], outside: 'none' },
  'POST /api/v1/points/adjustments': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    body: (s) => ({ captainUserId: s.users.captain.id, points: 5, reason: '补录积分' }),
  },
  'POST /api/v1/points/adjustments/{id}/approve': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    params: async (s, w, role) => ({
      id: await pendingAdjustment(w, s, role === 'street_staff' ? 'admin' : 'street_staff'),
    }),
    // NB: with no body at all the route answers 400 VALIDATION_FAILED (its optional body schema refuses null).
    body: () => ({ note: '核实无误' }),
  },
  'POST /api/v1/points/adjustments/{id}/reject': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    params: async (s, w) => ({ id: await pendingAdjustment(w, s, 'street_staff') }),
    body: () => ({}),
  },
};

/** A fresh adjustment above the street's threshold, so it waits for a second approver. */
async function pendingAdjustment(w: World, s: SideWorld, requester: Role): Promise<number> {
  const res = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/points/adjustments',
    headers: { cookie: cookieOf(w, s, requester) },
    payload: { captainUserId: s.users.captain.id, points: 500, reason: '年度表彰补发' },
  });
  if (res.statusCode !== 201 || res.json().status !== 'pending')
    throw new Error(`adjustment: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

/** Fixtures other modules need on both sides; add yours here (it receives the world and a side). */
export const EXTENSIONS: WorldExtension[] = [
  // an Open311 key on each side's street, to revoke
  async (w, side) => {
    const s = side === 'inside' ? w.inside : w.outside;
    s.ids.open311Client = (
      await w.t.services.open311.createClient(s.tree.street.id, `matrix-${side}`, `k-${uniq()}`)
    ).id;
  },
];

export type { Side };
