import type { Role } from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import { rows } from '../src/platform/db';
import { ownPhoto } from './access-campaigns';
import { as, LEVEL1, type RouteAccess } from './access-route';
import { buildUser } from './factories';
import { login, multipartFile } from './harness';
import { jpeg, type SideWorld, type World, type WorldExtension } from './world';

/**
 * Access rules of photos and reports (docs/rules.md#reports; modules/photos, modules/reports), merged into ACCESS by
 * access-table.ts.
 */
/**
 * A fresh report in the side's building, filed by a fresh resident (intake is rate-limited per person),
 * by the side's own resident (`'resident'`), or by a member of staff on a resident's behalf.
 */
async function newReport(w: World, s: SideWorld, by: Role | 'fresh' = 'fresh'): Promise<number> {
  const body: Record<string, unknown> = {
    buildingId: s.tree.building.id,
    categoryId: s.ids.category,
    description: '楼道灯坏了',
  };
  if (by !== 'resident' && by !== 'fresh') body.onBehalfOf = { name: '王阿姨' };
  if (by !== 'fresh') return (await as(w, s, by, 'POST', '/api/v1/reports', body)).id;
  const u = await buildUser(w.t.database.db, w.t.cipher, [{ role: 'resident', unit: s.tree.building }]);
  const res = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/reports',
    headers: { cookie: await login(w.t.app, u.phone) },
    payload: body,
  });
  if (res.statusCode !== 201) throw new Error(`report: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

/** A fresh report dispatched to the side's department (as the street's 吹哨 leaves it: awaiting 报到). */
async function dispatchedReport(w: World, s: SideWorld): Promise<number> {
  const id = await newReport(w, s);
  await rows(
    w.t.database.db,
    sql`update reports set level = 5, peak_level = 5, department_id = ${s.department.id},
          handler_org_unit_id = ${s.department.id}, status = 'submitted' where id = ${id}`,
  );
  return id;
}

export const REPORTS_ACCESS: Record<string, RouteAccess> = {
  'POST /api/v1/photos': {
    allow: 'signed-in',
    outside: 'none',
    multipart: async () => multipartFile('file', 'p.jpg', await jpeg(Math.floor(Math.random() * 255)), 'image/jpeg'),
  },
  // The side's photo is attached to a report filed by its grid worker: who may see that report may see it.
  'GET /api/v1/photos/{id}': {
    allow: ['captain', 'grid_worker', 'community_staff', 'street_staff', 'property_window', 'admin'],
    outside: 'deny',
    params: (s) => ({ id: s.photo.id }),
  },
  // ---------------------------------------------------------------- reports (docs/rules.md#reports)
  'GET /api/v1/report-categories': { allow: 'public', outside: 'none' },
  'PATCH /api/v1/report-categories/{id}': {
    allow: ['admin'],
    // Categories are shared reference data (docs/rules.md#scale), not under any street.
    outside: 'none',
    params: (s) => ({ id: s.ids.category as number }),
    body: () => ({ slas: [{ level: 'building', ackHours: 24, resolveHours: 72 }] }),
  },
  'GET /api/v1/buildings/{id}/report-token': {
    allow: ['captain', 'grid_worker', 'community_staff', 'street_staff', 'property_window', 'admin'],
    outside: 'deny',
    params: (s) => ({ id: s.tree.building.id }),
  },
  'GET /api/v1/buildings/by-token/{token}': {
    allow: 'public',
    outside: 'none',
    params: (s) => ({ token: s.strings.token as string }),
  },
  'GET /api/v1/reports/figures': {
    allow: ['grid_worker', 'community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    query: (s) => ({ orgUnitId: String(s.tree.building.id) }),
  },
  'GET /api/v1/reports/figures/by-unit': {
    allow: ['grid_worker', 'community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    query: (s) => ({ orgUnitId: String(s.tree.community.id) }),
  },
  'GET /api/v1/reports/similar': {
    allow: ['resident', 'captain', 'grid_worker', 'community_staff', 'street_staff', 'property_window', 'admin'],
    outside: 'deny',
    query: (s) => ({ buildingId: String(s.tree.building.id), categoryId: String(s.ids.category) }),
  },
  'GET /api/v1/reports': { allow: 'signed-in', outside: 'none' },
  'GET /api/v1/reports/export': { allow: 'signed-in', outside: 'none' },
  'GET /api/v1/reports/{id}': {
    allow: ['resident', 'captain', 'grid_worker', 'community_staff', 'street_staff', 'property_window', 'admin'],
    outside: 'deny',
    params: (s) => ({ id: s.ids.report as number }),
  },
  // A photo attached to a report is served through it, to whoever may read the report.
  'GET /api/v1/reports/{id}/photos/{photoId}': {
    allow: ['captain', 'grid_worker', 'community_staff', 'street_staff', 'property_window', 'admin'],
    outside: 'deny',
    params: (s) => ({ id: s.ids.reportWithPhoto as number, photoId: s.photo.id }),
  },
  'GET /api/v1/report-places': { allow: 'signed-in', outside: 'none' },
  // A captain sets their own portrait from a photo they uploaded (it is printed on their buildings' boards).
  'PUT /api/v1/captains/me/portrait': {
    allow: ['captain'],
    outside: 'none',
    body: async (s, w, role) => ({ photoId: await ownPhoto(s, w, role) }),
  },
  'POST /api/v1/reports': {
    allow: ['resident'],
    outside: 'deny',
    body: (s) => ({ buildingId: s.tree.building.id, categoryId: s.ids.category, description: '楼道灯不亮了' }),
  },
  'POST /api/v1/reports/{id}/accept': {
    allow: LEVEL1,
    outside: 'deny',
    params: async (s, w) => ({ id: await newReport(w, s) }),
    body: () => ({ message: '收到，马上处理' }),
  },
  'POST /api/v1/reports/{id}/answer': {
    allow: LEVEL1,
    outside: 'deny',
    params: async (s, w) => ({ id: await newReport(w, s) }),
    body: () => ({ message: '已联系电工' }),
  },
  'POST /api/v1/reports/{id}/resolve': {
    allow: LEVEL1,
    outside: 'deny',
    params: async (s, w) => ({ id: await newReport(w, s) }),
    body: () => ({ message: '灯已修好' }),
  },
  'POST /api/v1/reports/{id}/escalate': {
    allow: LEVEL1,
    outside: 'deny',
    params: async (s, w) => ({ id: await newReport(w, s) }),
    body: () => ({ reason: '需要社区协调' }),
  },
  'POST /api/v1/reports/{id}/reject': {
    allow: LEVEL1,
    outside: 'deny',
    params: async (s, w) => ({ id: await newReport(w, s) }),
    body: () => ({ reason: '不属于受理范围' }),
  },
  // Only the department the report was dispatched to sends it back to the street (退回/申请改派).
  'POST /api/v1/reports/{id}/return': {
    allow: ['department_staff'],
    outside: 'deny',
    params: async (s, w) => ({ id: await dispatchedReport(w, s) }),
    body: () => ({ reason: '不属于本部门职责' }),
  },
  'POST /api/v1/reports/{id}/rate': {
    allow: ['resident'],
    outside: 'deny',
    params: async (s, w) => {
      const id = await newReport(w, s, 'resident');
      await as(w, s, 'captain', 'POST', `/api/v1/reports/${id}/resolve`, { message: '已修好' });
      return { id };
    },
    body: () => ({ rating: 5, solved: true }),
  },
  'POST /api/v1/reports/{id}/join': {
    // Anyone who may read the report may follow it ("me too").
    allow: ['resident', 'captain', 'grid_worker', 'community_staff', 'street_staff', 'property_window', 'admin'],
    outside: 'deny',
    params: async (s, w) => ({ id: await newReport(w, s, 'captain') }),
  },
  'POST /api/v1/reports/{id}/merge': {
    allow: ['captain', 'grid_worker', 'community_staff', 'street_staff', 'property_window'],
    outside: 'deny',
    params: async (s, w) => ({ id: await newReport(w, s) }),
    body: (s) => ({ intoReportId: s.ids.report }),
  },
};

/** Reports: a category, a report filed by the side's resident (which notifies the captain), a QR token. */
export const reportsWorld: WorldExtension = async (w, side) => {
  const s = w[side];
  const cats = await as(w, s, 'resident', 'GET', '/api/v1/report-categories');
  const leaf = (cats.items as { id: number; parentId: number | null }[]).find((c) => c.parentId !== null);
  if (!leaf) throw new Error('no report category');
  s.ids.category = leaf.id;
  s.ids.report = await newReport(w, s, 'resident');
  const inbox = await as(w, s, 'captain', 'GET', '/api/v1/notifications');
  const first = (inbox.items as { id: number }[])[0];
  if (!first) throw new Error('the captain got no notification');
  s.ids.captainNotification = first.id;
  s.strings.token = (await as(w, s, 'captain', 'GET', `/api/v1/buildings/${s.tree.building.id}/report-token`)).token;
  // Filed by the grid worker for a resident, with the grid worker's photo: the resident does not follow it.
  const withPhoto = await as(w, s, 'grid_worker', 'POST', '/api/v1/reports', {
    buildingId: s.tree.building.id,
    categoryId: s.ids.category,
    description: '代居民报事：楼道堆物',
    photoIds: [s.photo.id],
    onBehalfOf: { name: '关阿姨' },
  });
  s.ids.reportWithPhoto = withPhoto.id;
};
