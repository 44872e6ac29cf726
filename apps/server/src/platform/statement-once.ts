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
  const prepared = new WeakMap<Db, { execute(values: V): Promise<unknown> }>();
  return async (db, values) => {
    let statement = prepared.get(db);
    if (!statement) {
      const dialect = (db as unknown as { dialect: PgDialect }).dialect;
      statement = db._.session.prepareQuery(dialect.sqlToQuery(build()), undefined, name, false) as unknown as {
        execute(values: V): Promise<unknown>;
      };
      prepared.set(db, statement);
    }
    return ((await statement.execute(values)) as { rows: Record<string, unknown>[] }).rows;
  };
}
