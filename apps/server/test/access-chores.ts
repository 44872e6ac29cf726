import type { Role } from '@louzhang/contracts';
import type { RouteAccess } from './access-route';
import { uniq } from './factories';
import { multipartFile } from './harness';
import { cookieOf, jpeg, type SideWorld, type World, type WorldExtension } from './world';

/**
 * Access rules of the chores and captains routes (modules/chores, modules/captains), merged into
 * ACCESS by access-table.ts, with the fixtures they need on both sides.
 */

const TEMPLATE_READ: readonly Role[] = ['grid_worker', 'community_staff', 'street_staff', 'admin'];
const TEMPLATE_WRITE: readonly Role[] = ['street_staff', 'admin'];
const PUBLISH: readonly Role[] = ['community_staff', 'street_staff', 'admin'];
const REVIEW: readonly Role[] = ['street_staff', 'admin'];
const markOf = (s: SideWorld) => (s.side === 'outside' ? 'ZZOUT' : 'IN');

async function api(w: World, s: SideWorld, role: Role, method: 'POST' | 'GET', url: string, payload?: object) {
  const res = await w.t.app.inject({
    method,
    url,
    headers: { cookie: cookieOf(w, s, role) },
    ...(payload ? { payload } : {}),
  });
  if (res.statusCode >= 300) throw new Error(`chores fixture ${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A fresh open task of the side's building (a one-off publication of the side's template). */
async function openTask(w: World, s: SideWorld): Promise<number> {
  const pub = await api(w, s, 'street_staff', 'POST', '/api/v1/chore-publications', {
    templateId: s.ids.choreTemplate,
    orgUnitId: s.tree.building.id,
    recurrence: 'once',
    startsOn: '2026-11-02',
  });
  if (pub.tasksCreated !== 1) throw new Error('chores fixture: no task');
  const tasks = await api(w, s, 'captain', 'GET', '/api/v1/chores/tasks?view=open&limit=1');
  return tasks.items[0].id;
}

async function claimedTask(w: World, s: SideWorld): Promise<number> {
  const id = await openTask(w, s);
  await api(w, s, 'captain', 'POST', `/api/v1/chores/tasks/${id}/claim`);
  return id;
}

async function captainPhoto(w: World, s: SideWorld): Promise<number> {
  const mp = multipartFile('file', 'p.jpg', await jpeg(Math.floor(Math.random() * 255)), 'image/jpeg');
  const res = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/photos',
    payload: mp.payload,
    headers: { ...mp.headers, cookie: cookieOf(w, s, 'captain') },
  });
  if (res.statusCode !== 201) throw new Error(`chores fixture photo: ${res.statusCode}`);
  return res.json().id;
}

/** A fresh pending submission by the side's captain. */
async function pendingSubmission(w: World, s: SideWorld): Promise<number> {
  const taskId = await claimedTask(w, s);
  const sub = await api(w, s, 'captain', 'POST', `/api/v1/chores/tasks/${taskId}/submissions`, {
    photos: [{ id: await captainPhoto(w, s), kind: 'after' }],
  });
  return sub.id;
}

export const choresWorld: WorldExtension = async (w, side) => {
  const s = w[side];
  const t = await api(w, s, 'street_staff', 'POST', '/api/v1/chore-templates', {
    name: `${markOf(s)}-扫楼梯-${uniq()}`,
    category: 'cleaning',
    points: 10,
    minPhotos: 1,
  });
  s.ids.choreTemplate = t.id;
  const pub = await api(w, s, 'street_staff', 'POST', '/api/v1/chore-publications', {
    templateId: t.id,
    orgUnitId: s.tree.community.id,
    recurrence: 'weekly',
    startsOn: '2026-11-02',
  });
  s.ids.chorePublication = pub.id;
  s.ids.choreSubmission = await pendingSubmission(w, s);
};

export const CHORES_ACCESS: Record<string, RouteAccess> = {
  'GET /api/v1/chore-templates': { allow: TEMPLATE_READ, outside: 'none' },
  'GET /api/v1/chore-templates/export': { allow: TEMPLATE_READ, outside: 'none' },
  'POST /api/v1/chore-templates': {
    allow: TEMPLATE_WRITE,
    outside: 'deny',
    body: (s) => ({ streetId: s.tree.street.id, name: `洗楼梯-${uniq()}`, category: 'cleaning', points: 10 }),
  },
  'PATCH /api/v1/chore-templates/{id}': {
    allow: TEMPLATE_WRITE,
    outside: 'deny',
    params: (s) => ({ id: s.ids.choreTemplate as number }),
    body: () => ({ points: 11 }),
  },
  'GET /api/v1/chore-publications': { allow: PUBLISH, outside: 'none' },
  'GET /api/v1/chore-publications/export': { allow: PUBLISH, outside: 'none' },
  'POST /api/v1/chore-publications': {
    allow: PUBLISH,
    outside: 'deny',
    body: (s) => ({
      templateId: s.ids.choreTemplate,
      orgUnitId: s.tree.grid.id,
      recurrence: 'once',
      startsOn: '2026-11-03',
    }),
  },
  'POST /api/v1/chore-publications/{id}/cancel': {
    allow: PUBLISH,
    outside: 'deny',
    params: (s) => ({ id: s.ids.chorePublication as number }),
  },
  'GET /api/v1/chores/settings': { allow: TEMPLATE_READ, outside: 'none' },
  'PUT /api/v1/chores/settings': {
    allow: TEMPLATE_WRITE,
    outside: 'deny',
    body: (s) => ({ streetId: s.tree.street.id, communityMayReview: false }),
  },
  'GET /api/v1/chores/tasks': { allow: ['captain'], outside: 'none' },
  'POST /api/v1/chores/tasks/{id}/claim': {
    allow: ['captain'],
    outside: 'deny',
    params: async (s, w) => ({ id: await openTask(w, s) }),
  },
  'POST /api/v1/chores/tasks/{id}/submissions': {
    allow: ['captain'],
    outside: 'deny',
    params: async (s, w) => ({ id: await claimedTask(w, s) }),
    // The inside captain's own photo: the one who submits must own it.
    body: async (_s, w) => ({ photos: [{ id: await captainPhoto(w, w.inside), kind: 'after' }] }),
  },
  'GET /api/v1/chores/submissions/mine': { allow: 'signed-in', outside: 'none' },
  'GET /api/v1/chores/review-queue': { allow: REVIEW, outside: 'none' },
  'GET /api/v1/chores/review-queue/export': { allow: REVIEW, outside: 'none' },
  // Its reviewers, and the captain who submitted it.
  'GET /api/v1/chores/submissions/{id}': {
    allow: ['captain', ...REVIEW],
    outside: 'deny',
    params: (s) => ({ id: s.ids.choreSubmission as number }),
  },
  'POST /api/v1/chores/submissions/{id}/approve': {
    allow: REVIEW,
    outside: 'deny',
    params: async (s, w) => ({ id: await pendingSubmission(w, s) }),
  },
  'POST /api/v1/chores/submissions/{id}/reject': {
    allow: REVIEW,
    outside: 'deny',
    params: async (s, w) => ({ id: await pendingSubmission(w, s) }),
    body: () => ({ reason: '照片不清楚' }),
  },
  // Ids outside one's scope come back as per-item NOT_FOUND results, so the call itself has no side.
  'POST /api/v1/chores/submissions/batch-review': {
    allow: REVIEW,
    outside: 'none',
    body: async (_s, w) => ({
      decision: 'reject',
      reason: '照片不清楚',
      submissionIds: [await pendingSubmission(w, w.inside)],
    }),
  },
  'GET /api/v1/captains': { allow: ['grid_worker', 'community_staff', 'street_staff', 'admin'], outside: 'none' },
  'GET /api/v1/captains/export': {
    allow: ['grid_worker', 'community_staff', 'street_staff', 'admin'],
    outside: 'none',
  },
};
