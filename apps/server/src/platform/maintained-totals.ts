import { type SQL, sql } from 'drizzle-orm';
import { type Db, rows } from './db';

/**
 * Maintained per-unit-per-day totals kept from a dirty queue (docs/ARCHITECTURE.md#maintained-figures):
 * the shape `report_totals` introduced, shared by the chores and mall totals (db/schema/figure-totals.ts).
 * A trigger queues the leaf-days a change touches in the change's own transaction; `refreshTotals`
 * drains the queue, recomputes those leaf rows from the raw rows, then the subtree rows of every unit on
 * their paths from the leaf rows. Recomputing (never adding) makes a second run, or a queue row seen
 * twice, change nothing; the queue is the watermark (a change committed after a refresh began is drained
 * by the next one).
 */
export interface TotalsSpec {
  /** The totals table: `org_unit_id, path, is_leaf, day`, then `keys`, then `metrics`. */
  table: string;
  /** Its queue: an id, then `queueColumns` (which include `path` and `day`). */
  queue: string;
  /** The advisory lock that keeps two refreshes of this table from interleaving. */
  lock: number;
  /** The queue's columns with their types, as the temp table of drained rows `<table>_pairs` declares them. */
  queueColumns: string;
  /** Dimensions besides unit and day (part of the primary key). */
  keys: readonly string[];
  /** Summed columns. */
  metrics: readonly string[];
  /** Statements that delete the leaf rows of the drained rows (in `<table>_pairs`) and insert them recomputed. */
  leaf: readonly SQL[];
  /**
   * The recomputation from the raw rows of one unit's subtree and day, for the drift check: a select of
   * `keys` and `metrics` (same names, same types) grouped by `keys`, over the unit path `path` and day `day`
   * (SQL expressions of the sampled row).
   */
  fresh: (path: SQL, day: SQL) => SQL;
}

const id = (s: string) => sql.raw(s);
const list = (xs: readonly string[], prefix = '') => sql.raw(xs.map((x) => `${prefix}${x}`).join(', '));

/** The id of the last unit of a materialised path, in SQL ('/1/4/17/' → 17). */
export const lastUnitOf = (path: SQL) =>
  sql`(string_to_array(trim(both '/' from ${path}), '/')::bigint[])[cardinality(string_to_array(trim(both '/' from ${path}), '/'))]`;

/** The bounds of Asia/Shanghai day `day` (an SQL date) as timestamptz: `[lo, hi)`. */
export const dayBounds = (day: SQL) => ({
  lo: sql`(${day}::timestamp at time zone 'Asia/Shanghai')`,
  hi: sql`((${day} + 1)::timestamp at time zone 'Asia/Shanghai')`,
});

/**
 * Drains the queue of `spec` (see above). Returns the leaf-days recomputed, or -1 when another refresh
 * held the lock (it covers what was queued). Over `bulkOver` leaf-days (a first build) the subtree rows
 * are summed in one pass instead of unit by unit.
 */
export async function refreshTotals(tx: Db, spec: TotalsSpec, opts: { bulkOver?: number } = {}): Promise<number> {
  const [lock] = await rows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${spec.lock}) as ok`);
  if (!lock?.ok) return -1;
  const pairs = id(`${spec.table}_pairs`);
  const units = id(`${spec.table}_units`);
  const cols = spec.queueColumns
    .split(',')
    .map((c) => c.trim().split(/\s+/)[0] as string)
    .join(', ');
  await tx.execute(sql`create temp table if not exists ${pairs} (${id(spec.queueColumns)}) on commit delete rows`);
  await tx.execute(
    sql`create temp table if not exists ${units} (org_unit_id bigint, path text, day date) on commit delete rows`,
  );
  await tx.execute(sql`with d as (delete from ${id(spec.queue)} returning ${id(cols)})
                       insert into ${pairs} select distinct ${id(cols)} from d`);
  // Temp tables have no statistics until analysed: without them the planner scans the totals whole.
  await tx.execute(sql`analyze ${pairs}`);
  const [n] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from ${pairs}`);
  if (!n?.n) return 0;
  for (const statement of spec.leaf) await tx.execute(statement);
  // Every unit on a touched path, its last included: reads take a unit's subtree rows only.
  await tx.execute(sql`
    insert into ${units}
    select distinct u.id, u.path, p.day
      from ${pairs} p
      join org_units u on u.id = any(string_to_array(trim(both '/' from p.path), '/')::bigint[])`);
  await tx.execute(sql`analyze ${units}`);
  const table = id(spec.table);
  await tx.execute(sql`delete from ${table} t using ${units} u
                        where t.org_unit_id = u.org_unit_id and t.is_leaf = 0 and t.day = u.day`);
  const into = sql`insert into ${table} (org_unit_id, path, is_leaf, day, ${list(spec.keys)}, ${list(spec.metrics)})`;
  const sums = sql.raw(spec.metrics.map((m) => `sum(t.${m})`).join(', '));
  const keys = list(spec.keys, 't.');
  if (n.n <= (opts.bulkOver ?? 1_000)) {
    // A few leaf-days (the usual run): each unit-day sums its subtree's leaf rows of that day, found by a
    // range on the (day, path) index — paths hold digits and '/', so '~' sorts after all of them.
    await tx.execute(sql`${into}
      select u.org_unit_id, u.path, 0, u.day, ${keys}, ${sums}
        from ${units} u
        join ${table} t on t.is_leaf = 1 and t.day = u.day and t.path ~>=~ u.path and t.path ~<~ (u.path || '~')
       group by u.org_unit_id, u.path, u.day, ${keys}`);
  } else {
    // Many (a first build): each leaf row of the touched days goes to every unit on its path in one pass.
    await tx.execute(sql`${into}
      select u.org_unit_id, u.path, 0, u.day, ${keys}, ${sums}
        from ${table} t
        cross join lateral unnest(string_to_array(trim(both '/' from t.path), '/')::bigint[]) as a(id)
        join ${units} u on u.org_unit_id = a.id and u.day = t.day
       where t.is_leaf = 1 and t.day in (select distinct day from ${units})
       group by u.org_unit_id, u.path, u.day, ${keys}`);
  }
  return n.n;
}

/** Leaf-days waiting in the queue of `spec` (0 once its totals are current). */
export async function pendingTotals(db: Db, spec: Pick<TotalsSpec, 'queue'>): Promise<number> {
  const [r] = await rows<{ n: number }>(db, sql`select count(*)::int as n from ${id(spec.queue)}`);
  return r?.n ?? 0;
}

export interface Drift {
  orgUnitId: number;
  day: string;
  stored: string;
  recomputed: string;
}

/**
 * The drift check: `sample` random unit-days with stored subtree rows, each recomputed from the raw rows
 * (`spec.fresh`) and compared with what the totals hold. Call it with the queue drained; an empty list is
 * healthy.
 */
export async function totalsDrift(db: Db, spec: TotalsSpec, sample: number): Promise<Drift[]> {
  const table = id(spec.table);
  const all = [...spec.keys, ...spec.metrics];
  const line = (alias: string) => sql.raw(`concat_ws(',', ${all.map((c) => `${alias}.${c}`).join(', ')})`);
  const order = (alias: string) => list(spec.keys, `${alias}.`);
  return rows<Drift>(
    db,
    sql`with smp as (select * from (select distinct org_unit_id, path, day from ${table} where is_leaf = 0) d
                    order by random() limit ${sample}),
        stored as (
          select smp.org_unit_id, smp.day, string_agg(${line('t')}, ';' order by ${order('t')}) as v
            from smp join ${table} t on t.org_unit_id = smp.org_unit_id and t.is_leaf = 0 and t.day = smp.day
           group by smp.org_unit_id, smp.day),
        fresh as (
          select smp.org_unit_id, smp.day, string_agg(${line('x')}, ';' order by ${order('x')}) as v
            from smp cross join lateral (${spec.fresh(sql`smp.path`, sql`smp.day`)}) as x
           group by smp.org_unit_id, smp.day)
        select smp.org_unit_id as "orgUnitId", to_char(smp.day, 'YYYY-MM-DD') as day,
               coalesce(stored.v, '') as stored, coalesce(fresh.v, '') as recomputed
          from smp left join stored on stored.org_unit_id = smp.org_unit_id and stored.day = smp.day
          left join fresh on fresh.org_unit_id = smp.org_unit_id and fresh.day = smp.day
         where coalesce(stored.v, '') <> coalesce(fresh.v, '')`,
  );
}
