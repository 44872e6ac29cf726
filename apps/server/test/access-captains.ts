import type { Role } from '@louzhang/contracts';
import type { RouteAccess } from './access-route';
import { buildUser, phone, uniq } from './factories';
import { login } from './harness';
import { cookieOf, type SideWorld, type World, type WorldExtension } from './world';

/**
 * Access rules of captains' life (recruitment, records, settings; modules/captains), merged into ACCESS
 * by access-table.ts. Each side's community staff publish a drive at the side's community; fixtures
 * that a call uses up (an application to vet, a captain to edit) are made fresh for each call.
 */

const RECRUITERS: readonly Role[] = ['community_staff', 'street_staff', 'admin'];
const ROLL_READ: readonly Role[] = ['grid_worker', 'community_staff', 'street_staff', 'admin'];
const HONOUR_READ: readonly Role[] = ['community_staff', 'street_staff', 'admin'];

async function post(w: World, cookie: string, url: string, payload?: unknown) {
  const res = await w.t.app.inject({
    method: 'POST',
    url,
    headers: { cookie },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function freshDrive(s: SideWorld, w: World): Promise<number> {
  const d = await post(w, cookieOf(w, s, 'community_staff'), '/api/v1/recruitment/drives', {
    orgUnitId: s.tree.community.id,
    title: `楼长招募${uniq()}`,
    buildingIds: [s.tree.building.id],
    requirements: '热心公益',
    places: 1000,
    deadline: '2030-12-31',
  });
  return d.id;
}

/** A fresh person's application to the side's drive, taken to `status`. */
async function freshApplication(s: SideWorld, w: World, status: 'applied' | 'vetted' | 'chosen'): Promise<number> {
  const u = await buildUser(w.t.database.db, w.t.cipher, []);
  const staff = cookieOf(w, s, 'community_staff');
  const app = await post(w, await login(w.t.app, u.phone), `/api/v1/recruitment/drives/${s.ids.drive}/applications`, {
    statement: '我愿意为邻居服务',
  });
  if (status !== 'applied') await post(w, staff, `/api/v1/recruitment/applications/${app.id}/vet`, { score: 80 });
  if (status === 'chosen') {
    await post(w, staff, `/api/v1/recruitment/drives/${s.ids.drive}/choose`, { applicationIds: [app.id] });
  }
  return app.id;
}

/** A fresh captain of the side's building, registered by its community staff (so with a record). */
async function freshCaptainRecord(s: SideWorld, w: World): Promise<number> {
  const u = await buildUser(w.t.database.db, w.t.cipher, []);
  await post(w, cookieOf(w, s, 'community_staff'), `/api/v1/buildings/${s.tree.building.id}/captains`, {
    userId: u.id,
  });
  return u.id;
}

let periodSeq = 0;
/** A period no other call has used: quarters of the years 2001–2024, which have all ended. */
function freshPeriod(): string {
  const n = periodSeq++;
  return `${2001 + Math.floor(n / 4)}-Q${(n % 4) + 1}`;
}

/** A round of the side's street for a fresh period, taken to `status`. */
async function freshRound(s: SideWorld, w: World, status: 'draft' | 'reviewed'): Promise<number> {
  const staff = cookieOf(w, s, 'street_staff');
  const r = await post(w, staff, '/api/v1/honours/rounds', {
    streetId: s.tree.street.id,
    kind: 'star',
    period: freshPeriod(),
  });
  if (status === 'reviewed') await post(w, staff, `/api/v1/honours/rounds/${r.id}/review`);
  return r.id;
}

export const captainsWorld: WorldExtension = async (w, side) => {
  const s = w[side];
  s.ids.drive = await freshDrive(s, w);
  s.ids.captainRecord = await freshCaptainRecord(s, w);
  // The side's captain registered by staff too, so they have a record of their own.
  await post(w, cookieOf(w, s, 'community_staff'), `/api/v1/buildings/${s.tree.building.id}/captains`, {
    userId: s.users.captain.id,
  });
  // The side's captain earns chore points in 2026-Q2 and is honoured in its published round.
  const was = w.t.clock.now();
  w.t.clock.set('2026-05-15T02:00:00Z');
  await w.t.database.db.transaction((tx) =>
    w.t.services.ledger.credit(tx as never, {
      streetId: s.tree.street.id,
      userId: s.users.captain.id,
      points: 30,
      causeKey: `chore_submission:access-${side}`,
      memo: '扫楼梯',
      actorUserId: null,
    }),
  );
  w.t.clock.set(was);
  const staff = cookieOf(w, s, 'street_staff');
  const round = await post(w, staff, '/api/v1/honours/rounds', {
    streetId: s.tree.street.id,
    kind: 'star',
    period: '2026-Q2',
  });
  await post(w, staff, `/api/v1/honours/rounds/${round.id}/review`);
  await post(w, staff, `/api/v1/honours/rounds/${round.id}/publish`);
  s.ids.honourRound = round.id;
  s.ids.session = (
    await post(w, cookieOf(w, s, 'community_staff'), '/api/v1/captain-sessions', {
      orgUnitId: s.tree.community.id,
      kind: 'meeting',
      topic: '座谈会',
      title: '楼长座谈会',
      heldOn: '2026-10-21',
      hours: 1.5,
    })
  ).id;
  const me = await w.t.app.inject({
    method: 'GET',
    url: '/api/v1/honours/me',
    headers: { cookie: cookieOf(w, s, 'captain') },
  });
  const url: string | undefined = me.json().items[0]?.verifyUrl;
  if (!url) throw new Error(`honours fixture: ${me.body}`);
  s.strings.honourToken = url.split('/').pop() as string;
};

export const CAPTAINS_ACCESS: Record<string, RouteAccess> = {
  // The public page reads drives without an account.
  'GET /api/v1/public/recruitment/drives': {
    allow: 'public',
    outside: 'none',
    query: (s) => ({ orgUnitId: String(s.tree.community.id) }),
  },
  'GET /api/v1/public/recruitment/drives/{id}': {
    allow: 'public',
    outside: 'none',
    params: (s) => ({ id: s.ids.drive as number }),
  },
  'POST /api/v1/recruitment/drives': {
    allow: RECRUITERS,
    outside: 'deny',
    body: (s) => ({
      orgUnitId: s.tree.community.id,
      title: `招募${uniq()}`,
      requirements: '热心公益',
      places: 10,
      deadline: '2030-12-31',
    }),
  },
  'GET /api/v1/recruitment/drives': { allow: RECRUITERS, outside: 'none' },
  'GET /api/v1/recruitment/drives/export': { allow: RECRUITERS, outside: 'none' },
  // Anyone signed in may apply or nominate (a drive is public).
  'POST /api/v1/recruitment/drives/{id}/applications': {
    allow: 'signed-in',
    outside: 'none',
    params: async (s, w) => ({ id: await freshDrive(s, w) }),
    body: () => ({ statement: '我愿意为邻居服务' }),
  },
  'POST /api/v1/recruitment/drives/{id}/nominations': {
    allow: 'signed-in',
    outside: 'none',
    params: (s) => ({ id: s.ids.drive as number }),
    body: () => ({ name: '黄伯', phone: phone(), statement: '热心肠' }),
  },
  'GET /api/v1/recruitment/my-applications': { allow: 'signed-in', outside: 'none' },
  // Only the nominee consents: each role's own phone is nominated on the side's drive.
  'POST /api/v1/recruitment/applications/{id}/consent': {
    allow: 'signed-in',
    outside: 'deny',
    params: async (s, w, role) => {
      const nominated = role ? w[s.side].users[role].phone : phone();
      // The inside caller of the outside variant is refused: the nomination names the outside user's phone.
      const drive = await freshDrive(s, w);
      const a = await post(w, cookieOf(w, s, 'community_staff'), `/api/v1/recruitment/drives/${drive}/nominations`, {
        name: '被推选人',
        phone: nominated,
        statement: '热心肠',
      });
      return { id: a.id };
    },
  },
  'GET /api/v1/recruitment/drives/{id}/applications': {
    allow: RECRUITERS,
    outside: 'deny',
    params: (s) => ({ id: s.ids.drive as number }),
  },
  'GET /api/v1/recruitment/drives/{id}/applications/export': {
    allow: RECRUITERS,
    outside: 'deny',
    params: (s) => ({ id: s.ids.drive as number }),
  },
  'POST /api/v1/recruitment/applications/{id}/vet': {
    allow: RECRUITERS,
    outside: 'deny',
    params: async (s, w) => ({ id: await freshApplication(s, w, 'applied') }),
    body: () => ({ score: 75, vetNote: '面谈良好' }),
  },
  'POST /api/v1/recruitment/applications/{id}/reject': {
    allow: RECRUITERS,
    outside: 'deny',
    params: async (s, w) => ({ id: await freshApplication(s, w, 'applied') }),
    body: () => ({ reason: '不常住本楼' }),
  },
  'POST /api/v1/recruitment/drives/{id}/choose': {
    allow: RECRUITERS,
    outside: 'deny',
    params: (s) => ({ id: s.ids.drive as number }),
    body: async (s, w) => ({ applicationIds: [await freshApplication(s, w, 'vetted')] }),
  },
  'POST /api/v1/recruitment/applications/{id}/register': {
    allow: RECRUITERS,
    outside: 'deny',
    params: async (s, w) => ({ id: await freshApplication(s, w, 'chosen') }),
    body: (s) => ({ buildingIds: [s.tree.building.id] }),
  },
  // Captains' records: read by the roll's readers, kept by community and street staff.
  // A captain's own record; anyone without one is told CAPTAIN_NOT_REGISTERED (404).
  'GET /api/v1/captains/me': { allow: ['captain'], outside: 'none' },
  'GET /api/v1/captains/{userId}': {
    allow: ROLL_READ,
    outside: 'deny',
    params: (s) => ({ userId: s.ids.captainRecord as number }),
  },
  'POST /api/v1/captains/{userId}/profile': {
    allow: RECRUITERS,
    outside: 'deny',
    params: async (s, w) => ({ userId: await freshCaptainRecord(s, w) }),
    body: () => ({ tags: ['党员'], duties: ['政策法规宣讲员'], version: 1 }),
  },
  'POST /api/v1/captains/{userId}/status': {
    allow: RECRUITERS,
    outside: 'deny',
    params: async (s, w) => ({ userId: await freshCaptainRecord(s, w) }),
    body: () => ({ status: 'suspended', reason: '外出务工三个月', version: 1 }),
  },
  'GET /api/v1/captains/coverage': {
    allow: ROLL_READ,
    outside: 'deny',
    query: (s) => ({ orgUnitId: String(s.tree.grid.id) }),
  },
  'GET /api/v1/captains/coverage/uncovered/export': {
    allow: ROLL_READ,
    outside: 'deny',
    query: (s) => ({ orgUnitId: String(s.tree.grid.id) }),
  },
  'GET /api/v1/captains/coverage/figures/export': {
    allow: ROLL_READ,
    outside: 'deny',
    query: (s) => ({ orgUnitId: String(s.tree.grid.id) }),
  },
  // Honours: street staff run them, community staff read them; a captain reads their own.
  'POST /api/v1/honours/rounds': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    body: (s) => ({ streetId: s.tree.street.id, kind: 'star', period: '2026-Q3' }),
  },
  'GET /api/v1/honours/rounds': {
    allow: HONOUR_READ,
    outside: 'deny',
    query: (s) => ({ streetId: String(s.tree.street.id) }),
  },
  'GET /api/v1/honours/rounds/export': {
    allow: HONOUR_READ,
    outside: 'deny',
    query: (s) => ({ streetId: String(s.tree.street.id) }),
  },
  'GET /api/v1/honours/rounds/{id}': {
    allow: HONOUR_READ,
    outside: 'deny',
    params: (s) => ({ id: s.ids.honourRound as number }),
  },
  'GET /api/v1/honours/rounds/{id}/export': {
    allow: HONOUR_READ,
    outside: 'deny',
    params: (s) => ({ id: s.ids.honourRound as number }),
  },
  'POST /api/v1/honours/rounds/{id}/review': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    params: async (s, w) => ({ id: await freshRound(s, w, 'draft') }),
  },
  'POST /api/v1/honours/rounds/{id}/publish': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    params: async (s, w) => ({ id: await freshRound(s, w, 'reviewed') }),
  },
  'GET /api/v1/honours/rounds/{id}/certificates/{userId}': {
    allow: ['captain', ...HONOUR_READ],
    outside: 'deny',
    params: (s) => ({ id: s.ids.honourRound as number, userId: s.users.captain.id }),
  },
  'GET /api/v1/honours/rounds/{id}/scores/{userId}': {
    allow: HONOUR_READ,
    outside: 'deny',
    params: (s) => ({ id: s.ids.honourRound as number, userId: s.users.captain.id }),
  },
  'POST /api/v1/honours/merits': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    body: (s) => ({ userId: s.users.captain.id, points: 5, reason: '调解邻里纠纷', awardedOn: '2026-05-20' }),
  },
  'GET /api/v1/honours/me': { allow: 'signed-in', outside: 'none' },
  'GET /api/v1/public/honours/verify/{token}': {
    allow: 'public',
    outside: 'none',
    params: (s) => ({ token: s.strings.honourToken as string }),
  },
  'GET /api/v1/captains/work-export': {
    allow: RECRUITERS,
    outside: 'deny',
    query: (s) => ({ orgUnitId: String(s.tree.community.id), from: '2026-10-01', to: '2026-12-31' }),
  },
  // Training, meetings and mentoring: community and street staff; a captain reads their own.
  'POST /api/v1/captain-sessions': {
    allow: RECRUITERS,
    outside: 'deny',
    body: (s) => ({
      orgUnitId: s.tree.community.id,
      kind: 'training',
      topic: '消防',
      title: '消防安全培训',
      heldOn: '2026-10-20',
      hours: 2,
      certifies: true,
    }),
  },
  'GET /api/v1/captain-sessions': { allow: RECRUITERS, outside: 'none' },
  'GET /api/v1/captain-sessions/export': { allow: RECRUITERS, outside: 'none' },
  'POST /api/v1/captain-sessions/{id}/attendance': {
    allow: RECRUITERS,
    outside: 'deny',
    params: (s) => ({ id: s.ids.session as number }),
    body: (s) => ({ userIds: [s.users.captain.id] }),
  },
  'GET /api/v1/captains/me/training': { allow: 'signed-in', outside: 'none' },
  'POST /api/v1/captain-mentorships': {
    allow: RECRUITERS,
    outside: 'deny',
    body: async (s, w) => ({
      mentorUserId: s.users.captain.id,
      menteeUserId: await freshCaptainRecord(s, w),
      notes: '每周一起巡楼',
      startedOn: '2026-10-01',
    }),
  },
  'GET /api/v1/captain-mentorships': { allow: RECRUITERS, outside: 'none' },
  'GET /api/v1/captain-mentorships/export': { allow: RECRUITERS, outside: 'none' },
  'GET /api/v1/captain-settings': {
    allow: ROLL_READ,
    outside: 'deny',
    query: (s) => ({ streetId: String(s.tree.street.id) }),
  },
  'PUT /api/v1/captain-settings': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    body: (s) => ({ streetId: s.tree.street.id, starQuotaPercent: 30, exitRedeemDays: 90 }),
  },
};
