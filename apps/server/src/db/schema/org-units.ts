import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * The org tree (docs/rules.md#domain). `path` is the materialised path of ids, '/1/4/17/', so a subtree is
 * `path LIKE '/1/4/%'` on a text_pattern_ops index. `street_id` is the tenant key (docs/rules.md#scale);
 * units above a street (city, district, departments) have none.
 */
export const orgUnits = pgTable(
  'org_units',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    parentId: bigint('parent_id', { mode: 'number' }).references((): AnyPgColumn => orgUnits.id),
    streetId: bigint('street_id', { mode: 'number' }),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    management: text('management'),
    address: text('address'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('org_units_path_uq').using('btree', t.path.op('text_pattern_ops')),
    uniqueIndex('org_units_parent_name_uq').on(t.parentId, t.name),
    index('org_units_street_idx').on(t.streetId),
    index('org_units_name_idx').on(t.name),
    check(
      'org_units_kind_ck',
      sql`${t.kind} in ('city','district','street','community','micro_community','grid','estate','building','unit','department','partner_org','place')`,
    ),
    check(
      'org_units_management_ck',
      sql`${t.management} is null or ${t.management} in ('managed','self_managed','unmanaged','standalone')`,
    ),
  ],
);
