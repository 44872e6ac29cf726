import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHousehold, buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';

/**
 * Visits and care through HTTP: who sees care data, who may visit whom, cycles counted in Asia/Shanghai
 * days across a month end, a visit's need becoming a report, and the reminder job.
 */
let t: TestApp;
let a: Tree;
let otherBuilding: Awaited<ReturnType<typeof child>>;
let alone: number; // 独居老人, weekly
let aged: number; // 高龄, fortnightly
let child1: number; // 留守儿童: no cycle by default
let errandCategory: number;
let users: Record<string, { id: number; phone: string }>;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' });
  const db = t.database.db;
  a = await buildTree(db);
  otherBuilding = await child(db, a.estate, 'building');
  const hh = t.services.households;
  const h1 = await buildHousehold(db, hh, a.building, [
    { name: '关秀英', birthYear: 1941, careTags: ['elderly_alone'] },
  ]);
  alone = h1.residents[0]!.id;
  const h2 = await buildHousehold(db, hh, a.building, [
    { name: '李伯', birthYear: 1938, careTags: ['aged'] },
    { name: '李小明', birthYear: 2015, careTags: ['left_behind_child'] },
  ]);
  aged = h2.residents[0]!.id;
  child1 = h2.residents[1]!.id;
  users = {
    community: await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }]),
    grid: await buildUser(db, t.cipher, [{ role: 'grid_worker', unit: a.grid }]),
    captain: await buildUser(db, t.cipher, [{ role: 'captain', unit: a.building }]),
    otherCaptain: await buildUser(db, t.cipher, [{ role: 'captain', unit: otherBuilding }]),
    street: await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }]),
    department: await buildUser(db, t.cipher, [{ role: 'department_staff', unit: a.district }]),
    resident: await buildUser(db, t.cipher, [{ role: 'resident', unit: a.building }]),
  };
  await signInAll();
  const [cat] = await rows<{ id: number }>(db, sql`select id from report_categories where code = 'errand'`);
  errandCategory = cat!.id;
});
afterAll(() => t?.close());

async function signInAll() {
  for (const [k, u] of Object.entries(users)) cookies[k] = await login(t.app, u.phone);
}
/** Moves the clock (days at a time, so sessions lapse) and signs everyone in again. */
async function at(iso: string) {
  t.clock.set(iso);
  await signInAll();
}

const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers = {}) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: cookies[who]!, ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const count = async (table: string) =>
  (await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from ${sql.raw(table)}`))[0]!.n;
const statusOf = async (who: string, residentId: number) => {
  const res = await call(who, 'GET', '/api/v1/care/people');
  expect(res.statusCode).toBe(200);
  return (res.json().items as { residentId: number; status: string; dueOn: string | null }[]).find(
    (p) => p.residentId === residentId,
  );
};

describe('who sees care data (docs/rules.md#personal-data)', () => {
  it('lists the cared-for people with a visit cycle to community staff, grid worker and the building captain', async () => {
    for (const who of ['community', 'grid', 'captain']) {
      const res = await call(who, 'GET', '/api/v1/care/people');
      expect(res.statusCode, who).toBe(200);
      const ids = (res.json().items as { residentId: number }[]).map((p) => p.residentId).sort();
      // The left-behind child has no default cycle, so is not on the visit lists.
      expect(ids, who).toEqual([alone, aged].sort());
    }
    const other = await call('otherCaptain', 'GET', '/api/v1/care/people');
    expect(other.json().items).toEqual([]);
    expect((await call('otherCaptain', 'GET', `/api/v1/care/people/${alone}`)).statusCode).toBe(404);
  });

  it('refuses street staff, departments and residents', async () => {
    for (const who of ['street', 'department', 'resident']) {
      const res = await call(who, 'GET', '/api/v1/care/people');
      expect(res.statusCode, who).toBe(403);
      expect((await call(who, 'GET', `/api/v1/care/people/${alone}`)).statusCode, who).toBe(403);
    }
  });

  it('writes an audit row for every read of a person’s record', async () => {
    const before = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where action = 'care.read' and object_id = ${String(alone)}`,
    );
    const res = await call('grid', 'GET', `/api/v1/care/people/${alone}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().careTags).toEqual(['elderly_alone']);
    const after = await rows<{ n: number; actor: number }>(
      t.database.db,
      sql`select count(*)::int as n, max(actor_user_id) as actor from audit_log where action = 'care.read' and object_id = ${String(alone)}`,
    );
    expect(after[0]!.n).toBe(before[0]!.n + 1);
    expect(after[0]!.actor).toBe(users.grid!.id);
  });
});

describe('assignment and visit logs', () => {
  it('shows a person nobody visits as unassigned, and refuses a visitor who is not their captain or grid worker', async () => {
    expect((await statusOf('community', alone))?.status).toBe('unassigned');
    const res = await call('community', 'PUT', `/api/v1/care/people/${alone}/visitor`, {
      visitorUserId: users.otherCaptain!.id,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('CARE_VISITOR_INVALID');
    expect(await count('care_assignments')).toBe(0);
    // A captain may not assign.
    const byCaptain = await call('captain', 'PUT', `/api/v1/care/people/${alone}/visitor`, {
      visitorUserId: users.captain!.id,
    });
    expect(byCaptain.statusCode).toBe(403);
    expect(await count('care_assignments')).toBe(0);
  });

  it('refuses a visit logged for someone outside one’s assignment, and changes nothing', async () => {
    await at('2026-11-20T02:00:00Z');
    const ok = await call('community', 'PUT', `/api/v1/care/people/${alone}/visitor`, {
      visitorUserId: users.grid!.id,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().visitorName).toBeTruthy();
    const before = await count('care_visits');
    const res = await call('captain', 'POST', '/api/v1/care/visits', { residentId: alone, findings: '精神不错' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CARE_NOT_ASSIGNED');
    const outside = await call('otherCaptain', 'POST', '/api/v1/care/visits', { residentId: alone });
    expect(outside.statusCode).toBe(404);
    expect(await count('care_visits')).toBe(before);
  });

  it('refuses a visit time in the future and an unknown errand', async () => {
    const before = await count('care_visits');
    const future = await call('grid', 'POST', '/api/v1/care/visits', {
      residentId: alone,
      visitedAt: '2026-11-21T02:00:00Z',
    });
    expect(future.json().error.code).toBe('CARE_VISIT_IN_FUTURE');
    const bad = await call('grid', 'POST', '/api/v1/care/visits', { residentId: alone, errands: ['buy_lottery'] });
    expect(bad.statusCode).toBe(400);
    expect(await count('care_visits')).toBe(before);
  });

  it('logs a visit once per Idempotency-Key (the phone outbox retries with the same key)', async () => {
    const before = await count('care_visits');
    const body = { residentId: alone, findings: '血压偏高', errands: ['anti_fraud', 'pension_cert'] };
    const key = { 'idempotency-key': 'care-visit-0001' };
    const [r1, r2] = await Promise.all([
      call('grid', 'POST', '/api/v1/care/visits', body, key),
      call('grid', 'POST', '/api/v1/care/visits', body, key),
    ]);
    expect(r1.statusCode).toBe(201);
    expect(r2.statusCode).toBe(201);
    expect(r2.json().id).toBe(r1.json().id);
    expect(await count('care_visits')).toBe(before + 1);
    // Findings are personal data: stored encrypted.
    const [stored] = await rows<{ f: string }>(
      t.database.db,
      sql`select findings_enc as f from care_visits where id = ${r1.json().id}`,
    );
    expect(stored!.f).not.toContain('血压');
  });
});

describe('cycles in Asia/Shanghai days across a month end', () => {
  it('counts a weekly visit from the Shanghai day it was made', async () => {
    // 2026-11-30T17:00Z is 1 December, 01:00 in Shanghai: the next weekly visit is due on 8 December.
    await at('2026-11-30T17:05:00Z');
    const v = await call('grid', 'POST', '/api/v1/care/visits', {
      residentId: alone,
      visitedAt: '2026-11-30T17:00:00Z',
      errands: ['utility_bills'],
    });
    expect(v.statusCode).toBe(201);
    expect(v.json().visitedOn).toBe('2026-12-01');

    await at('2026-12-07T10:00:00Z'); // 7 Dec 18:00 Shanghai (UTC would already say "due")
    expect(await statusOf('grid', alone)).toMatchObject({ dueOn: '2026-12-08', status: 'ok' });
    await at('2026-12-08T15:00:00Z'); // 8 Dec 23:00 Shanghai (UTC would say "overdue")
    expect(await statusOf('grid', alone)).toMatchObject({ status: 'due_today' });
    await at('2026-12-08T16:00:00Z'); // 9 Dec 00:00 Shanghai
    expect(await statusOf('grid', alone)).toMatchObject({ status: 'overdue' });
    const due = await call('grid', 'GET', '/api/v1/care/people?view=overdue&mine=1');
    expect(due.json().items.map((p: { residentId: number }) => p.residentId)).toEqual([alone]);
    expect(due.json().today).toBe('2026-12-09');
  });

  it('lets the community change a tag’s cycle; only community staff may', async () => {
    const put = (who: string, everyDays: number | null) =>
      call(who, 'PUT', '/api/v1/care/cycles', { communityId: a.community.id, careTag: 'left_behind_child', everyDays });
    // The community lies above the grid worker's jurisdiction: not found, as any unit outside it.
    expect((await put('grid', 30)).statusCode).toBe(404);
    expect((await put('street', 30)).statusCode).toBe(403);
    const res = await put('community', 30);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toContainEqual({ careTag: 'left_behind_child', everyDays: 30, isDefault: false });
    expect(res.json().items).toContainEqual({ careTag: 'elderly_alone', everyDays: 7, isDefault: true });
    expect(await statusOf('community', child1)).toMatchObject({ status: 'unassigned' });
    expect((await put('community', null)).statusCode).toBe(200);
    expect(await statusOf('community', child1)).toBeUndefined();
    const bad = await call('community', 'PUT', '/api/v1/care/cycles', {
      communityId: a.grid.id,
      careTag: 'aged',
      everyDays: 7,
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('a need found on a visit becomes a report', () => {
  it('files it on the resident’s behalf, pre-filled with the need, once', async () => {
    await at('2026-12-09T02:00:00Z');
    const v = await call('grid', 'POST', '/api/v1/care/visits', {
      residentId: alone,
      findings: '家中电费欠缴',
      need: '需要代缴电费',
    });
    expect(v.statusCode).toBe(201);
    const reportsBefore = await count('reports');
    const res = await call('grid', 'POST', `/api/v1/care/visits/${v.json().id}/report`, { categoryId: errandCategory });
    expect(res.statusCode).toBe(201);
    const reportId = res.json().reportId;
    const report = await call('community', 'GET', `/api/v1/reports/${reportId}`);
    expect(report.statusCode).toBe(200);
    expect(report.json()).toMatchObject({ description: '需要代缴电费', channel: 'proxy', buildingId: a.building.id });
    expect(report.json().reporter?.name ?? report.json().reporterName).toBe('关秀英');
    const again = await call('grid', 'POST', `/api/v1/care/visits/${v.json().id}/report`, {
      categoryId: errandCategory,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CARE_VISIT_REPORTED');
    expect(await count('reports')).toBe(reportsBefore + 1);
    const detail = await call('community', 'GET', `/api/v1/care/people/${alone}`);
    expect(detail.json().visits[0]).toMatchObject({ need: '需要代缴电费', reportId });
  });

  it('refuses a visit with no need and a captain who did not make the visit', async () => {
    const v = await call('grid', 'POST', '/api/v1/care/visits', { residentId: alone, findings: '一切安好' });
    const before = await count('reports');
    const none = await call('grid', 'POST', `/api/v1/care/visits/${v.json().id}/report`, {
      categoryId: errandCategory,
    });
    expect(none.json().error.code).toBe('CARE_NO_NEED');
    const captain = await call('captain', 'POST', `/api/v1/care/visits/${v.json().id}/report`, {
      categoryId: errandCategory,
      description: '代缴水费',
    });
    expect(captain.json().error.code).toBe('CARE_NOT_ASSIGNED');
    expect(await count('reports')).toBe(before);
  });
});

describe('contacts and reminders', () => {
  it('keeps next-of-kin phones encrypted and masked, and refuses a bad phone', async () => {
    const res = await call('captain', 'POST', `/api/v1/care/people/${aged}/contacts`, {
      name: '李建国',
      relation: '儿子',
      phone: '13812345678',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().phoneMasked).toBe('138****5678');
    const [row] = await rows<{ p: string }>(t.database.db, sql`select phone_enc as p from care_contacts`);
    expect(row!.p).not.toContain('5678');
    const before = await count('care_contacts');
    const bad = await call('captain', 'POST', `/api/v1/care/people/${aged}/contacts`, {
      name: '李建国',
      relation: '儿子',
      phone: '12345',
    });
    expect(bad.statusCode).toBe(400);
    expect(await count('care_contacts')).toBe(before);
  });

  it('tells the visitor once when a visit falls due and once when it is overdue', async () => {
    await at('2026-12-10T02:00:00Z');
    const assign = await call('community', 'PUT', `/api/v1/care/people/${aged}/visitor`, {
      visitorUserId: users.captain!.id,
    });
    expect(assign.json().dueOn).toBe('2026-12-24'); // fortnightly from the assignment day
    const inbox = async (kind: string) =>
      (
        await rows<{ n: number }>(
          t.database.db,
          sql`select count(*)::int as n from notifications where user_id = ${users.captain!.id} and kind = ${kind}`,
        )
      )[0]!.n;
    await at('2026-12-24T01:00:00Z');
    await t.services.careVisits.runReminders();
    await t.services.careVisits.runReminders();
    expect(await inbox('care_due')).toBe(1);
    expect(await inbox('care_overdue')).toBe(0);
    await at('2026-12-25T01:00:00Z');
    await Promise.all([t.services.careVisits.runReminders(), t.services.careVisits.runReminders()]);
    expect(await inbox('care_overdue')).toBe(1);
  });
});
