import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Actor, RequestContext } from '../apps/server/src/platform/actor';
import { systemClock } from '../apps/server/src/platform/clock';
import { loadConfig } from '../apps/server/src/platform/config';
import { PiiCipher } from '../apps/server/src/platform/crypto';
import { openPostgres, rows, transaction } from '../apps/server/src/platform/db';
import { PG_ROOT, recreateDatabase, withDb } from './lib';

/**
 * The city part of `npm run bench:scale`: `reports` reports with one event each across 2 streets
 * (2,000 buildings at full size), seeded by generate_series on the local PostgreSQL (database
 * `lz_city`, triggers off while seeding; the maintained totals then built by the same refresh the
 * server runs, timed), and `photos` photos. Measured in-process through the server's own services
 * (no HTTP), so the figures are the SQL and the service code:
 * - dashboard: p95 of a street's figures (ReportFiguresService) with 2 intakes running alongside;
 * - lists: p95 of a resident's own reports, a department's and a community's inbox, the review queue
 *   and the captains roll (20–50 rows each);
 * - open311-list: GET requests of 1,000 reports (Open311Service.list);
 * - photo-dup: the duplicate check of a new photo against the street's photos (PhotosService.similar).
 */

export interface CitySize {
  reports: number;
  photos: number;
  /** Per street: communities, grids per community, buildings per grid (one estate per grid). */
  communities: number;
  grids: number;
  buildings: number;
}

export const CITY_FULL: CitySize = { reports: 10_000_000, photos: 1_000_000, communities: 10, grids: 4, buildings: 25 };
export const CITY_SMALL: CitySize = { reports: 100_000, photos: 20_000, communities: 2, grids: 2, buildings: 10 };

const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] ?? 0) * 10) / 10;
};
const median = (xs: number[]) => Math.round(([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0) * 10) / 10;
async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const v = await fn();
  return [performance.now() - t, v];
}

/** The ids the measurements need, from a fresh seed or (`reuse`) looked up in a seeded city. */
interface City {
  streetId: number;
  streetStaff: number;
  communityStaff: number;
  deptStaff: number;
  intaker: number;
  firstResident: number;
  catIds: number[];
  buildingsA: { id: number }[];
  seedSeconds: number | null;
  backfillMs: number | null;
}

export async function runCity(size: CitySize, log: (m: string) => void, opts: { dbName: string; reuse: boolean }) {
  // A fixed key, so a reused city's encrypted phones still open.
  const key = createHash('sha256').update('louzhang bench:scale city').digest('base64');
  const url = opts.reuse ? withDb(PG_ROOT, opts.dbName) : await recreateDatabase(opts.dbName);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: url,
    LOUZHANG_ENCRYPTION_KEY: key,
    SEED_ON_EMPTY: 'false',
    JOBS_ENABLED: 'false',
  });
  const database = await openPostgres(url, 8);
  await database.migrate();
  const db = database.db;
  const cipher = new PiiCipher(Buffer.from(key, 'base64'));
  const { buildServices } = await import('../apps/server/src/app');
  const { bindingsOf } = await import('../apps/server/src/modules/auth/auth.repository');
  const { insertChild, insertRoot } = await import('../apps/server/src/modules/org/org.repository');
  const services = buildServices({ config, database, clock: systemClock, cipher });
  const seed = async (): Promise<City> => {
    const seedStarted = performance.now();

    // ---- the tree: 2 streets × communities × grids (one estate each) × buildings, and a department
    const city = await insertRoot(db, { kind: 'city', name: '规模市' });
    const district = await insertChild(db, city, { kind: 'district', name: '规模区', management: null, address: null });
    const department = await insertChild(db, district, {
      kind: 'department',
      name: '城管局',
      management: null,
      address: null,
    });
    const streets = [];
    for (let s = 0; s < 2; s++) {
      const street = await insertChild(db, district, {
        kind: 'street',
        name: `街道${s + 1}`,
        management: null,
        address: null,
      });
      const communities = [];
      for (let c = 0; c < size.communities; c++) {
        const community = await insertChild(db, street, {
          kind: 'community',
          name: `社区${c + 1}`,
          management: null,
          address: null,
        });
        communities.push(community);
        for (let g = 0; g < size.grids; g++) {
          const grid = await insertChild(db, community, {
            kind: 'grid',
            name: `网格${g + 1}`,
            management: null,
            address: null,
          });
          const estate = await insertChild(db, grid, {
            kind: 'estate',
            name: `小区${g + 1}`,
            management: 'unmanaged',
            address: null,
          });
          for (let b = 0; b < size.buildings; b++) {
            await insertChild(db, estate, {
              kind: 'building',
              name: `${b + 1}栋`,
              management: null,
              address: '规模路1号',
            });
          }
        }
      }
      streets.push({ street, communities });
    }
    const [sA, sB] = streets as [(typeof streets)[number], (typeof streets)[number]];
    log(`tree: 2 streets, ${2 * size.communities * size.grids * size.buildings} buildings`);

    // ---- people: residents who report, staff who read, captains (2 per building)
    await db.execute(sql`set session_replication_role = replica`);
    // The bulk tables' secondary indexes are dropped for the load and built once after it (a sort each,
    // instead of a random insert per row into a dozen indexes); primary keys and constraints stay.
    const bulk = ['reports', 'report_events', 'report_followers', 'photos', 'photo_hash_bands'];
    const dropped = await rows<{ name: string; def: string }>(
      db,
      sql`select i.indexname as name, i.indexdef as def from pg_indexes i
           where i.schemaname = 'public' and i.tablename = any(${`{${bulk.join(',')}}`}::text[])
             and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    );
    for (const d of dropped) await db.execute(sql.raw(`drop index ${d.name}`));
    const residents = Math.max(1_000, Math.round(size.reports / 100));
    await db.execute(sql`
      insert into users (name, phone_enc, phone_hash, created_at)
      select '居民' || g, 'x', 'r' || g, now() from generate_series(1, ${residents}) g`);
    const phoneEnc = cipher.encrypt('13900000000');
    await db.execute(sql`
      insert into users (name, phone_enc, phone_hash, created_at)
      select '楼长' || b.id || '-' || k, ${phoneEnc}::text, 'c' || b.id || '-' || k, now()
        from org_units b cross join generate_series(1, 2) k where b.kind = 'building'`);
    await db.execute(sql`
      insert into role_bindings (user_id, role, org_unit_id, street_id)
      select u.id, 'captain', b.id, b.street_id from users u
        join org_units b on u.phone_hash like 'c' || b.id || '-%' and b.kind = 'building'`);
    const staff = async (name: string, role: string, unit: { id: number; streetId: number | null }) => {
      const [u] = await rows<{ id: number }>(
        db,
        sql`insert into users (name, phone_enc, phone_hash, created_at)
            values (${name}, ${cipher.encrypt('13800000000')}, ${`s-${name}`}, now()) returning id`,
      );
      await db.execute(sql`insert into role_bindings (user_id, role, org_unit_id, street_id)
                           values (${u?.id}, ${role}, ${unit.id}, ${unit.streetId})`);
      return u?.id as number;
    };
    const streetStaff = await staff('街道干部', 'street_staff', sA.street);
    const communityStaff = await staff(
      '社区干部',
      'community_staff',
      sA.communities[0] as { id: number; streetId: number },
    );
    const deptStaff = await staff('城管干部', 'department_staff', department);
    const intaker = await staff('报事居民', 'resident', sA.street);

    // ---- reports, one event each; 10 % filed by a resident (who follows them); 1 % at the department
    const [cats] = await rows<{ ids: number[] }>(
      db,
      sql`select array_agg(id order by id) as ids from report_categories where parent_id is not null and is_active`,
    );
    const catIds = (cats?.ids ?? []).map(Number);
    await db.execute(sql`create temp table bl as
      select (row_number() over (order by b.id) - 1)::int as i, b.id, b.path, b.street_id,
             (select c.id from org_units c where c.kind = 'community' and b.path like c.path || '%') as community_id
        from org_units b where b.kind = 'building'`);
    const [{ nb, firstResident }] = (await rows<{ nb: number; firstResident: number }>(
      db,
      sql`select (select count(*)::int from bl) as nb, (select min(id)::int from users where phone_hash like 'r%') as "firstResident"`,
    )) as [{ nb: number; firstResident: number }];
    const CHUNK = 1_000_000;
    for (let from = 1; from <= size.reports; from += CHUNK) {
      const to = Math.min(size.reports, from + CHUNK - 1);
      await db.execute(sql`
        insert into reports (street_id, building_id, path, category_id, description, channel, status, level, peak_level,
                             handler_org_unit_id, department_id, reporter_user_id, follower_count, level_entered_at,
                             first_answered_at, resolved_at, closed_at, rating, created_at, updated_at)
        select bl.street_id, bl.id, bl.path, (${`{${catIds.join(',')}}`}::bigint[])[1 + g % ${catIds.length}], '规模诉求', 'app', x.status,
               x.level, greatest(x.level, 1 + (g / 7) % 5), case when x.level = 5 then ${department.id}::bigint
                                                                when x.level = 3 then bl.community_id else bl.id end,
               case when x.level = 5 then ${department.id}::bigint end,
               case when g % 10 = 0 then ${firstResident}::bigint + (g / 10) % ${residents}::int end, (g % 10 = 0)::int,
               x.at, case when x.status <> 'submitted' then x.at + (1 + g % 48) * interval '1 hour' end,
               case when x.status in ('resolved', 'closed') then x.at + (2 + g % 200) * interval '1 hour' end,
               case when x.status = 'closed' then x.at + (3 + g % 200) * interval '1 hour' end,
               case when x.status = 'closed' and g % 3 = 0 then 1 + g % 5 end, x.at, x.at
          from generate_series(${from}::int, ${to}::int) g
          join bl on bl.i = g % ${nb}::int
          cross join lateral (select
            case when g % 100 < 2 then 'submitted' when g % 100 < 4 then 'in_progress' when g % 100 < 90 then 'closed'
                 else 'resolved' end as status,
            case when g % 100 = 1 then 5 else 1 + g % 3 end as level,
            now() - interval '1095 days' + (g::float8 / ${size.reports}::int) * interval '1095 days' as at) x`);
      log(`reports ${to.toLocaleString('en')}`);
    }
    await db.execute(sql`
      insert into report_events (report_id, street_id, version, type, actor_user_id, to_status, to_level,
                                 handler_org_unit_id, detail, at)
      select id, street_id, 1, 'submitted', reporter_user_id, 'submitted', level, handler_org_unit_id, '{"channel":"app"}', created_at
        from reports`);
    await db.execute(sql`
      insert into report_followers (report_id, user_id, street_id, kind, created_at)
      select id, reporter_user_id, street_id, 'reporter', created_at from reports where reporter_user_id is not null`);
    log('events and followers');

    // ---- chores awaiting review (the review queue) and photos (the duplicate check)
    const pendingChores = Math.max(1_000, Math.round(size.reports / 1_000));
    await db.execute(sql`
      with t as (insert into chore_templates (street_id, name, category, points, min_photos, before_after, claim_ttl_hours, created_at)
                 values (${sA.street.id}::bigint, '楼道清洁', 'cleaning', 10, 1, false, 72, now()) returning id),
           p as (insert into chore_publications (street_id, template_id, org_unit_id, org_path, recurrence, starts_on,
                                                 created_by_user_id, created_at)
                 select ${sA.street.id}::bigint, t.id, ${sA.street.id}::bigint, ${sA.street.path}::text, 'daily', current_date - 3000, ${streetStaff}::bigint, now()
                   from t returning id, template_id),
           k as (insert into chore_tasks (street_id, publication_id, template_id, building_id, building_path, occurrence, due_at,
                                          status, claimed_by_user_id, claimed_at, created_at)
                 select ${sA.street.id}::bigint, p.id, p.template_id, bl.id, bl.path, current_date - (g / ${nb}::int), now() + interval '1 day',
                        'submitted', (select min(user_id) from role_bindings where org_unit_id = bl.id and role = 'captain'), now(), now()
                   from p, generate_series(1, ${pendingChores}::int) g join bl on bl.i = g % ${nb}::int
                  where bl.street_id = ${sA.street.id}::bigint
                 returning id, claimed_by_user_id, street_id)
      insert into chore_submissions (street_id, task_id, submitter_user_id, note, done_at, status, duplicate_flags, created_at)
      select street_id, id, claimed_by_user_id, '已完成', now(), 'pending', '[]', now() from k`);
    for (let from = 1; from <= size.photos; from += CHUNK) {
      const to = Math.min(size.photos, from + CHUNK - 1);
      await db.execute(sql`
        insert into photos (street_id, uploader_user_id, sha256, phash, width, height, bytes, created_at)
        select case when g % 2 = 0 then ${sA.street.id}::bigint else ${sB.street.id}::bigint end, ${firstResident}::bigint + g % ${residents}::int,
               md5(g::text) || md5((g + 1)::text), substr(md5('p' || g), 1, 16), 1280, 960, 200000, now()
          from generate_series(${from}::int, ${to}::int) g`);
    }
    await db.execute(sql`
      insert into photo_hash_bands (photo_id, street_id, band, value, hash)
      select p.id, coalesce(p.street_id, 0), k, ((h.h >> (48 - 16 * k)) & 65535)::int, h.h
        from photos p
        cross join lateral (select ('x' || p.phash)::bit(64)::bigint as h) h
        cross join generate_series(0, 3) as k`);
    log(`${pendingChores.toLocaleString('en')} chores awaiting review, ${size.photos.toLocaleString('en')} photos`);
    await db.execute(sql`set session_replication_role = origin`);
    const indexStarted = performance.now();
    for (const d of dropped) {
      await transaction(db, async (tx) => {
        await tx.execute(sql`set local maintenance_work_mem = '1GB'`);
        await tx.execute(sql.raw(d.def));
      });
    }
    log(`${dropped.length} indexes built in ${((performance.now() - indexStarted) / 1000).toFixed(1)} s`);
    await db.execute(sql`analyze`);
    const seedSeconds = Math.round((performance.now() - seedStarted) / 1000);

    // ---- the maintained totals, built by the server's own refresh from the whole table
    await db.execute(sql`
      insert into report_totals_dirty (building_id, day)
      select distinct building_id, (created_at at time zone 'Asia/Shanghai')::date from reports`);
    const [backfillMs] = await timed(() => services.reportFigures.refresh());
    // What autovacuum keeps on a live database: the visibility map (index-only scans) and the drained
    // queue's pages given back (a read scans the queue).
    const [vacuumMs] = await timed(async () => {
      await db.execute(sql`vacuum (index_cleanup on) report_totals_dirty`);
      await db.execute(sql`vacuum analyze`);
    });
    log(`vacuumed in ${(vacuumMs / 1000).toFixed(1)} s`);
    log(
      `seeded in ${seedSeconds} s; totals built from ${size.reports.toLocaleString('en')} reports in ${(backfillMs / 1000).toFixed(1)} s`,
    );
    const buildingsA = await rows<{ id: number }>(db, sql`select id from bl where street_id = ${sA.street.id}`);
    return {
      streetId: sA.street.id,
      streetStaff,
      communityStaff,
      deptStaff,
      intaker,
      firstResident,
      catIds,
      buildingsA,
      seedSeconds,
      backfillMs,
    };
  };
  // SCALE_REUSE=1: the city a previous run seeded (its names and phone hashes as seed() writes them).
  const lookUp = async (): Promise<City> => {
    const [r] = await rows<Omit<City, 'catIds' | 'buildingsA' | 'seedSeconds' | 'backfillMs'>>(
      db,
      sql`select (select id from org_units where kind = 'street' and name = '街道1')::int as "streetId",
                 (select id from users where phone_hash = 's-街道干部')::int as "streetStaff",
                 (select id from users where phone_hash = 's-社区干部')::int as "communityStaff",
                 (select id from users where phone_hash = 's-城管干部')::int as "deptStaff",
                 (select id from users where phone_hash = 's-报事居民')::int as intaker,
                 (select min(id) from users where phone_hash like 'r%')::int as "firstResident"`,
    );
    if (!r?.streetId) throw new Error(`${opts.dbName} holds no seeded city: run once without SCALE_REUSE`);
    const [cats] = await rows<{ ids: number[] }>(
      db,
      sql`select array_agg(id order by id) as ids from report_categories where parent_id is not null and is_active`,
    );
    const buildingsA = await rows<{ id: number }>(
      db,
      sql`select id from org_units where kind = 'building' and street_id = ${r.streetId} order by id`,
    );
    log(`reusing ${opts.dbName}`);
    return { ...r, catIds: (cats?.ids ?? []).map(Number), buildingsA, seedSeconds: null, backfillMs: null };
  };
  const { streetId, streetStaff, communityStaff, deptStaff, intaker, firstResident, catIds, buildingsA, ...seeded } =
    opts.reuse ? await lookUp() : await seed();

  const ctxOf = async (userId: number): Promise<RequestContext> => {
    const actor: Actor = { userId, name: `u${userId}`, bindings: await bindingsOf(db, userId) };
    return { actor, ip: '127.0.0.1', lang: 'zh' };
  };
  const street = await ctxOf(streetStaff);
  const community = await ctxOf(communityStaff);
  const dept = await ctxOf(deptStaff);
  const reporter = await ctxOf(firstResident);
  const intake = await ctxOf(intaker);

  // ---- dashboard: the street's figures, 2 intakes filing alongside
  let stop = false;
  let filed = 0;
  const writers = Array.from({ length: 2 }, async () => {
    while (!stop) {
      await services.reports.create(intake, {
        buildingId: (buildingsA[filed % buildingsA.length] as { id: number }).id,
        categoryId: catIds[0] as number,
        description: '楼道灯不亮了',
        photoIds: [],
      });
      filed++;
    }
  });
  const dash: number[] = [];
  // 5 reads untimed first: a server that has been up has its pool's connections and plans warm.
  for (let i = 0; i < 5; i++) await services.reportFigures.figures(street, { orgUnitId: streetId });
  for (let i = 0; i < 40; i++) {
    const [ms] = await timed(() => services.reportFigures.figures(street, { orgUnitId: streetId }));
    dash.push(ms);
  }
  stop = true;
  await Promise.all(writers);
  log(`dashboard p95 ${p95(dash)} ms, median ${median(dash)} ms (${filed} reports filed alongside)`);

  // ---- lists
  const lists: { list: string; p95Ms: number; rows: number }[] = [];
  const measure = async (list: string, fn: () => Promise<{ items: unknown[] }>) => {
    const ms: number[] = [];
    let n = 0;
    for (let i = 0; i < 30; i++) {
      const [t, r] = await timed(fn);
      ms.push(t);
      n = r.items.length;
    }
    lists.push({ list, p95Ms: p95(ms), rows: n });
    log(`list ${list}: p95 ${p95(ms)} ms (${n} rows)`);
  };
  await measure('resident-own-reports', () =>
    services.reports.list(reporter, { view: 'mine', limit: 20, sort: 'newest' }),
  );
  await measure('department-dispatched', () =>
    services.reports.list(dept, { view: 'handling', limit: 20, sort: 'newest' }),
  );
  await measure('community-inbox', () =>
    services.reports.list(community, { view: 'handling', limit: 20, sort: 'newest' }),
  );
  await measure('review-queue', () =>
    services.reviewQueue.queue(street, { status: 'pending', sort: 'oldest', limit: 20 }),
  );
  await measure('captains-roll', () => services.captains.list(street, { limit: 50, sort: 'name' }));

  // ---- Open311 GET requests: 1,000 reports of the street
  const issued = await services.open311Clients.issue(
    { ...street, idempotency: { key: randomBytes(8).toString('hex'), requestHash: 'x' } },
    { streetId: streetId, name: '12345热线' },
  );
  const since = new Date(Date.now() - 60 * 86_400_000).toISOString();
  const fields = { get: (k: string) => ({ start_date: since })[k], attributes: new Map<string, string[]>() };
  const o311: number[] = [];
  let o311Rows = 0;
  for (let i = 0; i < 5; i++) {
    const [ms, r] = await timed(() => services.open311.list(fields, issued.key as string, 'zh'));
    o311.push(ms);
    o311Rows = r.length;
  }
  const open311Ms = Math.round(Math.min(...o311));
  log(`open311 GET requests: ${open311Ms} ms for ${o311Rows} requests (best of 5; p95 ${p95(o311)} ms)`);

  // ---- the duplicate check of 50 new photos in the first street
  const fresh = await rows<{ id: number }>(
    db,
    sql`insert into photos (street_id, uploader_user_id, sha256, phash, width, height, bytes, created_at)
        select ${streetId}, ${firstResident}, md5('n' || g), substr(md5('new' || g), 1, 16), 1280, 960, 1, now()
          from generate_series(1, 50) g returning id`,
  );
  const dup: number[] = [];
  for (const p of fresh) {
    const [ms] = await timed(() => services.photos.similar(db, [p.id]));
    dup.push(ms);
  }
  const msPerPhoto = Math.round((dup.reduce((a, b) => a + b, 0) / dup.length) * 100) / 100;
  log(`photo-dup: ${msPerPhoto} ms per photo (p95 ${p95(dup)}) against ${size.photos.toLocaleString('en')} photos`);

  // The nightly drift check over the seeded city (after the intake above): a sample recomputed from the reports.
  let drift = 0;
  try {
    await services.reportFigures.drift(300);
  } catch (err) {
    drift = 1;
    log(`drift: ${(err as Error).message}`);
  }
  log(`drift check over 300 unit-days: ${drift ? 'DRIFT' : 'none'}`);
  await database.close();
  return {
    drift,
    seedSeconds: seeded.seedSeconds,
    totalsBackfillSeconds: seeded.backfillMs === null ? null : Math.round(seeded.backfillMs / 100) / 10,
    scenarios: [
      { name: 'dashboard', reports: size.reports, p95Ms: p95(dash), filedAlongside: filed, targetMs: 100 },
      { name: 'lists', reports: size.reports, items: lists, targetMs: 50 },
      { name: 'open311-list', reports: size.reports, requests: o311Rows, ms: open311Ms, targetMs: 300 },
      { name: 'photo-dup', photos: size.photos, msPerPhoto, p95Ms: p95(dup), targetMs: 5 },
    ],
  };
}
