import type { Role } from '@louzhang/contracts';
import type { RouteAccess } from './access-route';
import { uniq } from './factories';
import { cookieOf, type WorldExtension } from './world';

/**
 * Access rules of the notices routes (modules/notices), merged into ACCESS by access-table.ts. The side's
 * community staff publish a notice to the side's building; it reaches the resident and the captain there.
 */

const RECEIPT_READERS: readonly Role[] = ['captain', 'grid_worker', 'community_staff', 'street_staff', 'admin'];

export const noticesWorld: WorldExtension = async (w, side) => {
  const s = w[side];
  const res = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/notices',
    headers: { cookie: cookieOf(w, s, 'community_staff') },
    payload: {
      scopeOrgUnitId: s.tree.building.id,
      kind: 'notice',
      title: '停水通知',
      body: '明日上午9点至12点停水检修。',
    },
  });
  if (res.statusCode !== 201) throw new Error(`notice fixture: ${res.statusCode} ${res.body}`);
  s.ids.notice = res.json().id;
};

export const NOTICES_ACCESS: Record<string, RouteAccess> = {
  'POST /api/v1/notices': {
    allow: ['street_staff', 'community_staff', 'captain', 'admin'],
    outside: 'deny',
    body: (s) => ({
      scopeOrgUnitId: s.tree.building.id,
      kind: 'safety',
      title: `消防安全提示${uniq()}`,
      body: '楼道严禁堆放杂物。',
    }),
  },
  'GET /api/v1/notices/feed': { allow: 'signed-in', outside: 'none' },
  'GET /api/v1/notices': { allow: RECEIPT_READERS, outside: 'none' },
  'GET /api/v1/notices/export': { allow: RECEIPT_READERS, outside: 'none' },
  'GET /api/v1/notices/{id}': {
    allow: ['resident', ...RECEIPT_READERS],
    outside: 'deny',
    params: (s) => ({ id: s.ids.notice as number }),
  },
  // Read receipts are for the people the notice reaches where they live; staff get NOTICE_NOT_IN_SCOPE.
  'POST /api/v1/notices/{id}/read': {
    allow: ['resident', 'captain'],
    outside: 'deny',
    params: (s) => ({ id: s.ids.notice as number }),
  },
  'GET /api/v1/notices/{id}/receipts': {
    allow: RECEIPT_READERS,
    outside: 'deny',
    params: (s) => ({ id: s.ids.notice as number }),
  },
  'GET /api/v1/notices/{id}/poster.pdf': {
    allow: RECEIPT_READERS,
    outside: 'deny',
    params: (s) => ({ id: s.ids.notice as number }),
  },
  'GET /api/v1/notices/{id}/unread-households': {
    allow: RECEIPT_READERS,
    outside: 'deny',
    params: (s) => ({ id: s.ids.notice as number }),
    query: (s) => ({ buildingId: String(s.tree.building.id) }),
  },
};
