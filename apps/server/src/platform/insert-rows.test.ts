import { type SQL, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../db/schema';
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

// A Drizzle instance with no connection: it only builds statements, the oracle for insertRows.
const db = drizzle.mock({ schema });
const dialect = (db as unknown as { dialect: PgDialect }).dialect;

const at = new Date('2026-12-04T08:30:00.000Z');
const report = {
  id: 41,
  streetId: 3,
  buildingId: 6,
  path: '/1/2/3/4/5/6/',
  categoryId: 7,
  description: '楼道灯坏了 "quoted" \'single\'',
  location: null,
  channel: 'app',
  status: 'submitted',
  level: 1,
  peakLevel: 1,
  handlerOrgUnitId: 6,
  departmentId: null,
  version: 1,
  reporterUserId: 9,
  reporterName: '王阿姨',
  reporterPhoneEnc: 'v1:abc',
  reporterPhoneHash: 'h',
  createdByUserId: 9,
  externalId: null,
  mergedIntoId: null,
  followerCount: 1,
  levelEnteredAt: at,
  dueAt: new Date(at.getTime() + 3_600_000),
  isOverdue: false,
  acceptedAt: null,
  firstAnsweredAt: null,
  resolvedAt: null,
  closedAt: null,
  rating: null,
  createdAt: at,
  updatedAt: at,
};

/** Each case: insertRows' statement and the one Drizzle's builder writes for the same rows. */
const cases: [string, SQL, SQL][] = [
  [
    'a report, every column kind, overriding the identity',
    insertRows(reports, [report], { overridingSystemValue: true }),
    db.insert(reports).overridingSystemValue().values(report).getSQL(),
  ],
  [
    'an event with an array, json and columns left to their default',
    insertRows(reportEvents, [
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
    ]),
    db
      .insert(reportEvents)
      .values({
        reportId: 41,
        streetId: 3,
        version: 1,
        type: 'submitted',
        toStatus: 'submitted',
        toLevel: 1,
        photoIds: [5, 6],
        detail: { channel: 'app' },
        at,
      })
      .getSQL(),
  ],
  [
    'several rows, some keys missing from some rows',
    insertRows(reportFollowers, [
      { reportId: 41, userId: 9, streetId: 3, kind: 'reporter', createdAt: at },
      { reportId: 41, userId: 10, streetId: 3, kind: 'joined', createdAt: at },
    ]),
    db
      .insert(reportFollowers)
      .values([
        { reportId: 41, userId: 9, streetId: 3, kind: 'reporter', createdAt: at },
        { reportId: 41, userId: 10, streetId: 3, kind: 'joined', createdAt: at },
      ])
      .getSQL(),
  ],
  [
    'SQL values and on conflict do nothing',
    insertRows(
      idempotencyKeys,
      [
        {
          userId: 9,
          key: 'k-1',
          requestHash: 'abc',
          statusCode: 200,
          response: sql`${'{"a":1}'}::jsonb`,
          createdAt: at,
        },
      ],
      { onConflictDoNothing: true },
    ),
    db
      .insert(idempotencyKeys)
      .values({
        userId: 9,
        key: 'k-1',
        requestHash: 'abc',
        statusCode: 200,
        response: sql`${'{"a":1}'}::jsonb`,
        createdAt: at,
      })
      .onConflictDoNothing()
      .getSQL(),
  ],
  [
    'an audit row with a default column left out',
    insertRows(auditLog, [
      {
        streetId: 3,
        actorUserId: 9,
        action: 'report.create',
        objectType: 'report',
        objectId: '41',
        ip: null,
        detail: { a: [1, '二'] },
        at,
      },
    ]),
    db
      .insert(auditLog)
      .values({
        streetId: 3,
        actorUserId: 9,
        action: 'report.create',
        objectType: 'report',
        objectId: '41',
        ip: null,
        detail: { a: [1, '二'] },
        at,
      })
      .getSQL(),
  ],
  [
    'notifications, outbox, a submission and its photos',
    sql`${insertRows(notifications, [{ userId: 9, streetId: 3, kind: 'report', titleZh: '新', titleEn: 'New', body: null, objectType: 'report', objectId: 41, sourceKey: 's', createdAt: at }], { onConflictDoNothing: true })};
        ${insertRows(notificationOutbox, [{ channel: 'sms', userId: 9, sourceKey: 's', payload: sql`${'{}'}::jsonb`, createdAt: at }], { onConflictDoNothing: true })};
        ${insertRows(choreSubmissions, [{ id: 5, streetId: 3, taskId: 8, submitterUserId: 9, note: null, doneAt: at, status: 'pending', duplicateFlags: [], createdAt: at }], { overridingSystemValue: true })};
        ${insertRows(choreSubmissionPhotos, [{ submissionId: 5, photoId: 2, kind: 'after', position: 0, streetId: 3 }])}`,
    sql`${db.insert(notifications).values({ userId: 9, streetId: 3, kind: 'report', titleZh: '新', titleEn: 'New', body: null, objectType: 'report', objectId: 41, sourceKey: 's', createdAt: at }).onConflictDoNothing().getSQL()};
        ${db
          .insert(notificationOutbox)
          .values({ channel: 'sms', userId: 9, sourceKey: 's', payload: sql`${'{}'}::jsonb`, createdAt: at })
          .onConflictDoNothing()
          .getSQL()};
        ${db.insert(choreSubmissions).overridingSystemValue().values({ id: 5, streetId: 3, taskId: 8, submitterUserId: 9, note: null, doneAt: at, status: 'pending', duplicateFlags: [], createdAt: at }).getSQL()};
        ${db.insert(choreSubmissionPhotos).values({ submissionId: 5, photoId: 2, kind: 'after', position: 0, streetId: 3 }).getSQL()}`,
  ],
];

describe('insertRows', () => {
  for (const [name, fast, drizzles] of cases) {
    it(`writes ${name} as Drizzle's insert does`, () => {
      const want = dialect.sqlToQuery(drizzles);
      // Both compilers, so the hot path (compileSql) and Drizzle's fallback agree on it.
      expect(dialect.sqlToQuery(fast)).toStrictEqual(want);
      const compiled = compileSql(fast, dialect);
      expect(compiled?.sql).toBe(want.sql);
      expect(compiled?.params).toStrictEqual(want.params);
    });
  }

  it('writes the values in the table column order with the encoders the columns document', () => {
    const q = compileSql(insertRows(auditLog, [{ action: 'a', objectType: 'b', detail: { x: 1 }, at }]), dialect);
    // Independent of Drizzle: the audit_log columns in their schema order, identity left out.
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
