import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * The statements sent to the database while `fn` runs, on either engine (node-postgres' `Client#query`,
 * which the pool and Drizzle go through, or PGlite's `query`/`exec`), whitespace folded, in order. For
 * tests that a use case costs the round trips it promises. Run nothing else meanwhile.
 */
export async function statementsDuring<T>(fn: () => Promise<T>): Promise<{ value: T; statements: string[] }> {
  const statements: string[] = [];
  const seen = (q: unknown) => {
    const text = typeof q === 'string' ? q : ((q as { text?: string } | undefined)?.text ?? '');
    statements.push(text.replace(/\s+/g, ' ').trim());
  };
  const pgQuery = pg.Client.prototype.query;
  const liteQuery = PGlite.prototype.query;
  const liteExec = PGlite.prototype.exec;
  // biome-ignore lint/suspicious/noExplicitAny: wraps overloaded methods in place for the call's duration
  const wrap = (original: any) =>
    function (this: unknown, ...args: unknown[]) {
      seen(args[0]);
      return original.apply(this, args);
    };
  // biome-ignore lint/suspicious/noExplicitAny: as above
  (pg.Client.prototype as any).query = wrap(pgQuery);
  // biome-ignore lint/suspicious/noExplicitAny: as above
  (PGlite.prototype as any).query = wrap(liteQuery);
  // biome-ignore lint/suspicious/noExplicitAny: as above
  (PGlite.prototype as any).exec = wrap(liteExec);
  try {
    return { value: await fn(), statements };
  } finally {
    pg.Client.prototype.query = pgQuery;
    PGlite.prototype.query = liteQuery;
    PGlite.prototype.exec = liteExec;
  }
}

/** `statementsDuring`'s statements but the session's lookup and touch (cached on PostgreSQL, not on PGlite). */
export const besidesSession = (statements: string[]) => statements.filter((s) => !/\bsessions\b/.test(s));
