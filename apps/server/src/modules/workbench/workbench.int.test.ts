import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadPhoto } from '../../../test/chore-fixtures';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';
import { insertReport } from '../reports/reports.repository';

/**
 * The workbench counts against a fixture with known numbers: reports waiting at the community level of
 * one street (one overdue, one due in 5 hours, one due in 3 days, one resolved, one at the building
 * level), the same at another street (never counted), two pending residency claims and one decided.
 */
let t: TestApp;
let inside: Tree;
let outside: Tree;
const cookies: Record<string, string> = {};
const H = 3_600_000;

async function user(name: string, roles: Parameters<typeof buildUser>[2]) {
  const u = await buildUser(t.database.db, t.cipher, roles, name);
  cookies[name] = await login(t.app, u.phone);
  return u;
}

const get = async (who: string) => {
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/v1/workbench',
    headers: { cookie: cookies[who] as string },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

async function reportsAt(tree: Tree, now: Date) {
  const db = t.database.db;
  const [cat] = await rows<{ id: number }>(db, sql`select id from report_categories order by id limit 1`);
  const base = {
    streetId: tree.street.id as number,
    buildingId: tree.building.id,
    path: tree.building.path,
    categoryId: cat?.id as number,
    description: '楼道堆放杂物',
    channel: 'app',
    handlerOrgUnitId: tree.community.id,
    levelEnteredAt: now,
    createdAt: now,
    updatedAt: now,
    level: 3,
    peakLevel: 3,
  };
  const at = (h: number) => new Date(now.getTime() + h * H);
  await insertReport(db, { ...base, status: 'submitted', dueAt: at(-2), isOverdue: true });
  await insertReport(db, { ...base, status: 'in_progress', dueAt: at(5) });
  await insertReport(db, { ...base, status: 'accepted', dueAt: at(72) });
  await insertReport(db, { ...base, status: 'resolved', dueAt: at(1) });
  await insertReport(db, {
    ...base,
    status: 'submitted',
    level: 1,
    peakLevel: 1,
    handlerOrgUnitId: tree.building.id,
    dueAt: at(1),
  });
}

const call = async (who: string, method: 'GET' | 'POST', url: string, payload?: object) => {
  const res = await t.app.inject({ method, url, payload, headers: { cookie: cookies[who] as string } });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
};

/** `n` chores of the tree's building submitted by its captain, through the API as the phone does. */
async function submittedChores(tree: Tree, staff: string, captain: string, n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const tpl = await call(staff, 'POST', '/api/v1/chore-templates', {
      name: `清理楼道-${tree.street.id}-${i}`,
      category: 'cleaning',
      points: 10,
      minPhotos: 1,
      beforeAfter: false,
      claimTtlHours: 24,
    });
    await call(staff, 'POST', '/api/v1/chore-publications', {
      templateId: tpl.id,
      orgUnitId: tree.building.id,
      recurrence: 'once',
      startsOn: t.clock.now().toISOString().slice(0, 10),
    });
    const tasks = await call(captain, 'GET', '/api/v1/chores/tasks?view=open&limit=100');
    const task = tasks.items.find((x: { templateId: number }) => x.templateId === tpl.id);
    await call(captain, 'POST', `/api/v1/chores/tasks/${task.id}/claim`, {});
    const photo = await uploadPhoto(t.app, cookies[captain] as string);
    const sub = await call(captain, 'POST', `/api/v1/chores/tasks/${task.id}/submissions`, {
      photos: [{ id: photo, kind: 'other' }],
    });
    ids.push(sub.id);
  }
  return ids;
}

/** Mall orders of the tree's street in each status (inserted as placed orders are stored). */
async function orders(tree: Tree, statuses: string[]) {
  for (const [i, status] of statuses.entries()) {
    const u = await buildUser(t.database.db, t.cipher, []);
    await t.database.db.execute(sql`
      insert into mall_orders (street_id, user_id, window_month, path, status, points_total, cost_total_yuan, pickup_code, created_at)
      values (${tree.street.id}, ${u.id}, '2026-12', ${tree.building.path}, ${status}, 30, 15,
              ${`WB${tree.street.id}${i}${status.length}`}, now())`);
  }
}

async function claims(tree: Tree, statuses: string[]) {
  for (const status of statuses) {
    const u = await buildUser(t.database.db, t.cipher, []);
    await t.database.db.execute(sql`
      insert into residency_claims (user_id, building_id, street_id, path, unit_label, room, source, status, created_at, decided_at, reason)
      values (${u.id}, ${tree.building.id}, ${tree.street.id}, ${tree.building.path}, '1单元', '302', 'app', ${status},
              now(), ${status === 'pending' ? null : sql`now()`}, ${status === 'rejected' ? '不是本楼住户' : null})`);
  }
}

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  inside = await buildTree(db);
  outside = await buildTree(db);
  await user('community', [{ role: 'community_staff', unit: inside.community }]);
  await user('captain', [{ role: 'captain', unit: inside.building }]);
  await user('resident', [{ role: 'resident', unit: inside.building }]);
  const now = t.clock.now();
  await reportsAt(inside, now);
  await reportsAt(outside, now);
  await claims(inside, ['pending', 'pending', 'rejected']);
  await claims(outside, ['pending']);
});
afterAll(() => t.close());

describe('workbench: chores to review and goods to hand out', () => {
  it('street staff count their street’s pending submissions and orders placed or ready — not another street’s', async () => {
    const fresh = await buildTree(t.database.db);
    const away = await buildTree(t.database.db);
    await user('street', [{ role: 'street_staff', unit: fresh.street }]);
    await user('streetCaptain', [{ role: 'captain', unit: fresh.building }]);
    await user('awayStreet', [{ role: 'street_staff', unit: away.street }]);
    await user('awayCaptain', [{ role: 'captain', unit: away.building }]);
    expect(await get('street')).toMatchObject({ reviews: 0, pickups: 0 });

    // Three submitted here, one of them approved and one rejected: one still waits. One waits elsewhere.
    const [approved, rejected] = await submittedChores(fresh, 'street', 'streetCaptain', 3);
    await submittedChores(away, 'awayStreet', 'awayCaptain', 1);
    await call('street', 'POST', `/api/v1/chores/submissions/${approved}/approve`, {});
    await call('street', 'POST', `/api/v1/chores/submissions/${rejected}/reject`, { reason: '照片看不清楚' });
    // Orders: placed and ready wait to be handed out; picked up and cancelled do not.
    await orders(fresh, ['placed', 'ready', 'picked_up', 'cancelled']);
    await orders(away, ['placed']);

    expect(await get('street')).toMatchObject({ reviews: 1, pickups: 2 });
    expect(await get('awayStreet')).toMatchObject({ reviews: 1, pickups: 1 });
    // The count opens a list that agrees with it.
    const queue = await call('street', 'GET', '/api/v1/chores/review-queue');
    expect(queue.items).toHaveLength(1);
  });
});

describe('workbench', () => {
  it("counts the community's waiting reports, due soon and overdue, and its pending newcomers — not another street's", async () => {
    const w = await get('community');
    expect(w.handling).toBe(3); // submitted, in progress, accepted at the community; the resolved one is done
    expect(w.overdue).toBe(1);
    expect(w.dueSoon).toBe(1); // due in 5 h; the one due in 3 days is not soon, the overdue one is counted as overdue
    expect(w.residency).toBe(2);
    expect(w.reviews).toBeNull(); // chores are the street's to review unless it delegates to communities
    expect(w.pickups).toBe(0); // and hand out mall goods; no orders
  });

  it("a captain's counts are the building's: the one report waiting at the building level", async () => {
    const w = await get('captain');
    expect(w.handling).toBe(1);
    expect(w.dueSoon).toBe(1);
    expect(w.overdue).toBe(0);
    expect(w.residency).toBe(2); // captains confirm newcomers of their building
    expect(w.pickups).toBeNull(); // captains hand out no goods
  });

  it('a resident has no work: every count is null', async () => {
    expect(await get('resident')).toEqual({
      reviews: null,
      handling: null,
      dueSoon: null,
      overdue: null,
      pickups: null,
      residency: null,
    });
  });
});
