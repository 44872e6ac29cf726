import { createHash } from 'node:crypto';
import type { Role } from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import { buildHouseholdTemplate } from '../src/modules/households/households-excel';
import { errorFileKey } from '../src/modules/households/households-import.service';
import { rows, transaction } from '../src/platform/db';
import { CAMPAIGNS_ACCESS, campaignsWorld, ownPhoto } from './access-campaigns';
import { CAPTAINS_ACCESS, captainsWorld } from './access-captains';
import { CARE_ACCESS, careWorld } from './access-care';
import { CHORES_ACCESS, choresWorld } from './access-chores';
import { DELIBERATION_ACCESS, deliberationWorld } from './access-deliberation';
import { NOTICES_ACCESS, noticesWorld } from './access-notices';
import { RESIDENCY_ACCESS, residencyWorld } from './access-residency';
import { VOLUNTEERING_ACCESS, volunteeringWorld } from './access-volunteering';
import { buildUser, phone, uniq } from './factories';
import { login, multipartFile } from './harness';
import { cookieOf, jpeg, type Side, type SideWorld, type World, type WorldExtension } from './world';

/**
 * Who may call what (docs/rules.md#roles-and-scope), one entry per route of /api/v1/openapi.json, keyed `METHOD /path`
 * exactly as the OpenAPI document spells it. The access matrix test (access-matrix.int.test.ts) calls
 * every route as anonymous, as the inside user of every role, and — where the request names a row or
 * an org unit — with the outside side's row, and asserts:
 *   anonymous → 401 (unless public); allowed role inside → `ok`; any other role → 403/404;
 *   outside → 403/404 for everyone, never the row; no response of an inside user mentions OUTSIDE_MARK.
 * A route missing here FAILS the test: declare new routes when you add them. The fuzz test reuses
 * `body`/`params`/`query` as the valid request it mutates.
 */
/** A finished background export (kind reports) of the side's user of `role`, its file in the store; its id. */
async function finishedExport(s: SideWorld, w: World, role: Role | null): Promise<number> {
  const user = s.users[role ?? 'community_staff'];
  const fileKey = `${createHash('sha256').update(`access-export:${user.id}:${uniq()}`).digest('hex')}.export`;
  await w.t.store.put(fileKey, w.t.cipher.encryptBytes(await buildHouseholdTemplate()));
  const [row] = await rows<{ id: number }>(
    w.t.database.db,
    sql`insert into export_jobs (kind, created_by, filters, lang, ip, status, rows_done, rows_total, file_key,
                                 file_bytes, created_at, finished_at, expires_at)
        values ('reports', ${user.id}, '{}', 'zh', '127.0.0.1', 'done', 0, 0, ${fileKey}, 1, now(), now(),
                now() + interval '7 days')
        returning id`,
  );
  return Number(row?.id);
}

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

/** A finished dry-run import of the side's user of `role` (community staff by default); its id. */
async function finishedImport(s: SideWorld, w: World, role: Role | null): Promise<number> {
  const user = s.users[role ?? 'community_staff'];
  const [row] = await rows<{ id: number }>(
    w.t.database.db,
    sql`insert into household_imports (created_by, dry_run, status, ip, result, created_at)
        values (${user.id}, true, 'done', '127.0.0.1',
                '{"dryRun":true,"total":0,"valid":0,"errors":[],"householdsCreated":0,"residentsCreated":0}',
                now())
        returning id`,
  );
  return Number(row?.id);
}

export interface Built {
  payload?: unknown;
  headers?: Record<string, string>;
}

export interface RouteAccess {
  /** Roles allowed inside their jurisdiction; 'public' needs no sign-in; 'signed-in' is any role. */
  allow: readonly Role[] | 'public' | 'signed-in';
  /** Path parameters for a side's fixtures. */
  params?: (
    s: SideWorld,
    w: World,
    role: Role | null,
  ) => Record<string, string | number> | Promise<Record<string, string | number>>;
  query?: (s: SideWorld, w: World) => Record<string, string>;
  /** A valid JSON body (fresh per call: creating routes are called once per role). */
  body?: (s: SideWorld, w: World, role: Role | null) => unknown | Promise<unknown>;
  /** A multipart body instead of JSON. */
  multipart?: (s: SideWorld, w: World) => Promise<Built>;
  /** Statuses of an allowed call; default [200, 201, 204]. */
  ok?: readonly number[];
  /** Body fields whose `null` is valid input (it clears the value), so the fuzzer does not expect it refused. */
  nullable?: readonly string[];
  /**
   * 'deny': the outside variant of the request must be refused (403/404). 'no-rows': refused, or a page
   * with no items. 'none': the request has no side.
   */
  outside: 'deny' | 'no-rows' | 'none';
  /**
   * Declared but not yet modelled (its fixtures are still to write): the matrix then checks only that
   * anonymous is refused, that no role gets a 5xx or a row of the outside, and prints what each role got.
   * The text says why; replace it with a real rule.
   */
  unchecked?: string;
  /** What anonymous gets when not 401 (Open311 answers with its own API-key errors). */
  anonymous?: readonly number[];
  /** Uses up the session (logout): the test signs in afresh for each call. */
  freshSession?: boolean;
}

/** Who grants roles (role-grants.policy.ts). */
const GRANTERS: readonly Role[] = ['community_staff', 'street_staff', 'admin'];

/** A new captain of the side's building, with the id of that binding. */
async function freshCaptain(s: SideWorld, w: World): Promise<{ id: number; bindingId: number }> {
  const u = await buildUser(w.t.database.db, w.t.cipher, [{ role: 'captain', unit: s.tree.building }]);
  const [b] = await rows<{ id: number }>(w.t.database.db, sql`select id from role_bindings where user_id = ${u.id}`);
  return { id: u.id, bindingId: Number(b?.id) };
}

/** A mobile number no other call uses. */
function freshPhone(): string {
  return phone();
}

/** Asks for a code for `p` and reads it from the outbox row, as the person would from the SMS. */
async function smsCodeFor(w: World, p: string, purpose: 'login' | 'reset'): Promise<string> {
  const res = await w.t.app.inject({ method: 'POST', url: '/api/v1/auth/sms-code', payload: { phone: p, purpose } });
  if (res.statusCode !== 202) throw new Error(`sms-code ${res.statusCode} ${res.body}`);
  const [row] = await rows<{ code: string }>(
    w.t.database.db,
    sql`select payload->'params'->>'code' as code from notification_outbox
        where phone_hash = ${w.t.cipher.blindIndex('phone', p)} order by id desc limit 1`,
  );
  if (!row) throw new Error(`no code for ${p}`);
  return row.code;
}

/** Who handles a report at the building level: its captain, or the estate's property window (docs/rules.md#reports). */
const LEVEL1: readonly Role[] = ['captain', 'property_window'];
const STAFF_READ: readonly Role[] = ['captain', 'grid_worker', 'community_staff', 'street_staff', 'admin'];
const REGISTRY_WRITE: readonly Role[] = ['grid_worker', 'community_staff', 'admin'];

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

  // Street settings: a point's yuan value and the adjustment threshold; the mall's window days.
  'GET /api/v1/points/settings': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    query: (s) => ({ streetId: String(s.tree.street.id) }),
  },
  'PUT /api/v1/points/settings': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    body: (s) => ({ streetId: s.tree.street.id, yuanPerPoint: 0.5 }),
  },
  'GET /api/v1/mall/settings': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    query: (s) => ({ streetId: String(s.tree.street.id) }),
  },
  'PUT /api/v1/mall/settings': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    body: (s) => ({ streetId: s.tree.street.id, windowStartDay: 1, windowEndDay: 28 }),
  },

  // The departments a community or street may escalate to: those serving the caller's district.
  'GET /api/v1/departments': { allow: 'signed-in', outside: 'none' },
  'GET /api/v1/health': { allow: 'public', outside: 'none' },

  'POST /api/v1/auth/login': {
    allow: 'public',
    outside: 'none',
    body: (s) => ({ phone: s.users.captain.phone, password: 'louzhang123' }),
  },
  // SMS-code sign-in is open to anyone (it signs a new phone up); a valid code is read from the outbox.
  'POST /api/v1/auth/sms-code': { allow: 'public', outside: 'none', ok: [202], body: () => ({ phone: freshPhone() }) },
  'POST /api/v1/auth/sms-login': {
    allow: 'public',
    outside: 'none',
    body: async (_s, w) => {
      const phone = freshPhone();
      return { phone, code: await smsCodeFor(w, phone, 'login') };
    },
  },
  'POST /api/v1/auth/password-reset': {
    allow: 'public',
    outside: 'none',
    body: async (_s, w) => {
      const u = await buildUser(w.t.database.db, w.t.cipher, []);
      return { phone: u.phone, code: await smsCodeFor(w, u.phone, 'reset'), newPassword: 'new-pass-2026' };
    },
  },
  // Accounts and roles (用户与权限): the granting roles, each within its scope (role-grants.policy.ts;
  // the full role × target × scope table is in accounts.int.test.ts).
  'GET /api/v1/accounts': {
    allow: GRANTERS,
    outside: 'deny',
    query: (s) => ({ orgUnitId: String(s.tree.building.id) }),
  },
  'GET /api/v1/accounts/export': {
    allow: GRANTERS,
    outside: 'deny',
    query: (s) => ({ orgUnitId: String(s.tree.building.id) }),
  },
  'POST /api/v1/accounts': {
    allow: GRANTERS,
    outside: 'deny',
    ok: [201],
    body: (s) => ({ name: `新楼长${uniq()}`, phone: phone(), role: 'captain', orgUnitId: s.tree.building.id }),
  },
  'GET /api/v1/accounts/{id}': { allow: GRANTERS, outside: 'deny', params: (s) => ({ id: s.users.captain.id }) },
  'POST /api/v1/accounts/{id}/bindings': {
    allow: GRANTERS,
    outside: 'deny',
    params: async (_s, w) => ({ id: (await buildUser(w.t.database.db, w.t.cipher, [])).id }),
    body: (s) => ({ role: 'captain', orgUnitId: s.tree.building.id }),
  },
  'POST /api/v1/accounts/{id}/bindings/{bindingId}/revoke': {
    allow: GRANTERS,
    outside: 'deny',
    params: async (s, w) => {
      const u = await freshCaptain(s, w);
      return { id: u.id, bindingId: u.bindingId };
    },
    body: () => ({ reason: '搬离' }),
  },
  'POST /api/v1/accounts/{id}/disable': {
    allow: GRANTERS,
    outside: 'deny',
    params: async (s, w) => ({ id: (await freshCaptain(s, w)).id }),
    body: () => ({ reason: '离职' }),
  },
  'POST /api/v1/accounts/{id}/enable': {
    allow: GRANTERS,
    outside: 'deny',
    params: async (s, w) => ({ id: (await freshCaptain(s, w)).id }),
  },
  'POST /api/v1/accounts/{id}/second-factor/reset': {
    allow: GRANTERS,
    outside: 'deny',
    params: async (s, w) => ({ id: (await freshCaptain(s, w)).id }),
  },
  'POST /api/v1/accounts/{id}/password-reset': {
    allow: GRANTERS,
    outside: 'deny',
    params: async (s, w) => ({ id: (await freshCaptain(s, w)).id }),
  },
  // Captain registration by staff: the grant rule for `captain` at the building.
  'GET /api/v1/buildings/{id}/captains': {
    allow: GRANTERS,
    outside: 'deny',
    params: (s) => ({ id: s.tree.building.id }),
  },
  'POST /api/v1/buildings/{id}/captains': {
    allow: GRANTERS,
    outside: 'deny',
    params: (s) => ({ id: s.tree.building.id }),
    body: async (_s, w) => ({ userId: (await buildUser(w.t.database.db, w.t.cipher, [])).id, reason: '居民推选' }),
  },
  'POST /api/v1/buildings/{id}/captains/{userId}/unbind': {
    allow: GRANTERS,
    outside: 'deny',
    params: async (s, w) => ({ id: s.tree.building.id, userId: (await freshCaptain(s, w)).id }),
    body: () => ({ reason: '搬离本楼' }),
  },
  'GET /api/v1/me/sessions': { allow: 'signed-in', outside: 'none' },
  // Ends another session of the caller (a second sign-in made for the purpose).
  'POST /api/v1/me/sessions/{id}/end': {
    allow: 'signed-in',
    outside: 'none',
    params: async (s, w, role) => {
      if (!role) return { id: 'AAAAAAAAAAAAAAAA' };
      const cookie = await login(w.t.app, s.users[role].phone);
      const token = cookie.slice(cookie.indexOf('=') + 1);
      return { id: createHash('sha256').update(token).digest('base64url').slice(0, 16) };
    },
  },
  // The local SMS outbox: admins only, each seeing their street's messages.
  'GET /api/v1/admin/sms-outbox': { allow: ['admin'], outside: 'none' },
  'GET /api/v1/admin/sms-outbox/export': { allow: ['admin'], outside: 'none' },
  'POST /api/v1/auth/logout': { allow: 'signed-in', outside: 'none', freshSession: true },
  'GET /api/v1/auth/me': { allow: 'signed-in', outside: 'none' },

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

  // 导出任务: a household export asks the registry's permission and scope; the job and its file are the asker's alone.
  'POST /api/v1/exports': {
    allow: STAFF_READ,
    outside: 'deny',
    body: (s) => ({ kind: 'households', filters: { orgUnitId: String(s.tree.building.id) } }),
    ok: [202],
  },
  'GET /api/v1/exports': { allow: 'signed-in', outside: 'none' },
  'GET /api/v1/exports/{id}': {
    allow: 'signed-in',
    outside: 'deny',
    params: async (s, w, role) => ({ id: await finishedExport(s, w, role) }),
  },
  'GET /api/v1/exports/{id}/file': {
    allow: 'signed-in',
    outside: 'deny',
    params: async (s, w, role) => ({ id: await finishedExport(s, w, role) }),
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
  'GET /api/v1/households': {
    allow: STAFF_READ,
    outside: 'deny',
    query: (s) => ({ orgUnitId: String(s.tree.building.id) }),
  },
  'GET /api/v1/households/mine': { allow: ['resident'], outside: 'none' },
  'GET /api/v1/households/import-template': { allow: 'signed-in', outside: 'none' },
  'GET /api/v1/households/export': {
    allow: STAFF_READ,
    outside: 'deny',
    query: (s) => ({ orgUnitId: String(s.tree.building.id) }),
  },
  'POST /api/v1/households/import': {
    allow: REGISTRY_WRITE,
    // The file names buildings; those outside one's jurisdiction are reported as unknown rows.
    outside: 'none',
    query: () => ({ dryRun: 'true' }),
    multipart: async () => multipartFile('file', 'registry.xlsx', await buildHouseholdTemplate()),
    ok: [202],
  },
  // An import is its importer's alone: the caller's own (finished) import inside; the other side's is not found.
  'GET /api/v1/households/imports/{id}': {
    allow: REGISTRY_WRITE,
    outside: 'deny',
    params: async (s, w, role) => ({ id: await finishedImport(s, w, role) }),
  },
  // The annotated error file of one's own import (an import with row errors has one).
  'GET /api/v1/households/imports/{id}/errors.xlsx': {
    allow: REGISTRY_WRITE,
    outside: 'deny',
    params: async (s, w, role) => {
      const id = await finishedImport(s, w, role);
      await w.t.store.put(errorFileKey(id), w.t.cipher.encryptBytes(await buildHouseholdTemplate()));
      return { id };
    },
  },
  'GET /api/v1/households/{id}': {
    allow: STAFF_READ,
    outside: 'deny',
    params: (s) => ({ id: s.household.id }),
  },
  'POST /api/v1/households': {
    allow: REGISTRY_WRITE,
    outside: 'deny',
    body: (s) => ({
      buildingId: s.tree.building.id,
      floor: 2,
      room: `${uniq()}`,
      residents: [{ name: '新住户' }],
    }),
  },
  'PATCH /api/v1/households/{id}': {
    allow: REGISTRY_WRITE,
    outside: 'deny',
    params: (s) => ({ id: s.household.id }),
    body: () => ({ ownerKey: 'A01' }),
    // `ownerKey: null` clears the key (the household has no known owner grouping any more).
    nullable: ['ownerKey'],
  },
  'POST /api/v1/residents/{id}/reveal': {
    allow: ['captain', 'grid_worker', 'community_staff', 'street_staff'],
    outside: 'deny',
    params: (s) => ({ id: s.resident.id }),
    body: () => ({ field: 'phone', purpose: '上门走访联系' }),
  },

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

  'GET /api/v1/points/me': { allow: ['captain'], outside: 'none' },
  'GET /api/v1/points/accounts/{userId}': {
    allow: ['community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    params: (s) => ({ userId: s.users.captain.id }),
  },
  'GET /api/v1/points/adjustments': { allow: ['street_staff', 'admin'], outside: 'none' },
  'GET /api/v1/points/adjustments/export': { allow: ['street_staff', 'admin'], outside: 'none' },
  'POST /api/v1/points/adjustments': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    body: (s) => ({ captainUserId: s.users.captain.id, points: 5, reason: '补录积分' }),
  },
  'POST /api/v1/points/adjustments/{id}/approve': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    params: async (s, w, role) => ({
      id: await pendingAdjustment(w, s, role === 'street_staff' ? 'admin' : 'street_staff'),
    }),
    // NB: with no body at all the route answers 400 VALIDATION_FAILED (its optional body schema refuses null).
    body: () => ({ note: '核实无误' }),
  },
  'POST /api/v1/points/adjustments/{id}/reject': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    params: async (s, w) => ({ id: await pendingAdjustment(w, s, 'street_staff') }),
    body: () => ({}),
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

  // ---------------------------------------------------------------- mall (docs/rules.md#mall)
  'GET /api/v1/mall/products': {
    allow: ['captain', 'grid_worker', 'community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    query: (s) => ({ streetId: String(s.tree.street.id) }),
  },
  'GET /api/v1/mall/products/export': {
    allow: ['captain', 'grid_worker', 'community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    query: (s) => ({ streetId: String(s.tree.street.id) }),
  },
  'POST /api/v1/mall/products': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    body: (s) => ({ streetId: s.tree.street.id, name: `大米${uniq()}`, pointsPrice: 50, stock: 5, unitCostYuan: 25 }),
  },
  'PATCH /api/v1/mall/products/{id}': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    params: (s) => ({ id: s.ids.product as number }),
    body: () => ({ stockDelta: 1 }),
  },
  'POST /api/v1/mall/orders': {
    allow: ['captain'],
    outside: 'deny',
    body: (s) => ({ items: [{ productId: s.ids.product, quantity: 1 }] }),
  },
  'GET /api/v1/mall/orders/mine': { allow: 'signed-in', outside: 'none' },
  'GET /api/v1/mall/orders': {
    allow: ['community_staff', 'street_staff', 'admin'],
    outside: 'no-rows',
    query: (s) => ({ streetId: String(s.tree.street.id) }),
  },
  'GET /api/v1/mall/orders/export': {
    allow: ['community_staff', 'street_staff', 'admin'],
    outside: 'none',
    query: (s) => ({ streetId: String(s.tree.street.id) }),
  },
  'GET /api/v1/mall/orders/{id}': {
    allow: ['community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    params: (s) => ({ id: s.ids.order as number }),
  },
  // The side's order was placed by another captain: the code is theirs alone, staff verify what is shown.
  'GET /api/v1/mall/orders/{id}/pickup-qr': {
    allow: [],
    outside: 'deny',
    params: (s) => ({ id: s.ids.order as number }),
  },
  'POST /api/v1/mall/orders/{id}/ready': {
    allow: ['community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    params: async (s, w) => ({ id: (await newOrder(w, s)).id }),
  },
  'POST /api/v1/mall/orders/{id}/cancel': {
    allow: ['community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    params: async (s, w) => ({ id: (await newOrder(w, s)).id }),
    body: () => ({ reason: '楼长外出无法领取' }),
  },
  'POST /api/v1/mall/pickups': {
    allow: ['community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    body: async (s, w) => ({ code: (await newOrder(w, s)).pickupCode }),
  },
  'GET /api/v1/mall/report': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    query: (s) => ({ streetId: String(s.tree.street.id) }),
  },
  'GET /api/v1/mall/report/export': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    query: (s) => ({ streetId: String(s.tree.street.id) }),
  },
  ...CHORES_ACCESS,
  ...CARE_ACCESS,
  ...NOTICES_ACCESS,
  ...RESIDENCY_ACCESS,
  ...CAMPAIGNS_ACCESS,
  ...CAPTAINS_ACCESS,
  ...DELIBERATION_ACCESS,
  ...VOLUNTEERING_ACCESS,
};

/** Calls the API as the side's user of `role`; throws unless it succeeds. */
async function as(w: World, s: SideWorld, role: Role, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await w.t.app.inject({
    method,
    url,
    headers: { cookie: cookieOf(w, s, role) },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  if (res.statusCode >= 300) throw new Error(`${role} ${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

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

/** A fresh order by a fresh captain of the side's building (one order per captain and window). */
async function newOrder(w: World, s: SideWorld): Promise<{ id: number; pickupCode: string }> {
  const c = await buildUser(w.t.database.db, w.t.cipher, [{ role: 'captain', unit: s.tree.building }]);
  await creditPoints(w, s, c.id, 500);
  const res = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/mall/orders',
    headers: { cookie: await login(w.t.app, c.phone) },
    payload: { items: [{ productId: s.ids.product, quantity: 1 }] },
  });
  if (res.statusCode !== 201) throw new Error(`order: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function creditPoints(w: World, s: SideWorld, userId: number, points: number) {
  await transaction(w.t.database.db, (tx) =>
    w.t.services.ledger.credit(tx, {
      streetId: s.tree.street.id as number,
      userId,
      points,
      causeKey: `test:${uniq()}`,
      memo: '测试积分',
      actorUserId: null,
    }),
  );
}

/** A fresh adjustment above the street's threshold, so it waits for a second approver. */
async function pendingAdjustment(w: World, s: SideWorld, requester: Role): Promise<number> {
  const res = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/points/adjustments',
    headers: { cookie: cookieOf(w, s, requester) },
    payload: { captainUserId: s.users.captain.id, points: 500, reason: '年度表彰补发' },
  });
  if (res.statusCode !== 201 || res.json().status !== 'pending')
    throw new Error(`adjustment: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

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
  // Reports: a category, a report filed by the side's resident (which notifies the captain), a QR token.
  async (w, side) => {
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
  },
  // Mall: a product with stock, points for the side's captain, an order by another captain.
  async (w, side) => {
    const s = w[side];
    const p = await as(w, s, 'street_staff', 'POST', '/api/v1/mall/products', {
      name: `食用油${uniq()}`,
      pointsPrice: 100,
      stock: 500,
      unitCostYuan: 30,
    });
    s.ids.product = p.id;
    await creditPoints(w, s, s.users.captain.id, 500);
    s.ids.order = (await newOrder(w, s)).id;
  },
  careWorld,
  noticesWorld,
  residencyWorld,
  campaignsWorld,
  captainsWorld,
  deliberationWorld,
  volunteeringWorld,
];

export type { Side };
