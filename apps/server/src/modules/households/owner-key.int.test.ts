import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, type Tree, uniq } from '../../../test/factories';
import { login, multipartFile, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';
import { buildHouseholdTemplate, TEMPLATE_HEADERS } from './households-excel';

/**
 * The owner key (产权人编号, docs/rules.md#deliberation): set on registering a household, changed or cleared later,
 * and read from the import's column; refusals change nothing; a Civil Code vote opened afterwards counts the units
 * sharing a key as one owner holding their summed area.
 */
let t: TestApp;
let tree: Tree;
let far: Tree;
let staff: string;
let captain: string;

beforeAll(async () => {
  t = await startTestApp();
  t.clock.set('2026-11-10T02:00:00Z');
  tree = await buildTree(t.database.db);
  far = await buildTree(t.database.db);
  const as = async (role: 'community_staff' | 'captain', unit: { id: number; streetId: number | null }) =>
    login(t.app, (await buildUser(t.database.db, t.cipher, [{ role, unit: unit as never }])).phone);
  staff = await as('community_staff', tree.community);
  captain = await as('captain', tree.building);
});
afterAll(() => t?.close());

const call = (cookie: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

const keyOf = async (id: number) =>
  (await rows<{ k: string | null }>(t.database.db, sql`select owner_key as k from households where id = ${id}`))[0]!.k;

async function register(room: string, floorArea: number, ownerKey?: string, building = tree.building) {
  const res = await call(staff, 'POST', '/api/v1/households', {
    buildingId: building.id,
    floor: Number(room.slice(0, -2)),
    room,
    floorArea,
    ...(ownerKey ? { ownerKey } : {}),
    residents: [{ name: `业主${uniq()}` }],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; ownerKey: string | null };
}

describe('owner key through the household API', () => {
  it('is stored on registering, shown, changed and cleared, each change audited', async () => {
    const h = await register('1101', 80, 'K-7');
    expect(h.ownerKey).toBe('K-7');
    expect(await keyOf(h.id)).toBe('K-7');
    const changed = await call(staff, 'PATCH', `/api/v1/households/${h.id}`, { ownerKey: 'K-8' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().ownerKey).toBe('K-8');
    expect((await call(staff, 'GET', `/api/v1/households/${h.id}`)).json().ownerKey).toBe('K-8');
    const cleared = await call(staff, 'PATCH', `/api/v1/households/${h.id}`, { ownerKey: null });
    expect(cleared.json().ownerKey).toBeNull();
    expect(await keyOf(h.id)).toBeNull();
    const audit = await rows<{ detail: { previous: string | null; ownerKey: string | null } }>(
      t.database.db,
      sql`select detail from audit_log where action = 'household.owner_key' and object_id = ${h.id} order by id`,
    );
    expect(audit.map((a) => a.detail)).toEqual([
      { previous: 'K-7', ownerKey: 'K-8' },
      { previous: 'K-8', ownerKey: null },
    ]);
  });

  it('refuses an ID number, punctuation, a captain (who only reads the registry) and an outside household, changing nothing', async () => {
    const h = await register('1102', 80, 'K-9');
    const idLike = await call(staff, 'PATCH', `/api/v1/households/${h.id}`, { ownerKey: '44078319800101123X' });
    expect(idLike.statusCode).toBe(400);
    expect(idLike.json().error.code).toBe('VALIDATION_FAILED');
    expect((await call(staff, 'PATCH', `/api/v1/households/${h.id}`, { ownerKey: 'a;b' })).statusCode).toBe(400);
    const byCaptain = await call(captain, 'PATCH', `/api/v1/households/${h.id}`, { ownerKey: 'X1' });
    expect(byCaptain.statusCode).toBe(403);
    expect(byCaptain.json().error.code).toBe('FORBIDDEN');
    expect(await keyOf(h.id)).toBe('K-9');
    const [outside] = await rows<{ id: number }>(
      t.database.db,
      sql`insert into households (street_id, building_id, path, floor, room)
          values (${far.building.streetId}, ${far.building.id}, ${far.building.path}, 1, ${`1${uniq()}`}) returning id`,
    );
    const out = await call(staff, 'PATCH', `/api/v1/households/${outside!.id}`, { ownerKey: 'X1' });
    expect(out.statusCode).toBe(404);
    expect(await keyOf(Number(outside!.id))).toBeNull();
  });
});

async function workbook(people: Record<string, ExcelJS.CellValue>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await buildHouseholdTemplate()) as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0] as ExcelJS.Worksheet;
  ws.spliceRows(2, 1);
  for (const p of people) ws.addRow(TEMPLATE_HEADERS.map((c) => p[c.header] ?? null));
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('owner key through the import', () => {
  it('sets the key on new households and on a registered one; a vote opened after counts them as one owner', async () => {
    const estateBuilding = tree.building;
    const existing = await register('1201', 70);
    const row = (room: string, area: number, key: string | null) => ({
      楼栋: estateBuilding.name,
      楼层: 12,
      房号: room,
      '建筑面积(㎡)': area,
      产权人编号: key,
      与户主关系: '户主',
      姓名: `业主${uniq()}`,
    });
    const file = await workbook([row('1201', 70, 'DEV-1'), row('1202', 90.5, 'DEV-1'), row('1203', 60, null)]);
    const mp = multipartFile('file', 'registry.xlsx', file);
    const queued = await t.app.inject({
      method: 'POST',
      url: '/api/v1/households/import?dryRun=false',
      payload: mp.payload,
      headers: { ...mp.headers, cookie: staff },
    });
    expect(queued.statusCode, queued.body).toBe(202);
    await t.jobs.runOnce('households.imports');
    const job = (await call(staff, 'GET', `/api/v1/households/imports/${queued.json().id}`)).json();
    expect(job.status).toBe('done');
    expect(job.result).toMatchObject({ householdsCreated: 2, errors: [] });
    const got = await rows<{ room: string; k: string | null }>(
      t.database.db,
      sql`select room, owner_key as k from households where building_id = ${estateBuilding.id} and room like '120%' order by room`,
    );
    expect(got).toEqual([
      { room: '1201', k: 'DEV-1' },
      { room: '1202', k: 'DEV-1' },
      { room: '1203', k: null },
    ]);
    expect(await keyOf(existing.id)).toBe('DEV-1');

    // A Civil Code vote over the building now: 1201 and 1202 are one owner of 160.50 m².
    const p = await call(staff, 'POST', '/api/v1/proposals', {
      scopeOrgUnitId: estateBuilding.id,
      title: '外墙维修',
      description: '使用维修资金维修外墙。',
      rule: 'civil_code_ordinary',
      deadline: '2026-12-01T00:00:00Z',
    });
    expect(p.statusCode, p.body).toBe(201);
    const roll = (await call(staff, 'GET', `/api/v1/proposals/${p.json().id}/roll`)).json().items as {
      householdId: number;
      ownerKey: string | null;
    }[];
    const households = (
      await rows<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from households where building_id = ${estateBuilding.id}`,
      )
    )[0]!.n;
    expect(roll).toHaveLength(households);
    // Every household is its own owner but the two DEV-1 units: one owner fewer than households.
    expect(p.json().tally.eligible.owners).toBe(households - 1);
  });
});
