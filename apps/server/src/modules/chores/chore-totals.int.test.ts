import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { type Db, rows, transaction } from '../../platform/db';
import { Scope } from '../../platform/scope';
import * as scan from './chore-figures.repository';
import * as totals from './chore-totals.repository';

/**
 * The maintained chores figures against a recomputation: after a random mix of submissions, approvals
 * (with their ledger credits), rejections, resubmissions and deletions — and, on PostgreSQL, approvals and
 * rejections through the API in parallel transactions while submissions are filed and refreshes run —
 * every unit's totals equal the figures counted here, in the test, from the raw rows (docs/glossary.md#figures:
 * submitted by the day of the submission, approved / rejected / points by the day of the review, by the
 * task's building). PGlite has one connection, so there the "parallel" transactions run one after another.
 */
let t: TestApp;
let db: Db;
let a: Tree;
let d: Tree;
const buildings: Tree['building'][] = [];
const captains = new Map<number, number>(); // building → captain user id
let reviewer: { id: number; phone: string; cookie: string };
/** Yuan per point, as the fixture sets them: street a 0.5, street d 0.2. */
const RATE = new Map<number, number>();

let seed = 20261204;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '10000' }, { poolSize: 10 });
  db = t.database.db;
  a = await buildTree(db);
  const b = await buildTree(db, { ...a });
  const c = await buildTree(db, { city: a.city, district: a.district, street: a.street });
  d = await buildTree(db, { city: a.city, district: a.district });
  buildings.push(a.building, b.building, c.building, d.building);
  RATE.set(a.street.id, 0.5).set(d.street.id, 0.2);
  for (const [street, rate] of RATE) {
    await db.execute(sql`insert into point_settings (street_id, yuan_per_point) values (${street}, ${rate})
                         on conflict (street_id) do update set yuan_per_point = excluded.yuan_per_point`);
  }
  for (const bld of buildings) {
    captains.set(bld.id, (await buildUser(db, t.cipher, [{ role: 'captain', unit: bld }])).id);
  }
  const r = await buildUser(db, t.cipher, [
    { role: 'street_staff', unit: a.street },
    { role: 'street_staff', unit: d.street },
  ]);
  reviewer = { id: r.id, phone: r.phone, cookie: await login(t.app, r.phone) };
});
afterAll(() => t.close());

const templates = new Map<string, number>();
/** A task at `building` worth `points`, already submitted (its template and publication made once per street and points). */
async function task(tx: Db, building: Tree['building'], points: number): Promise<number> {
  const street = building.streetId as number;
  let tpl = templates.get(`${street}:${points}`);
  if (!tpl) {
    const [row] = await rows<{ id: number }>(
      tx,
      sql`insert into chore_templates (street_id, name, category, points, min_photos, before_after, claim_ttl_hours, created_at)
          values (${street}, ${`扫楼梯${street}-${points}`}, 'cleaning', ${points}, 0, false, 24, now()) returning id`,
    );
    tpl = row?.id as number;
    templates.set(`${street}:${points}`, tpl);
  }
  const [row] = await rows<{ id: number }>(
    tx,
    sql`with p as (
          insert into chore_publications (street_id, template_id, org_unit_id, org_path, recurrence, starts_on, created_by_user_id, created_at)
          values (${street}, ${tpl}, ${street}, ${building.path}, 'once', '2026-11-01', ${reviewer.id}, now()) returning id)
        insert into chore_tasks (street_id, publication_id, template_id, building_id, building_path, occurrence, due_at,
                                 status, claimed_by_user_id, claimed_at, created_at)
        select ${street}, p.id, ${tpl}, ${building.id}, ${building.path}, '2026-11-01', '2026-12-31T00:00:00Z',
               'submitted', ${captains.get(building.id) as number}, now(), now() from p returning id`,
  );
  return row?.id as number;
}

/** A pending submission of `taskId` made at `at`. */
async function submit(tx: Db, taskId: number, at: Date): Promise<number> {
  const [row] = await rows<{ id: number }>(
    tx,
    sql`insert into chore_submissions (street_id, task_id, submitter_user_id, done_at, status, created_at)
        select t.street_id, t.id, t.claimed_by_user_id, ${at}, 'pending', ${at} from chore_tasks t where t.id = ${taskId}
        returning id`,
  );
  return row?.id as number;
}

/** Approves (crediting the template's points through the ledger) or rejects a pending submission at `at`. */
async function decide(tx: Db, id: number, approve: boolean, at: Date) {
  const [s] = await rows<{ street_id: number; submitter_user_id: number; points: number; task_id: number }>(
    tx,
    sql`select s.street_id, s.submitter_user_id, tpl.points, s.task_id from chore_submissions s
          join chore_tasks t on t.id = s.task_id join chore_templates tpl on tpl.id = t.template_id
         where s.id = ${id} and s.status = 'pending'`,
  );
  if (!s) return;
  if (!approve) {
    await tx.execute(sql`update chore_submissions set status = 'rejected', reviewer_user_id = ${reviewer.id},
                           reviewed_at = ${at}, reject_reason = '照片不清楚' where id = ${id}`);
    await tx.execute(sql`update chore_tasks set status = 'rejected' where id = ${s.task_id}`);
    return;
  }
  await tx.execute(sql`update chore_submissions set status = 'approved', reviewer_user_id = ${reviewer.id},
                         reviewed_at = ${at} where id = ${id}`);
  const credit = await t.services.ledger.credit(tx, {
    streetId: Number(s.street_id),
    userId: Number(s.submitter_user_id),
    points: Number(s.points),
    causeKey: `chore:${id}`,
    memo: '扫楼梯',
    actorUserId: reviewer.id,
  });
  await tx.execute(sql`update chore_submissions set ledger_entry_id = ${credit.entryId} where id = ${id}`);
  await tx.execute(sql`update chore_tasks set status = 'approved' where id = ${s.task_id}`);
}

/** Some time on Nov 10–13 (UTC), any hour, so the Asia/Shanghai day differs from the UTC one for some. */
const someTime = () => new Date(Date.UTC(2026, 10, 10 + Math.floor(rand() * 4), Math.floor(rand() * 24), 7));

const refresh = () => transaction(db, (tx) => totals.refresh(tx));

interface Raw {
  path: string;
  streetId: number;
  status: string;
  createdAt: Date;
  reviewedAt: Date | null;
  points: number;
}

/** The raw rows, read plainly: each submission with its task's building path and the captain's credit. */
async function raw(): Promise<Raw[]> {
  const r = await rows<{
    path: string;
    street_id: string;
    status: string;
    created_at: string | Date;
    reviewed_at: string | Date | null;
    points: string | null;
  }>(
    db,
    sql`select t.building_path as path, s.street_id, s.status, s.created_at, s.reviewed_at,
               (select sum(p.amount) from point_postings p where p.entry_id = s.ledger_entry_id and p.amount > 0) as points
          from chore_submissions s join chore_tasks t on t.id = s.task_id`,
  );
  return r.map((x) => ({
    path: x.path,
    streetId: Number(x.street_id),
    status: x.status,
    createdAt: new Date(x.created_at),
    reviewedAt: x.reviewed_at === null ? null : new Date(x.reviewed_at),
    points: Number(x.points ?? 0),
  }));
}

/** Asia/Shanghai day of an instant (UTC + 8 h, no daylight saving). */
const shDay = (at: Date) => new Date(at.getTime() + 8 * HOUR).toISOString().slice(0, 10);

/** The figures of `unitPath` over Asia/Shanghai days [fromDay, toDay), counted here from the raw rows. */
function expected(all: Raw[], unitPath: string, fromDay: string, toDay: string) {
  const inDays = (at: Date | null) => at !== null && shDay(at) >= fromDay && shDay(at) < toDay;
  const mine = all.filter((r) => r.path.startsWith(unitPath));
  const approved = mine.filter((r) => r.status === 'approved' && inDays(r.reviewedAt));
  const byDay = new Map<string, { day: string; approved: number; points: number }>();
  for (const r of approved) {
    const day = shDay(r.reviewedAt as Date);
    const e = byDay.get(day) ?? { day, approved: 0, points: 0 };
    e.approved++;
    e.points += r.points;
    byDay.set(day, e);
  }
  let yuan = 0;
  for (const r of approved) yuan += r.points * (RATE.get(r.streetId) ?? 0);
  return {
    submitted: mine.filter((r) => inDays(r.createdAt)).length,
    approved: approved.length,
    rejected: mine.filter((r) => r.status === 'rejected' && inDays(r.reviewedAt)).length,
    points: approved.reduce((s, r) => s + r.points, 0),
    pointsYuan: Math.round(yuan * 100) / 100,
    byDay: [...byDay.values()].sort((p, q) => p.day.localeCompare(q.day)),
  };
}

const units = () => [a.city, a.street, a.community, a.grid, a.estate, d.street, ...buildings];

/** Every unit's totals, over the whole fixture and over one day, against the count from the raw rows. */
async function compareAll() {
  const all = await raw();
  expect(expected(all, a.street.path, '2026-11-01', '2026-12-01').approved).toBeGreaterThan(10);
  for (const unit of units()) {
    for (const [fromDay, toDay] of [
      ['2026-11-01', '2026-12-01'],
      ['2026-11-12', '2026-11-13'],
    ] as const) {
      const want = expected(all, unit.path, fromDay, toDay);
      const perStreet = await totals.periodFigures(db, [unit.id], { fromDay, toDay });
      const sum = (k: 'submitted' | 'approved' | 'rejected' | 'points') => perStreet.reduce((s, x) => s + x[k], 0);
      const got = {
        submitted: sum('submitted'),
        approved: sum('approved'),
        rejected: sum('rejected'),
        points: sum('points'),
      };
      const label = `${unit.kind} ${unit.id} ${fromDay}`;
      expect(got, label).toEqual({
        submitted: want.submitted,
        approved: want.approved,
        rejected: want.rejected,
        points: want.points,
      });
      expect(await totals.approvedByDay(db, [unit.id], { fromDay, toDay }), label).toEqual(want.byDay);
    }
  }
  expect(await totals.drift(db, 1000)).toEqual([]);
}

describe('maintained chores totals', () => {
  it('count a fixture of known numbers, and the dashboard reads them', async () => {
    // Building e (a fresh estate of street a): three submissions on Nov 3 (Shanghai; one at 23:30 UTC on
    // Nov 2), then on Nov 4 two approvals worth 10 and 20 points and one rejection; one more left pending.
    const e = await buildTree(db, { city: a.city, district: a.district, street: a.street, community: a.community });
    captains.set(e.building.id, (await buildUser(db, t.cipher, [{ role: 'captain', unit: e.building }])).id);
    const ids: number[] = [];
    for (const [points, at] of [
      [10, '2026-11-02T23:30:00Z'],
      [20, '2026-11-03T02:00:00Z'],
      [30, '2026-11-03T09:00:00Z'],
      [40, '2026-11-05T01:00:00Z'],
    ] as const) {
      ids.push(await submit(db, await task(db, e.building, points), new Date(at)));
    }
    await decide(db, ids[0] as number, true, new Date('2026-11-04T01:00:00Z'));
    await decide(db, ids[1] as number, true, new Date('2026-11-04T15:00:00Z')); // Nov 4, 23:00 in Shanghai
    await decide(db, ids[2] as number, false, new Date('2026-11-04T03:00:00Z'));
    const q = (from: string, to: string) =>
      t.app.inject({
        url: `/api/v1/chores/figures?orgUnitId=${e.estate.id}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        headers: { cookie: reviewer.cookie },
      });
    const nov34 = await q('2026-11-03T00:00:00+08:00', '2026-11-05T00:00:00+08:00');
    expect(nov34.statusCode, nov34.body).toBe(200);
    expect(nov34.json()).toMatchObject({ submitted: 3, approved: 2, rejected: 1, points: 30, pointsYuan: 15 });
    expect(nov34.json().byDay).toEqual([{ day: '2026-11-04', approved: 2, points: 30 }]);
    expect(await totals.pending(db)).toBe(0);
    const nov5 = await q('2026-11-05T00:00:00+08:00', '2026-11-06T00:00:00+08:00');
    expect(nov5.json()).toMatchObject({ submitted: 1, approved: 0, rejected: 0, points: 0, byDay: [] });
    // A period cut inside a day is counted from the submissions: Nov 4 from noon (Shanghai) on.
    const noon = await q('2026-11-04T12:00:00+08:00', '2026-11-05T00:00:00+08:00');
    expect(noon.json()).toMatchObject({ submitted: 0, approved: 1, rejected: 0, points: 20, pointsYuan: 10 });
  });

  it('equal a recomputation after a random mix of changes, and a second refresh changes nothing', async () => {
    const pending: number[] = [];
    for (let i = 0; i < 40; i++) {
      const bld = pick(buildings);
      pending.push(await submit(db, await task(db, bld, pick([5, 10, 15, 30])), someTime()));
    }
    for (let i = 0; i < 30; i++) {
      const id = pending.splice(Math.floor(rand() * pending.length), 1)[0] as number;
      const [s] = await rows<{ created_at: string | Date; task_id: number }>(
        db,
        sql`select created_at, task_id from chore_submissions where id = ${id}`,
      );
      const at = new Date(new Date(s?.created_at as Date).getTime() + (1 + Math.floor(rand() * 60)) * HOUR);
      const approve = rand() < 0.6;
      await decide(db, id, approve, at);
      // A rejected chore is sometimes done again: a new submission of the same task.
      if (!approve && rand() < 0.5) pending.push(await submit(db, Number(s?.task_id), someTime()));
    }
    // A pending submission withdrawn (deleted) and one moved to another day.
    await db.execute(sql`delete from chore_submissions where id = ${pending.pop() as number}`);
    await db.execute(
      sql`update chore_submissions set created_at = created_at - interval '1 day' where id = ${pending[0] as number}`,
    );
    expect(await refresh()).toBeGreaterThan(0);
    await compareAll();
    expect(await refresh()).toBe(0);
    await compareAll();
  });

  it('equal a recomputation after approvals and rejections through the API in parallel, refreshes running meanwhile', async () => {
    // Reviewed "now": Nov 14, 22:00 UTC, which is Nov 15 in Shanghai.
    t.clock.set('2026-11-14T22:00:00Z');
    reviewer.cookie = await login(t.app, reviewer.phone);
    const before = expected(await raw(), a.city.path, '2026-11-15', '2026-11-16');
    const waiting: number[] = [];
    for (let i = 0; i < 24; i++) {
      waiting.push(await submit(db, await task(db, pick(buildings), pick([5, 10, 15])), someTime()));
    }
    const results = await Promise.all([
      ...waiting.map((id, i) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/chores/submissions/${id}/${i % 4 === 3 ? 'reject' : 'approve'}`,
          headers: { cookie: reviewer.cookie },
          ...(i % 4 === 3 ? { payload: { reason: '照片不清楚' } } : {}),
        }),
      ),
      // New submissions filed in their own transactions meanwhile, and refreshes draining the queue.
      ...Array.from({ length: 4 }, () =>
        transaction(db, async (tx) => {
          for (let k = 0; k < 3; k++) await submit(tx, await task(tx, pick(buildings), 10), someTime());
        }),
      ),
      refresh(),
      refresh(),
    ]);
    for (const r of results.slice(0, waiting.length)) {
      expect((r as { statusCode: number }).statusCode, (r as { body: string }).body).toBe(200);
    }
    await refresh();
    await compareAll();
    const nov15 = expected(await raw(), a.city.path, '2026-11-15', '2026-11-16');
    expect([nov15.approved - before.approved, nov15.rejected - before.rejected]).toEqual([18, 6]);
  });

  it('read the same as counting the submissions, for the street a unit and a period', async () => {
    const from = new Date('2026-11-01T00:00:00+08:00');
    const to = new Date('2026-12-01T00:00:00+08:00');
    for (const unit of units()) {
      const counted = await scan.periodFigures(db, Scope.ofPaths([unit.path]), from, to);
      const stored = await totals.periodFigures(db, [unit.id], { fromDay: '2026-11-01', toDay: '2026-12-01' });
      expect(stored, `${unit.kind} ${unit.id}`).toEqual(counted);
      expect(await totals.approvedByDay(db, [unit.id], { fromDay: '2026-11-01', toDay: '2026-12-01' })).toEqual(
        await scan.approvedByDay(db, Scope.ofPaths([unit.path]), from, to),
      );
    }
  });

  it('come out the same from the one-pass build over many task-days', async () => {
    await db.execute(sql`insert into chore_totals_dirty (task_id, building_id, path, day)
                         select t.id, t.building_id, t.building_path, (s.created_at at time zone 'Asia/Shanghai')::date
                           from chore_submissions s join chore_tasks t on t.id = s.task_id
                         union
                         select t.id, t.building_id, t.building_path, (s.reviewed_at at time zone 'Asia/Shanghai')::date
                           from chore_submissions s join chore_tasks t on t.id = s.task_id where s.reviewed_at is not null`);
    expect(await transaction(db, (tx) => totals.refresh(tx, { bulkOver: 0 }))).toBeGreaterThan(0);
    await compareAll();
  });

  it('the drift check finds a corrupted total, and the nightly job fails on it', async () => {
    await refresh();
    expect(await t.services.choreFigures.drift(1000)).toEqual([]);
    const [victim] = await rows<{ org_unit_id: number; day: string }>(
      db,
      sql`select org_unit_id, to_char(day, 'YYYY-MM-DD') as day from chore_totals
           where is_leaf = 0 and org_unit_id = ${a.community.id} and approved > 0 order by day limit 1`,
    );
    await db.execute(sql`update chore_totals set approved = approved + 1
                          where is_leaf = 0 and org_unit_id = ${a.community.id} and day = ${victim?.day}::date`);
    const found = await totals.drift(db, 100_000);
    expect(found.map((f) => [Number(f.orgUnitId), f.day])).toEqual([[a.community.id, victim?.day]]);
    await expect(t.services.choreFigures.drift(100_000)).rejects.toThrow(/chore totals drifted on 1 unit-days/);
    // Queuing the task-days again repairs it: the refresh recomputes, it does not add.
    await db.execute(sql`insert into chore_totals_dirty (task_id, building_id, path, day)
                         select t.id, t.building_id, t.building_path, ${victim?.day}::date from chore_tasks t
                          where t.building_path like ${`${a.community.path}%`}`);
    await refresh();
    expect(await totals.drift(db, 100_000)).toEqual([]);
  });
});
