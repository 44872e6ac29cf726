import pg from 'pg';
import type { Database } from '../src/platform/db';

type Fn = (...args: unknown[]) => Promise<unknown>;
const textOf = (q: unknown) =>
  (typeof q === 'string' ? q : ((q as { text?: string } | undefined)?.text ?? '')).replace(/\s+/g, ' ').trim();

/**
 * The statements `fn` sends to the database, each one a round trip: on PostgreSQL every node-postgres
 * `Client#query` (which the pool, Drizzle, `preparedRows` and `begin`/`commit` all go through, as
 * bench/count-queries.ts counts them); on PGlite every `query` and `exec` of the client, and a
 * transaction as its `BEGIN`, its statements and its end. Nothing else may use the database meanwhile.
 */
export async function statementsSent<T>(
  database: Database,
  fn: () => Promise<T>,
): Promise<{ value: T; sent: string[] }> {
  const sent: string[] = [];
  const restore: (() => void)[] = [];
  const patch = (target: object, method: string, wrap: (original: Fn) => Fn) => {
    const t = target as Record<string, Fn>;
    const own = Object.hasOwn(t, method);
    const original = t[method] as Fn;
    t[method] = wrap(original);
    restore.push(() => {
      if (own) t[method] = original;
      else delete t[method];
    });
  };
  const counting = (original: Fn) =>
    function (this: unknown, ...args: unknown[]) {
      sent.push(textOf(args[0]));
      return original.apply(this, args);
    };
  if (database.kind === 'postgres') {
    patch(pg.Client.prototype, 'query', counting);
  } else {
    const client = (database.db as unknown as { $client: object }).$client;
    patch(client, 'query', counting);
    patch(client, 'exec', counting);
    patch(
      client,
      'transaction',
      (original) =>
        function (this: unknown, ...args: unknown[]) {
          const body = args[0] as (tx: Record<string, Fn>) => Promise<unknown>;
          sent.push('BEGIN');
          return original.call(this, async (tx: Record<string, Fn>) => {
            for (const m of ['query', 'exec']) tx[m] = counting(tx[m] as Fn);
            try {
              return await body(tx);
            } finally {
              sent.push('COMMIT or ROLLBACK');
            }
          });
        },
    );
  }
  try {
    return { value: await fn(), sent };
  } finally {
    for (const r of restore.reverse()) r();
  }
}

/**
 * `statementsSent`'s statements but the session's lookup and touch: a request's own round trips, whether
 * its session was cached (PostgreSQL, while the cache listens) or read (PGlite reads it every time).
 */
export const besidesSession = (sent: string[]) => sent.filter((s) => !/\bsessions\b/.test(s));
