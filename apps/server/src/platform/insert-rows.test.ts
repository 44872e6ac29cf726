import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { at, mockDb as db, dialect, reportRow } from '../../test/statement-builder';
import {
  auditLog,
  choreSubmissionPhotos,
  choreSubmissions,
  idempotencyKeys,
  notificationOutbox,
  notifications,
  reportEvents,
  reportFollowers,
  reports,
} from '../db/schema';
import { insertRows } from './insert-rows';
import { compileSql } from './sql-text';

type Opts = { overridingSystemValue?: boolean; onConflictDoNothing?: boolean };

/** Each case: a table, rows and options, written by insertRows and by Drizzle's builder (the oracle). */
const cases: [string, PgTable, Record<string, unknown>[], Opts][] = [
  [
    'a report, every column kind, overriding the identity',
    reports,
    [{ ...reportRow, dueAt: at }],
    { overridingSystemValue: true },
  ],
  [
    'an event with an array, json and columns left to their default',
    reportEvents,
    [
      {
        reportId: 41,
        streetId: 3,
        version: 1,
        type: 'submitted',
        toStatus: 'submitted',
        toLevel: 1,
        photoIds: [5, 6],
        detail: { channel: 'app' },
        at,
      },
    ],
    {},
  ],
  [
    'several rows',
    reportFollowers,
    [
      { reportId: 41, userId: 9, streetId: 3, kind: 'reporter', createdAt: at },
      { reportId: 41, userId: 10, streetId: 3, kind: 'joined', createdAt: at },
    ],
    {},
  ],
  [
    'an SQL value, on conflict do nothing',
    idempotencyKeys,
    [{ userId: 9, key: 'k-1', requestHash: 'abc', statusCode: 200, response: sql`${'{"a":1}'}::jsonb`, createdAt: at }],
    { onConflictDoNothing: true },
  ],
  [
    'an audit row, a default column left out',
    auditLog,
    [
      {
        streetId: 3,
        action: 'report.create',
        objectType: 'report',
        objectId: '41',
        ip: null,
        detail: { a: [1, '二'] },
        at,
      },
    ],
    {},
  ],
  [
    'a notification',
    notifications,
    [
      {
        userId: 9,
        streetId: 3,
        kind: 'report',
        titleZh: '新',
        titleEn: 'New',
        body: null,
        objectType: 'report',
        objectId: 41,
        sourceKey: 's',
        createdAt: at,
      },
    ],
    { onConflictDoNothing: true },
  ],
  [
    'an outbox row',
    notificationOutbox,
    [{ channel: 'sms', userId: 9, sourceKey: 's', payload: sql`${'{}'}::jsonb`, createdAt: at }],
    {},
  ],
  [
    'a submission',
    choreSubmissions,
    [
      {
        id: 5,
        streetId: 3,
        taskId: 8,
        submitterUserId: 9,
        note: null,
        doneAt: at,
        status: 'pending',
        duplicateFlags: [],
        createdAt: at,
      },
    ],
    { overridingSystemValue: true },
  ],
  ['its photos', choreSubmissionPhotos, [{ submissionId: 5, photoId: 2, kind: 'after', position: 0, streetId: 3 }], {}],
];

function drizzles(table: PgTable, rows: Record<string, unknown>[], opts: Opts) {
  const start = opts.overridingSystemValue ? db.insert(table).overridingSystemValue() : db.insert(table);
  const values = start.values(rows as never);
  return (opts.onConflictDoNothing ? values.onConflictDoNothing() : values).getSQL();
}

describe('insertRows', () => {
  for (const [name, table, rows, opts] of cases) {
    it(`writes ${name} as Drizzle's insert does`, () => {
      const fast = insertRows(table, rows as never, opts);
      const want = dialect.sqlToQuery(drizzles(table, rows, opts));
      // Both compilers, so the hot path (compileSql) and Drizzle's fallback agree on it.
      expect(dialect.sqlToQuery(fast)).toStrictEqual(want);
      const compiled = compileSql(fast, dialect);
      expect(compiled?.sql).toBe(want.sql);
      expect(compiled?.params).toStrictEqual(want.params);
    });
  }

  it('writes the values in the table column order with the encoders the columns document', () => {
    const q = compileSql(insertRows(auditLog, [{ action: 'a', objectType: 'b', detail: { x: 1 }, at }]), dialect);
    // Independent of Drizzle: the audit_log columns in their schema order, the identity as default.
    expect(q?.sql).toBe(
      'insert into "audit_log" ("id", "street_id", "actor_user_id", "action", "object_type", "object_id", "result", "ip", "detail", "at") ' +
        'values (default, default, default, $1, $2, default, default, default, $3, $4)',
    );
    expect(q?.params).toStrictEqual(['a', 'b', '{"x":1}', at.toISOString()]);
  });

  it('refuses an empty insert, as Drizzle does', () => {
    expect(() => insertRows(auditLog, [])).toThrow();
  });
});
