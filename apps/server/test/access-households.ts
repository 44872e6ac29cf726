import { createHash } from 'node:crypto';
import type { Role } from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import { buildHouseholdTemplate } from '../src/modules/households/households-excel';
import { errorFileKey } from '../src/modules/households/households-import.service';
import { rows } from '../src/platform/db';
import { REGISTRY_WRITE, type RouteAccess, STAFF_READ } from './access-route';
import { uniq } from './factories';
import { multipartFile } from './harness';
import type { SideWorld, World } from './world';

/**
 * Access rules of the household registry, its imports and exports, and revealing a resident's phone (modules/households,
 * modules/exports), merged into ACCESS by access-table.ts.
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

export const HOUSEHOLDS_ACCESS: Record<string, RouteAccess> = {
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
};
