import type { Role } from '@louzhang/contracts';
import { cookieOf, type SideWorld, type World, type WorldExtension } from './world';

/**
 * Access rules of the proposal routes (modules/deliberation), merged into ACCESS by access-table.ts. On each side
 * the community staff open an informal vote over the side's building; its resident is on the roll.
 */
interface RouteAccessLike {
  allow: readonly Role[] | 'public' | 'signed-in';
  params?: (s: SideWorld, w: World, role: Role | null) => Record<string, number> | Promise<Record<string, number>>;
  body?: (s: SideWorld, w: World, role: Role | null) => unknown | Promise<unknown>;
  ok?: readonly number[];
  outside: 'deny' | 'none';
}

/** Who runs votes over the building (deliberation.policy.ts). */
const MANAGERS: readonly Role[] = ['captain', 'grid_worker', 'community_staff', 'street_staff', 'admin'];
/** Who sees a proposal: the managers, and the residents of the building. */
const READERS: readonly Role[] = ['resident', ...MANAGERS];

async function as(w: World, cookie: string, url: string, payload?: object) {
  const res = await w.t.app.inject({ method: payload ? 'POST' : 'GET', url, headers: { cookie }, payload });
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

const vote = (s: SideWorld) => ({
  scopeOrgUnitId: s.tree.building.id,
  title: '更换楼道窗户',
  description: '公共楼道窗户破损，拟集资更换并加装防盗网。',
  rule: 'informal_majority',
  deadline: '2099-12-31T00:00:00Z',
});

export const deliberationWorld: WorldExtension = async (w, side) => {
  const s = w[side];
  s.ids.proposal = (await as(w, cookieOf(w, s, 'community_staff'), '/api/v1/proposals', vote(s))).id;
};

/** A fresh vote on the side's building in which every household has voted, so it may close before its deadline. */
async function fullyVoted(w: World, s: SideWorld): Promise<number> {
  const staff = cookieOf(w, s, 'community_staff');
  const p = await as(w, staff, '/api/v1/proposals', vote(s));
  for (const e of (await as(w, staff, `/api/v1/proposals/${p.id}/roll`)).items as { householdId: number }[]) {
    await as(w, staff, `/api/v1/proposals/${p.id}/ballots`, {
      householdId: e.householdId,
      choice: 'agree',
      via: 'door_to_door',
    });
  }
  return p.id;
}

const proposal = (s: SideWorld) => ({ id: s.ids.proposal as number });

export const DELIBERATION_ACCESS: Record<string, RouteAccessLike> = {
  'POST /api/v1/proposals': { allow: MANAGERS, outside: 'deny', body: vote },
  // Everyone signed in: an absentee owner with no role anywhere sees the votes their phone's household is on.
  'GET /api/v1/proposals': { allow: 'signed-in', outside: 'none' },
  'GET /api/v1/proposals/{id}': { allow: READERS, outside: 'deny', params: proposal },
  'GET /api/v1/proposals/{id}/tally': { allow: READERS, outside: 'deny', params: proposal },
  'GET /api/v1/proposals/{id}/roll': { allow: MANAGERS, outside: 'deny', params: proposal },
  // The resident on the phone for their household; managers door to door for the side's household.
  'POST /api/v1/proposals/{id}/ballots': {
    allow: READERS,
    outside: 'deny',
    params: proposal,
    ok: [200, 201],
    body: (s, _w, role) =>
      role === 'resident' ? { choice: 'agree' } : { choice: 'agree', via: 'door_to_door', householdId: s.household.id },
  },
  'POST /api/v1/proposals/{id}/close': {
    allow: MANAGERS,
    outside: 'deny',
    params: async (s, w) => ({ id: await fullyVoted(w, s) }),
  },
  'GET /api/v1/proposals/{id}/comments': { allow: READERS, outside: 'deny', params: proposal },
  'POST /api/v1/proposals/{id}/comments': {
    allow: READERS,
    outside: 'deny',
    params: proposal,
    body: () => ({ body: '支持，尽快施工' }),
  },
};
