import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows, writeAll } from '../../platform/db';
import { insertReport } from '../reports/reports.repository';

/**
 * The honours' per-quarter tallies (honour_tallies) move with the ledger's chore awards and the
 * reports' ratings, in their transactions: after a mixed history they equal a recomputation from
 * scratch (done here in JavaScript from the raw ledger and timeline, Asia/Shanghai quarters = UTC + 8 h),
 * and concurrent credits and ratings for one captain all land.
 */
let t: TestApp;
const NOW = '2026-11-02T02:00:00Z';

beforeAll(async () => {
  t = await startTestApp({}, { poolSize: 12 });
});
afterAll(() => t.close());

async function at<T>(iso: string, fn: () => Promise<T>): Promise<T> {
  t.clock.set(iso);
  try {
    return await fn();
  } finally {
    t.clock.set(NOW);
  }
}

interface Street {
  tree: Tree;
  staff: string;
  community: string;
  reporter: number;
}

async function street(): Promise<Street> {
  const tree = await buildTree(t.database.db);
  const staff = await login(
    t.app,
    (await buildUser(t.database.db, t.cipher, [{ role: 'street_staff', unit: tree.street }])).phone,
  );
  const community = await login(
    t.app,
    (await buildUser(t.database.db, t.cipher, [{ role: 'community_staff', unit: tree.community }])).phone,
  );
  const reporter = (await buildUser(t.database.db, t.cipher, [], '报事人')).id;
  return { tree, staff, community, reporter };
}

async function captain(s: Street, name: string) {
  const b = await child(t.database.db, s.tree.estate, 'building', `${name}的楼`);
  const u = await buildUser(t.database.db, t.cipher, [{ role: 'resident', unit: b }], name);
  const r = await t.app.inject({
    method: 'POST',
    url: `/api/v1/buildings/${b.id}/captains`,
    headers: { cookie: s.community },
    payload: { userId: u.id },
  });
  expect(r.statusCode, r.body).toBe(200);
  return { ...u, building: b };
}

let seq = 0;
/** A chore award through the ledger's transaction path (LedgerService.credit, as a batch review does). */
async function credit(s: Street, userId: number, points: number, cause = `chore_submission:tally-${++seq}`) {
  return t.database.db.transaction((tx) =>
    t.services.ledger.credit(tx as never, {
      streetId: s.tree.street.id,
      userId,
      points,
      causeKey: cause,
      memo: '扫楼梯',
      actorUserId: null,
    }),
  );
}

/** A chore award through the one-statement path (LedgerService.creditWrites, as an approval does). */
async function creditInOneStatement(s: Street, userId: number, points: number, cause = `chore_submission:w-${++seq}`) {
  const c = await t.services.ledger.creditWrites(t.database.db, {
    streetId: s.tree.street.id,
    userId,
    points,
    causeKey: cause,
    memo: '扫楼梯',
    actorUserId: null,
  });
  await writeAll(t.database.db, c.writes);
  return c.entryId;
}

let catId: number;
/** A report resolved (by `handlerId`, or by nobody on record), ready to be rated by the street's reporter. */
async function resolvedReport(s: Street, building: { id: number; path: string }, handlerId: number | null) {
  if (!catId) {
    const [c] = await rows<{ id: number }>(
      t.database.db,
      sql`select id from report_categories where parent_id is null and is_active order by id limit 1`,
    );
    catId = c?.id as number;
  }
  const when = new Date('2026-07-01T00:00:00Z');
  const r = await insertReport(t.database.db, {
    streetId: s.tree.street.id,
    buildingId: building.id,
    path: building.path,
    categoryId: catId,
    description: '楼道灯不亮',
    channel: 'app',
    status: 'resolved',
    level: 1,
    peakLevel: 1,
    version: 2,
    reporterUserId: s.reporter,
    handlerOrgUnitId: building.id,
    levelEnteredAt: when,
    resolvedAt: when,
    createdAt: when,
    updatedAt: when,
  });
  if (handlerId !== null) {
    await t.database.db.execute(sql`
      insert into report_events (report_id, street_id, version, type, actor_user_id, to_status, to_level, at)
      values (${r.id}, ${s.tree.street.id}, 2, 'resolved', ${handlerId}, 'resolved', 1, ${when.toISOString()}::timestamptz)`);
  }
  await t.database.db.execute(sql`
    insert into report_followers (report_id, user_id, street_id, kind, created_at)
    values (${r.id}, ${s.reporter}, ${s.tree.street.id}, 'reporter', ${when.toISOString()}::timestamptz)`);
  return r.id;
}

/** The reporter rates through ReportsService.rate, as the app does. */
async function rate(s: Street, reportId: number, rating: number, solved = true) {
  const actor = { userId: s.reporter, name: '报事人', bindings: [] };
  return t.services.reports.rate({ actor, ip: 'test', lang: 'zh' }, reportId, { rating, solved });
}

type Tally = { chorePoints: number; chores: number; ratings: number; ratingSum: number };
const key = (street: number, quarter: string, user: number) => `${street}|${quarter}|${user}`;

/** The first day of the Asia/Shanghai quarter of a moment, computed here, not by the code under test. */
function quarterOf(when: Date | string): string {
  const d = new Date(new Date(when).getTime() + 8 * 3_600_000);
  const m = Math.floor(d.getUTCMonth() / 3) * 3 + 1;
  return `${d.getUTCFullYear()}-${String(m).padStart(2, '0')}-01`;
}

/** Every tally of the streets, from scratch: chore awards not reversed; ratings to the last resolver (or 0). */
async function recomputed(streets: number[]): Promise<Map<string, Tally>> {
  const out = new Map<string, Tally>();
  const add = (k: string, v: Partial<Tally>) => {
    const cur = out.get(k) ?? { chorePoints: 0, chores: 0, ratings: 0, ratingSum: 0 };
    out.set(k, {
      chorePoints: cur.chorePoints + (v.chorePoints ?? 0),
      chores: cur.chores + (v.chores ?? 0),
      ratings: cur.ratings + (v.ratings ?? 0),
      ratingSum: cur.ratingSum + (v.ratingSum ?? 0),
    });
  };
  const ids = sql.join(
    streets.map((x) => sql`${x}`),
    sql`, `,
  );
  const awards = await rows<{ streetId: number; userId: number; amount: number; at: Date | string; reversed: boolean }>(
    t.database.db,
    sql`select e.street_id as "streetId", a.user_id as "userId", p.amount, e.created_at as at,
               exists (select 1 from point_entries r where r.reverses_entry_id = e.id) as reversed
          from point_entries e join point_postings p on p.entry_id = e.id
          join point_accounts a on a.id = p.account_id and a.kind = 'captain'
         where e.kind = 'chore_award' and e.street_id in (${ids})`,
  );
  for (const a of awards) {
    if (!a.reversed) add(key(a.streetId, quarterOf(a.at), a.userId), { chorePoints: Number(a.amount), chores: 1 });
  }
  const events = await rows<{
    reportId: number;
    streetId: number;
    type: string;
    actor: number | null;
    at: Date | string;
    version: number;
    rating: number | null;
  }>(
    t.database.db,
    sql`select ev.report_id as "reportId", ev.street_id as "streetId", ev.type, ev.actor_user_id as actor, ev.at,
               ev.version, r.rating
          from report_events ev join reports r on r.id = ev.report_id
         where ev.street_id in (${ids}) and ev.type in ('resolved', 'rated') order by ev.report_id, ev.version`,
  );
  const byReport = new Map<number, typeof events>();
  for (const e of events) byReport.set(e.reportId, [...(byReport.get(e.reportId) ?? []), e]);
  for (const evs of byReport.values()) {
    const lastRated = evs.filter((e) => e.type === 'rated').at(-1);
    if (!lastRated || lastRated.rating === null) continue;
    const resolver = evs.filter((e) => e.type === 'resolved').at(-1)?.actor ?? 0;
    add(key(lastRated.streetId, quarterOf(lastRated.at), resolver), { ratings: 1, ratingSum: lastRated.rating });
  }
  return out;
}

async function stored(streets: number[]): Promise<Map<string, Tally>> {
  const found = await rows<{ streetId: number; quarter: string; userId: number } & Tally>(
    t.database.db,
    sql`select street_id as "streetId", quarter::text as quarter, user_id as "userId", chore_points as "chorePoints",
               chores, ratings, rating_sum as "ratingSum"
          from honour_tallies where street_id in (${sql.join(
            streets.map((x) => sql`${x}`),
            sql`, `,
          )})`,
  );
  const out = new Map<string, Tally>();
  for (const r of found) {
    const v = { chorePoints: Number(r.chorePoints), chores: r.chores, ratings: r.ratings, ratingSum: r.ratingSum };
    // A row whose every count went back to zero (an award reversed) is the same as no row.
    if (v.chorePoints || v.chores || v.ratings || v.ratingSum) out.set(key(r.streetId, r.quarter, r.userId), v);
  }
  return out;
}

describe('honour tallies', () => {
  it('equal a recomputation from scratch after a mixed history, across quarters and streets', async () => {
    const s1 = await street();
    const s2 = await street();
    const a = await captain(s1, '甲');
    const b = await captain(s1, '乙');
    const staffUser = await buildUser(t.database.db, t.cipher, [{ role: 'community_staff', unit: s1.tree.community }]);

    // Chores: both paths, a duplicate cause (no second count), the quarter boundary at 00:00 Shanghai time.
    await at('2026-06-30T15:59:59Z', () => credit(s1, a.id, 7)); // 23:59:59 on 30 June in Shanghai: Q2
    await at('2026-06-30T16:00:00Z', () => credit(s1, a.id, 11)); // 00:00 on 1 July: Q3
    await at('2026-08-01T02:00:00Z', () => credit(s1, a.id, 13, 'chore_submission:dup-1'));
    const again = await at('2026-08-02T02:00:00Z', () => credit(s1, a.id, 13, 'chore_submission:dup-1'));
    expect(again.duplicate).toBe(true);
    await at('2026-08-03T02:00:00Z', () => creditInOneStatement(s1, b.id, 20, 'chore_submission:dup-2'));
    await expect(
      at('2026-08-04T02:00:00Z', () => creditInOneStatement(s1, b.id, 20, 'chore_submission:dup-2')),
    ).rejects.toThrow();
    const reversedEntry = await at('2026-08-05T02:00:00Z', () => creditInOneStatement(s1, b.id, 5));
    // Reversed in Q4: taken back from Q3, where it was credited.
    await at('2026-10-10T02:00:00Z', () =>
      t.database.db.transaction((tx) =>
        t.services.ledger.reverse(tx as never, {
          streetId: s1.tree.street.id,
          entryId: reversedEntry,
          kind: 'reversal',
          memo: '撤销',
          actorUserId: null,
        }),
      ),
    );

    // Ratings: by the captain who resolved; reopened unsolved then resolved by 乙 and rated; by staff; by nobody.
    const r1 = await resolvedReport(s1, a.building, a.id);
    await at('2026-08-10T02:00:00Z', () => rate(s1, r1, 5));
    const r2 = await resolvedReport(s1, a.building, a.id);
    await at('2026-08-11T02:00:00Z', () => rate(s1, r2, 1, false));
    // Resolved again, by 乙 this time (the handler's resolve, written as it would be), then rated 4 in Q4.
    const [row] = await rows<{ version: number }>(t.database.db, sql`select version from reports where id = ${r2}`);
    const v = Number(row?.version) + 1;
    await t.database.db.execute(sql`update reports set status = 'resolved', version = ${v} where id = ${r2}`);
    await t.database.db.execute(sql`
      insert into report_events (report_id, street_id, version, type, actor_user_id, to_status, to_level, at)
      values (${r2}, ${s1.tree.street.id}, ${v}, 'resolved', ${b.id}, 'resolved', 1, '2026-10-01T00:00:00Z')`);
    await at('2026-10-02T02:00:00Z', () => rate(s1, r2, 4));
    const r3 = await resolvedReport(s1, b.building, staffUser.id);
    await at('2026-09-01T02:00:00Z', () => rate(s1, r3, 3));
    const r4 = await resolvedReport(s1, b.building, null);
    await at('2026-09-02T02:00:00Z', () => rate(s1, r4, 2));

    // 甲 moves to street 2: what 甲 earned in street 1 stays there; new work counts in street 2.
    const b2 = await child(t.database.db, s2.tree.estate, 'building', '新楼');
    await t.database.db.execute(sql`delete from role_bindings where user_id = ${a.id} and role = 'captain'`);
    await t.database.db.execute(sql`
      insert into role_bindings (user_id, role, org_unit_id, street_id) values (${a.id}, 'captain', ${b2.id}, ${s2.tree.street.id})`);
    await at('2026-09-20T02:00:00Z', () => credit(s2, a.id, 17));

    const streets = [s1.tree.street.id, s2.tree.street.id];
    const fresh = await recomputed(streets);
    expect(Object.fromEntries(await stored(streets))).toEqual(Object.fromEntries(fresh));
    // And by hand, the same story.
    const S1 = s1.tree.street.id;
    expect(fresh.get(key(S1, '2026-04-01', a.id))).toEqual({ chorePoints: 7, chores: 1, ratings: 0, ratingSum: 0 });
    expect(fresh.get(key(S1, '2026-07-01', a.id))).toEqual({ chorePoints: 24, chores: 2, ratings: 1, ratingSum: 5 });
    expect(fresh.get(key(S1, '2026-07-01', b.id))).toEqual({ chorePoints: 20, chores: 1, ratings: 0, ratingSum: 0 });
    expect(fresh.get(key(S1, '2026-10-01', b.id))).toEqual({ chorePoints: 0, chores: 0, ratings: 1, ratingSum: 4 });
    expect(fresh.get(key(S1, '2026-07-01', staffUser.id))).toEqual({
      chorePoints: 0,
      chores: 0,
      ratings: 1,
      ratingSum: 3,
    });
    expect(fresh.get(key(S1, '2026-07-01', 0))).toEqual({ chorePoints: 0, chores: 0, ratings: 1, ratingSum: 2 });
    expect(fresh.get(key(s2.tree.street.id, '2026-07-01', a.id))).toEqual({
      chorePoints: 17,
      chores: 1,
      ratings: 0,
      ratingSum: 0,
    });

    // The draft reads them: street 1's Q3 has only 乙 as its captain now; street 2's has 甲 with street 2's work.
    const d1 = await t.app.inject({
      method: 'POST',
      url: '/api/v1/honours/rounds',
      headers: { cookie: s1.staff },
      payload: { streetId: S1, kind: 'star', period: '2026-Q3', bonusPoints: 0 },
    });
    expect(d1.statusCode, d1.body).toBe(201);
    // Street mean of Q3: (5 + 3 + 2) / 3; 乙 has no rating in Q3.
    expect(d1.json()).toMatchObject({ eligible: 1, streetMeanRating: 3.3333 });
    expect(d1.json().scores).toEqual([
      expect.objectContaining({ userId: b.id, chorePoints: 20, choresApproved: 1, ratings: 0 }),
    ]);
    // With a minimum activity of 0 a captain with no tally at all is eligible too, with 0.
    const idle = await captain(s1, '丁');
    const settings = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/captain-settings',
      headers: { cookie: s1.staff },
      payload: { streetId: S1, minActivity: 0 },
    });
    expect(settings.statusCode, settings.body).toBe(200);
    const d1b = await t.app.inject({
      method: 'POST',
      url: '/api/v1/honours/rounds',
      headers: { cookie: s1.staff },
      payload: { streetId: S1, kind: 'star', period: '2026-Q3', bonusPoints: 0 },
    });
    expect(d1b.json()).toMatchObject({ eligible: 2, quota: 1, honoured: 1 });
    expect(d1b.json().scores).toEqual([
      expect.objectContaining({ userId: b.id, total: 20, rank: 1, isHonoured: true }),
      expect.objectContaining({ userId: idle.id, total: 0, rank: 2, isHonoured: false }),
    ]);
    const d2 = await t.app.inject({
      method: 'POST',
      url: '/api/v1/honours/rounds',
      headers: { cookie: s2.staff },
      payload: { streetId: s2.tree.street.id, kind: 'star', period: '2026-Q3', bonusPoints: 0 },
    });
    expect(d2.json().scores).toEqual([expect.objectContaining({ userId: a.id, chorePoints: 17, choresApproved: 1 })]);
  });

  it('counts concurrent credits and ratings for one captain exactly', async () => {
    const s = await street();
    const c = await captain(s, '丙');
    const reports = [];
    for (let i = 0; i < 8; i++) reports.push(await resolvedReport(s, c.building, c.id));
    t.clock.set('2026-08-20T02:00:00Z');
    try {
      await Promise.all([
        ...Array.from({ length: 8 }, (_, i) => credit(s, c.id, i + 1)),
        ...Array.from({ length: 8 }, (_, i) => creditInOneStatement(s, c.id, 10 * (i + 1))),
        ...reports.map((id, i) => rate(s, id, 1 + (i % 5))),
      ]);
    } finally {
      t.clock.set(NOW);
    }
    const [row] = await rows<Tally>(
      t.database.db,
      sql`select chore_points as "chorePoints", chores, ratings, rating_sum as "ratingSum" from honour_tallies
           where street_id = ${s.tree.street.id} and quarter = '2026-07-01' and user_id = ${c.id}`,
    );
    // 1 + … + 8 = 36 and 10 + … + 80 = 360; ratings 1 2 3 4 5 1 2 3 = 21.
    expect({ ...row, chorePoints: Number(row?.chorePoints) }).toEqual({
      chorePoints: 396,
      chores: 16,
      ratings: 8,
      ratingSum: 21,
    });
  });
});
