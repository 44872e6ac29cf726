import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Actor, RequestContext } from '../apps/server/src/platform/actor';
import { systemClock } from '../apps/server/src/platform/clock';
import { loadConfig } from '../apps/server/src/platform/config';
import { PiiCipher } from '../apps/server/src/platform/crypto';
import { openPostgres, rows } from '../apps/server/src/platform/db';
import { PG_ROOT, recreateDatabase, withDb } from './lib';
import { type City, seedCity, timed } from './scale-city-seed';

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
  const seed = () =>
    seedCity(db, cipher, size, log, { insertRoot, insertChild }, () => services.reportFigures.refresh());
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
