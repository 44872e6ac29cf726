import { ROLES, type Role } from '@louzhang/contracts';
import { insertChild } from '../src/modules/org/org.repository';
import { ownPhoto } from './access-campaigns';
import type { RouteAccess } from './access-route';
import { buildUser, uniq } from './factories';
import { login } from './harness';
import { cookieOf, OUTSIDE_MARK, type SideWorld, type World, type WorldExtension } from './world';

/**
 * Access rules of volunteering and partners (modules/volunteering, modules/partners), merged into ACCESS by
 * access-table.ts. On each side every role's user is a volunteer of the side's community (anyone may be one),
 * the community staff run a team led by the resident and an activity starting in 20 minutes (so check-in is
 * open); the street signed an agreement (lighting, power) with the side's partner unit; the community published
 * a lighting project, and a second one the partner claimed; the street paired the community with another.
 * Routes that change a row get a fresh one per call.
 */

const MANAGERS: readonly Role[] = ['community_staff', 'street_staff', 'admin'];
/** Who sees a community's project: people living or serving under it, staff over it, partners of its street. */
const PROJECT_READERS: readonly Role[] = ['resident', 'captain', 'community_staff', 'street_staff', 'admin', 'partner'];

async function as(w: World, cookie: string, url: string, payload?: object) {
  const res = await w.t.app.inject({ method: payload ? 'POST' : 'GET', url, headers: { cookie }, payload });
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}
const mark = (s: SideWorld) => (s.side === 'outside' ? OUTSIDE_MARK : 'IN');

/** An activity of the side's community starting in 20 minutes (check-in open), published by its community staff. */
async function newActivity(w: World, s: SideWorld): Promise<{ id: number; token: string }> {
  const staff = cookieOf(w, s, 'community_staff');
  const now = w.t.clock.now().getTime();
  const a = await as(w, staff, '/api/v1/activities', {
    orgUnitId: s.tree.community.id,
    kind: 'clinic',
    title: `${mark(s)}-义诊-${uniq()}`,
    place: '社区卫生服务站',
    startsAt: new Date(now + 20 * 60_000).toISOString(),
    endsAt: new Date(now + 3 * 3_600_000).toISOString(),
    capacity: 100,
    points: 5,
  });
  const qr = await as(w, staff, `/api/v1/activities/${a.id}/checkin-qr`);
  return { id: a.id, token: qr.token };
}

/** A fresh activity with `role`'s user of side `s` signed up; `checkedIn` checks them in by QR too. */
async function signedUp(w: World, s: SideWorld, role: Role, checkedIn = false) {
  const a = await newActivity(w, s);
  const cookie = cookieOf(w, s, role);
  const signup = await as(w, cookie, `/api/v1/activities/${a.id}/signup`, {});
  if (checkedIn) await as(w, cookie, '/api/v1/activity-checkin', { token: a.token, action: 'in' });
  return { ...a, signupId: signup.id as number };
}

/** A volunteer of the side's community who is in no team yet. */
async function freshVolunteer(w: World, s: SideWorld): Promise<number> {
  const u = await buildUser(
    w.t.database.db,
    w.t.cipher,
    [{ role: 'resident', unit: s.tree.building }],
    `${mark(s)}-志愿者-${uniq()}`,
  );
  const v = await as(w, await login(w.t.app, u.phone), '/api/v1/volunteers', { communityId: s.tree.community.id });
  return v.id;
}

async function newProject(w: World, s: SideWorld, state: 'published' | 'claimed' | 'submitted') {
  const p = await as(w, cookieOf(w, s, 'community_staff'), '/api/v1/livelihood-projects', {
    orgUnitId: s.tree.community.id,
    title: `${mark(s)}-楼道照明改造-${uniq()}`,
    description: '老旧楼道更换声控 LED 灯',
    category: 'lighting',
    milestones: [{ title: '勘查' }],
  });
  if (state !== 'published') await as(w, cookieOf(w, s, 'partner'), `/api/v1/livelihood-projects/${p.id}/claim`, {});
  if (state === 'submitted') await as(w, cookieOf(w, s, 'partner'), `/api/v1/livelihood-projects/${p.id}/submit`, {});
  return p as { id: number; milestones: { id: number }[] };
}

async function newCommunity(w: World, s: SideWorld) {
  return insertChild(w.t.database.db, s.tree.street, {
    kind: 'community',
    name: `${mark(s)}-结对社区-${uniq()}`,
    management: null,
    address: null,
  });
}

export const volunteeringWorld: WorldExtension = async (w, side) => {
  const s = w[side];
  for (const role of ROLES) {
    const v = await as(w, cookieOf(w, s, role), '/api/v1/volunteers', { communityId: s.tree.community.id });
    if (role === 'resident') s.ids.volunteer = v.id;
  }
  const team = await as(w, cookieOf(w, s, 'community_staff'), '/api/v1/volunteer-teams', {
    orgUnitId: s.tree.community.id,
    name: `${mark(s)}-和事佬调解队`,
    speciality: 'mediation',
    leaderVolunteerId: s.ids.volunteer,
  });
  s.ids.team = team.id;
  const a = await newActivity(w, s);
  s.ids.activity = a.id;
  s.strings.checkinToken = a.token;
  const g = await as(w, cookieOf(w, s, 'street_staff'), '/api/v1/partner-agreements', {
    partnerOrgId: s.partnerOrg.id,
    scopeOrgUnitId: s.tree.street.id,
    title: `${mark(s)}-共建协议`,
    services: '楼道照明、用电安全',
    beneficiaries: '辖区居民',
    categories: ['lighting', 'power'],
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
  });
  s.ids.agreement = g.id;
  s.ids.project = (await newProject(w, s, 'published')).id;
  s.ids.claimedProject = (await newProject(w, s, 'claimed')).id;
  const other = await newCommunity(w, s);
  const pair = await as(w, cookieOf(w, s, 'street_staff'), '/api/v1/community-pairs', {
    mentorCommunityId: s.tree.community.id,
    partnerCommunityId: other.id,
    goals: '结对共建',
    startsOn: '2026-09-01',
  });
  s.ids.pair = pair.id;
  const entry = await as(w, cookieOf(w, s, 'resident'), '/api/v1/volunteer-diary', {
    teamId: team.id,
    kind: 'mediation',
    title: `${mark(s)}-邻里噪音调解`,
    body: '约定晚上十点后不再装修。',
    occurredOn: '2026-10-20',
    parties: [{ name: `${mark(s)}曾桃香`, phone: '13812345678' }],
  });
  s.ids.diary = entry.id;
};

const activity = (s: SideWorld) => ({ id: s.ids.activity as number });
const claimed = (s: SideWorld) => ({ id: s.ids.claimedProject as number });

export const VOLUNTEERING_ACCESS: Record<string, RouteAccess> = {
  'GET /api/v1/volunteers/me': { allow: 'signed-in', outside: 'none' },
  'GET /api/v1/volunteers/communities': { allow: 'signed-in', outside: 'none' },
  // Anyone may register, at any community (a party member's home community may lie anywhere: 双报到). Every
  // user of the world is registered already, so the call answers VOLUNTEER_EXISTS; registration itself is
  // tested in activities.int.test.ts.
  'POST /api/v1/volunteers': {
    allow: 'signed-in',
    outside: 'none',
    ok: [201, 409],
    body: (s) => ({ communityId: s.tree.community.id }),
  },
  'GET /api/v1/volunteers': { allow: ['grid_worker', ...MANAGERS], outside: 'none' },
  'GET /api/v1/volunteer-figures': {
    allow: MANAGERS,
    outside: 'deny',
    query: (s) => ({ orgUnitId: String(s.tree.community.id) }),
  },
  // Staff read the teams under them; a volunteer reads the teams they belong to (everyone here is one).
  'GET /api/v1/volunteer-teams': { allow: 'signed-in', outside: 'none' },
  'POST /api/v1/volunteer-teams': {
    allow: MANAGERS,
    outside: 'deny',
    body: (s) => ({ orgUnitId: s.tree.community.id, name: `四点半课堂队-${uniq()}`, speciality: 'tutoring' }),
  },
  // The resident leads the side's team.
  'GET /api/v1/volunteer-teams/{id}': {
    allow: ['resident', ...MANAGERS],
    outside: 'deny',
    params: (s) => ({ id: s.ids.team as number }),
  },
  'POST /api/v1/volunteer-teams/{id}/members': {
    allow: ['resident', ...MANAGERS],
    outside: 'deny',
    params: (s) => ({ id: s.ids.team as number }),
    body: async (s, w) => ({ volunteerId: await freshVolunteer(w, s) }),
  },
  'GET /api/v1/activities': { allow: 'signed-in', outside: 'none' },
  // The list's export: anyone signed in exports what their list shows (audited).
  'GET /api/v1/activities/export': { allow: 'signed-in', outside: 'none' },
  'POST /api/v1/activities': {
    allow: MANAGERS,
    outside: 'deny',
    body: (s, w) => ({
      orgUnitId: s.tree.community.id,
      kind: 'after_school',
      title: '四点半课堂',
      place: '社区书屋',
      startsAt: new Date(w.t.clock.now().getTime() + 86_400_000).toISOString(),
      endsAt: new Date(w.t.clock.now().getTime() + 86_400_000 + 7_200_000).toISOString(),
      capacity: 10,
    }),
  },
  'GET /api/v1/activities/{id}': { allow: 'signed-in', outside: 'deny', params: activity },
  // The organiser changes or cancels an activity before it starts (a fresh one per call).
  'PATCH /api/v1/activities/{id}': {
    allow: MANAGERS,
    outside: 'deny',
    params: async (s, w) => ({ id: (await newActivity(w, s)).id }),
    body: () => ({ capacity: 120, place: '社区卫生服务站二楼' }),
  },
  'POST /api/v1/activities/{id}/cancel': {
    allow: MANAGERS,
    outside: 'deny',
    params: async (s, w) => ({ id: (await newActivity(w, s)).id }),
    body: () => ({ reason: '天气原因' }),
  },
  'POST /api/v1/activities/{id}/signup': {
    allow: 'signed-in',
    outside: 'deny',
    params: async (s, w) => ({ id: (await newActivity(w, s)).id }),
    body: () => ({}),
  },
  'POST /api/v1/activities/{id}/cancel-signup': {
    allow: 'signed-in',
    outside: 'deny',
    params: async (s, w, role) => ({ id: role ? (await signedUp(w, s, role)).id : (await newActivity(w, s)).id }),
  },
  'GET /api/v1/activities/{id}/signups': { allow: MANAGERS, outside: 'deny', params: activity },
  'GET /api/v1/activities/{id}/signups/export': { allow: MANAGERS, outside: 'deny', params: activity },
  'GET /api/v1/activities/{id}/checkin-qr': { allow: MANAGERS, outside: 'deny', params: activity },
  'POST /api/v1/activities/{id}/served': {
    allow: MANAGERS,
    outside: 'deny',
    params: activity,
    body: () => ({ servedCount: 40 }),
  },
  'GET /api/v1/activity-checkin': {
    allow: 'signed-in',
    outside: 'deny',
    query: (s) => ({ token: s.strings.checkinToken as string }),
  },
  // Each role checks in to a fresh activity it signed up for; on the outside, the outside user signed up.
  'POST /api/v1/activity-checkin': {
    allow: 'signed-in',
    outside: 'deny',
    body: async (s, w, role) => ({
      token: role ? (await signedUp(w, s, role)).token : s.strings.checkinToken,
      action: 'in',
    }),
  },
  'POST /api/v1/activity-signups/{id}/attendance': {
    allow: MANAGERS,
    outside: 'deny',
    params: async (s, w) => ({ id: (await signedUp(w, s, 'resident')).signupId }),
    body: () => ({}),
  },
  'POST /api/v1/activity-signups/{id}/confirm-hours': {
    allow: MANAGERS,
    outside: 'deny',
    params: async (s, w) => ({ id: (await signedUp(w, s, 'resident', true)).signupId }),
    body: () => ({ hours: 1 }),
  },

  // Everyone here is a volunteer: they read their own and their teams' entries (staff: those under them).
  'GET /api/v1/volunteer-diary': { allow: 'signed-in', outside: 'none' },
  'POST /api/v1/volunteer-diary': {
    allow: 'signed-in',
    outside: 'none',
    body: () => ({ kind: 'service', title: '走访独居长者', body: '陪同就医', occurredOn: '2026-11-01' }),
  },
  // The author (the resident) and staff over the entry.
  'POST /api/v1/volunteer-diary/{id}/reveal': {
    allow: ['resident', ...MANAGERS],
    outside: 'deny',
    params: (s) => ({ id: s.ids.diary as number }),
    body: () => ({ purpose: '回访当事人' }),
  },

  'GET /api/v1/partner-console': { allow: ['partner'], outside: 'none' },
  'GET /api/v1/partner-agreements': { allow: [...MANAGERS, 'partner'], outside: 'none' },
  'GET /api/v1/partner-agreements/export': { allow: [...MANAGERS, 'partner'], outside: 'none' },
  'POST /api/v1/partner-agreements': {
    allow: MANAGERS,
    outside: 'deny',
    body: (s) => ({
      partnerOrgId: s.partnerOrg.id,
      scopeOrgUnitId: s.tree.community.id,
      title: '助老服务协议',
      services: '上门助浴',
      beneficiaries: '独居老人',
      categories: ['elderly_care'],
      startsOn: '2026-11-01',
      endsOn: '2027-10-31',
    }),
  },
  'GET /api/v1/livelihood-projects': { allow: PROJECT_READERS, outside: 'none' },
  'GET /api/v1/livelihood-projects/export': { allow: PROJECT_READERS, outside: 'none' },
  'POST /api/v1/livelihood-projects': {
    allow: MANAGERS,
    outside: 'deny',
    body: (s) => ({
      orgUnitId: s.tree.community.id,
      title: '加装电梯',
      description: '多层住宅加装电梯',
      category: 'other',
    }),
  },
  'GET /api/v1/livelihood-projects/{id}': {
    allow: PROJECT_READERS,
    outside: 'deny',
    params: (s) => ({ id: s.ids.project as number }),
  },
  'POST /api/v1/livelihood-projects/{id}/claim': {
    allow: ['partner'],
    outside: 'deny',
    params: async (s, w) => ({ id: (await newProject(w, s, 'published')).id }),
    body: () => ({}),
  },
  'POST /api/v1/livelihood-projects/{id}/milestones': {
    allow: ['partner', ...MANAGERS],
    outside: 'deny',
    params: claimed,
    body: () => ({ title: `节点-${uniq()}` }),
  },
  'POST /api/v1/project-milestones/{id}/done': {
    allow: ['partner'],
    outside: 'deny',
    params: async (s, w) => ({ id: (await newProject(w, s, 'claimed')).milestones[0]!.id }),
  },
  'POST /api/v1/livelihood-projects/{id}/progress': {
    allow: ['partner'],
    outside: 'deny',
    params: claimed,
    body: async (s, w, role) => ({ body: '施工进行中', percent: 40, photoIds: [await ownPhoto(s, w, role)] }),
  },
  'POST /api/v1/livelihood-projects/{id}/submit': {
    allow: ['partner'],
    outside: 'deny',
    params: async (s, w) => ({ id: (await newProject(w, s, 'claimed')).id }),
  },
  'POST /api/v1/livelihood-projects/{id}/accept': {
    allow: MANAGERS,
    outside: 'deny',
    params: async (s, w) => ({ id: (await newProject(w, s, 'submitted')).id }),
    body: () => ({ note: '验收合格' }),
  },
  'POST /api/v1/livelihood-projects/{id}/feedback': {
    allow: ['resident', 'captain'],
    outside: 'deny',
    params: async (s, w) => ({ id: (await newProject(w, s, 'claimed')).id }),
    body: () => ({ rating: 5, comment: '很好' }),
  },
  'GET /api/v1/community-pairs': { allow: MANAGERS, outside: 'none' },
  'GET /api/v1/community-pairs/export': { allow: MANAGERS, outside: 'none' },
  'POST /api/v1/community-pairs': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    body: async (s, w) => ({
      mentorCommunityId: s.tree.community.id,
      partnerCommunityId: (await newCommunity(w, s)).id,
      goals: '共建',
      startsOn: '2026-10-01',
    }),
  },
  'POST /api/v1/community-pairs/{id}/notes': {
    allow: MANAGERS,
    outside: 'deny',
    params: (s) => ({ id: s.ids.pair as number }),
    body: () => ({ kind: 'visit', body: '走访交流', happenedOn: '2026-11-01' }),
  },
};
