import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHousehold, buildTree, buildUser, child, idNumber, phone, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';

let t: TestApp;
let a: Tree; // community A, grid A1, building A1a
let a2: Awaited<ReturnType<typeof child>>; // another grid in community A
let a2Building: Awaited<ReturnType<typeof child>>;
let b: Tree; // community B in the same street
let hA: number;
let hA2: number;
let hB: number;
let residentA: number;
let cookies: Record<string, string>;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  a = await buildTree(db);
  a2 = await child(db, a.community, 'grid');
  a2Building = await child(db, a2, 'building');
  b = await buildTree(db, { city: a.city, district: a.district, street: a.street });
  const hh = t.services.households;
  const first = await buildHousehold(db, hh, a.building, [
    { name: '关秀英', idNumber: idNumber(1941), careTags: ['elderly_alone', 'aged'] },
  ]);
  hA = first.household.id;
  residentA = first.residents[0]!.id;
  hA2 = (await buildHousehold(db, hh, a2Building)).household.id;
  hB = (await buildHousehold(db, hh, b.building)).household.id;

  users = {
    communityA: await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }]),
    communityB: await buildUser(db, t.cipher, [{ role: 'community_staff', unit: b.community }]),
    gridA1: await buildUser(db, t.cipher, [{ role: 'grid_worker', unit: a.grid }]),
    captainA: await buildUser(db, t.cipher, [{ role: 'captain', unit: a.building }]),
    street: await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }]),
    department: await buildUser(db, t.cipher, [{ role: 'department_staff', unit: a.district }]),
  };
  cookies = {};
  for (const [k, u] of Object.entries(users)) cookies[k] = await login(t.app, u.phone);
});
afterAll(() => t.close());
let users: Record<string, { id: number; phone: string }>;

const get = (who: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: cookies[who]! } });
const post = (who: string, url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: cookies[who]!, ...headers } });
const idsOf = (res: { json(): { items: { id: number }[] } }) => res.json().items.map((i) => i.id);

describe('jurisdiction', () => {
  it('gives community staff their community and a 404 for a household of another community', async () => {
    expect((await get('communityA', `/api/v1/households/${hA}`)).statusCode).toBe(200);
    const other = await get('communityA', `/api/v1/households/${hB}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('NOT_FOUND');
    expect((await get('communityB', `/api/v1/households/${hA}`)).statusCode).toBe(404);
  });

  it('lists for a grid worker only the households of their grid', async () => {
    const ids = idsOf(await get('gridA1', '/api/v1/households?limit=200'));
    expect(ids).toContain(hA);
    expect(ids).not.toContain(hA2);
    expect(ids).not.toContain(hB);
    expect((await get('gridA1', `/api/v1/households/${hA2}`)).statusCode).toBe(404);
  });

  it('lists for community staff every grid of the community and nothing beyond', async () => {
    const ids = idsOf(await get('communityA', '/api/v1/households?limit=200'));
    expect(ids).toEqual(expect.arrayContaining([hA, hA2]));
    expect(ids).not.toContain(hB);
  });

  it('gives a captain their building only', async () => {
    expect(idsOf(await get('captainA', '/api/v1/households'))).toEqual([hA]);
    expect((await get('captainA', `/api/v1/households/${hA2}`)).statusCode).toBe(404);
  });

  it('keeps departments out of the registry', async () => {
    expect((await get('department', '/api/v1/households')).statusCode).toBe(403);
    expect((await get('department', `/api/v1/households/${hA}`)).statusCode).toBe(404);
  });

  it('filters by an org unit only within the jurisdiction', async () => {
    expect(idsOf(await get('communityA', `/api/v1/households?orgUnitId=${a2.id}`))).toEqual([hA2]);
    expect((await get('communityA', `/api/v1/households?orgUnitId=${b.community.id}`)).statusCode).toBe(404);
  });

  it('pages with an opaque cursor and no overlap', async () => {
    const first = (await get('communityA', '/api/v1/households?limit=1')).json();
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toBeTruthy();
    const second = (await get('communityA', `/api/v1/households?limit=1&cursor=${first.nextCursor}`)).json();
    expect(second.items[0].id).not.toBe(first.items[0].id);
    expect((await get('communityA', '/api/v1/households?cursor=bogus')).statusCode).toBe(400);
  });
});

describe('personal data', () => {
  it('masks phone and ID numbers in every response', async () => {
    const detail = (await get('communityA', `/api/v1/households/${hA}`)).json();
    const r = detail.residents[0];
    expect(r.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(r.idNumberMasked).toMatch(/^4407\*{10}[\dX]{4}$/);
    expect(JSON.stringify(detail)).not.toMatch(/1\d{10}/);
  });

  it('stores phone, ID number and care tags encrypted', async () => {
    const [row] = await rows<Record<string, string>>(
      t.database.db,
      sql`select * from residents where id = ${residentA}`,
    );
    expect(row!.phone_enc).toMatch(/^v1\./);
    expect(row!.id_number_enc).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain('elderly_alone');
    expect(JSON.stringify(row)).not.toContain('44078319410101');
  });

  it('shows care tags to community staff, grid worker and captain, not to street staff', async () => {
    for (const who of ['communityA', 'gridA1', 'captainA']) {
      const d = (await get(who, `/api/v1/households/${hA}`)).json();
      expect(d.careTags).toEqual(expect.arrayContaining(['elderly_alone', 'aged']));
    }
    const s = (await get('street', `/api/v1/households/${hA}`)).json();
    expect(s.careTags).toBeNull();
    expect(s.residents[0].careTags).toBeNull();
    expect((await get('street', '/api/v1/households?careTag=elderly_alone')).statusCode).toBe(403);
  });

  it('filters by care tag through the blind index', async () => {
    expect(idsOf(await get('communityA', '/api/v1/households?careTag=elderly_alone&limit=200'))).toEqual([hA]);
  });

  it('reveals a full phone number for a purpose and audits it', async () => {
    const res = await post('communityA', `/api/v1/residents/${residentA}/reveal`, {
      field: 'phone',
      purpose: '电话回访',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().value).toMatch(/^1\d{10}$/);
    const audit = await rows<{ result: string; detail: { purpose: string } }>(
      t.database.db,
      sql`select result, detail from audit_log where action = 'resident.reveal.phone' and object_id = ${String(residentA)}`,
    );
    expect(audit).toEqual([{ result: 'ok', detail: { purpose: '电话回访' } }]);
  });

  it('refuses a captain the ID number, and audits the refusal', async () => {
    const res = await post('captainA', `/api/v1/residents/${residentA}/reveal`, {
      field: 'idNumber',
      purpose: '核对身份',
    });
    expect(res.statusCode).toBe(403);
    const audit = await rows<{ result: string }>(
      t.database.db,
      sql`select result from audit_log where action = 'resident.reveal.idNumber' and object_id = ${String(residentA)}`,
    );
    expect(audit).toEqual([{ result: 'denied' }]);
  });

  it('answers 404 to a reveal outside the jurisdiction, and audits the attempt', async () => {
    const res = await post('communityB', `/api/v1/residents/${residentA}/reveal`, {
      field: 'phone',
      purpose: '查一查邻居',
    });
    expect(res.statusCode).toBe(404);
    const missing = await post('communityB', '/api/v1/residents/999999999/reveal', {
      field: 'idNumber',
      purpose: '试试看',
    });
    expect(missing.statusCode).toBe(404);
    const audit = await rows<{ result: string; objectId: string; userId: number; purpose: string }>(
      t.database.db,
      sql`select result, object_id as "objectId", actor_user_id as "userId", detail->>'purpose' as purpose
            from audit_log where action like 'resident.reveal.%' and detail->>'purpose' in ('查一查邻居', '试试看')
           order by id`,
    );
    expect(audit).toEqual([
      { result: 'denied', objectId: String(residentA), userId: users.communityB!.id, purpose: '查一查邻居' },
      { result: 'denied', objectId: '999999999', userId: users.communityB!.id, purpose: '试试看' },
    ]);
  });

  it('refuses a purpose that is not valid text with 400 rather than losing its audit row', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/residents/${residentA}/reveal`,
      payload: '{"field":"phone","purpose":"回访\\ud800"}',
      headers: { cookie: cookies.communityA!, 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses to update or delete audit rows at the database', async () => {
    await expect(t.database.db.execute(sql`update audit_log set result = 'ok'`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
  });
});

describe('registering households', () => {
  const body = (over: Record<string, unknown> = {}) => ({
    buildingId: a.building.id,
    floor: 5,
    room: `50${Math.floor(Math.random() * 1e6)}`,
    floorArea: 68.5,
    residents: [{ name: '谭伟明', gender: 'M', relation: '户主', phone: '13800138000', idNumber: idNumber(1970) }],
    ...over,
  });

  it('creates a household with encrypted members and audits it', async () => {
    const res = await post('communityA', '/api/v1/households', body());
    expect(res.statusCode).toBe(201);
    const h = res.json();
    expect(h.residents[0].birthYear).toBe(1970);
    expect(h.residents[0].phoneMasked).toBe('138****8000');
  });

  it('rejects a bad ID checksum with the field named, and writes nothing', async () => {
    const before = await rows<{ n: number }>(t.database.db, sql`select count(*)::int n from households`);
    const res = await post(
      'communityA',
      '/api/v1/households',
      body({ residents: [{ name: '张三', idNumber: '440783197001010010' }] }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].path).toBe('residents.0.idNumber');
    const after = await rows<{ n: number }>(t.database.db, sql`select count(*)::int n from households`);
    expect(after).toEqual(before);
  });

  it('refuses a captain (no registry write) and staff outside the building', async () => {
    expect((await post('captainA', '/api/v1/households', body())).statusCode).toBe(404);
    expect((await post('communityB', '/api/v1/households', body())).statusCode).toBe(404);
  });

  it('does a retried create once with the same Idempotency-Key, and 409s the key on a different body', async () => {
    const payload = body();
    const key = { 'idempotency-key': `hh-${Date.now()}-abc` };
    const [r1, r2] = await Promise.all([
      post('communityA', '/api/v1/households', payload, key),
      post('communityA', '/api/v1/households', payload, key),
    ]);
    expect(r1.statusCode).toBe(201);
    expect(r2.statusCode).toBe(201);
    expect(r2.json().id).toBe(r1.json().id);
    const r3 = await post('communityA', '/api/v1/households', body(), key);
    expect(r3.statusCode).toBe(409);
    expect(r3.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('shows residents their own household only', async () => {
    const tree = await buildTree(t.database.db);
    const u = await buildUser(t.database.db, t.cipher, [{ role: 'resident', unit: tree.building }]);
    const own = await buildHousehold(t.database.db, t.services.households, tree.building, [{}], { userId: u.id });
    const cookie = await login(t.app, u.phone);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/households/mine', headers: { cookie } });
    expect(res.json().id).toBe(own.household.id);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/households', headers: { cookie } })).statusCode).toBe(
      403,
    );
  });
});

describe('bad input', () => {
  const cases: [string, string, Record<string, string>][] = [
    ['malformed JSON', '{"buildingId": 1,', { 'content-type': 'application/json' }],
    [
      'wrong types',
      JSON.stringify({ buildingId: 'x', floor: '五', room: 5, residents: 'none' }),
      { 'content-type': 'application/json' },
    ],
    [
      'an oversize string',
      JSON.stringify({ buildingId: 1, floor: 1, room: 'x'.repeat(10_000), residents: [{ name: 'a' }] }),
      { 'content-type': 'application/json' },
    ],
    [
      'unknown fields',
      JSON.stringify({ buildingId: 1, floor: 1, room: '1', residents: [{ name: 'a' }], isAdmin: true }),
      { 'content-type': 'application/json' },
    ],
    ['a form body', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['an empty body', '', { 'content-type': 'application/json' }],
  ];
  for (const [name, payload, headers] of cases) {
    it(`answers ${name} with 4xx, a code and a message`, async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/households',
        payload,
        headers: { cookie: cookies.communityA!, ...headers },
      });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json().error.code).toMatch(/^[A-Z_]+$/);
      expect(res.json().error.message.length).toBeGreaterThan(0);
    });
  }

  it('answers an id that is not a number, or too large, with 400', async () => {
    expect((await get('communityA', '/api/v1/households/abc')).statusCode).toBe(400);
    expect((await get('communityA', '/api/v1/households/99999999999999999999')).statusCode).toBe(400);
  });

  it('answers an unknown route with ROUTE_NOT_FOUND', async () => {
    const res = await get('communityA', '/api/v1/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('ROUTE_NOT_FOUND');
  });
});

describe('search and count', () => {
  it('finds a household by a member’s mobile number through its blind index, never another community’s, and counts', async () => {
    const db = t.database.db;
    const p = phone();
    // The same number registered in community A (second member) and in community B.
    const inA = (await buildHousehold(db, t.services.households, a.building, [{}, { name: '周晓燕', phone: p }]))
      .household.id;
    const inB = (await buildHousehold(db, t.services.households, b.building, [{ phone: p }])).household.id;
    const a1 = await get('communityA', `/api/v1/households?q=${p}`);
    expect(a1.statusCode, a1.body).toBe(200);
    expect(a1.json()).toMatchObject({ total: 1, totalCapped: false });
    expect(idsOf(a1)).toEqual([inA]);
    // Typed with +86 and spaces, as people do.
    expect(
      idsOf(
        await get('communityA', `/api/v1/households?q=${encodeURIComponent(`+86 ${p.slice(0, 3)} ${p.slice(3)}`)}`),
      ),
    ).toEqual([inA]);
    expect(idsOf(await get('communityB', `/api/v1/households?q=${p}`))).toEqual([inB]);
    expect(idsOf(await get('gridA1', `/api/v1/households?q=${p}`))).toEqual([inA]);
    // The count is the whole list's, on the first page only.
    const all = (
      await rows<{ n: number }>(
        db,
        sql`select count(*)::int as n from households where path like ${`${a.community.path}%`}`,
      )
    )[0]?.n;
    const first = await get('communityA', '/api/v1/households?limit=1');
    expect(first.json().total).toBe(all);
    const second = await get('communityA', `/api/v1/households?limit=1&cursor=${first.json().nextCursor}`);
    expect(second.json().total).toBeNull();

    // The export writes what the search shows: that household's two members, numbers masked; audited masked.
    const exp = await get('communityA', `/api/v1/households/export?q=${p}`);
    expect(exp.statusCode, exp.body.slice(0, 200)).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exp.rawPayload as unknown as ExcelJS.Buffer);
    const sheetRows: unknown[][] = [];
    wb.worksheets[0]!.eachRow((r) => sheetRows.push((r.values as unknown[]).slice(1)));
    expect(sheetRows.slice(1).map((r) => r[0])).toEqual([inA, inA]);
    const masked = `${p.slice(0, 3)}****${p.slice(7)}`;
    expect(JSON.stringify(sheetRows)).toContain(masked);
    expect(JSON.stringify(sheetRows)).not.toContain(p);
    const [audit] = await rows<{ detail: { rows: number; q: string } }>(
      db,
      sql`select detail from audit_log where action = 'household.export' order by id desc limit 1`,
    );
    // Audited before the first byte (the file is streamed): the list's rows, one household.
    expect(audit?.detail).toMatchObject({ rows: 1, q: masked });
  });
});
