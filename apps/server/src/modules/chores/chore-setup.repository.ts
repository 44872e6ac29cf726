import { and, asc, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { chorePublications, choreStreetSettings, choreTemplates, orgUnits } from '../../db/schema';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

/** Chore setup: templates, publications (and the tasks they generate), street settings, org units. */

export type TemplateRow = typeof choreTemplates.$inferSelect;
export type PublicationRow = typeof chorePublications.$inferSelect;

// ---- templates -------------------------------------------------------------------------------

const streets = alias(orgUnits, 'street');

/** Templates of streets whose path `scope` covers, or of the given street ids. */
export async function listTemplates(db: Db, scope: Scope, streetIds: number[], includeArchived: boolean) {
  const visible =
    streetIds.length > 0
      ? sql`(${scope.where(streets.path)} or ${inArray(choreTemplates.streetId, streetIds)})`
      : scope.where(streets.path);
  return db
    .select({ t: choreTemplates })
    .from(choreTemplates)
    .innerJoin(streets, eq(streets.id, choreTemplates.streetId))
    .where(and(visible, includeArchived ? undefined : isNull(choreTemplates.archivedAt)))
    .orderBy(asc(choreTemplates.streetId), asc(choreTemplates.id))
    .then((rs) => rs.map((r) => r.t));
}

export async function findTemplateWithStreetPath(db: Db, id: number) {
  const [row] = await db
    .select({ t: choreTemplates, streetPath: streets.path })
    .from(choreTemplates)
    .innerJoin(streets, eq(streets.id, choreTemplates.streetId))
    .where(eq(choreTemplates.id, id));
  return row;
}

export async function insertTemplate(db: Db, v: typeof choreTemplates.$inferInsert): Promise<TemplateRow> {
  const [row] = await db.insert(choreTemplates).values(v).returning();
  return row as TemplateRow;
}

export async function updateTemplate(db: Db, id: number, v: Partial<typeof choreTemplates.$inferInsert>) {
  const [row] = await db.update(choreTemplates).set(v).where(eq(choreTemplates.id, id)).returning();
  return row as TemplateRow;
}

export async function templateNameTaken(db: Db, streetId: number, name: string, exceptId?: number) {
  const [row] = await db
    .select({ id: choreTemplates.id })
    .from(choreTemplates)
    .where(
      and(
        eq(choreTemplates.streetId, streetId),
        eq(choreTemplates.name, name),
        exceptId ? ne(choreTemplates.id, exceptId) : undefined,
      ),
    );
  return row !== undefined;
}

// ---- publications ----------------------------------------------------------------------------

export async function insertPublication(db: Db, v: typeof chorePublications.$inferInsert): Promise<PublicationRow> {
  const [row] = await db.insert(chorePublications).values(v).returning();
  return row as PublicationRow;
}

export async function listPublications(db: Db, scope: Scope) {
  return db
    .select({
      p: chorePublications,
      templateName: choreTemplates.name,
      orgUnitName: orgUnits.name,
      tasksCreated: sql<number>`(select count(*)::int from chore_tasks ct where ct.publication_id = ${chorePublications.id})`,
    })
    .from(chorePublications)
    .innerJoin(choreTemplates, eq(choreTemplates.id, chorePublications.templateId))
    .innerJoin(orgUnits, eq(orgUnits.id, chorePublications.orgUnitId))
    .where(scope.where(chorePublications.orgPath))
    .orderBy(desc(chorePublications.id))
    .limit(500);
}

export async function findPublicationInScope(db: Db, scope: Scope, id: number) {
  const [row] = await db
    .select()
    .from(chorePublications)
    .where(and(eq(chorePublications.id, id), scope.where(chorePublications.orgPath)));
  return row;
}

export async function cancelPublication(db: Db, id: number, at: Date) {
  return db
    .update(chorePublications)
    .set({ cancelledAt: at })
    .where(and(eq(chorePublications.id, id), isNull(chorePublications.cancelledAt)))
    .returning({ id: chorePublications.id });
}

/** Publications that may have a current occurrence on `today` (Shanghai day). */
export async function activePublications(db: Db, today: string) {
  return db
    .select()
    .from(chorePublications)
    .where(
      and(
        isNull(chorePublications.cancelledAt),
        sql`${chorePublications.startsOn} <= ${today}`,
        sql`(${chorePublications.endsOn} is null or ${chorePublications.endsOn} >= ${today}::date - 7)`,
      ),
    )
    .orderBy(asc(chorePublications.id));
}

/**
 * One task per building under the publication's unit for `occurrence`. The unique key makes this a
 * no-op for buildings that already have theirs, so any number of runs, on any number of instances,
 * create each task once.
 */
export async function generateTasks(
  db: Db,
  p: Pick<PublicationRow, 'id' | 'streetId' | 'templateId' | 'orgPath'>,
  occurrence: string,
  dueAt: Date,
  now: Date,
): Promise<number> {
  const created = await rows<{ id: number }>(
    db,
    sql`insert into chore_tasks (street_id, publication_id, template_id, building_id, building_path, occurrence, due_at, status, created_at)
        select ${p.streetId}, ${p.id}, ${p.templateId}, b.id, b.path, ${occurrence}::date, ${dueAt.toISOString()}::timestamptz, 'open', ${now.toISOString()}::timestamptz
          from org_units b
         where b.kind = 'building' and b.path like ${`${p.orgPath}%`}
        on conflict (publication_id, building_id, occurrence) do nothing
        returning id`,
  );
  return created.length;
}
// ---- settings --------------------------------------------------------------------------------

export async function delegatingStreets(db: Db, streetIds: number[]): Promise<Set<number>> {
  if (streetIds.length === 0) return new Set();
  const rs = await db
    .select({ streetId: choreStreetSettings.streetId })
    .from(choreStreetSettings)
    .where(and(inArray(choreStreetSettings.streetId, streetIds), eq(choreStreetSettings.communityMayReview, true)));
  return new Set(rs.map((r) => r.streetId));
}

export async function getSettings(db: Db, streetId: number) {
  const [row] = await db.select().from(choreStreetSettings).where(eq(choreStreetSettings.streetId, streetId));
  return row;
}

export async function upsertSettings(db: Db, streetId: number, communityMayReview: boolean, at: Date) {
  await db
    .insert(choreStreetSettings)
    .values({ streetId, communityMayReview, updatedAt: at })
    .onConflictDoUpdate({ target: choreStreetSettings.streetId, set: { communityMayReview, updatedAt: at } });
}

export async function findOrgUnit(db: Db, scope: Scope, id: number) {
  const [row] = await db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.id, id), scope.where(orgUnits.path)));
  return row;
}

export async function findOrgUnitById(db: Db, id: number) {
  const [row] = await db.select().from(orgUnits).where(eq(orgUnits.id, id));
  return row;
}
