import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHousehold, buildTree, buildUser, child, phone, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';

let t: TestApp;
let a: Tree;
let otherBuilding: Awaited<ReturnType<typeof child>>;
let token: string;
let lightCategory: number;
const cookies: Record<string, string> = {};
let adminPhone: string;

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '10000', SMS_RATE_PER_ADDRESS_PER_HOUR: '10000' }, { poolSize: 8 });
  const db = t.database.db;
  a = await buildTree(db);
  otherBuilding = await child(db, a.estate, 'building');
  const staff = {
    captain: await buildUser(db, t.cipher, [{ role: 'captain', unit: a.building }], '梁家俊'),
    otherCaptain: await buildUser(db, t.cipher, [{ role: 'captain', unit: otherBuilding }]),
    community: await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }], '社区李主任'),
    resident: await buildUser(db, t.cipher, [{ role: 'resident', unit: a.building }]),
    department: await buildUser(db, t.cipher, [
      { role: 'department_staff', unit: await child(db, a.district, 'department') },
    ]),
  };
  for (const [k, u] of Object.entries(staff)) cookies[k] = await login(t.app, u.phone);
  adminPhone = (await buildUser(db, t.cipher, [{ role: 'admin', unit: a.city }])).phone;
  token = (await call('captain', 'GET', `/api/v1/buildings/${a.building.id}/report-token`)).json().token;
  const cats = (await t.app.inject({ method: 'GET', url: '/api/v1/report-categories' })).json().items;
  lightCategory = cats.find((c: { code: string }) => c.code === 'repair.street_light').id;
});
afterAll(() => t.close());

function call(who: string, method: 'GET' | 'POST', url: string, payload?: object) {
  return t.app.inject({ method, url, payload, headers: { cookie: cookies[who] ?? who } });
}

/** A newcomer: a phone the system has never seen, signed in by the SMS code the outbox holds. */
async function newcomer(p = phone()): Promise<{ phone: string; cookie: string; id: number }> {
  await t.app.inject({ method: 'POST', url: '/api/v1/auth/sms-code', payload: { phone: p } });
  const box = await t.app.inject({
    method: 'GET',
    url: '/api/v1/admin/sms-outbox',
    headers: { cookie: await login(t.app, adminPhone) },
  });
  const text = (box.json().items as { phone: string; text: string }[]).find((i) => i.phone === p)?.text ?? '';
  const code = /\d{6}/.exec(text)?.[0];
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sms-login', payload: { phone: p, code } });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = `lz_session=${res.cookies.find((c) => c.name === 'lz_session')?.value}`;
  return { phone: p, cookie, id: res.json().user.id };
}

const residentsOfUser = async (userId: number) =>
  rows<{ id: number; household_id: number; name: string }>(
    t.database.db,
    sql`select id, household_id, name from residents where user_id = ${userId}`,
  );

describe('a newcomer’s first report from the stairwell QR', () => {
  it('files the report, is shown to the captain as not yet verified, and is confirmed into room 302', async () => {
    const n = await newcomer();
    const filed = await call(n.cookie, 'POST', '/api/v1/reports', {
      buildingToken: token,
      categoryId: lightCategory,
      description: '楼道灯不亮',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json()).toMatchObject({ channel: 'qr', level: 'building', handlerOrgUnitId: a.building.id });
    const reportId = filed.json().id;

    // The captain sees it in 待我处理, with the reporter marked as not yet verified here.
    const handling = (await call('captain', 'GET', '/api/v1/reports?view=handling')).json().items;
    expect(handling.map((r: { id: number }) => r.id)).toContain(reportId);
    const seen = (await call('captain', 'GET', `/api/v1/reports/${reportId}`)).json();
    expect(seen.reporter.residentVerified).toBe(false);
    const claimId = seen.reporter.residencyClaimId;
    expect(claimId).toEqual(expect.any(Number));

    const pending = (await call('captain', 'GET', '/api/v1/residency-claims')).json().items;
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      id: claimId,
      status: 'pending',
      source: 'report',
      reportId,
      buildingId: a.building.id,
      userId: n.id,
      phoneMasked: `${n.phone.slice(0, 3)}****${n.phone.slice(7)}`,
      registryMatch: null,
    });

    const confirmed = await call('captain', 'POST', `/api/v1/residency-claims/${claimId}/confirm`, { room: '302' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({
      status: 'confirmed',
      decidedByName: '梁家俊',
      confirmedInto: { room: '302', unitLabel: null },
    });

    // They are a member of a (new) household at 302 on floor 3, and a resident of the building.
    const mine = await call(n.cookie, 'GET', '/api/v1/households/mine');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toMatchObject({ buildingId: a.building.id, room: '302', floor: 3 });
    const me = (await call(n.cookie, 'GET', '/api/v1/auth/me')).json().user;
    expect(me.roles).toEqual([expect.objectContaining({ role: 'resident', orgUnitId: a.building.id })]);
    const after = (await call('captain', 'GET', `/api/v1/reports/${reportId}`)).json();
    expect(after.reporter).toMatchObject({ residentVerified: true, residencyClaimId: null });
    // Told in the app.
    const inbox = (await call(n.cookie, 'GET', '/api/v1/notifications')).json().items;
    expect(inbox.some((m: { kind: string }) => m.kind === 'residency_confirmed')).toBe(true);
    // Now a resident, they report from the app without the QR link, and raise no new claim.
    const again = await call(n.cookie, 'POST', '/api/v1/reports', {
      buildingId: a.building.id,
      categoryId: lightCategory,
      description: '二楼灯也不亮',
    });
    expect(again.statusCode, again.body).toBe(201);
    expect((await call('captain', 'GET', '/api/v1/residency-claims')).json().items).toHaveLength(0);
  });

  it('links the registry’s record with the same phone instead of adding a second person', async () => {
    const p = phone();
    const { household, residents } = await buildHousehold(
      t.database.db,
      t.services.households,
      a.building,
      [{ name: '黄秀英', phone: p }, { name: '黄志明' }],
      { room: '601' },
    );
    const n = await newcomer(p);
    const filed = await call(n.cookie, 'POST', '/api/v1/reports', {
      buildingToken: token,
      categoryId: lightCategory,
      description: '六楼楼道灯不亮',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const [claim] = (await call('community', 'GET', '/api/v1/residency-claims')).json().items;
    expect(claim.registryMatch).toEqual({ householdId: household.id, unitLabel: null, room: '601' });
    const ok = await call('community', 'POST', `/api/v1/residency-claims/${claim.id}/confirm`, {
      householdId: household.id,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const linked = await residentsOfUser(n.id);
    expect(linked).toEqual([{ id: residents[0]!.id, household_id: household.id, name: '黄秀英' }]);
    const [count] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from residents where household_id = ${household.id}`,
    );
    expect(count?.n).toBe(2);
  });

  it('refuses a newcomer’s report without the QR link, and files nothing', async () => {
    const n = await newcomer();
    const res = await call(n.cookie, 'POST', '/api/v1/reports', {
      buildingId: a.building.id,
      categoryId: lightCategory,
      description: '楼道灯不亮',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('REPORT_NOT_RESIDENT');
    const [c] = await rows<{ n: number }>(
      t.database.db,
      sql`select (select count(*) from reports where reporter_user_id = ${n.id})::int
             + (select count(*) from residency_claims where user_id = ${n.id})::int as n`,
    );
    expect(c?.n).toBe(0);
  });
});

describe('asking to join a household from the phone app', () => {
  it('finds the building by name, lists its rooms without people, and raises one pending request', async () => {
    await buildHousehold(t.database.db, t.services.households, a.building, [{ name: '不应出现' }], { room: '701' });
    const n = await newcomer();
    const found = (
      await call(n.cookie, 'GET', `/api/v1/residency/buildings?q=${encodeURIComponent(a.building.name)}`)
    ).json();
    expect(found.items.map((b: { id: number }) => b.id)).toEqual([a.building.id]);
    const rooms = await call(n.cookie, 'GET', `/api/v1/residency/buildings/${a.building.id}/rooms`);
    expect(rooms.json().items.map((r: { room: string }) => r.room)).toContain('701');
    expect(rooms.body).not.toContain('不应出现');

    const asked = await call(n.cookie, 'POST', '/api/v1/residency-claims', { buildingId: a.building.id, room: '701' });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json()).toMatchObject({ status: 'pending', source: 'app', room: '701' });
    const twice = await call(n.cookie, 'POST', '/api/v1/residency-claims', { buildingId: a.building.id, room: '702' });
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'RESIDENCY_CLAIM_PENDING']);

    // Rejected with a reason, which they see; then they may ask again.
    const no = await call('community', 'POST', `/api/v1/residency-claims/${asked.json().id}/reject`, {
      reason: '经核实该户无此人',
    });
    expect(no.statusCode, no.body).toBe(200);
    const mine = (await call(n.cookie, 'GET', '/api/v1/residency-claims/mine')).json().items;
    expect(mine[0]).toMatchObject({ status: 'rejected', reason: '经核实该户无此人', phoneMasked: null });
    const retry = await call(n.cookie, 'POST', '/api/v1/residency-claims', { buildingId: a.building.id, room: '701' });
    expect(retry.statusCode).toBe(201);
  });

  it('refuses a resident asking for their own building again', async () => {
    const res = await call('resident', 'POST', '/api/v1/residency-claims', { buildingId: a.building.id, room: '101' });
    expect([res.statusCode, res.json().error.code]).toEqual([409, 'RESIDENCY_ALREADY_RESIDENT']);
  });

  it('refuses bad input with 400 and changes nothing', async () => {
    const n = await newcomer();
    for (const body of [
      { buildingId: a.building.id, room: '3 02' },
      { buildingId: a.building.id, room: '' },
      { buildingId: String(a.building.id), room: '302' },
      { buildingId: a.building.id, room: '302', extra: 1 },
    ]) {
      const res = await call(n.cookie, 'POST', '/api/v1/residency-claims', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const notBuilding = await call(n.cookie, 'POST', '/api/v1/residency-claims', {
      buildingId: a.community.id,
      room: '302',
    });
    expect(notBuilding.statusCode).toBe(404);
    expect((await call(n.cookie, 'GET', '/api/v1/residency-claims/mine')).json().items).toEqual([]);
  });
});

describe('who decides', () => {
  async function pendingClaim(): Promise<number> {
    const n = await newcomer();
    const res = await call(n.cookie, 'POST', '/api/v1/residency-claims', { buildingId: a.building.id, room: '502' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }

  it('answers 404 outside one’s jurisdiction and to roles that do not confirm, and changes nothing', async () => {
    const id = await pendingClaim();
    for (const who of ['otherCaptain', 'department', 'resident']) {
      const res = await call(who, 'POST', `/api/v1/residency-claims/${id}/confirm`, { room: '502' });
      expect(res.statusCode, who).toBe(404);
      const list = await call(who, 'GET', '/api/v1/residency-claims');
      if (who === 'otherCaptain') expect(list.json().items, who).toEqual([]);
      else expect(list.statusCode, who).toBe(403);
    }
    const [c] = await rows<{ status: string }>(
      t.database.db,
      sql`select status from residency_claims where id = ${id}`,
    );
    expect(c?.status).toBe('pending');
  });

  it('never lets someone confirm their own claim', async () => {
    // A captain who moved into another building asks there; only its own captain or staff decide.
    const n = await newcomer();
    const claim = await call(n.cookie, 'POST', '/api/v1/residency-claims', { buildingId: a.building.id, room: '401' });
    await t.database.db.execute(
      sql`insert into role_bindings (user_id, role, org_unit_id, street_id) values (${n.id}, 'grid_worker', ${a.grid.id}, ${a.grid.streetId})`,
    );
    const self = await call(n.cookie, 'POST', `/api/v1/residency-claims/${claim.json().id}/confirm`, { room: '401' });
    expect([self.statusCode, self.json().error.code]).toEqual([403, 'RESIDENCY_OWN_CLAIM']);
  });

  it('refuses a household of another building and a claim decided already', async () => {
    const id = await pendingClaim();
    const { household } = await buildHousehold(t.database.db, t.services.households, otherBuilding, [{}]);
    const wrong = await call('captain', 'POST', `/api/v1/residency-claims/${id}/confirm`, {
      householdId: household.id,
    });
    expect(wrong.statusCode).toBe(404);
    const [c] = await rows<{ status: string }>(
      t.database.db,
      sql`select status from residency_claims where id = ${id}`,
    );
    expect(c?.status).toBe('pending');
    expect((await call('captain', 'POST', `/api/v1/residency-claims/${id}/reject`, { reason: '' })).statusCode).toBe(
      400,
    );
    expect((await call('captain', 'POST', `/api/v1/residency-claims/${id}/confirm`, {})).statusCode).toBe(400);
    await call('captain', 'POST', `/api/v1/residency-claims/${id}/reject`, { reason: '非本楼住户' });
    const late = await call('community', 'POST', `/api/v1/residency-claims/${id}/confirm`, { room: '502' });
    expect([late.statusCode, late.json().error.code]).toEqual([409, 'RESIDENCY_CLAIM_DECIDED']);
  });

  it('of the captain and community staff confirming at once, exactly one decides; one person is added', async () => {
    for (let round = 0; round < 3; round++) {
      const id = await pendingClaim();
      const [x, y] = await Promise.all([
        call('captain', 'POST', `/api/v1/residency-claims/${id}/confirm`, { room: '502' }),
        call('community', 'POST', `/api/v1/residency-claims/${id}/confirm`, { room: '502' }),
      ]);
      expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
      const [c] = await rows<{ user_id: number }>(
        t.database.db,
        sql`select user_id from residency_claims where id = ${id}`,
      );
      expect(await residentsOfUser(c!.user_id)).toHaveLength(1);
    }
  });
});
