import { drizzle } from 'drizzle-orm/node-postgres';
import type { PgDialect } from 'drizzle-orm/pg-core';
import * as schema from '../src/db/schema';

/** A Drizzle instance with no connection, and its dialect: they only build statements, for comparing texts. */
export const mockDb = drizzle.mock({ schema });
export const dialect = (mockDb as unknown as { dialect: PgDialect }).dialect;

export const at = new Date('2026-12-04T08:30:00.000Z');

/** A report row with every column kind (text with quotes, nulls, numbers, booleans, timestamps). */
export const reportRow = {
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
  followerCount: 0,
  levelEnteredAt: at,
  dueAt: null,
  isOverdue: false,
  acceptedAt: null,
  firstAnsweredAt: null,
  resolvedAt: null,
  closedAt: null,
  rating: null,
  createdAt: at,
  updatedAt: at,
};
