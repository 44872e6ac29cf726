/**
 * `npm run bench:scale`: one street's quarterly honours (星级楼长) over SCALE_CAPTAINS captains (default
 * 1,000,000) with a year of chore and rating history, on the local PostgreSQL (fresh database
 * `lz_scale` from BENCH_PG_URL). Seeds by SQL (generate_series, triggers off while seeding, then the
 * balances set from the postings), builds the honours' per-quarter tallies by the migration's backfill
 * SQL (timed), then times the honours draft's scoring statement — the same honour-scoring.repository
 * scoreRound + finishRound the service runs — and the round's publishing through HonoursService
 * (review untimed; publish timed: notifications and certificate tokens of the honoured, no bonus), and
 * writes bench/results/scale.json.
 *
 *   SCALE_CAPTAINS=100000 npm run bench:scale
 *   SCALE_ONLY=honours SCALE_CAPTAINS=1000000 npm run bench:scale   (the honours part alone)
 *
 * History per captain: 6 approved chores over the year (10 points each, one month apart from a
 * random day) and 2 rated reports, each resolved by the captain and rated 1–5 on a random day.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { periodOf } from '../apps/server/src/modules/honours/honour-period';
import * as scoring from '../apps/server/src/modules/honours/honour-scoring.repository';
import { HonourTalliesService } from '../apps/server/src/modules/honours/honour-tallies.service';
import * as honours from '../apps/server/src/modules/honours/honours.repository';
import { systemClock } from '../apps/server/src/platform/clock';
import { loadConfig } from '../apps/server/src/platform/config';
import { PiiCipher } from '../apps/server/src/platform/crypto';
import { openPostgres, rows, transaction } from '../apps/server/src/platform/db';
import { LocalDiskStore } from '../apps/server/src/platform/files';
import { buildServices } from '../apps/server/src/services';
import { PG_ROOT, recreateDatabase, withDb } from './lib';
import { CITY_FULL, CITY_SMALL, runCity } from './scale-city';

// `SCALE=small` (CI): 5,000 captains, 100,000 reports, 20,000 photos — a few minutes, so it cannot rot.
const SMALL = process.env.SCALE === 'small';
const CAPTAINS = Number(process.env.SCALE_CAPTAINS ?? (SMALL ? 5_000 : 1_000_000));
const CITY = {
  ...(SMALL ? CITY_SMALL : CITY_FULL),
  ...(process.env.SCALE_REPORTS ? { reports: Number(process.env.SCALE_REPORTS) } : {}),
  ...(process.env.SCALE_PHOTOS ? { photos: Number(process.env.SCALE_PHOTOS) } : {}),
};
// `SCALE_ONLY=honours`: the honours part alone (no city); `SCALE_ONLY=city`: the city alone.
const ONLY = process.env.SCALE_ONLY;
const CHORES_PER_CAPTAIN = 6;
const REPORTS_PER_CAPTAIN = 2;
const PERIOD = '2026-Q3';

const t0 = Date.now();
const log = (m: string) => console.log(`[scale ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

// SCALE_DB: another database name, so two worktrees' runs do not drop each other's (the city's is
// SCALE_DB + '_city', lz_city by default). SCALE_REUSE=1: time the scoring again on the database a previous
// run seeded (the round it drafted is removed first, untimed), and the city's figures on its seeded city.
async function runHonours() {
  const DB_NAME = process.env.SCALE_DB ?? 'lz_scale';
  const REUSE = process.env.SCALE_REUSE === '1';
  const url = REUSE ? withDb(PG_ROOT, DB_NAME) : await recreateDatabase(DB_NAME);
  const database = await openPostgres(url, 2);
  await database.migrate();
  const db = database.db;

  async function seed(): Promise<{ street: number; staff: number; tallySeconds: number }> {
    log(`migrated; seeding ${CAPTAINS.toLocaleString()} captains`);
    // Triggers (append-only, balance upkeep, zero-sum check) off while bulk seeding; balances set after.
    await db.execute(sql`set session_replication_role = replica`);
    const [{ street, estate, staff }] = (await rows<{ street: number; estate: number; staff: number }>(
      db,
      sql`with c as (insert into org_units (kind, name, path, depth) values ('city', '规模市', '/x/', 0) returning id),
          d as (insert into org_units (parent_id, kind, name, path, depth) select id, 'district', '规模区', '/x/y/', 1 from c returning id),
          s as (insert into org_units (parent_id, kind, name, path, depth) select id, 'street', '规模街道', '/x/y/z/', 2 from d returning id),
          e as (insert into org_units (parent_id, street_id, kind, name, path, depth, management)
                select id, id, 'estate', '规模小区', '/x/y/z/e/', 3, 'unmanaged' from s returning id, street_id),
          u as (insert into users (name, phone_enc, phone_hash, created_at) values ('街道', 'x', 'staff', now()) returning id)
          select (select street_id from e) as street, (select id from e) as estate, (select id from u) as staff`,
    )) as [{ street: number; estate: number; staff: number }];
    // Real paths from the ids (the placeholders above only had to be unique).
    await db.execute(sql`update org_units set path = '/' || id || '/' where kind = 'city'`);
    await db.execute(sql`
      update org_units o set path = p.path || o.id || '/' from org_units p where p.id = o.parent_id and o.kind = 'district'`);
    await db.execute(sql`
      update org_units o set path = p.path || o.id || '/', street_id = o.id from org_units p where p.id = o.parent_id and o.kind = 'street'`);
    await db.execute(sql`
      update org_units o set path = p.path || o.id || '/' from org_units p where p.id = o.parent_id and o.kind = 'estate'`);
    const [{ estatePath }] = (await rows<{ estatePath: string }>(
      db,
      sql`select path as "estatePath" from org_units where id = ${estate}`,
    )) as [{ estatePath: string }];

    await db.execute(sql`
      insert into users (name, phone_enc, phone_hash, created_at)
      select '楼长' || g, 'x', 'p' || g, now() from generate_series(1, ${CAPTAINS}) g`);
    await db.execute(sql`
      insert into org_units (parent_id, street_id, kind, name, path, depth)
      select ${estate}, ${street}, 'building', '楼' || g, ${estatePath} || 'b' || g || '/', 4 from generate_series(1, ${CAPTAINS}) g`);
    await db.execute(sql`
      insert into role_bindings (user_id, role, org_unit_id, street_id)
      select u.id, 'captain', b.id, ${street}
        from (select id, row_number() over (order by id) n from users where phone_hash like 'p%') u
        join (select id, row_number() over (order by id) n from org_units where kind = 'building') b using (n)`);
    log('captains, buildings and bindings');
    await db.execute(sql`
      insert into point_accounts (street_id, kind, owner_key, created_at) values (${street}, 'issuance', 'issuance', now())`);
    await db.execute(sql`
      insert into point_accounts (street_id, kind, owner_key, user_id, created_at)
      select ${street}, 'captain', 'captain:' || id, id, now() from users where phone_hash like 'p%'`);
    // A year of chores: entries and their two postings (issuance −10, captain +10).
    await db.execute(sql`
      insert into point_entries (street_id, kind, cause_key, memo, created_at)
      select ${street}, 'chore_award', 'chore:' || a.user_id || ':' || k, '扫楼梯',
             timestamptz '2026-01-01 00:00+08' + ((a.user_id * 7 + k * 61) % 365) * interval '1 day'
        from point_accounts a cross join generate_series(1, ${CHORES_PER_CAPTAIN}) k where a.kind = 'captain'`);
    await db.execute(sql`
      insert into point_postings (entry_id, street_id, account_id, amount, created_at)
      select e.id, e.street_id, a.id, 10, e.created_at
        from point_entries e join point_accounts a on a.street_id = e.street_id
         and a.owner_key = 'captain:' || split_part(e.cause_key, ':', 2)`);
    await db.execute(sql`
      insert into point_postings (entry_id, street_id, account_id, amount, created_at)
      select e.id, e.street_id, (select id from point_accounts where owner_key = 'issuance' and street_id = ${street}), -10, e.created_at
        from point_entries e`);
    await db.execute(sql`
      update point_accounts a set balance = s.total
        from (select account_id, sum(amount) total from point_postings group by account_id) s
        where s.account_id = a.id and a.kind = 'captain'`);
    log('ledger');
    // Rated reports, resolved by the captain of their building.
    const [cat] = await rows<{ id: number }>(db, sql`select id from report_categories order by id limit 1`);
    await db.execute(sql`
      insert into reports (street_id, building_id, path, category_id, description, channel, status, level, peak_level,
                           handler_org_unit_id, level_entered_at, resolved_at, rating, created_at, updated_at)
      select ${street}, rb.org_unit_id, ${estatePath}, ${cat?.id}, '楼道灯不亮', 'app', 'closed', 1, 1, rb.org_unit_id,
             d, d, 1 + ((rb.user_id * 13 + k * 7) % 5), d, d
        from role_bindings rb cross join generate_series(1, ${REPORTS_PER_CAPTAIN}) k
        cross join lateral (select timestamptz '2026-01-01 00:00+08' + ((rb.user_id * 11 + k * 97) % 365) * interval '1 day' as d) x
       where rb.role = 'captain'`);
    await db.execute(sql`
      insert into report_events (report_id, street_id, version, type, actor_user_id, to_status, to_level, at)
      select r.id, r.street_id, 2, 'resolved', rb.user_id, 'closed', 1, r.resolved_at
        from reports r join role_bindings rb on rb.org_unit_id = r.building_id and rb.role = 'captain'`);
    await db.execute(sql`
      insert into report_events (report_id, street_id, version, type, to_status, to_level, at)
      select r.id, r.street_id, 3, 'rated', 'closed', 1, r.resolved_at from reports r`);
    await db.execute(sql`set session_replication_role = origin`);
    // The honours' per-quarter tallies, by the same SQL as the migration's backfill (production keeps them
    // with each award and rating; this history was written behind the services' back).
    const tallyStarted = performance.now();
    await new HonourTalliesService().rebuild(db);
    const tallySeconds = (performance.now() - tallyStarted) / 1000;
    log(`tallies rebuilt in ${tallySeconds.toFixed(1)} s`);
    await db.execute(sql`vacuum analyze`);
    return { street, staff, tallySeconds };
  }

  async function reused(): Promise<{ street: number; staff: number; tallySeconds: number }> {
    const [r] = await rows<{ street: number; staff: number }>(
      db,
      sql`select (select id from org_units where kind = 'street' order by id limit 1) as street,
                 (select id from users where phone_hash = 'staff') as staff`,
    );
    await db.execute(sql`delete from honour_scores`);
    await db.execute(sql`delete from honour_rounds`);
    await db.execute(sql`vacuum analyze honour_scores`);
    log(`reusing ${DB_NAME}`);
    return { street: Number(r?.street), staff: Number(r?.staff), tallySeconds: 0 };
  }

  const { street, staff, tallySeconds } = REUSE ? await reused() : await seed();
  const [counts] = await rows<{ entries: number; reports: number }>(
    db,
    sql`select (select count(*) from point_entries)::int as entries, (select count(*) from reports)::int as reports`,
  );
  log(`seeded: ${counts?.entries.toLocaleString()} ledger entries, ${counts?.reports.toLocaleString()} rated reports`);

  // The measured part: a draft's scoring and ranking, as HonoursService.draft runs it.
  const p = periodOf('star', PERIOD);
  const started = performance.now();
  const summary = await transaction(db, async (tx) => {
    await honours.insertRound(tx, {
      streetId: street,
      kind: 'star',
      period: PERIOD,
      start: p.start,
      end: p.end,
      quotaPercent: 30,
      bonusPoints: 0,
      draftedBy: staff,
      at: new Date(),
    });
    const round = await honours.findRoundByPeriod(tx, street, 'star', PERIOD);
    if (!round) throw new Error('no round');
    const settings = { minActivity: 1, priorWeight: 10, pointsPerStar: 20 };
    const figures = await scoring.scoreRound(tx, {
      roundId: round.id,
      streetId: street,
      startDay: p.startDay,
      endDay: p.endDay,
      quotaPercent: 30,
      ...settings,
    });
    await scoring.finishRound(tx, round.id, { ...figures, ...settings });
    return honours.findRound(tx, round.id);
  });
  const seconds = (performance.now() - started) / 1000;
  log(
    `honours over ${CAPTAINS.toLocaleString()} captains: ${seconds.toFixed(2)} s (eligible ${summary?.eligible}, quota ${summary?.quota}, honoured ${summary?.honoured})`,
  );
  // Then the round reviewed and published through the service, as the console does (no bonus): the
  // honoured's notifications (in-app and SMS outbox) and certificate tokens, in one transaction (timed).
  const services = buildServices({
    config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_ON_EMPTY: 'false', JOBS_ENABLED: 'false' }),
    database,
    clock: systemClock,
    cipher: new PiiCipher(randomBytes(32)),
    store: new LocalDiskStore(mkdtempSync(join(tmpdir(), 'lz-scale-'))),
  });
  const [streetUnit] = await rows<{ path: string; name: string }>(
    db,
    sql`select path, name from org_units where id = ${street}`,
  );
  const ctx = {
    actor: {
      userId: staff,
      name: '街道',
      bindings: [
        {
          role: 'street_staff' as const,
          orgUnitId: street,
          orgUnitName: streetUnit?.name ?? '',
          orgKind: 'street' as const,
          path: streetUnit?.path ?? '',
          streetId: street,
        },
      ],
    },
    ip: 'bench',
    lang: 'zh' as const,
  };
  await services.honours.review(ctx, Number(summary?.id));
  const publishStarted = performance.now();
  await services.honours.publish(ctx, Number(summary?.id));
  const publishSeconds = (performance.now() - publishStarted) / 1000;
  log(
    `published: ${publishSeconds.toFixed(2)} s (${summary?.honoured} honoured notified and given certificate tokens)`,
  );
  await database.close();
  return {
    name: 'honours',
    captains: CAPTAINS,
    seconds: Math.round(seconds * 100) / 100,
    publishSeconds: Math.round(publishSeconds * 100) / 100,
    talliesRebuildSeconds: Math.round(tallySeconds * 10) / 10,
    ledgerEntries: counts?.entries,
    ratedReports: counts?.reports,
    eligible: summary?.eligible,
    honoured: summary?.honoured,
  };
}
// `SCALE_ONLY=city`: the city part alone (no honours).
const honoursResult = ONLY === 'city' ? null : await runHonours();

// The city: reports, lists, Open311 and the photo check (bench/scale-city.ts).
async function city() {
  log(`city: ${CITY.reports.toLocaleString()} reports, ${CITY.photos.toLocaleString()} photos`);
  return runCity(CITY, log, {
    dbName: process.env.SCALE_DB ? `${process.env.SCALE_DB}_city` : 'lz_city',
    reuse: process.env.SCALE_REUSE === '1',
  });
}
const cityResult =
  ONLY === 'honours' ? { scenarios: [], seedSeconds: null, totalsBackfillSeconds: null, drift: 0 } : await city();

mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/scale.json',
  `${JSON.stringify(
    {
      at: new Date().toISOString(),
      scenarios: [...(honoursResult ? [honoursResult] : []), ...cityResult.scenarios],
      city: { seedSeconds: cityResult.seedSeconds, totalsBackfillSeconds: cityResult.totalsBackfillSeconds },
      elapsedSeconds: Math.round((Date.now() - t0) / 1000),
    },
    null,
    2,
  )}\n`,
);
log('wrote bench/results/scale.json');
// The closing line CI adds up (scripts/ci-summary.mjs): every scenario measured, and no drift in the totals.
const measured = (honoursResult ? 1 : 0) + cityResult.scenarios.length;
console.log(`bench:scale: ${measured + 1 - cityResult.drift} passed, ${cityResult.drift} failed`);
process.exit(cityResult.drift ? 1 : 0);
