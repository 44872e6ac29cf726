import type { SQL } from 'drizzle-orm';
import type { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from './db';

/**
 * A statement whose text never changes, built once with placeholders (`sql.placeholder(key)`) and run
 * with values: `preparedRows` without building and compiling it anew for every request (a hot read made
 * of several modules' fragments costs more to assemble than to run). Prepared by Drizzle's session once
 * per database (or transaction), named, so PostgreSQL parses and plans it once per connection; the rows
 * come back as `rows` gives them on either engine.
 */
export function statementOnce<V extends Record<string, unknown>>(
  name: string,
  build: () => SQL,
): (db: Db, values: V) => Promise<Record<string, unknown>[]> {
  const statementOf = perDatabase((db) => {
    const dialect = (db as unknown as { dialect: PgDialect }).dialect;
    return db._.session.prepareQuery(dialect.sqlToQuery(build()), undefined, name, false) as unknown as {
      execute(values: V): Promise<unknown>;
    };
  });
  return async (db, values) => ((await statementOf(db).execute(values)) as { rows: Record<string, unknown>[] }).rows;
}

/**
 * What `make` prepares for a database, made on that database's first use and kept for it (a transaction
 * is a database of its own): a prepared statement belongs to the session it was made on.
 */
export function perDatabase<T>(make: (db: Db) => T): (db: Db) => T {
  const made = new WeakMap<Db, T>();
  return (db) => {
    let value = made.get(db);
    if (value === undefined) {
      value = make(db);
      made.set(db, value);
    }
    return value;
  };
}
