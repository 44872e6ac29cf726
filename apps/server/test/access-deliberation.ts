import type { Role } from '@louzhang/contracts';
import { insertHousehold, insertResidents } from '../src/modules/households/households.repository';
import type { RouteAccess } from './access-route';
import { child, phone, uniq } from './factories';
import { multipartFile } from './harness';
import { cookieOf, jpeg, type SideWorld, type World, type WorldExtension } from './world';

/**
 * Access rules of the proposal routes (modules/deliberation), merged into ACCESS by access-table.ts. On each side
 * the community staff open an informal vote over the side's building; its resident is on the roll.
 */

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

const fund = (s: SideWorld) => ({
  buildingId: s.tree.building.id,
  title: '疏通下水道',
  notice: '一楼下水道堵塞，按户平均分摊。',
  totalFen: 60000,
  split: 'equal',
});

/** A photo uploaded by `cookie`, to attach as a receipt. */
async function photoAs(w: World, cookie: string): Promise<number> {
  const mp = multipartFile('file', 'p.jpg', await jpeg(Math.floor(Math.random() * 255)), 'image/jpeg');
  const res = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/photos',
    payload: mp.payload,
    headers: { ...mp.headers, cookie },
  });
  if (res.statusCode !== 201) throw new Error(`photo: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export const deliberationWorld: WorldExtension = async (w, side) => {
  const s = w[side];
  const staff = cookieOf(w, s, 'community_staff');
  s.ids.proposal = (await as(w, staff, '/api/v1/proposals', vote(s))).id;
  s.ids.fund = (await as(w, staff, '/api/v1/funds', fund(s))).id;
  s.ids.council = (await as(w, staff, '/api/v1/councils', { orgUnitId: s.tree.building.id, name: '楼事会' })).id;
};

/** A fresh fund on the side's building (payments are once per household; settling is once per fund). */
async function freshFund(w: World, s: SideWorld): Promise<number> {
  return (await as(w, cookieOf(w, s, 'community_staff'), '/api/v1/funds', fund(s))).id;
}

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

/** A fresh vote on the side's building after adding a household whose head (户主) lives elsewhere: a phone, no account. */
async function withAbsentee(w: World, s: SideWorld): Promise<number> {
  const b = s.tree.building;
  const h = await insertHousehold(w.t.database.db, {
    streetId: b.streetId as number,
    buildingId: b.id,
    path: b.path,
    floor: 9,
    room: `9${uniq()}`,
  });
  const p = phone();
  await insertResidents(w.t.database.db, [
    {
      householdId: h.id,
      streetId: b.streetId as number,
      name: '余业主',
      relation: '户主',
      phoneEnc: w.t.cipher.encrypt(p),
      phoneHash: w.t.cipher.blindIndex('phone', p),
    },
  ]);
  return (await as(w, cookieOf(w, s, 'community_staff'), '/api/v1/proposals', vote(s))).id;
}

const proposal = (s: SideWorld) => ({ id: s.ids.proposal as number });
const theFund = (s: SideWorld) => ({ id: s.ids.fund as number });
const council = (s: SideWorld) => ({ id: s.ids.council as number });

export const DELIBERATION_ACCESS: Record<string, RouteAccess> = {
  'POST /api/v1/proposals': { allow: MANAGERS, outside: 'deny', body: vote },
  // Everyone signed in: an absentee owner with no role anywhere sees the votes their phone's household is on.
  'GET /api/v1/proposals': { allow: 'signed-in', outside: 'none' },
  'GET /api/v1/proposals/export': { allow: 'signed-in', outside: 'none' },
  'GET /api/v1/proposals/{id}': { allow: READERS, outside: 'deny', params: proposal },
  'GET /api/v1/proposals/{id}/tally': { allow: READERS, outside: 'deny', params: proposal },
  'GET /api/v1/proposals/{id}/roll': { allow: MANAGERS, outside: 'deny', params: proposal },
  'GET /api/v1/proposals/{id}/roll/export': { allow: MANAGERS, outside: 'deny', params: proposal },
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
  // Those who run the vote text the link to absentee owners who have not voted.
  'POST /api/v1/proposals/{id}/send-link': {
    allow: MANAGERS,
    outside: 'deny',
    params: async (s, w) => ({ id: await withAbsentee(w, s) }),
    body: () => ({}),
  },
  'GET /api/v1/proposals/{id}/comments': { allow: READERS, outside: 'deny', params: proposal },
  'POST /api/v1/proposals/{id}/comments': {
    allow: READERS,
    outside: 'deny',
    params: proposal,
    body: () => ({ body: '支持，尽快施工' }),
  },

  // Shared funds: managers over the building run them; its households read the cost list and pay their share.
  'POST /api/v1/funds': { allow: MANAGERS, outside: 'deny', body: fund },
  'GET /api/v1/funds': { allow: 'signed-in', outside: 'none' },
  'GET /api/v1/funds/export': { allow: 'signed-in', outside: 'none' },
  'GET /api/v1/funds/{id}': { allow: READERS, outside: 'deny', params: theFund },
  'GET /api/v1/funds/{id}/cost-list.pdf': { allow: READERS, outside: 'deny', params: theFund },
  'POST /api/v1/funds/{id}/quotes': {
    allow: MANAGERS,
    outside: 'deny',
    params: theFund,
    body: () => ({ contractor: '通渠队', amountFen: 58000 }),
  },
  // A household member pays for their own household; a manager records it for the side's household with a receipt.
  'POST /api/v1/funds/{id}/payments': {
    allow: READERS,
    outside: 'deny',
    params: async (s, w) => ({ id: await freshFund(w, s) }),
    body: async (s, w, role) =>
      role === 'resident' || role === null
        ? {}
        : { householdId: s.household.id, receiptPhotoId: await photoAs(w, w.cookies[role]) },
  },
  'POST /api/v1/funds/{id}/expenses': {
    allow: MANAGERS,
    outside: 'deny',
    params: theFund,
    body: async (s, w, role) => ({
      item: '人工费',
      amountFen: 100,
      spentOn: '2026-11-10',
      receiptPhotoId: role ? await photoAs(w, w.cookies[role]) : s.photo.id,
    }),
  },
  'PUT /api/v1/funds/{id}/shares': {
    allow: MANAGERS,
    outside: 'deny',
    params: async (s, w) => ({ id: await freshFund(w, s) }),
    body: () => ({ split: 'equal' }),
  },
  'POST /api/v1/funds/{id}/settle': {
    allow: MANAGERS,
    outside: 'deny',
    params: async (s, w) => ({ id: await freshFund(w, s) }),
  },
  // Councils (楼事会): run by the managers over the building; its residents read them.
  // A council is formed under the community's guidance: grid workers and staff, over a building of theirs.
  'POST /api/v1/councils': {
    allow: ['grid_worker', 'community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    body: async (s, w) => ({ orgUnitId: (await child(w.t.database.db, s.tree.estate, 'building')).id, name: '楼事会' }),
  },
  'GET /api/v1/councils': { allow: READERS, outside: 'none' },
  'GET /api/v1/councils/export': { allow: READERS, outside: 'none' },
  'GET /api/v1/councils/{id}': { allow: READERS, outside: 'deny', params: council },
  'POST /api/v1/councils/{id}/members': {
    allow: MANAGERS,
    outside: 'deny',
    params: council,
    body: () => ({ name: '李业主', role: 'owner_rep', joinedOn: '2026-11-01' }),
  },
  'POST /api/v1/councils/{id}/meetings': {
    allow: MANAGERS,
    outside: 'deny',
    params: council,
    body: () => ({
      heldOn: '2026-11-08',
      title: '加装电梯协商会',
      attendees: '楼长、业主代表',
      minutes: '12户同意启动。',
    }),
  },
};
