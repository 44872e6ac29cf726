import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTree, buildUser, PASSWORD, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { type Db, rows, transaction } from '../../platform/db';
import { Scope } from '../../platform/scope';
import { DRAIN_OVER_QUEUE } from './report-figures.service';
import * as totals from './report-totals.repository';
import { insertReport } from './reports.repository';

/**
 * The maintained figures against a recomputation: after a random mix of intake, answers, resolutions,
 * ratings, escalations, merges and deletions — some of them in concurrent transactions while refreshes
 * run — the totals of every unit (street, community, grid, estate, buildings) equal the figures counted
 * straight from the reports, and the drift check finds nothing.
 */
let t: TestApp;
let db: Db;
let a: Tree;
let b: Tree;
let categories: number[];

// A small deterministic generator (the mix must be the same on both databases).
let seed = 20261203;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;

beforeAll(async () => {
  t = await startTestApp();
  db = t.database.db;
  a = await buildTree(db);
  // A second building in the same estate, and one in another community of the same street.
  b = await buildTree(db, { ...a });
  const c = await buildTree(db, { city: a.city, district: a.district, street: a.street });
  buildings.push(a.building, b.building, c.building);
  categories = (
    await rows<{ id: number }>(db, sql`select id from report_categories where is_active order by id limit 4`)
  ).map((r) => r.id);
});
afterAll(() => t.close());

const buildings: Tree['building'][] = [];

async function fileOne(tx: Db) {
  const building = pick(buildings);
  // Received on one of four days, at any hour (so Shanghai and UTC days differ for some).
  const created = new Date(Date.UTC(2026, 10, 10 + Math.floor(rand() * 4), Math.floor(rand() * 24)));
  return insertReport(tx, {
    streetId: building.streetId as number,
    buildingId: building.id,
    path: building.path,
    categoryId: pick(categories),
    description: '随机诉求',
    channel: 'app',
    status: 'submitted',
    level: 1,
    peakLevel: 1,
    handlerOrgUnitId: building.id,
    levelEnteredAt: created,
    createdAt: created,
    updatedAt: created,
  });
}

/** One random change to report `id`, as the reports service would make it (one statement). */
async function changeOne(tx: Db, id: number) {
  const kind = pick(['answer', 'resolve', 'rate', 'escalate', 'merge', 'delete', 'reopen'] as const);
  const h = 1 + Math.floor(rand() * 48);
  if (kind === 'answer') {
    await tx.execute(sql`update reports set first_answered_at = coalesce(first_answered_at, created_at + ${h} * interval '1 hour'),
                         status = 'in_progress' where id = ${id} and status not in ('merged')`);
  } else if (kind === 'resolve') {
    await tx.execute(sql`update reports set status = 'resolved', resolved_at = created_at + ${h} * interval '1 hour',
                         first_answered_at = coalesce(first_answered_at, created_at + interval '1 hour')
                         where id = ${id} and status <> 'merged'`);
  } else if (kind === 'rate') {
    await tx.execute(sql`update reports set rating = ${1 + Math.floor(rand() * 5)}, status = 'closed'
                         where id = ${id} and status = 'resolved'`);
  } else if (kind === 'escalate') {
    await tx.execute(sql`update reports set level = least(level + 1, 5), peak_level = greatest(peak_level, least(level + 1, 5))
                         where id = ${id} and status in ('submitted', 'in_progress')`);
  } else if (kind === 'merge') {
    await tx.execute(sql`update reports set status = 'merged',
                           merged_into_id = (select min(m.id) from reports m where m.id <> ${id} and m.status <> 'merged')
                         where id = ${id} and status = 'submitted'`);
  } else if (kind === 'delete') {
    await tx.execute(sql`delete from report_followers where report_id = ${id}`);
    await tx.execute(sql`delete from reports where id = ${id} and status = 'submitted'
                           and not exists (select 1 from report_events e where e.report_id = ${id})
                           and not exists (select 1 from reports m where m.merged_into_id = ${id})`);
  } else {
    await tx.execute(
      sql`update reports set status = 'in_progress', resolved_at = null where id = ${id} and status = 'resolved'`,
    );
  }
}

async function someIds(n: number): Promise<number[]> {
  const all = await rows<{ id: number }>(db, sql`select id from reports order by id`);
  return Array.from({ length: n }, () => pick(all).id);
}

const refresh = () => transaction(db, (tx) => totals.refresh(tx));

/** Every unit's figures from the totals vs counted from the reports (the definitions in docs/glossary.md#figures). */
async function compareAll(opts: { drift?: boolean } = {}) {
  for (const unit of [a.city, a.street, a.community, a.grid, a.estate, ...buildings]) {
    const fromTotals = await totals.figures(db, [unit.id], {});
    const scope = Scope.ofPaths([unit.path]);
    const { figures } = await import('./reports.repository');
    for (const grouping of ['none', 'level', 'category', 'day'] as const) {
      const counted = await figures(db, scope, { groupBy: grouping });
      const stored = fromTotals.filter((r) => r.grouping === grouping);
      const norm = (xs: typeof counted) =>
        xs
          .map((x) => ({
            key: x.key === null ? null : String(x.key),
            received: x.received,
            answered: x.answered,
            resolved: x.resolved,
            firstAnswer: x.first_answer_hours === null ? null : Number(Number(x.first_answer_hours).toFixed(6)),
            resolution: x.resolution_hours === null ? null : Number(Number(x.resolution_hours).toFixed(6)),
            rating: x.avg_rating === null ? null : Number(Number(x.avg_rating).toFixed(6)),
            rated: x.rated,
            within: x.resolved_within_community,
            beyond: x.escalated_beyond_community,
          }))
          .filter((x) => grouping !== 'none' || x.received > 0)
          .sort((p, q) => String(p.key).localeCompare(String(q.key)));
      expect(norm(stored), `${unit.kind} ${unit.id} by ${grouping}`).toEqual(norm(counted));
    }
  }
  // The drift check compares the stored rows, so only with the queue drained.
  if (opts.drift ?? true) expect(await totals.drift(db, 1000)).toEqual([]);
}

describe('maintained report totals', () => {
  it('equal a recomputation after a random mix of changes', async () => {
    for (let i = 0; i < 40; i++) await fileOne(db);
    for (const id of await someIds(60)) await changeOne(db, id);
    expect(await refresh()).toBeGreaterThan(0);
    await compareAll();
    // Running the refresh again changes nothing.
    expect(await refresh()).toBe(0);
    await compareAll();
  });

  it('equal a recomputation after concurrent changes with refreshes running meanwhile', async () => {
    const ids = await someIds(30);
    await Promise.all([
      ...Array.from({ length: 6 }, (_, k) =>
        transaction(db, async (tx) => {
          for (let i = 0; i < 3; i++) await fileOne(tx);
          for (const id of ids.slice(k * 5, k * 5 + 5)) await changeOne(tx, id);
        }),
      ),
      refresh(),
      refresh(),
    ]);
    await refresh();
    await compareAll();
  });

  it('read the same with changes still queued as after the refresh that drains them', async () => {
    // A report alone on its day, counted, then moved away: that day's group must vanish, not read zero.
    const lone = await fileOne(db);
    await db.execute(sql`update reports set created_at = '2026-06-01 12:00+08' where id = ${lone.id}`);
    await refresh();
    const day = (xs: Awaited<ReturnType<typeof totals.figures>>) =>
      xs.filter((x) => x.grouping === 'day' && x.key === '2026-06-01');
    expect(day(await totals.figures(db, [a.street.id], {}))).toHaveLength(1);
    await db.execute(sql`update reports set created_at = '2026-11-11 12:00+08' where id = ${lone.id}`);
    expect(day(await totals.figures(db, [a.street.id], {}))).toEqual([]);
    for (let i = 0; i < 20; i++) await fileOne(db);
    for (const id of await someIds(40)) await changeOne(db, id);
    // A report moved to another category and another building-day: its old groups must shrink or vanish.
    const [moved] = await someIds(1);
    await db.execute(sql`update reports set category_id = ${categories[3] as number},
                           created_at = created_at - interval '2 days' where id = ${moved as number}`);
    // Every report of one building-day gone: that day's row disappears once refreshed.
    await db.execute(
      sql`delete from report_followers f using reports r where f.report_id = r.id and r.building_id = ${buildings[2]?.id as number}`,
    );
    await db.execute(sql`update reports set merged_into_id = null where merged_into_id in
                           (select id from reports where building_id = ${buildings[2]?.id as number})`);
    await db.execute(sql`delete from reports where building_id = ${buildings[2]?.id as number}
                           and not exists (select 1 from report_events e where e.report_id = reports.id)`);
    expect(await totals.pending(db)).toBeGreaterThan(0);
    await compareAll({ drift: false });
    const before = await totals.figures(db, [a.street.id], {});
    expect(await refresh()).toBeGreaterThan(0);
    await compareAll();
    const after = await totals.figures(db, [a.street.id], {});
    const keys = (xs: typeof after) => xs.map((x) => `${x.grouping}:${x.key}:${x.received}:${x.resolved}:${x.rated}`);
    expect(keys(before)).toEqual(keys(after));
  });

  it('come out the same from the one-pass build over many building-days', async () => {
    await db.execute(sql`insert into report_totals_dirty (building_id, day)
                         select building_id, (created_at at time zone 'Asia/Shanghai')::date from reports`);
    expect(await transaction(db, (tx) => totals.refresh(tx, { bulkOver: 0 }))).toBeGreaterThan(0);
    await compareAll();
  });

  it('a read past a long queue drains it first, once for reads arriving together', async () => {
    await refresh();
    // Queued changes of a building-day that holds reports, beyond DRAIN_OVER_QUEUE.
    await db.execute(sql`insert into report_totals_dirty (building_id, day)
                         select building_id, (created_at at time zone 'Asia/Shanghai')::date
                           from reports, generate_series(1, ${DRAIN_OVER_QUEUE + 10}) g
                          where id = (select min(id) from reports where path like ${`${a.street.path}%`})`);
    const staff = await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }]);
    const cookie = await login(t.app, staff.phone, PASSWORD);
    const refreshes = vi.spyOn(t.services.reportFigures, 'refresh');
    const reads = await Promise.all(
      [1, 2, 3].map(() =>
        t.app.inject({ url: `/api/v1/reports/figures?orgUnitId=${a.street.id}`, headers: { cookie } }),
      ),
    );
    const [own] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from reports where path like ${`${a.street.path}%`} and status <> 'merged'`,
    );
    for (const res of reads) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().total.received).toBe(own?.n);
    }
    expect(refreshes).toHaveBeenCalledTimes(1);
    refreshes.mockRestore();
    expect(await totals.pending(db)).toBe(0);
    await compareAll();
  });

  it('give each unit one level down, in the table by unit, the totals its reports give, changes queued or not', async () => {
    const staff = await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }]);
    const cookie = await login(t.app, staff.phone, PASSWORD);
    const community = await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }]);
    const communityCookie = await login(t.app, community.phone, PASSWORD);
    // Counted here from the reports (docs/glossary.md#figures), each of the street's communities.
    const expected = () =>
      rows<{ id: number; received: number; resolved: number; rated: number }>(
        db,
        sql`select u.id::int as id, count(r.id)::int as received,
                   (count(r.id) filter (where r.resolved_at is not null and r.status in ('resolved', 'closed')))::int as resolved,
                   count(r.rating)::int as rated
              from org_units u left join reports r on r.path like u.path || '%' and r.status <> 'merged'
             where u.parent_id = ${a.street.id} group by u.id order by u.id`,
      );
    const shown = (body: { items: { orgUnitId: number; received: number; resolved: number; rated: number }[] }) =>
      body.items.map((i) => ({ id: i.orgUnitId, received: i.received, resolved: i.resolved, rated: i.rated }));
    await refresh();
    for (let i = 0; i < 12; i++) await fileOne(db);
    for (const id of await someIds(10)) await changeOne(db, id);
    for (const queued of [true, false]) {
      if (!queued) await refresh();
      if (queued) expect(await totals.pending(db)).toBeGreaterThan(0);
      else expect(await totals.pending(db)).toBe(0);
      const res = await t.app.inject({
        url: `/api/v1/reports/figures/by-unit?orgUnitId=${a.street.id}`,
        headers: { cookie },
      });
      expect(res.statusCode, res.body).toBe(200);
      const want = await expected();
      expect(want.length).toBeGreaterThan(1);
      expect(want.some((w) => w.received > 0)).toBe(true);
      expect(shown(res.json())).toEqual(want);
      // A community's worker sees their own community's row only, the same numbers.
      const own = await t.app.inject({
        url: `/api/v1/reports/figures/by-unit?orgUnitId=${a.street.id}`,
        headers: { cookie: communityCookie },
      });
      expect(shown(own.json())).toEqual(want.filter((w) => w.id === a.community.id));
    }
    // A period of whole days reads the totals, one cut inside a day counts the reports: the same answer.
    const day = (d: string) => encodeURIComponent(new Date(`${d}T00:00:00+08:00`).toISOString());
    const cut = (d: string) => encodeURIComponent(new Date(`${d}T00:00:01+08:00`).toISOString());
    const whole = await t.app.inject({
      url: `/api/v1/reports/figures/by-unit?orgUnitId=${a.street.id}&from=${day('2026-11-11')}&to=${day('2026-11-13')}`,
      headers: { cookie },
    });
    const [counted] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from reports where path like ${`${a.community.path}%`} and status <> 'merged'
            and created_at >= '2026-11-11T00:00:00+08:00' and created_at < '2026-11-13T00:00:00+08:00'`,
    );
    const mine = (body: { items: { orgUnitId: number; received: number }[] }) =>
      body.items.find((i) => i.orgUnitId === a.community.id)?.received;
    expect(mine(whole.json())).toBe(counted?.n);
    const partial = await t.app.inject({
      url: `/api/v1/reports/figures/by-unit?orgUnitId=${a.street.id}&from=${cut('2026-11-11')}&to=${day('2026-11-13')}`,
      headers: { cookie },
    });
    const [countedCut] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from reports where path like ${`${a.community.path}%`} and status <> 'merged'
            and created_at >= '2026-11-11T00:00:01+08:00' and created_at < '2026-11-13T00:00:00+08:00'`,
    );
    expect(mine(partial.json())).toBe(countedCut?.n);
  });

  it('serve the dashboard, and a community worker sees only their community in the street', async () => {
    await refresh();
    const staff = await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }]);
    const cookie = await login(t.app, staff.phone, PASSWORD);
    const street = await t.app.inject({ url: `/api/v1/reports/figures?orgUnitId=${a.street.id}`, headers: { cookie } });
    const community = await t.app.inject({
      url: `/api/v1/reports/figures?orgUnitId=${a.community.id}`,
      headers: { cookie },
    });
    expect(street.statusCode, street.body).toBe(200);
    expect(street.json().total).toEqual(community.json().total);
    const [own] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from reports where path like ${`${a.community.path}%`} and status <> 'merged'`,
    );
    expect(community.json().total.received).toBe(own?.n);
  });
});
