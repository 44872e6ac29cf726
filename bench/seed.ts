import { createHash } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { hashPassword } from '../apps/server/src/modules/auth/auth.service';
import { insertChild, insertRoot, type OrgUnitRow } from '../apps/server/src/modules/org/org.repository';
import type { PiiCipher } from '../apps/server/src/platform/crypto';
import type { Db } from '../apps/server/src/platform/db';

/**
 * Bulk seeding for the benchmark and the fault test: org units through the org repository (a few
 * hundred), everything else by set-based SQL (unnest of arrays), so 10,000s of users, sessions,
 * bindings and ledger entries take seconds. Sessions are minted directly (token `bench-<userId>`):
 * signing 60,000 people in through argon2 (~26 ms each) would take longer than the benchmark.
 */

export const tokenOf = (userId: number) => `bench-${userId}-tok`;
export const cookieOf = (userId: number) => `lz_session=${tokenOf(userId)}`;

/** What the seeding needs of a connection pool: node-postgres' Pool, or PGlite through `pgliteAsPool`. */
export interface SqlPool {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    params?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
  connect(): Promise<{ query: SqlPool['query']; release(): void }>;
}

/**
 * PGlite as a pool of one: it has a single connection, so `connect()` hands out the instance itself
 * and a transaction opened with `begin` on it is the only one running.
 */
export function pgliteAsPool(client: PGlite): SqlPool {
  const query: SqlPool['query'] = async <R extends pg.QueryResultRow>(text: string, params?: unknown[]) => {
    const r = await client.query<R>(text, params);
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  };
  return { query, connect: async () => ({ query, release() {} }) };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

export interface StreetFixture {
  street: OrgUnitRow;
  community: OrgUnitRow;
  buildings: OrgUnitRow[];
}

export async function seedTree(db: Db, streets: number, buildingsPerStreet: number): Promise<StreetFixture[]> {
  const city = await insertRoot(db, { kind: 'city', name: `压测市-${Date.now()}` });
  const district = await insertChild(db, city, { kind: 'district', name: '压测区', management: null, address: null });
  const out: StreetFixture[] = [];
  for (let s = 0; s < streets; s++) {
    const street = await insertChild(db, district, {
      kind: 'street',
      name: `街道${s}`,
      management: null,
      address: null,
    });
    const community = await insertChild(db, street, {
      kind: 'community',
      name: '社区',
      management: null,
      address: null,
    });
    const grid = await insertChild(db, community, { kind: 'grid', name: '网格', management: null, address: null });
    const estate = await insertChild(db, grid, {
      kind: 'estate',
      name: '小区',
      management: 'unmanaged',
      address: null,
    });
    const buildings: OrgUnitRow[] = [];
    for (let b = 0; b < buildingsPerStreet; b++) {
      buildings.push(
        await insertChild(db, estate, { kind: 'building', name: `${b + 1}栋`, management: null, address: null }),
      );
    }
    out.push({ street, community, buildings });
  }
  return out;
}

let phoneSeq = 0;
/**
 * `count` users, each bound with `role` to a unit chosen by `unitOf(i)`, with a live session.
 * Returns their ids in order.
 */
export async function seedUsers(
  pool: SqlPool,
  cipher: PiiCipher,
  count: number,
  role: string,
  unitOf: (i: number) => OrgUnitRow,
  namePrefix: string,
): Promise<number[]> {
  const passwordHash = await hashPassword('louzhang123');
  const names: string[] = [];
  const encs: string[] = [];
  const hashes: string[] = [];
  for (let i = 0; i < count; i++) {
    const phone = `166${String(process.pid % 100).padStart(2, '0')}${String(++phoneSeq).padStart(6, '0')}`;
    names.push(`${namePrefix}${i}`);
    encs.push(cipher.encrypt(phone));
    hashes.push(cipher.blindIndex('phone', phone));
  }
  const { rows } = await pool.query<{ id: string }>(
    `insert into users (name, phone_enc, phone_hash, password_hash)
     select n, e, h, $4 from unnest($1::text[], $2::text[], $3::text[]) with ordinality as t(n, e, h, ord) order by ord
     returning id`,
    [names, encs, hashes, passwordHash],
  );
  const ids = rows.map((r) => Number(r.id));
  const units = ids.map((_, i) => unitOf(i));
  await pool.query(
    `insert into role_bindings (user_id, role, org_unit_id, street_id)
     select * from unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[])`,
    [ids, ids.map(() => role), units.map((u) => u.id), units.map((u) => u.streetId)],
  );
  await pool.query(
    `insert into sessions (token_hash, user_id, created_at, last_seen_at, ip)
     select h, u, now(), now(), '127.0.0.1' from unnest($1::text[], $2::bigint[]) as t(h, u)`,
    [ids.map((id) => sha256(tokenOf(id))), ids],
  );
  return ids;
}

/** Gives each captain `points` in `streetId`'s ledger: one balanced entry each (issuance → captain). */
export async function seedBalances(pool: SqlPool, streetId: number, captainIds: number[], points: number) {
  await pool.query(
    `insert into point_accounts (street_id, kind, owner_key, user_id, created_at)
     values ($1, 'issuance', 'issuance', null, now()), ($1, 'mall_sink', 'mall_sink', null, now())
     on conflict (street_id, owner_key) do nothing`,
    [streetId],
  );
  await pool.query(
    `insert into point_accounts (street_id, kind, owner_key, user_id, created_at)
     select $1, 'captain', 'captain:' || u, u, now() from unnest($2::bigint[]) as t(u)
     on conflict (street_id, owner_key) do nothing`,
    [streetId, captainIds],
  );
  const client = await pool.connect();
  try {
    await client.query('begin');
    // The posting trigger updates the account balance row by row; 10,000 updates of the one issuance
    // row inside one transaction build a 10,000-version chain that every next update walks (minutes).
    // Seeding writes balanced entries and sets the balances in one statement instead (triggers off for
    // this transaction only; the bench checks the ledger invariants afterwards).
    await client.query('set local session_replication_role = replica');
    // The two accounts of each entry are two lookups on the (street, owner key) index: joined with
    // `owner_key in ('issuance', 'captain:' || u)` instead, the planner scanned the street's accounts once
    // per captain (16–25 s for 10,000 captains).
    await client.query(
      `with e as (
         insert into point_entries (street_id, kind, cause_key, memo, actor_user_id, created_at)
         select $1, 'chore_award', 'bench:seed:' || u, '压测初始积分', null, now() from unnest($2::bigint[]) as t(u)
         returning id, cause_key
       ), x as (
         select e.id, substring(e.cause_key from 12)::bigint as u from e
       )
       insert into point_postings (entry_id, street_id, account_id, amount, created_at)
       select x.id, $1, a.id, case when a.kind = 'issuance' then -$3::bigint else $3::bigint end, now()
       from x cross join lateral (
              select id, kind from point_accounts where street_id = $1 and owner_key = 'issuance'
              union all
              select id, kind from point_accounts where street_id = $1 and owner_key = 'captain:' || x.u) a`,
      [streetId, captainIds, points],
    );
    await client.query(
      `update point_accounts a set balance = s.total
       from (select account_id, sum(amount) as total from point_postings where street_id = $1 group by account_id) s
       where a.id = s.account_id and a.kind = 'captain'`,
      [streetId],
    );
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
  }
}

/** `count` products with scarce stock in a street whose mall window is open every day it can be. */
export async function seedProducts(
  pool: SqlPool,
  streetId: number,
  stocks: number[],
  price: number,
): Promise<number[]> {
  await pool.query(
    `insert into mall_settings (street_id, window_start_day, window_end_day) values ($1, 1, 31)
     on conflict (street_id) do update set window_start_day = 1, window_end_day = 31`,
    [streetId],
  );
  const { rows } = await pool.query<{ id: string }>(
    `insert into mall_products (street_id, name, points_price, stock, unit_cost_yuan, created_at)
     select $1, '商品' || ord, $3, s, 5.5, now() from unnest($2::int[]) with ordinality as t(s, ord) order by ord
     returning id`,
    [streetId, stocks, price],
  );
  return rows.map((r) => Number(r.id));
}

/** One household per resident user, in the building `unitOf(i)`, so they may file reports there. */
export async function seedHouseholds(pool: SqlPool, residentIds: number[], unitOf: (i: number) => OrgUnitRow) {
  const units = residentIds.map((_, i) => unitOf(i));
  await pool.query(
    `with h as (
       insert into households (street_id, building_id, path, floor, room)
       select s, b, p, 1, 'R' || u from unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[]) as t(s, b, p, u)
       returning id, street_id, room
     )
     insert into residents (street_id, household_id, name, relation, user_id)
     select h.street_id, h.id, '居民', '户主', substring(h.room from 2)::bigint from h`,
    [units.map((u) => u.streetId), units.map((u) => u.id), units.map((u) => u.path), residentIds],
  );
}

export interface ChoreFixture {
  taskId: number;
  captainId: number;
  photoId: number;
}

/**
 * `count` chore tasks in `streetId`, each already claimed by a captain of its building (captain
 * `i % captainIds.length` holds task `i`, bound to building `i % buildings.length`; pass a multiple
 * of the building count) with one fresh photo of theirs, so the bench measures submission + approval
 * over HTTP. One template (10 points, one photo), one publication; occurrences in the past days.
 */
export async function seedChores(
  pool: SqlPool,
  opts: {
    streetId: number;
    publisherId: number;
    orgUnit: OrgUnitRow;
    buildings: OrgUnitRow[];
    captainIds: number[];
    count: number;
    /**
     * Earlier chores of the street, each submitted with a photo and rejected by `publisherId` (the bench
     * never rejects, so these are the history): a street's tables are not empty on the day measured,
     * and plans made on their statistics are the plans a street in use gets.
     */
    history: number;
  },
): Promise<ChoreFixture[]> {
  const { streetId, buildings, captainIds, count } = opts;
  const [template] = (
    await pool.query<{ id: string }>(
      `insert into chore_templates (street_id, name, category, points, min_photos, before_after, claim_ttl_hours, created_at)
       values ($1, '楼道清洁（压测）', 'cleaning', 10, 1, false, 720, now()) returning id`,
      [streetId],
    )
  ).rows;
  // A daily publication of the template over the community, begun 400 days ago.
  const publish = async () =>
    (
      await pool.query<{ id: string }>(
        `insert into chore_publications (street_id, template_id, org_unit_id, org_path, recurrence, starts_on, created_by_user_id, created_at)
         values ($1, $2, $3, $4, 'daily', current_date - 400, $5, now()) returning id`,
        [streetId, template?.id, opts.orgUnit.id, opts.orgUnit.path, opts.publisherId],
      )
    ).rows[0];
  const publication = await publish();
  const idx = Array.from({ length: count }, (_, i) => i);
  const b = (i: number) => buildings[i % buildings.length] as OrgUnitRow;
  const tasks = await pool.query<{ id: string; u: string }>(
    `insert into chore_tasks (street_id, publication_id, template_id, building_id, building_path, occurrence, due_at,
                              status, claimed_by_user_id, claimed_at, claim_expires_at, created_at)
     select $1, $2, $3, b, p, current_date - d, now() + interval '7 days', 'claimed', u, now(), now() + interval '7 days', now()
     from unnest($4::bigint[], $5::text[], $6::int[], $7::bigint[]) with ordinality as t(b, p, d, u, ord) order by ord
     returning id, claimed_by_user_id as u`,
    [
      streetId,
      publication?.id,
      template?.id,
      idx.map((i) => b(i).id),
      idx.map((i) => b(i).path),
      idx.map((i) => 1 + Math.floor(i / buildings.length)),
      idx.map((i) => captainIds[i % captainIds.length]),
    ],
  );
  const photos = await pool.query<{ id: string; u: string }>(
    `insert into photos (street_id, uploader_user_id, sha256, phash, width, height, bytes, created_at)
     select $1, u, md5(random()::text) || md5(random()::text), substr(md5(random()::text), 1, 16), 1280, 960, 200000, now()
     from unnest($2::bigint[]) as t(u)
     returning id, uploader_user_id as u`,
    [streetId, tasks.rows.map((t) => t.u)],
  );
  // The history has a publication of its own (a task is unique per publication, building and day); each
  // building's earlier days, one task a day, counting back from 30 days ago.
  const earlier = await publish();
  await pool.query(
    `with t as (
       insert into chore_tasks (street_id, publication_id, template_id, building_id, building_path, occurrence, due_at,
                                status, claimed_by_user_id, claimed_at, created_at)
       select $1, $2, $3, b, p, current_date - d, current_date - d + 1, 'rejected', u,
              now() - d * interval '1 day', now() - d * interval '1 day'
         from generate_series(0, $4 - 1) g,
              lateral (select ($5::bigint[])[1 + g % $6] as b, ($7::text[])[1 + g % $6] as p,
                              ($8::bigint[])[1 + g % $9] as u, 30 + g / $6 as d) x
       returning id, street_id, claimed_by_user_id as u, created_at),
     ph as (
       insert into photos (street_id, uploader_user_id, sha256, phash, width, height, bytes, created_at)
       select t.street_id, t.u, md5(random()::text) || md5(random()::text), substr(md5(random()::text), 1, 16),
              1280, 960, 200000, t.created_at
         from t order by t.id
       returning id),
     pairs as (
       select t.id as task_id, t.street_id, t.u, t.created_at, ph.id as photo_id
         from (select *, row_number() over (order by id) as n from t) t
         join (select id, row_number() over (order by id) as n from ph) ph using (n)),
     s as (
       insert into chore_submissions (street_id, task_id, submitter_user_id, note, done_at, status, duplicate_flags,
                                      reviewer_user_id, reviewed_at, reject_reason, created_at)
       select street_id, task_id, u, '已清扫', created_at, 'rejected', '[]', $10, created_at + interval '1 hour',
              '照片不清晰', created_at
         from pairs
       returning id, task_id)
     insert into chore_submission_photos (submission_id, photo_id, kind, position, street_id)
     select s.id, pairs.photo_id, 'other', 0, pairs.street_id from s join pairs using (task_id)`,
    [
      streetId,
      earlier?.id,
      template?.id,
      opts.history,
      buildings.map((x) => x.id),
      buildings.length,
      buildings.map((x) => x.path),
      captainIds,
      captainIds.length,
      opts.publisherId,
    ],
  );
  const byCaptain = new Map<string, number[]>();
  for (const p of photos.rows) byCaptain.set(p.u, [...(byCaptain.get(p.u) ?? []), Number(p.id)]);
  return tasks.rows.map((t) => ({
    taskId: Number(t.id),
    captainId: Number(t.u),
    photoId: byCaptain.get(t.u)?.pop() as number,
  }));
}

/**
 * Earlier Idempotency-Keys of every user, `perUser` each, spread over the month they are kept: a server in use
 * holds a month of them, and the plans its prepared statements make (the mall order's read looks the
 * caller's key up) are made on that. Begun empty, the rush's read kept a plan that scanned the whole table
 * for each key — fine on the first hundred rows, linear in the tens of thousands the rush writes.
 */
export async function seedIdempotencyHistory(pool: SqlPool, perUser: number) {
  await pool.query(
    `insert into idempotency_keys (user_id, key, request_hash, status_code, response, created_at)
     select u.id, 'history-' || g, 'history', 201, '{}'::jsonb, now() - g * interval '28 days' / ($1::int + 1)
       from users u cross join generate_series(1, $1::int) g`,
    [perUser],
  );
}
