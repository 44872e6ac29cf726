import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { walkPages } from '../../../test/list-walk';
import { readSheet } from '../../../test/read-sheet';
import { rows } from '../../platform/db';

/**
 * The console's 操作日志 as a list: 共 N 条 for what the filters show, and the export of exactly that (newest
 * first), itself a row of the log written before the first byte; above EXPORT_SYNC_MAX_ROWS (lowered to 5
 * here) it runs as a background export (kind audit). Street A holds 7 rows of a fixture action, street B 2.
 */
const CAP = 5;
let t: TestApp;
let a: Tree;
let cookie: string;
let cookieB: string;
let staffId: number;
/** The fixture's rows of street A, in insertion order (so oldest first). */
const fixture: { id: number; action: string; result: string; objectId: string }[] = [];
const MASKED = '138****5678';

beforeAll(async () => {
  t = await startTestApp({ EXPORT_SYNC_MAX_ROWS: String(CAP) });
  const db = t.database.db;
  a = await buildTree(db);
  const b = await buildTree(db, { city: a.city, district: a.district });
  const staff = await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }], '审计员');
  const staffB = await buildUser(db, t.cipher, [{ role: 'street_staff', unit: b.street }]);
  staffId = staff.id;
  cookie = await login(t.app, staff.phone);
  cookieB = await login(t.app, staffB.phone);
  const spec = [
    ['fixture.view', 'ok'],
    ['fixture.reveal', 'denied'],
    ['fixture.view', 'ok'],
    ['fixture.edit', 'error'],
    ['fixture.reveal', 'ok'],
    ['fixture.view', 'denied'],
    ['fixture.edit', 'ok'],
  ] as const;
  for (const [i, [action, result]] of spec.entries()) {
    const [r] = await rows<{ id: number }>(
      db,
      sql`insert into audit_log (at, actor_user_id, action, object_type, object_id, street_id, result, ip, detail)
          values (${new Date(Date.UTC(2026, 10, 20 + i, 2))}, ${staff.id}, ${action}, 'resident', ${String(100 + i)},
                  ${a.street.id}, ${result}, '10.0.0.1', ${JSON.stringify({ phone: MASKED, n: i })}::jsonb)
          returning id`,
    );
    fixture.push({ id: Number(r!.id), action, result, objectId: String(100 + i) });
  }
  for (let i = 0; i < 2; i++) {
    await rows(
      db,
      sql`insert into audit_log (at, actor_user_id, action, object_type, street_id, result)
          values (now(), ${staffB.id}, 'fixture.view', 'resident', ${b.street.id}, 'ok')`,
    );
  }
});
afterAll(() => t?.close());

const get = (c: string, url: string, lang = 'zh-CN') =>
  t.app.inject({ method: 'GET', url, headers: { cookie: c, 'accept-language': lang } });
const newestFirst = (pick: (f: (typeof fixture)[number]) => boolean = () => true) =>
  fixture
    .filter(pick)
    .map((f) => f.id)
    .reverse();

describe('count and pages', () => {
  it('walks the filtered log newest first at several page sizes, counted on the first page', async () => {
    for (const limit of [1, 2, 3, 7, 50]) {
      const { seen, totals, pages } = await walkPages(
        (u) => get(cookie, u),
        '/api/v1/audit-log?action=fixture.',
        limit,
      );
      expect(seen, `by ${limit}`).toEqual(newestFirst());
      expect(pages).toBe(Math.ceil(7 / limit));
      expect(totals[0]).toBe(7);
      expect(totals.slice(1).every((x) => x === null)).toBe(true);
    }
  });

  it('counts what each filter shows, never another street’s rows', async () => {
    const total = async (c: string, q: string) => {
      const res = await get(c, `/api/v1/audit-log?${q}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { total: number; totalCapped: boolean; items: { id: number }[] };
    };
    expect(await total(cookie, 'action=fixture.reveal')).toMatchObject({ total: 2, totalCapped: false });
    expect((await total(cookie, 'action=fixture.&result=denied')).items.map((r) => r.id)).toEqual(
      newestFirst((f) => f.result === 'denied'),
    );
    expect((await total(cookie, 'action=fixture.&result=denied')).total).toBe(2);
    expect((await total(cookie, 'action=fixture.&objectId=103')).total).toBe(1);
    expect((await total(cookie, 'action=fixture.&from=2026-11-22&to=2026-11-24')).total).toBe(3);
    expect((await total(cookieB, 'action=fixture.')).total).toBe(2);
  });
});

describe('export', () => {
  it('writes what the filters show, newest first, and logs the export before the first byte', async () => {
    const res = await get(cookie, '/api/v1/audit-log/export?action=fixture.reveal');
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('操作日志'));
    const s = await readSheet(res.rawPayload);
    expect(s.name).toBe('操作日志');
    expect(s.header).toEqual(['时间', '操作人', '操作', '对象类型', '对象编号', '结果', 'IP', '详情']);
    // Rows 5 and 2 of the fixture (Shanghai time: 10:00 on 24 and 21 November).
    expect(s.body).toEqual([
      [
        '2026-11-24 10:00',
        '审计员',
        'fixture.reveal',
        'resident',
        '104',
        '成功',
        '10.0.0.1',
        JSON.stringify({ n: 4, phone: MASKED }),
      ],
      [
        '2026-11-21 10:00',
        '审计员',
        'fixture.reveal',
        'resident',
        '101',
        '拒绝',
        '10.0.0.1',
        JSON.stringify({ n: 1, phone: MASKED }),
      ],
    ]);
    const en = await readSheet((await get(cookie, '/api/v1/audit-log/export?action=fixture.edit', 'en')).rawPayload);
    expect(en.name).toBe('Audit log');
    expect(en.body.map((r) => r[5])).toEqual(['OK', 'Error']);

    const logged = await rows<{ detail: { rows: number; filters: { action: string } } }>(
      t.database.db,
      sql`select detail from audit_log where action = 'audit.export' and actor_user_id = ${staffId} order by id`,
    );
    expect(logged.map((x) => [x.detail.rows, x.detail.filters.action])).toEqual([
      [2, 'fixture.reveal'],
      [2, 'fixture.edit'],
    ]);
    // An export of the exports lists the earlier ones, not itself.
    const own = await readSheet((await get(cookie, '/api/v1/audit-log/export?action=audit.export')).rawPayload);
    expect(own.body.map((r) => r[2])).toEqual(['audit.export', 'audit.export']);
    // The list counts the log's own rows too: now three exports.
    expect((await get(cookie, '/api/v1/audit-log?action=audit.export')).json().total).toBe(3);
  });

  it('refuses over the streamed cap (nothing logged) and runs it as a background export instead', async () => {
    const before = (await get(cookie, '/api/v1/audit-log?action=audit.export')).json().total as number;
    const big = await get(cookie, '/api/v1/audit-log/export?action=fixture.');
    expect(big.statusCode).toBe(422);
    expect(big.json().error.code).toBe('EXPORT_TOO_LARGE');
    expect((await get(cookie, '/api/v1/audit-log?action=audit.export')).json().total).toBe(before);

    const job = await t.app.inject({
      method: 'POST',
      url: '/api/v1/exports',
      headers: { cookie },
      payload: { kind: 'audit', filters: { action: 'fixture.' } },
    });
    expect(job.statusCode, job.body).toBe(202);
    expect(job.json()).toMatchObject({ kind: 'audit', rowsTotal: 7 });
    expect(await t.services.exports.runQueued()).toBe(1);
    const file = await get(cookie, `/api/v1/exports/${job.json().id}/file`);
    expect(file.statusCode, file.body.slice(0, 200)).toBe(200);
    const s = await readSheet(file.rawPayload);
    expect(s.body.map((r) => r[4])).toEqual(newestFirst().map((id) => fixture.find((f) => f.id === id)!.objectId));
  });

  it('is refused to those who do not read the log', async () => {
    const resident = await buildUser(t.database.db, t.cipher, [{ role: 'resident', unit: a.building }]);
    const c = await login(t.app, resident.phone);
    expect((await get(c, '/api/v1/audit-log/export')).statusCode).toBe(403);
    const job = await t.app.inject({
      method: 'POST',
      url: '/api/v1/exports',
      headers: { cookie: c },
      payload: { kind: 'audit', filters: {} },
    });
    expect(job.statusCode).toBe(403);
  });
});
