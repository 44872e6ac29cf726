import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree, uniq } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { walkPages } from '../../../test/list-walk';
import { type Db, rows } from '../../platform/db';
import type { OrgUnitRow } from '../org/org.repository';

/**
 * The console's review queue (审核): the search box (captain, task, building, the captain's phone by blind
 * index), status and community filters, oldest or newest first with keyset pages, the count and the export.
 * Street A holds the fixture below; street B has a captain and a task of the same names.
 */
let t: TestApp;
let a: Tree;
let cookies: Record<string, string>;
let phones: Record<string, string>;
let ids: Record<string, number>;
let b2Name: string;
let community2Id: number;

/** A's submissions in submission order: who, which task, which building, and the outcome. */
const FIXTURE = [
  { key: 's1', who: 'cap1', task: 'T1', building: 'b1', status: 'pending' },
  { key: 's2', who: 'cap2', task: 'T2', building: 'b2', status: 'pending' },
  { key: 's3', who: 'cap1', task: 'T2', building: 'b1', status: 'approved' },
  { key: 's4', who: 'cap3', task: 'T1', building: 'b3', status: 'pending' },
  { key: 's5', who: 'cap2', task: 'T1', building: 'b2', status: 'pending' },
  { key: 's6', who: 'cap3', task: 'T2', building: 'b3', status: 'pending' },
] as const;
const PENDING_OLDEST = ['s1', 's2', 's4', 's5', 's6'];
const PENDING_NEWEST = ['s6', 's5', 's4', 's2', 's1'];
const TASK_NAMES = { T1: '楼道清扫', T2: '消防通道巡查' } as const;

/** Inserts the street's two chore templates and a publication, and returns a function making submissions. */
async function choreWorld(db: Db, street: OrgUnitRow, staffId: number) {
  const templates: Record<string, number> = {};
  for (const [k, name] of Object.entries(TASK_NAMES)) {
    const [row] = await rows<{ id: number }>(
      db,
      sql`insert into chore_templates (street_id, name, category, points, min_photos, before_after, claim_ttl_hours, created_at)
          values (${street.id}, ${name}, 'cleaning', ${k === 'T1' ? 5 : 8}, 0, false, 24, now()) returning id`,
    );
    templates[k] = Number(row?.id);
  }
  const [pub] = await rows<{ id: number }>(
    db,
    sql`insert into chore_publications (street_id, template_id, org_unit_id, org_path, recurrence, starts_on, created_by_user_id, created_at)
        values (${street.id}, ${templates.T1}, ${street.id}, ${street.path}, 'daily', '2026-11-01', ${staffId}, now()) returning id`,
  );
  let day = 0;
  return async (who: number, task: 'T1' | 'T2', building: OrgUnitRow, status: string): Promise<number> => {
    day++;
    const [tk] = await rows<{ id: number }>(
      db,
      sql`insert into chore_tasks (street_id, publication_id, template_id, building_id, building_path, occurrence, due_at,
                                   status, claimed_by_user_id, claimed_at, created_at)
          values (${street.id}, ${pub?.id}, ${templates[task]}, ${building.id}, ${building.path},
                  ${`2026-11-${String(day).padStart(2, '0')}`}, now(), 'submitted', ${who}, now(), now()) returning id`,
    );
    const reviewed = status !== 'pending';
    const [s] = await rows<{ id: number }>(
      db,
      sql`insert into chore_submissions (street_id, task_id, submitter_user_id, done_at, status, reviewer_user_id, reviewed_at, created_at)
          values (${street.id}, ${tk?.id}, ${who}, now(), ${status}, ${reviewed ? staffId : null},
                  ${reviewed ? new Date().toISOString() : null}::timestamptz, now()) returning id`,
    );
    return Number(s?.id);
  };
}

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  a = await buildTree(db);
  b2Name = `和平里${uniq()}号楼`;
  const b2 = await child(db, a.estate, 'building', b2Name);
  const community2 = await child(db, a.street, 'community', `新兴社区${uniq()}`);
  community2Id = community2.id;
  const b3 = await child(db, await child(db, community2, 'estate'), 'building');
  const b = await buildTree(db, { city: a.city, district: a.district });
  const buildings = { b1: a.building, b2, b3 };
  const users = {
    streetA: await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }]),
    cap1: await buildUser(db, t.cipher, [{ role: 'captain', unit: a.building }], '王芳'),
    cap2: await buildUser(db, t.cipher, [{ role: 'captain', unit: b2 }], '李娜'),
    cap3: await buildUser(db, t.cipher, [{ role: 'captain', unit: b3 }], '张伟'),
    streetB: await buildUser(db, t.cipher, [{ role: 'street_staff', unit: b.street }]),
    capB: await buildUser(db, t.cipher, [{ role: 'captain', unit: b.building }], '王芳'),
  };
  cookies = {};
  phones = {};
  ids = {};
  for (const [k, u] of Object.entries(users)) {
    cookies[k] = await login(t.app, u.phone);
    phones[k] = u.phone;
    ids[k] = u.id;
  }
  const submit = await choreWorld(db, a.street, ids.streetA!);
  for (const f of FIXTURE) ids[f.key] = await submit(ids[f.who]!, f.task, buildings[f.building], f.status);
  const submitB = await choreWorld(db, b.street, ids.streetB!);
  ids.sB = await submitB(ids.capB!, 'T1', b.building, 'pending');
});
afterAll(() => t.close());

const get = (who: string, url: string, lang = 'zh-CN') =>
  t.app.inject({ method: 'GET', url, headers: { cookie: cookies[who]!, 'accept-language': lang } });
const of = (keys: readonly string[]) => keys.map((k) => ids[k]);
const listIds = async (who: string, query: string) => {
  const res = await get(who, `/api/v1/chores/review-queue?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { id: number }[]).map((r) => r.id);
};

const walk = (query: string, limit: number) =>
  walkPages((url) => get('streetA', url), `/api/v1/chores/review-queue?${query}`, limit);

describe('sort and pages', () => {
  it('walks oldest first (the default) and newest first at several page sizes, nothing skipped or repeated', async () => {
    for (const limit of [1, 2, 3, 5]) {
      for (const [query, order] of [
        ['sort=oldest', PENDING_OLDEST],
        ['sort=newest', PENDING_NEWEST],
        ['status=pending', PENDING_OLDEST],
      ] as const) {
        const { seen, totals, pages } = await walk(query, limit);
        expect(seen, `${query} by ${limit}`).toEqual(of(order));
        expect(pages).toBe(Math.ceil(5 / limit));
        expect(totals[0]).toBe(5);
        expect(totals.slice(1).every((x) => x === null)).toBe(true);
      }
    }
    expect((await walk('status=approved', 1)).seen).toEqual(of(['s3']));
  });

  it('refuses a cursor of another sort, and one it did not issue', async () => {
    const first = (await get('streetA', '/api/v1/chores/review-queue?sort=oldest&limit=2')).json();
    expect(first.nextCursor).toBeTruthy();
    const other = await get('streetA', `/api/v1/chores/review-queue?sort=newest&limit=2&cursor=${first.nextCursor}`);
    expect(other.statusCode).toBe(400);
    expect(other.json().error.code).toBe('VALIDATION_FAILED');
    const old = Buffer.from(`i:${ids.s6}`).toString('base64url');
    expect((await get('streetA', `/api/v1/chores/review-queue?cursor=${old}`)).statusCode).toBe(400);
  });
});

describe('search and filters', () => {
  it('finds a captain’s submissions by their mobile number through the blind index, only within reach', async () => {
    expect(await listIds('streetA', `q=${phones.cap3}`)).toEqual(of(['s4', 's6']));
    expect(await listIds('streetA', `q=${encodeURIComponent(`+86 ${phones.cap3}`)}`)).toEqual(of(['s4', 's6']));
    expect(await listIds('streetA', `q=${phones.capB}`)).toEqual([]);
    expect(await listIds('streetB', `q=${phones.capB}`)).toEqual(of(['sB']));
  });

  it('finds by the captain’s, the task’s or the building’s name', async () => {
    expect(await listIds('streetA', `q=${encodeURIComponent('王芳')}`)).toEqual(of(['s1']));
    expect(await listIds('streetA', `q=${encodeURIComponent('巡查')}`)).toEqual(of(['s2', 's6']));
    expect(await listIds('streetA', `q=${encodeURIComponent(b2Name)}&sort=newest`)).toEqual(of(['s5', 's2']));
    expect(await listIds('streetA', `q=${encodeURIComponent('王芳')}&status=approved`)).toEqual(of(['s3']));
    expect(await listIds('streetA', `q=${encodeURIComponent('_')}`)).toEqual([]);
    expect(await listIds('streetB', `q=${encodeURIComponent('王芳')}`)).toEqual(of(['sB']));
  });

  it('filters by community and counts what the filters show', async () => {
    expect(await listIds('streetA', `communityId=${community2Id}`)).toEqual(of(['s4', 's6']));
    const res = (await get('streetA', `/api/v1/chores/review-queue?q=${encodeURIComponent('楼道清扫')}`)).json();
    expect(res).toMatchObject({ total: 3, totalCapped: false });
    expect((await get('streetB', `/api/v1/chores/review-queue?communityId=${community2Id}`)).statusCode).toBe(404);
  });
});

describe('count cap', () => {
  it('stops counting past 10,000 and refuses to export that many', async () => {
    const db = t.database.db;
    const c = await buildTree(db, { city: a.city, district: a.district });
    const staff = await buildUser(db, t.cipher, [{ role: 'street_staff', unit: c.street }]);
    const cap = await buildUser(db, t.cipher, [{ role: 'captain', unit: c.building }]);
    const cookie = await login(t.app, staff.phone);
    const submit = await choreWorld(db, c.street, staff.id);
    const first = await submit(cap.id, 'T1', c.building, 'pending');
    await rows(
      db,
      sql`with tk as (
            insert into chore_tasks (street_id, publication_id, template_id, building_id, building_path, occurrence, due_at,
                                     status, claimed_by_user_id, claimed_at, created_at)
            select t.street_id, t.publication_id, t.template_id, t.building_id, t.building_path,
                   date '1990-01-01' + g, now(), 'submitted', t.claimed_by_user_id, now(), now()
              from chore_tasks t, generate_series(1, 10000) g
             where t.id = (select task_id from chore_submissions where id = ${first})
            returning id, street_id, claimed_by_user_id)
          insert into chore_submissions (street_id, task_id, submitter_user_id, done_at, status, created_at)
          select street_id, id, claimed_by_user_id, now(), 'pending', now() from tk`,
    );
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/chores/review-queue?limit=5', headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ total: 10000, totalCapped: true });
    const exp = await t.app.inject({ method: 'GET', url: '/api/v1/chores/review-queue/export', headers: { cookie } });
    expect(exp.statusCode).toBe(422);
    expect(exp.json().error.code).toBe('EXPORT_TOO_LARGE');
  });
});

describe('export', () => {
  async function sheet(query: string, lang = 'zh-CN') {
    const res = await get('streetA', `/api/v1/chores/review-queue/export?${query}`, lang);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const out: (string | number | null)[][] = [];
    ws.eachRow((row) => {
      out.push((row.values as (string | number | null)[]).slice(1));
    });
    return { name: ws.name, header: out[0]!, body: out.slice(1) };
  }

  it('writes exactly what the filters show, in the queue’s order, and audits it (the phone masked)', async () => {
    const all = await sheet('');
    expect(all.name).toBe('任务审核');
    expect(all.header.slice(0, 6)).toEqual(['编号', '任务', '楼栋', '社区', '提交人', '积分']);
    expect(all.body.map((r) => r[0])).toEqual(of(PENDING_OLDEST));
    expect(all.body.map((r) => r[1])).toEqual(['楼道清扫', '消防通道巡查', '楼道清扫', '楼道清扫', '消防通道巡查']);
    expect(all.body.map((r) => r[4])).toEqual(['王芳', '李娜', '张伟', '李娜', '张伟']);
    expect(all.body.map((r) => r[5])).toEqual([5, 8, 5, 5, 8]);
    expect(all.body.every((r) => r[7] === '待审核')).toBe(true);
    for (const k of ['cap1', 'cap2', 'cap3']) expect(JSON.stringify(all.body)).not.toContain(phones[k]);

    const byPhone = await sheet(`q=${phones.cap3}&sort=newest`);
    expect(byPhone.body.map((r) => r[0])).toEqual(of(['s6', 's4']));
    const en = await sheet('status=approved', 'en');
    expect(en.name).toBe('Chore reviews');
    expect(en.header[0]).toBe('No.');
    expect(en.body.map((r) => [r[0], r[7]])).toEqual([[ids.s3, 'Approved']]);

    const audit = await rows<{ detail: { rows: number; filters: { q?: string } } }>(
      t.database.db,
      sql`select detail from audit_log where action = 'chore_review.export' and actor_user_id = ${ids.streetA} order by id`,
    );
    expect(audit.map((x) => x.detail.rows)).toEqual([5, 2, 1]);
    expect(audit[1]?.detail.filters.q).toBe(`${phones.cap3!.slice(0, 3)}****${phones.cap3!.slice(7)}`);
  });
});
