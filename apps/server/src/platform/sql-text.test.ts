import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { at, mockDb as db, dialect, reportRow as report } from '../../test/statement-builder';
import { auditLog, reports, roleBindings, users } from '../db/schema';
import { compileSql } from './sql-text';

const drizzles = (q: SQL) => dialect.sqlToQuery(q);

/** Statements of the shapes the hot paths send: each must come out exactly as Drizzle writes it. */
const cases: [string, SQL][] = [
  ['an insert of every column kind', db.insert(reports).overridingSystemValue().values(report).getSQL()],
  [
    'an insert with jsonb and on conflict',
    db
      .insert(auditLog)
      .values({
        streetId: 3,
        actorUserId: 9,
        action: 'report.create',
        objectType: 'report',
        objectId: '41',
        ip: '127.0.0.1',
        detail: { a: [1, '二'], b: null },
        at,
      })
      .onConflictDoNothing()
      .getSQL(),
  ],
  [
    'an update with a guard and returning',
    db
      .update(reports)
      .set({ status: 'accepted', version: sql`${reports.version} + 1`, acceptedAt: at })
      .where(and(eq(reports.id, 41), eq(reports.version, 3)))
      .returning({ id: reports.id })
      .getSQL(),
  ],
  [
    'a select used inside raw SQL, with lists',
    sql`with w0 as (${db.insert(reports).values(report).getSQL()}), g0 as (select 1)
        select ${reports.id}, ${sql.raw('x')} from ${reports}
         where ${inArray(reports.id, [1, 2, 3])} and ${reports.path} like ${'/1/%'}
           and exists (${db.select({ id: users.id }).from(users).where(eq(users.id, 9))})
           and ${sql.identifier('t')}.y in ${[4, 5]} and z = ${null} and d = ${at}`,
  ],
  [
    'a raw statement with joined fragments',
    sql`select ${sql.join(
      ['a', 'b', 'c'].map((x) => sql`${x}`),
      sql`, `,
    )}, ${undefined} from ${roleBindings} where ${roleBindings.role} = ${'captain'}`,
  ],
];

describe('compileSql', () => {
  for (const [name, q] of cases) {
    it(`writes ${name} as Drizzle does`, () => {
      const fast = compileSql(q, dialect);
      expect(fast).toBeDefined();
      const slow = drizzles(q);
      expect(fast?.sql).toBe(slow.sql);
      expect(fast?.params).toStrictEqual(slow.params);
    });
  }

  it('numbers the parameters in order and maps dates and json as the columns do', () => {
    const fast = compileSql(cases[1]?.[1] as SQL, dialect);
    // Independent of Drizzle: the encoders' documented forms (ISO text for timestamptz, JSON text for jsonb).
    expect(fast?.params).toContain(at.toISOString());
    expect(fast?.params).toContain('{"a":[1,"二"],"b":null}');
    expect(fast?.sql.match(/\$\d+/g)).toEqual(fast?.params.map((_, i) => `$${i + 1}`));
  });

  it('leaves to Drizzle what it does not write itself', () => {
    const captains = alias(roleBindings, 'captains');
    expect(compileSql(sql`select ${sql.placeholder('id')}`, dialect)).toBeUndefined();
    expect(compileSql(sql`select 1 where x = ${'a'}`.inlineParams(), dialect)).toBeUndefined();
    expect(compileSql(sql`select ${sql`1`.as('one')}`, dialect)).toBeUndefined();
    const sub = db.select({ id: users.id }).from(users).as('sub');
    expect(compileSql(sql`select * from ${sub}`, dialect)).toBeUndefined();
    // An alias is a table: written by its alias, as Drizzle does.
    const q = sql`select ${captains.userId} from ${captains}`;
    expect(compileSql(q, dialect)?.sql).toBe(drizzles(q).sql);
  });
});
