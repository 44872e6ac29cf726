import { ExportQuery } from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHousehold, buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';
import { streamHouseholdsXlsx } from '../households/households-export-xlsx';
import { ExportsService } from './exports.service';

/**
 * The export job itself: the reports kind end to end (25 reports over a cap of 10), two runs racing for
 * queued exports, progress moving to the total, and failures ending coded.
 */
const CAP = 10;
const REPORTS = 25;
const HOUSEHOLDS = 30;
let t: TestApp;
let tree: Tree;
let staff: { id: number; phone: string };
let cookie: string;
const PROXY_PHONE = `137${String(process.pid % 10000).padStart(4, '0')}${String(Date.now() % 10000).padStart(4, '0')}`;

beforeAll(async () => {
  t = await startTestApp({ EXPORT_SYNC_MAX_ROWS: String(CAP) }, { poolSize: 10 });
  const db = t.database.db;
  tree = await buildTree(db);
  staff = await buildUser(db, t.cipher, [{ role: 'street_staff', unit: tree.street }]);
  cookie = await login(t.app, staff.phone);
  const captain = await buildUser(db, t.cipher, [{ role: 'captain', unit: tree.building }]);
  const captainCookie = await login(t.app, captain.phone);
  const cats = (
    await t.app.inject({ method: 'GET', url: '/api/v1/report-categories', headers: { cookie: captainCookie } })
  ).json().items as { id: number; code: string }[];
  const filed = await t.app.inject({
    method: 'POST',
    url: '/api/v1/reports',
    headers: { cookie: captainCookie },
    payload: {
      buildingId: tree.building.id,
      categoryId: cats[0]?.id,
      description: '楼道灯不亮',
      onBehalfOf: { name: '关秀英', phone: PROXY_PHONE },
    },
  });
  expect(filed.statusCode, filed.body).toBe(201);
  const template = filed.json().id as number;
  await rows(
    db,
    sql`insert into reports (street_id, building_id, path, category_id, description, channel, status, level, peak_level,
                             handler_org_unit_id, level_entered_at, created_at, updated_at, reporter_name,
                             reporter_phone_enc, reporter_phone_hash)
        select street_id, building_id, path, category_id, description, channel, status, level, peak_level,
               handler_org_unit_id, level_entered_at, created_at, updated_at, reporter_name, reporter_phone_enc,
               reporter_phone_hash
          from reports, generate_series(1, ${REPORTS - 1}) where id = ${template}`,
  );
  for (let i = 0; i < HOUSEHOLDS; i++) await buildHousehold(db, t.services.households, tree.building);
});
afterAll(() => t.close());

const as = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload }) });
const jobOf = async (id: number) =>
  (
    await rows<{ status: string; attempts: number; rows_done: number; error: { code: string } | null }>(
      t.database.db,
      sql`select status, attempts, rows_done, error from export_jobs where id = ${id}`,
    )
  )[0];

describe('the reports kind', () => {
  it('exports every report the filters show in the list’s order, the reporter’s phone masked', async () => {
    expect((await as('GET', '/api/v1/reports/export')).statusCode).toBe(422);
    const res = await as('POST', '/api/v1/exports', { kind: 'reports', filters: { view: 'all', sort: 'newest' } });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().id as number;
    expect(res.json().rowsTotal).toBe(REPORTS);
    expect(await t.services.exports.runQueued()).toBe(1);
    const file = await as('GET', `/api/v1/exports/${id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain(encodeURIComponent('诉求.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ExcelJS.Buffer);
    const out: unknown[][] = [];
    wb.worksheets[0]?.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
    const [header, ...body] = out as [string[], ...unknown[][]];
    const expectedIds = (
      await rows<{ id: number }>(
        t.database.db,
        sql`select id from reports where street_id = ${tree.street.id} order by id desc`,
      )
    ).map((r) => Number(r.id));
    expect(expectedIds).toHaveLength(REPORTS);
    expect(body.map((r) => r[header.indexOf('编号')])).toEqual(expectedIds);
    const masked = `${PROXY_PHONE.slice(0, 3)}****${PROXY_PHONE.slice(7)}`;
    expect(body.every((r) => r[header.indexOf('联系电话')] === masked)).toBe(true);
    expect(JSON.stringify(body)).not.toContain(PROXY_PHONE);
  });
});

describe('the job', () => {
  it('claims each queued export once when two runs race', async () => {
    const ids: number[] = [];
    for (const view of ['all', 'mine', 'handling']) {
      const res = await as('POST', '/api/v1/exports', { kind: 'reports', filters: { view } });
      expect(res.statusCode, res.body).toBe(202);
      ids.push(res.json().id);
    }
    // Two runs at once (on PostgreSQL, on two connections of the pool): the service keeps no state that
    // would keep them apart, only the claim's SKIP LOCKED does.
    const claimed = await Promise.allSettled([t.services.exports.runQueued(), t.services.exports.runQueued()]);
    const ran = claimed.map((c) => (c.status === 'fulfilled' ? c.value : -1));
    expect(ran.reduce((a, b) => a + b, 0)).toBe(3);
    for (const id of ids) expect(await jobOf(id)).toMatchObject({ status: 'done', attempts: 1 });
    expect(await t.services.exports.runQueued()).toBe(0);
  });

  it('records progress as it goes, up to the total', async () => {
    const res = await as('POST', '/api/v1/exports', {
      kind: 'households',
      filters: { orgUnitId: String(tree.building.id) },
    });
    const id = res.json().id as number;
    const seen: number[] = [];
    const probe = new ExportsService(t.database.db, t.clock, t.cipher, t.store, t.services.auth, {
      keepDays: 7,
      progressEvery: 7,
    });
    probe.register('households', {
      query: ExportQuery,
      mayExport: () => true,
      rows: async (ctx, q, opts) => {
        const real = await t.services.householdsExport.exportRows(ctx, q, opts);
        async function* watched() {
          for await (const row of real.rows) {
            seen.push((await jobOf(id))?.rows_done as number);
            yield row;
          }
        }
        return { total: real.total, rows: watched() };
      },
      write: (out, r) => streamHouseholdsXlsx(out, r),
      unitOf: (row) => row.householdId,
      fileName: () => '住户台账.xlsx',
    });
    expect(await probe.runQueued()).toBe(1);
    expect([...new Set(seen)]).toEqual([0, 7, 14, 21, 28]);
    expect(await jobOf(id)).toMatchObject({ status: 'done', rows_done: HOUSEHOLDS });
  });

  it('fails coded: the asker lost the permission, or the writing broke', async () => {
    const res = await as('POST', '/api/v1/exports', { kind: 'households', filters: {} });
    const id = res.json().id as number;
    await rows(t.database.db, sql`delete from role_bindings where user_id = ${staff.id}`);
    expect(await t.services.exports.runQueued()).toBe(1);
    expect(await jobOf(id)).toMatchObject({ status: 'failed', error: { code: 'FORBIDDEN' } });

    const broken = new ExportsService(t.database.db, t.clock, t.cipher, t.store, t.services.auth, { keepDays: 7 });
    broken.register('reports', {
      query: ExportQuery,
      mayExport: () => true,
      rows: async () => ({ total: 1, rows: (async function* () {})() }),
      write: async () => {
        throw new Error('disk full');
      },
      fileName: () => 'x.xlsx',
    });
    const [row] = await rows<{ id: number }>(
      t.database.db,
      sql`insert into export_jobs (kind, created_by, filters, lang, ip, created_at)
          values ('reports', ${staff.id}, '{}', 'zh', '127.0.0.1', now()) returning id`,
    );
    await expect(broken.runQueued()).rejects.toThrow('disk full');
    expect(await jobOf(Number(row?.id))).toMatchObject({ status: 'failed', error: { code: 'EXPORT_FAILED' } });
  });
});
