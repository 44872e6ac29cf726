import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree, uniq } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { walkPages } from '../../../test/list-walk';
import { rows } from '../../platform/db';

/**
 * The console's report list: the search box (number, phone by blind index, address), the sorts with keyset
 * pages, the count and the export. Street A holds the fixture below; street B has a building of the same
 * name and a report from the same phone, and must never show up for A's staff.
 */
let t: TestApp;
let a: Tree;
let b: Tree;
let cookies: Record<string, string>;
let phones: Record<string, string>;
let cat: number;

/** A's reports in filing order, with the due time (hours from the base) and overdue flag the test gives them. */
const FIXTURE: { who: 'r1' | 'r2' | 'proxy'; dueH: number | null; overdue: boolean }[] = [
  { who: 'r1', dueH: 30, overdue: false },
  { who: 'r2', dueH: -5, overdue: true },
  { who: 'proxy', dueH: 10, overdue: false },
  { who: 'r1', dueH: 10, overdue: false }, // the same due time as the third: the number breaks the tie
  { who: 'r2', dueH: null, overdue: false }, // no clock (closed): last
  { who: 'proxy', dueH: -20, overdue: true },
  { who: 'r1', dueH: 2, overdue: false },
  { who: 'r2', dueH: -5, overdue: true }, // the same overdue time as the second
];
const BASE = Date.parse('2026-11-20T02:00:00Z');
const PROXY_PHONE = `139${String(process.pid % 10000).padStart(4, '0')}${String(Date.now() % 10000).padStart(4, '0')}`;
let ids: number[] = [];
let b1Name: string;
let otherStreetIds: number[] = [];

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  b1Name = `幸福里${uniq()}号楼`;
  a = await buildTree(db);
  const b1 = await child(db, a.estate, 'building', b1Name);
  const b2 = await child(db, a.estate, 'building', `和平里${uniq()}号楼`);
  b = await buildTree(db, { city: a.city, district: a.district });
  const bSame = await child(db, b.estate, 'building', b1Name);
  const users = {
    streetA: await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }]),
    streetB: await buildUser(db, t.cipher, [{ role: 'street_staff', unit: b.street }]),
    r1: await buildUser(db, t.cipher, [{ role: 'resident', unit: b1 }]),
    r2: await buildUser(db, t.cipher, [{ role: 'resident', unit: b2 }]),
    captain: await buildUser(db, t.cipher, [{ role: 'captain', unit: b1 }]),
    captainB: await buildUser(db, t.cipher, [{ role: 'captain', unit: bSame }]),
    rb: await buildUser(db, t.cipher, [{ role: 'resident', unit: bSame }]),
  };
  cookies = {};
  phones = {};
  for (const [k, u] of Object.entries(users)) {
    cookies[k] = await login(t.app, u.phone);
    phones[k] = u.phone;
  }
  const cats = (await get('r1', '/api/v1/report-categories')).json().items as { id: number; code: string }[];
  cat = cats.find((c) => c.code === 'repair.street_light')?.id as number;

  const file = async (who: string, buildingId: number, onBehalfOf?: { name: string; phone: string }) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { cookie: cookies[who]! },
      payload: {
        buildingId,
        categoryId: cat,
        description: `楼道灯不亮 ${uniq()}`,
        ...(onBehalfOf ? { onBehalfOf } : {}),
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  };
  ids = [];
  for (const f of FIXTURE) {
    const id =
      f.who === 'proxy'
        ? await file('captain', b1.id, { name: '关秀英', phone: PROXY_PHONE })
        : await file(f.who, f.who === 'r1' ? b1.id : b2.id);
    ids.push(id);
    const due = f.dueH === null ? null : new Date(BASE + f.dueH * 3_600_000).toISOString();
    await rows(db, sql`update reports set due_at = ${due}::timestamptz, is_overdue = ${f.overdue} where id = ${id}`);
  }
  // Street B: the same building name, the same proxy phone, a resident's own.
  otherStreetIds = [
    await file('captainB', bSame.id, { name: '关秀英', phone: PROXY_PHONE }),
    await file('rb', bSame.id),
  ];
});
afterAll(() => t.close());

const get = (who: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: cookies[who]! } });
const listIds = async (who: string, query: string) => {
  const res = await get(who, `/api/v1/reports?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { id: number }[]).map((r) => r.id);
};

/** The due order built from the fixture: overdue first, then the earliest due time (none last), then number. */
function expectedDueOrder(): number[] {
  return FIXTURE.map((f, i) => ({ ...f, id: ids[i] as number }))
    .sort(
      (x, y) =>
        Number(!x.overdue) - Number(!y.overdue) ||
        (x.dueH ?? Number.POSITIVE_INFINITY) - (y.dueH ?? Number.POSITIVE_INFINITY) ||
        x.id - y.id,
    )
    .map((x) => x.id);
}

/** Walks every page of a list, following nextCursor. */
const walk = (who: string, query: string, limit: number) =>
  walkPages((url) => get(who, url), `/api/v1/reports?${query}`, limit);

describe('search', () => {
  it('finds a report by its number (with or without #), only within the caller’s reach', async () => {
    const id = ids[3] as number;
    expect(await listIds('streetA', `q=${id}`)).toEqual([id]);
    expect(await listIds('streetA', `q=%23${id}`)).toEqual([id]);
    expect(await listIds('streetA', `q=${otherStreetIds[0]}`)).toEqual([]);
    expect(await listIds('streetB', `q=${id}`)).toEqual([]);
  });

  it('finds reports by the reporter’s phone through its blind index: a resident’s own and a proxy-filed one', async () => {
    const r1Ids = FIXTURE.flatMap((f, i) => (f.who === 'r1' ? [ids[i] as number] : [])).reverse();
    expect(await listIds('streetA', `q=${phones.r1}`)).toEqual(r1Ids);
    const proxyIds = FIXTURE.flatMap((f, i) => (f.who === 'proxy' ? [ids[i] as number] : [])).reverse();
    // The same phone filed a report in street B too: never shown to A.
    expect(await listIds('streetA', `q=${PROXY_PHONE}`)).toEqual(proxyIds);
    expect(await listIds('streetB', `q=${PROXY_PHONE}`)).toEqual([otherStreetIds[0]]);
    // Typed as people type it: with +86 and spaces.
    expect(
      await listIds('streetA', `q=${encodeURIComponent(`+86 ${PROXY_PHONE.slice(0, 3)} ${PROXY_PHONE.slice(3)}`)}`),
    ).toEqual(proxyIds);
    // The phone is stored encrypted: its text appears nowhere in the reports table.
    const [plain] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from reports where reporter_phone_enc like ${`%${PROXY_PHONE}%`}`,
    );
    expect(plain?.n).toBe(0);
  });

  it('finds reports by address (a building’s name, in part), never another street’s building of that name', async () => {
    const inB1 = FIXTURE.flatMap((f, i) => (f.who === 'r2' ? [] : [ids[i] as number])).reverse();
    expect(await listIds('streetA', `q=${encodeURIComponent(b1Name.slice(0, 5))}`)).toEqual(inB1);
    expect(await listIds('streetB', `q=${encodeURIComponent(b1Name)}`)).toEqual([...otherStreetIds].reverse());
    expect(await listIds('streetA', `q=${encodeURIComponent('没有这个地方')}`)).toEqual([]);
    // The community's name finds everything under it.
    expect((await listIds('streetA', `q=${encodeURIComponent(a.community.name)}`)).sort()).toEqual([...ids].sort());
  });
});

describe('sort and pages', () => {
  it('sorts by time left, overdue first, and walks the pages without skipping or repeating a row', async () => {
    const expected = expectedDueOrder();
    for (const limit of [1, 3, 5]) {
      const { seen, totals } = await walk('streetA', 'view=all&sort=due', limit);
      expect(seen).toEqual(expected);
      expect(totals[0]).toBe(FIXTURE.length);
      expect(totals.slice(1).every((x) => x === null)).toBe(true);
    }
  });

  it('sorts by number both ways across pages', async () => {
    expect((await walk('streetA', 'view=all&sort=newest', 3)).seen).toEqual([...ids].reverse());
    expect((await walk('streetA', 'view=all&sort=oldest', 3)).seen).toEqual(ids);
    expect((await walk('streetA', 'view=all', 2)).seen).toEqual([...ids].reverse());
  });

  it('refuses a cursor of another sort, and one it did not issue', async () => {
    const first = (await get('streetA', '/api/v1/reports?sort=due&limit=2')).json();
    expect(first.nextCursor).toBeTruthy();
    const other = await get('streetA', `/api/v1/reports?sort=newest&limit=2&cursor=${first.nextCursor}`);
    expect(other.statusCode).toBe(400);
    expect(other.json().error.code).toBe('VALIDATION_FAILED');
    const forged = Buffer.from('k:["due",0,"not a time",1]').toString('base64url');
    const bad = await get('streetA', `/api/v1/reports?sort=due&limit=2&cursor=${forged}`);
    expect(bad.statusCode).toBe(400);
  });
});

describe('count', () => {
  it('counts what the filters show', async () => {
    const res = (await get('streetA', `/api/v1/reports?q=${PROXY_PHONE}&limit=1`)).json();
    expect(res).toMatchObject({ total: 2, totalCapped: false });
    const none = (await get('streetA', `/api/v1/reports?q=${encodeURIComponent('没有这个地方')}`)).json();
    expect(none).toMatchObject({ total: 0, totalCapped: false });
  });

  it('stops counting past 10,000 and refuses to export that many', async () => {
    const c = await buildTree(t.database.db, { city: a.city, district: a.district });
    const staff = await buildUser(t.database.db, t.cipher, [{ role: 'street_staff', unit: c.street }]);
    const cookie = await login(t.app, staff.phone);
    const template = ids[0] as number;
    await rows(
      t.database.db,
      sql`insert into reports (street_id, building_id, path, category_id, description, channel, status, level, peak_level,
                               handler_org_unit_id, level_entered_at, created_at, updated_at)
          select ${c.street.id}, ${c.building.id}, ${c.building.path}, category_id, description, channel, status, level,
                 peak_level, ${c.building.id}, level_entered_at, created_at, updated_at
            from reports, generate_series(1, 10001) where id = ${template}`,
    );
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/reports?limit=5', headers: { cookie } });
    expect(res.json()).toMatchObject({ total: 10000, totalCapped: true });
    const exp = await t.app.inject({ method: 'GET', url: '/api/v1/reports/export', headers: { cookie } });
    expect(exp.statusCode).toBe(422);
    expect(exp.json().error.code).toBe('EXPORT_TOO_LARGE');
    expect(exp.json().error.message).toContain('10,000');
  });
});

describe('export', () => {
  async function sheet(query: string, lang = 'zh-CN') {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reports/export?${query}`,
      headers: { cookie: cookies.streetA!, 'accept-language': lang },
    });
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

  it('writes exactly what the filters show, in the list’s order, phones masked, and audits it', async () => {
    const all = await sheet('view=all&sort=due');
    expect(all.name).toBe('诉求');
    expect(all.header.slice(0, 2)).toEqual(['编号', '诉求内容']);
    expect(all.body.map((r) => r[0])).toEqual(expectedDueOrder());
    const phoneCol = all.header.indexOf('联系电话');
    const masked = `${PROXY_PHONE.slice(0, 3)}****${PROXY_PHONE.slice(7)}`;
    const proxyRows = all.body.filter((r) => r[phoneCol] === masked);
    expect(proxyRows).toHaveLength(2);
    expect(JSON.stringify(all.body)).not.toContain(PROXY_PHONE);
    expect(JSON.stringify(all.body)).not.toContain(phones.r1);

    const byPhone = await sheet(`q=${PROXY_PHONE}`);
    expect(byPhone.body.map((r) => r[0])).toEqual(
      FIXTURE.flatMap((f, i) => (f.who === 'proxy' ? [ids[i] as number] : [])).reverse(),
    );
    const en = await sheet(`q=${ids[0]}`, 'en');
    expect(en.name).toBe('Reports');
    expect(en.header[0]).toBe('No.');

    const audit = await rows<{ detail: { rows: number; filters: { q?: string } } }>(
      t.database.db,
      sql`select detail from audit_log where action = 'report.export' order by id`,
    );
    expect(audit.map((x) => x.detail.rows)).toEqual([FIXTURE.length, 2, 1]);
    // The phone searched for is kept masked in the log, not in clear.
    expect(audit[1]?.detail.filters.q).toBe(masked);
  });
});
