import type { Role } from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import { bindingsOf } from '../src/modules/auth/auth.repository';
import type { RouteAccess } from './access-table';
import { cookieOf, type Side, type SideWorld, type World, type WorldExtension } from './world';

/**
 * Access rules of the reports and notifications routes (DESIGN §4.6, §4.13), merged into ACCESS.
 * Handlers' actions run on a fresh report per call, so one role's call never changes what the next sees.
 */
const READ: readonly Role[] = ['captain', 'property_window', 'grid_worker', 'community_staff', 'street_staff', 'admin'];
// At the building level the captain handles it; a property window bound over the building may too.
const HANDLER: readonly Role[] = ['captain', 'property_window'];
const tokens = new Map<Side, string>();

async function api(w: World, s: SideWorld, role: Role, method: 'GET' | 'POST', url: string, payload?: object) {
  const res = await w.t.app.inject({ method, url, headers: { cookie: cookieOf(w, s, role) }, payload });
  if (res.statusCode >= 300) throw new Error(`reports fixture ${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A fresh report in the side's building, from the system (no intake rate limit), routed to its captain. */
async function freshReport(w: World, s: SideWorld): Promise<number> {
  const r = await w.t.services.reports.createFromSystem(
    { actor: null, ip: 'test' },
    { buildingId: s.tree.building.id, categoryId: s.ids.sanitation as number, description: '楼道垃圾没人清理' },
  );
  return r.id;
}

async function ctxOf(w: World, s: SideWorld, role: Role) {
  const u = s.users[role];
  return {
    actor: { userId: u.id, name: role, bindings: await bindingsOf(w.t.database.db, u.id) },
    ip: 'test',
    lang: 'zh' as const,
  };
}

/** A resolved report the side's resident filed (so the resident may rate it). */
async function resolvedReport(w: World, s: SideWorld): Promise<number> {
  const r = await w.t.services.reports.create(await ctxOf(w, s, 'resident'), {
    buildingId: s.tree.building.id,
    categoryId: s.ids.sanitation as number,
    description: '楼道灯不亮',
    photoIds: [],
  });
  await w.t.services.reports.resolve(await ctxOf(w, s, 'captain'), r.id, { message: '已修好', photoIds: [] });
  return r.id;
}

export const reportsWorld: WorldExtension = async (w, side) => {
  const s = side === 'inside' ? w.inside : w.outside;
  const rows = await w.t.database.db.execute(sql`select id, code from report_categories`);
  const cats = (rows as unknown as { rows: { id: number; code: string }[] }).rows;
  s.ids.sanitation = Number(cats.find((c) => c.code === 'sanitation')?.id);
  s.ids.policyCategory = Number(cats.find((c) => c.code === 'policy')?.id);
  s.ids.report = (
    await api(w, s, 'resident', 'POST', '/api/v1/reports', {
      buildingId: s.tree.building.id,
      categoryId: s.ids.sanitation,
      description: '楼道垃圾没人清理',
    })
  ).id;
  const withPhoto = await api(w, s, 'grid_worker', 'POST', '/api/v1/reports', {
    buildingId: s.tree.building.id,
    categoryId: s.ids.sanitation,
    description: '代居民报事：楼道堆物',
    photoIds: [s.photo.id],
    onBehalfOf: { name: '关阿姨' },
  });
  s.ids.reportWithPhoto = withPhoto.id;
  tokens.set(side, (await api(w, s, 'captain', 'GET', `/api/v1/buildings/${s.tree.building.id}/report-token`)).token);
};

const action = (body: () => unknown): RouteAccess => ({
  allow: HANDLER,
  outside: 'deny',
  params: async (s, w) => ({ id: await freshReport(w, s) }),
  body,
});

export const REPORTS_ACCESS: Record<string, RouteAccess> = {
  'GET /api/v1/report-categories': { allow: 'signed-in', outside: 'none' },
  'PATCH /api/v1/report-categories/{id}': {
    allow: ['admin'],
    outside: 'none',
    params: (s) => ({ id: s.ids.policyCategory as number }),
    body: () => ({ slas: [{ level: 'building', ackHours: 8, resolveHours: 72 }] }),
  },
  'GET /api/v1/buildings/by-token/{token}': {
    allow: 'public',
    outside: 'none',
    params: (s) => ({ token: tokens.get(s.side) as string }),
  },
  'GET /api/v1/buildings/{id}/report-token': {
    allow: READ,
    outside: 'deny',
    params: (s) => ({ id: s.tree.building.id }),
  },
  'GET /api/v1/reports/figures': {
    allow: ['grid_worker', 'community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    query: (s) => ({ orgUnitId: String(s.tree.grid.id) }),
  },
  'GET /api/v1/reports/similar': {
    allow: [...READ, 'resident'],
    outside: 'deny',
    query: (s) => ({ buildingId: String(s.tree.building.id), categoryId: String(s.ids.sanitation) }),
  },
  'GET /api/v1/reports': { allow: 'signed-in', outside: 'none' },
  'GET /api/v1/reports/{id}': {
    allow: [...READ, 'resident'],
    outside: 'deny',
    params: (s) => ({ id: s.ids.report as number }),
  },
  'GET /api/v1/reports/{id}/photos/{photoId}': {
    allow: READ,
    outside: 'deny',
    params: (s) => ({ id: s.ids.reportWithPhoto as number, photoId: s.photo.id }),
  },
  'POST /api/v1/reports': {
    allow: ['resident'],
    outside: 'deny',
    body: (s) => ({ buildingId: s.tree.building.id, categoryId: s.ids.sanitation, description: '单元门锁坏了' }),
  },
  'POST /api/v1/reports/{id}/accept': action(() => ({})),
  'POST /api/v1/reports/{id}/answer': action(() => ({ message: '收到，马上处理' })),
  'POST /api/v1/reports/{id}/resolve': action(() => ({ message: '已处理完毕' })),
  'POST /api/v1/reports/{id}/escalate': action(() => ({ reason: '需要网格员协调' })),
  'POST /api/v1/reports/{id}/reject': action(() => ({ reason: '不属于本楼问题' })),
  'POST /api/v1/reports/{id}/rate': {
    allow: ['resident'],
    outside: 'deny',
    params: async (s, w) => ({ id: await resolvedReport(w, s) }),
    body: () => ({ rating: 5, solved: true }),
  },
  'POST /api/v1/reports/{id}/join': {
    allow: [...READ, 'resident'],
    outside: 'deny',
    params: async (s, w) => ({ id: await freshReport(w, s) }),
  },
  'POST /api/v1/reports/{id}/merge': {
    allow: ['captain', 'property_window', 'grid_worker', 'community_staff', 'street_staff'],
    outside: 'deny',
    params: async (s, w) => ({ id: await freshReport(w, s) }),
    body: async (s, w) => ({ intoReportId: await freshReport(w, s) }),
  },
  'GET /api/v1/notifications': { allow: 'signed-in', outside: 'none' },
  // Someone else's id marks nothing (updated: 0): the route never reveals whose it is.
  'POST /api/v1/notifications/{id}/read': { allow: 'signed-in', outside: 'none', params: () => ({ id: 1 }) },
  'POST /api/v1/notifications/read-all': { allow: 'signed-in', outside: 'none' },
};
