import type { Role } from '@louzhang/contracts';
import type { RouteAccess } from './access-route';
import { multipartFile } from './harness';
import { cookieOf, jpeg, type SideWorld, type World, type WorldExtension } from './world';

/**
 * Access rules of the campaign routes (modules/campaigns), merged into ACCESS by access-table.ts. On each
 * side the community staff open a campaign over the side's community led by the side's department; the
 * grid worker logs sites. A route that moves a site gets a fresh site in the state it needs, per call.
 */

const MANAGERS: readonly Role[] = ['community_staff', 'street_staff', 'admin'];
const READERS: readonly Role[] = [
  'captain',
  'grid_worker',
  'community_staff',
  'street_staff',
  'admin',
  'department_staff',
];

/** A photo uploaded by `cookie` (each role uploads its own proof). */
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

async function as(w: World, cookie: string, url: string, payload?: object) {
  const res = await w.t.app.inject({ method: payload ? 'POST' : 'GET', url, headers: { cookie }, payload });
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A new site of the side's campaign, logged by its grid worker, moved to `state`. */
async function newSite(w: World, s: SideWorld, state: 'open' | 'assigned' | 'accepted'): Promise<number> {
  const grid = cookieOf(w, s, 'grid_worker');
  const site = await as(w, grid, `/api/v1/campaigns/${s.ids.campaign}/sites`, {
    problemType: 'clutter',
    placeOrgUnitId: s.tree.building.id,
    photoId: await photoAs(w, grid),
  });
  if (state === 'open') return site.id;
  await as(w, cookieOf(w, s, 'community_staff'), `/api/v1/campaign-sites/${site.id}/assign`, {
    departmentId: s.department.id,
  });
  if (state === 'accepted')
    await as(w, cookieOf(w, s, 'department_staff'), `/api/v1/campaign-sites/${site.id}/accept`, {});
  return site.id;
}

export const campaignsWorld: WorldExtension = async (w, side) => {
  const s = w[side];
  const c = await as(w, cookieOf(w, s, 'community_staff'), '/api/v1/campaigns', {
    scopeOrgUnitId: s.tree.community.id,
    title: '背街小巷专项整治',
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
    problemTypes: ['clutter', 'abandoned_vehicle'],
    leadDepartmentId: s.department.id,
  });
  s.ids.campaign = c.id;
  s.ids.campaignSite = await newSite(w, s, 'assigned');
};

const campaign = (s: SideWorld) => ({ id: s.ids.campaign as number });
const site = (s: SideWorld) => ({ id: s.ids.campaignSite as number });
/** The caller's own photo (an anonymous call gets any id: it is refused before it is read). */
export const ownPhoto = async (s: SideWorld, w: World, role: Role | null) =>
  role ? photoAs(w, w.cookies[role]) : s.photo.id;

export const CAMPAIGNS_ACCESS: Record<string, RouteAccess> = {
  'POST /api/v1/campaigns': {
    allow: MANAGERS,
    outside: 'deny',
    body: (s) => ({
      scopeOrgUnitId: s.tree.community.id,
      title: '僵尸车清理行动',
      startsOn: '2026-11-01',
      endsOn: '2026-11-30',
      problemTypes: ['abandoned_vehicle'],
      leadDepartmentId: s.department.id,
    }),
  },
  'GET /api/v1/campaigns': { allow: READERS, outside: 'none' },
  'GET /api/v1/campaigns/{id}': { allow: READERS, outside: 'deny', params: campaign },
  'GET /api/v1/campaigns/{id}/progress': { allow: READERS, outside: 'deny', params: campaign },
  'GET /api/v1/campaigns/{id}/sites': { allow: READERS, outside: 'deny', params: campaign },
  'GET /api/v1/campaigns/{id}/sites.xlsx': { allow: MANAGERS, outside: 'deny', params: campaign },
  'GET /api/v1/campaigns/{id}/summary.pdf': {
    allow: [...MANAGERS, 'department_staff'],
    outside: 'deny',
    params: campaign,
  },
  // Patrols: grid workers, community staff and captains within the campaign's scope.
  'POST /api/v1/campaigns/{id}/sites': {
    allow: ['grid_worker', 'community_staff', 'captain'],
    outside: 'deny',
    params: campaign,
    body: async (s, w, role) => ({
      problemType: 'clutter',
      placeOrgUnitId: s.tree.building.id,
      photoId: await ownPhoto(s, w, role),
    }),
  },
  'GET /api/v1/campaigns/{id}/places': {
    allow: ['grid_worker', 'community_staff', 'captain'],
    outside: 'deny',
    params: campaign,
  },
  'GET /api/v1/campaign-sites/mine': { allow: 'signed-in', outside: 'none' },
  'GET /api/v1/campaign-sites/{id}': { allow: READERS, outside: 'deny', params: site },
  'GET /api/v1/campaign-sites/{id}/assignees': { allow: MANAGERS, outside: 'deny', params: site },
  'POST /api/v1/campaign-sites/{id}/assign': {
    allow: MANAGERS,
    outside: 'deny',
    params: async (s, w) => ({ id: await newSite(w, s, 'open') }),
    body: (s) => ({ departmentId: s.department.id }),
  },
  'POST /api/v1/campaign-sites/{id}/accept': {
    allow: ['department_staff'],
    outside: 'deny',
    params: async (s, w) => ({ id: await newSite(w, s, 'assigned') }),
  },
  'POST /api/v1/campaign-sites/{id}/clear': {
    allow: ['department_staff'],
    outside: 'deny',
    params: async (s, w) => ({ id: await newSite(w, s, 'accepted') }),
    body: async (s, w, role) => ({ afterPhotoId: await ownPhoto(s, w, role), note: '已清理' }),
  },
  'POST /api/v1/campaign-sites/{id}/not-clearable': {
    allow: ['department_staff'],
    outside: 'deny',
    params: async (s, w) => ({ id: await newSite(w, s, 'accepted') }),
    body: () => ({ reason: '产权争议，另行处理' }),
  },
};
