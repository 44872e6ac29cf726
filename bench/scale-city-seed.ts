import { sql } from 'drizzle-orm';
import type * as orgRepo from '../apps/server/src/modules/org/org.repository';
import type { PiiCipher } from '../apps/server/src/platform/crypto';
import { type Db, rows, transaction } from '../apps/server/src/platform/db';
import type { CitySize } from './scale-city';

/** The ids the measurements need, from a fresh seed or (`SCALE_REUSE`) looked up in a seeded city. */
export interface City {
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

export async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const v = await fn();
  return [performance.now() - t, v];
}

/**
 * Seeds the city of `npm run bench:scale` on an empty, migrated database: the tree (2 streets ×
 * communities × grids, one estate each, × buildings, and a department), the people, `size.reports`
 * reports with their events and `size.photos` photos by generate_series (triggers off, the bulk tables'
 * secondary indexes built once after the load), then the maintained totals by the server's own refresh
 * (`refreshTotals`, timed).
 */
export async function seedCity(
  db: Db,
  cipher: PiiCipher,
  size: CitySize,
  log: (m: string) => void,
  org: { insertRoot: typeof orgRepo.insertRoot; insertChild: typeof orgRepo.insertChild },
  refreshTotals: () => Promise<unknown>,
): Promise<City> {
  const { insertRoot, insertChild } = org;
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
  const [backfillMs] = await timed(() => refreshTotals());
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
}
