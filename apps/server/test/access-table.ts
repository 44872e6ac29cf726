import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows } from '../src/platform/db';
import { ACCOUNTS_ACCESS } from './access-accounts';
import { CAMPAIGNS_ACCESS, campaignsWorld } from './access-campaigns';
import { CAPTAINS_ACCESS, captainsWorld } from './access-captains';
import { CARE_ACCESS, careWorld } from './access-care';
import { CHORES_ACCESS, choresWorld } from './access-chores';
import { DELIBERATION_ACCESS, deliberationWorld } from './access-deliberation';
import { HOUSEHOLDS_ACCESS } from './access-households';
import { MALL_ACCESS, mallWorld } from './access-mall';
import { NOTICES_ACCESS, noticesWorld } from './access-notices';
import { REPORTS_ACCESS, reportsWorld } from './access-reports';
import { RESIDENCY_ACCESS, residencyWorld } from './access-residency';
import { type RouteAccess, STAFF_READ } from './access-route';
import { VOLUNTEERING_ACCESS, volunteeringWorld } from './access-volunteering';
import { uniq } from './factories';
import type { Side, SideWorld, World, WorldExtension } from './world';

/**
 * Who may call what (docs/rules.md#roles-and-scope), one entry per route of /api/v1/openapi.json, keyed `METHOD /path`
 * exactly as the OpenAPI document spells it. The access matrix test (access-matrix.int.test.ts) calls
 * every route as anonymous, as the inside user of every role, and — where the request names a row or
 * an org unit — with the outside side's row, and asserts:
 *   anonymous → 401 (unless public); allowed role inside → `ok`; any other role → 403/404;
 *   outside → 403/404 for everyone, never the row; no response of an inside user mentions OUTSIDE_MARK.
 * A route missing here FAILS the test: declare new routes when you add them. The fuzz test reuses
 * `body`/`params`/`query` as the valid request it mutates. Each area's rows live in access-<area>.ts, merged below;
 * a row's shape (RouteAccess) and the shared role lists are in access-route.ts.
 */
/** A stored monthly report of the side's community, its file in the store; its id. */
async function storedMonthlyReport(s: SideWorld, w: World): Promise<number> {
  const fileKey = `${createHash('sha256').update(`access-monthly:${uniq()}`).digest('hex')}.pdf`;
  await w.t.store.put(fileKey, Buffer.from('%PDF-1.4\n'));
  const [row] = await rows<{ id: number }>(
    w.t.database.db,
    sql`insert into monthly_reports (org_unit_id, month, file_key, file_bytes, generated_at)
        values (${s.tree.community.id}, '2024-06', ${fileKey}, 9, now())
        on conflict (org_unit_id, month) do update set file_key = excluded.file_key
        returning id`,
  );
  return Number(row?.id);
}

export const ACCESS: Record<string, RouteAccess> = {
  // Printable stairwell boards (docs/rules.md#notices-and-boards): the building's captain and the staff above it; a batch
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
  'GET /api/v1/org-units/{id}/board-buildings': {
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

  // The departments a community or street may escalate to: those serving the caller's district.
  'GET /api/v1/departments': { allow: 'signed-in', outside: 'none' },
  'GET /api/v1/health': { allow: 'public', outside: 'none' },

  // Every role browses the tree below its bindings; the target is the side's building, which lies
  // below every binding except a department's and a partner organisation's.
  'GET /api/v1/org-units': {
    allow: ['resident', 'captain', 'grid_worker', 'community_staff', 'street_staff', 'property_window', 'admin'],
    outside: 'deny',
    query: (s) => ({ parentId: String(s.tree.building.id) }),
  },
  // Every role searches below its own bindings: a department or partner organisation finds nothing by the
  // building's name (the building is not below them) and gets an empty page, not a refusal.
  'GET /api/v1/org-units/search': {
    allow: 'signed-in',
    outside: 'no-rows',
    query: (s) => ({ q: s.tree.building.name }),
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

  'GET /api/v1/chores/figures': {
    allow: ['grid_worker', 'community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    query: (s) => ({ orgUnitId: String(s.tree.community.id) }),
  },
  // 月度报告: staff of the unit or above; the file of a stored report is read by the same people.
  'GET /api/v1/monthly-reports': { allow: ['community_staff', 'street_staff', 'admin'], outside: 'none' },
  'POST /api/v1/monthly-reports': {
    allow: ['community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    body: (s) => ({ orgUnitId: s.tree.community.id, month: '2025-01' }),
    ok: [201],
  },
  'GET /api/v1/monthly-reports/{id}/file': {
    allow: ['community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    params: async (s, w) => ({ id: await storedMonthlyReport(s, w) }),
  },
  // ---------------------------------------------------------------- notifications (docs/rules.md#notifications)
  'GET /api/v1/notifications': { allow: 'signed-in', outside: 'none' },
  // Counts within the caller's own jurisdiction (workbench.int.test.ts shows the outside is not counted).
  'GET /api/v1/workbench': { allow: 'signed-in', outside: 'none' },
  // A street office reads its own street's log (audit.int.test.ts shows another street's rows are not there).
  'GET /api/v1/audit-log': { allow: ['street_staff', 'admin'], outside: 'none' },
  'GET /api/v1/audit-log/export': { allow: ['street_staff', 'admin'], outside: 'none' },
  'POST /api/v1/notifications/read-all': { allow: 'signed-in', outside: 'none' },
  // Marking someone else's notification read is a no-op ({updated: 0}); bodies are checked for leaks.
  'POST /api/v1/notifications/{id}/read': {
    allow: 'signed-in',
    outside: 'none',
    params: (s) => ({ id: s.ids.captainNotification as number }),
  },

  ...ACCOUNTS_ACCESS,
  ...HOUSEHOLDS_ACCESS,
  ...REPORTS_ACCESS,
  ...MALL_ACCESS,
  ...CHORES_ACCESS,
  ...CARE_ACCESS,
  ...NOTICES_ACCESS,
  ...RESIDENCY_ACCESS,
  ...CAMPAIGNS_ACCESS,
  ...CAPTAINS_ACCESS,
  ...DELIBERATION_ACCESS,
  ...VOLUNTEERING_ACCESS,
};

/** Fixtures other modules need on both sides; add yours here (it receives the world and a side). */
export const EXTENSIONS: WorldExtension[] = [
  choresWorld,
  // an Open311 key on each side's street, to revoke
  async (w, side) => {
    const s = side === 'inside' ? w.inside : w.outside;
    s.ids.open311Client = (
      await w.t.services.open311.createClient(s.tree.street.id, `matrix-${side}`, `k-${uniq()}`)
    ).id;
  },
  reportsWorld,
  mallWorld,
  careWorld,
  noticesWorld,
  residencyWorld,
  campaignsWorld,
  captainsWorld,
  deliberationWorld,
  volunteeringWorld,
];

export type { Built, RouteAccess } from './access-route';
export type { Side };
