import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres, pgCode, rows } from './db';
import { ConnectionKeepingPool, connectionSurvives } from './pg-pool';

/**
 * The pool keeps a connection after PostgreSQL refused a statement, and still drops one that was lost
 * (docs/ARCHITECTURE.md#connections). Which errors count as refusals is checked on any engine; the pool
 * itself on PostgreSQL (PGlite has none).
 */
const URL_ = process.env.DATABASE_URL;
const pidOf = async (pool: pg.Pool) => Number((await pool.query('select pg_backend_pid() as pid')).rows[0].pid);

describe('which refusals leave a connection usable', () => {
  // As pg-protocol builds them from the server's ErrorResponse: severity, then SQLSTATE.
  const answered = (severity: string, code: string) =>
    Object.assign(new pg.DatabaseError('refused', 0, 'error'), { severity, code });

  it('keeps one after an ERROR, whatever its SQLSTATE', () => {
    for (const code of ['22P02', '23505', '40001', '57014'])
      expect(connectionSurvives(answered('ERROR', code))).toBe(true);
  });

  it('closes one after a FATAL or PANIC answer, or anything that is not the server answering', () => {
    expect(connectionSurvives(answered('FATAL', '57P01'))).toBe(false);
    expect(connectionSurvives(answered('PANIC', 'XX000'))).toBe(false);
    // A server speaking Chinese (lc_messages zh_CN): the severity word is translated, the SQLSTATE is not.
    expect(connectionSurvives(answered('错误', '23505'))).toBe(true);
    expect(connectionSurvives(answered('错误', '57014'))).toBe(true);
    expect(connectionSurvives(answered('致命错误', '57P01'))).toBe(false);
    expect(connectionSurvives(answered('致命错误', '25P03'))).toBe(false);
    expect(connectionSurvives(answered('致命错误', '08P01'))).toBe(false);
    expect(connectionSurvives(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(connectionSurvives(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(false);
    expect(connectionSurvives(undefined)).toBe(false);
  });
});

// PGlite (the default engine of `npm test`) has no pool: these run in the PostgreSQL suite.
if (URL_) {
  describe('the connection pool', () => {
    const pools: pg.Pool[] = [];
    const open = (max: number) => {
      const p = new ConnectionKeepingPool({ connectionString: URL_, max });
      pools.push(p);
      return p;
    };
    afterAll(async () => {
      for (const p of pools) await p.end();
    });

    it("closes a connection on any error in node-postgres' own pool (why ours exists)", async () => {
      const plain = new pg.Pool({ connectionString: URL_, max: 1 });
      pools.push(plain);
      const before = await pidOf(plain);
      await expect(plain.query('select 1 / 0')).rejects.toMatchObject({ code: '22012' });
      expect(await pidOf(plain)).not.toBe(before);
    });

    it('keeps the connection after the statements the server refuses, through Drizzle too', async () => {
      const database = await openPostgres(URL_ as string, 1);
      try {
        const pid = async () =>
          Number((await rows<{ pid: number }>(database.db, sql`select pg_backend_pid() as pid`))[0]?.pid);
        const first = await pid();
        // A failed guard's cast, a division by zero, a statement over its time limit: each an ERROR.
        const refused = [sql`select ('SOLD_OUT' || 0)::int`, sql`select 1 / 0`, sql`select pg_sleep(1)`];
        const codes: (string | undefined)[] = [];
        for (const q of refused) {
          // One connection: the time limit set here holds for the sleep after it.
          if (q === refused[2]) await database.db.execute(sql`set statement_timeout = 20`);
          codes.push(await database.db.execute(q).then(() => 'ok', pgCode));
        }
        await database.db.execute(sql`set statement_timeout = 0`);
        expect(codes).toEqual(['22P02', '22012', '57014']);
        expect(await pid()).toBe(first);
        expect(database.poolStats().total).toBe(1);
      } finally {
        await database.close();
      }
    });

    it('keeps its connections under concurrent failures and successes, and answers each caller', async () => {
      const pool = open(2);
      const [a, b] = await Promise.all([pidOf(pool), pidOf(pool)]);
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          pool.query({ text: 'select 10 / $1::int as q', values: [i % 2] }).then(
            (r: pg.QueryResult) => Number(r.rows[0].q),
            (err: unknown) => (err as { code?: string }).code,
          ),
        ),
      );
      expect(results).toEqual(Array.from({ length: 40 }, (_, i) => (i % 2 ? 10 : '22012')));
      const after = new Set(await Promise.all([pidOf(pool), pidOf(pool)]));
      expect(after).toEqual(new Set([a, b]));
    });

    it('drops a connection the server ended in the middle of a statement, and the next caller gets a new one', async () => {
      const pool = open(1);
      const victim = await pidOf(pool);
      const killer = new pg.Client({ connectionString: URL_ });
      await killer.connect();
      try {
        // The handler is attached at once: the statement fails while the killer's call is still awaited.
        const sleeping = pool.query('select pg_sleep(5)').then(
          () => null,
          (e: unknown) => e,
        );
        await expect
          .poll(
            async () =>
              (
                await killer.query('select count(*)::int as n from pg_stat_activity where pid = $1 and state = $2', [
                  victim,
                  'active',
                ])
              ).rows[0].n,
          )
          .toBe(1);
        await killer.query('select pg_terminate_backend($1)', [victim]);
        const err = await sleeping;
        expect(err).not.toBeNull();
        expect(connectionSurvives(err)).toBe(false);
        const next = await pidOf(pool);
        expect(next).not.toBe(victim);
        expect(pool.totalCount).toBe(1);
      } finally {
        await killer.end();
      }
    });

    it('still serves the callback form as node-postgres does', async () => {
      const pool = open(1);
      const n = await new Promise<number>((resolve, reject) =>
        pool.query('select 7 as n', (err: Error | undefined, res: pg.QueryResult) =>
          err ? reject(err) : resolve(Number(res.rows[0].n)),
        ),
      );
      expect(n).toBe(7);
    });
  });
}
