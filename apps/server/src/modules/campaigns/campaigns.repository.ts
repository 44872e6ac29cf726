import { type SQL, sql } from 'drizzle-orm';
import { campaignDepartments, campaignSites, campaigns } from '../../db/schema';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export type CampaignRow = typeof campaigns.$inferSelect;
export type SiteRow = typeof campaignSites.$inferSelect;

/** Who is looking: their jurisdiction, patrol bindings inside campaigns' scopes, and departments. */
export interface Viewer {
  scope: Scope;
  inner: readonly string[];
  departmentIds: readonly number[];
}

/** The campaign `c` is visible to `v`: in their jurisdiction, around one of their patrol bindings, or theirs as a department. */
function visible(v: Viewer): SQL {
  const parts: SQL[] = [v.scope.where(sql`c.scope_path`)];
  for (const p of v.inner) parts.push(sql`${p} like c.scope_path || '%'`);
  if (v.departmentIds.length > 0) {
    parts.push(
      sql`exists (select 1 from campaign_departments cd where cd.campaign_id = c.id and cd.department_id in (${sql.join(
        v.departmentIds.map((d) => sql`${d}`),
        sql`, `,
      )}))`,
    );
  }
  return sql`(${sql.join(parts, sql` or `)})`;
}

export async function findUnit(db: Db, id: number) {
  const [r] = await rows<{ id: number; kind: string; path: string; streetId: number | null; name: string }>(
    db,
    sql`select id, kind, path, street_id as "streetId", name from org_units where id = ${id}`,
  );
  return r;
}

/** Of `ids`, the departments under a district whose subtree holds `path` (they serve it). */
export async function departmentsServing(db: Db, ids: readonly number[], path: string) {
  if (ids.length === 0) return [];
  return rows<{ id: number; name: string }>(
    db,
    sql`select d.id, d.name from org_units d join org_units p on p.id = d.parent_id
        where d.kind = 'department' and p.kind = 'district' and ${path} like p.path || '%'
          and d.id in (${sql.join(
            ids.map((i) => sql`${i}`),
            sql`, `,
          )})`,
  );
}

export async function insertCampaign(db: Db, v: typeof campaigns.$inferInsert): Promise<CampaignRow> {
  const [row] = await db.insert(campaigns).values(v).returning();
  return row!;
}

export async function insertDepartments(db: Db, v: (typeof campaignDepartments.$inferInsert)[]): Promise<void> {
  await db.insert(campaignDepartments).values(v);
}

export interface CampaignListed extends Omit<CampaignRow, 'createdAt'> {
  createdAt: Date;
  scopeName: string;
  createdByName: string;
}

const tallyCols = (alias: string) =>
  sql.raw(`count(${alias}.id)::int as logged,
  count(${alias}.id) filter (where ${alias}.status = 'cleared')::int as cleared,
  count(${alias}.id) filter (where ${alias}.status = 'not_clearable')::int as "notClearable",
  count(${alias}.id) filter (where ${alias}.status in ('open','assigned','accepted'))::int as open,
  count(${alias}.id) filter (where ${alias}.reappeared_of_id is not null)::int as reappeared`);

export interface Tally {
  logged: number;
  cleared: number;
  notClearable: number;
  open: number;
  reappeared: number;
}

/** Campaigns `v` may see, newest first (or the one with `id`), with their totals. */
export async function listVisible(db: Db, v: Viewer, id?: number): Promise<(CampaignListed & Tally)[]> {
  const r = await rows<CampaignListed & Tally & { createdAt: Date | string }>(
    db,
    sql`select c.id, c.street_id as "streetId", c.scope_org_unit_id as "scopeOrgUnitId", c.scope_path as "scopePath",
          c.title, to_char(c.starts_on, 'YYYY-MM-DD') as "startsOn", to_char(c.ends_on, 'YYYY-MM-DD') as "endsOn",
          c.problem_types as "problemTypes", c.note, c.created_by as "createdBy", c.created_at as "createdAt",
          o.name as "scopeName", u.name as "createdByName", ${tallyCols('s')}
        from campaigns c
        join org_units o on o.id = c.scope_org_unit_id
        join users u on u.id = c.created_by
        left join campaign_sites s on s.campaign_id = c.id
        where ${visible(v)} ${id === undefined ? sql`` : sql`and c.id = ${id}`}
        group by c.id, o.name, u.name
        order by c.starts_on desc, c.id desc
        limit 200`,
  );
  return r.map((x) => ({ ...x, createdAt: new Date(x.createdAt) }));
}

export async function departmentsOfCampaigns(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return rows<{ campaignId: number; id: number; name: string; isLead: boolean }>(
    db,
    sql`select cd.campaign_id as "campaignId", d.id, d.name, cd.is_lead as "isLead"
        from campaign_departments cd join org_units d on d.id = cd.department_id
        where cd.campaign_id in (${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )})
        order by cd.is_lead desc, d.name`,
  );
}

/** Sites by problem type and by place, and the totals, counted from the site rows themselves. */
export async function tallyByType(db: Db, campaignId: number) {
  return rows<Tally & { type: string }>(
    db,
    sql`select s.problem_type as type, ${tallyCols('s')} from campaign_sites s
        where s.campaign_id = ${campaignId} group by s.problem_type order by s.problem_type`,
  );
}

export async function tallyByPlace(db: Db, campaignId: number) {
  return rows<Tally & { placeOrgUnitId: number; placeName: string }>(
    db,
    sql`select s.place_org_unit_id as "placeOrgUnitId", o.name as "placeName", ${tallyCols('s')}
        from campaign_sites s join org_units o on o.id = s.place_org_unit_id
        where s.campaign_id = ${campaignId} group by s.place_org_unit_id, o.name order by logged desc, o.name limit 500`,
  );
}

export async function insertSite(db: Db, v: typeof campaignSites.$inferInsert): Promise<SiteRow> {
  const [row] = await db.insert(campaignSites).values(v).returning();
  return row!;
}

/** The latest site cleared at `placeOrgUnitId` with `problemType` (any campaign of the street): a new one there has reappeared. */
export async function lastCleared(db: Db, placeOrgUnitId: number, problemType: string): Promise<number | null> {
  const [r] = await rows<{ id: number }>(
    db,
    sql`select id from campaign_sites where place_org_unit_id = ${placeOrgUnitId} and problem_type = ${problemType}
          and status = 'cleared' order by closed_at desc, id desc limit 1`,
  );
  return r?.id ?? null;
}

export interface SiteListed {
  id: number;
  campaignId: number;
  campaignTitle: string;
  campaignScopePath: string;
  streetId: number;
  problemType: string;
  placeOrgUnitId: number;
  placeName: string;
  placeText: string | null;
  path: string;
  note: string | null;
  photoId: number;
  afterPhotoId: number | null;
  status: string;
  version: number;
  loggedByName: string;
  loggedAt: Date;
  assignedDepartmentId: number | null;
  assignedDepartmentName: string | null;
  assignedUserId: number | null;
  assignedUserName: string | null;
  acceptedAt: Date | null;
  closedAt: Date | null;
  closeNote: string | null;
  reappearedOfId: number | null;
  loggedByUserId: number;
}

const siteCols = sql`s.id, s.campaign_id as "campaignId", c.title as "campaignTitle", c.scope_path as "campaignScopePath",
  s.street_id as "streetId", s.problem_type as "problemType", s.place_org_unit_id as "placeOrgUnitId", o.name as "placeName",
  s.place_text as "placeText", s.path, s.note, s.photo_id as "photoId", s.after_photo_id as "afterPhotoId", s.status, s.version,
  lu.name as "loggedByName", s.logged_by as "loggedByUserId", s.logged_at as "loggedAt",
  s.assigned_department_id as "assignedDepartmentId", d.name as "assignedDepartmentName",
  s.assigned_user_id as "assignedUserId", au.name as "assignedUserName", s.accepted_at as "acceptedAt",
  s.closed_at as "closedAt", s.close_note as "closeNote", s.reappeared_of_id as "reappearedOfId"`;

const siteFrom = sql`from campaign_sites s
  join campaigns c on c.id = s.campaign_id
  join org_units o on o.id = s.place_org_unit_id
  join users lu on lu.id = s.logged_by
  left join org_units d on d.id = s.assigned_department_id
  left join users au on au.id = s.assigned_user_id`;

type RawSite = Omit<SiteListed, 'loggedAt' | 'acceptedAt' | 'closedAt'> & {
  loggedAt: Date | string;
  acceptedAt: Date | string | null;
  closedAt: Date | string | null;
};
const when = (d: Date | string | null) => (d === null ? null : new Date(d));
const normSite = (r: RawSite): SiteListed => ({
  ...r,
  loggedAt: new Date(r.loggedAt),
  acceptedAt: when(r.acceptedAt),
  closedAt: when(r.closedAt),
});

/** Sites of campaigns `v` may see, filtered; newest first. */
export async function listSites(
  db: Db,
  v: Viewer,
  f: {
    campaignId?: number;
    id?: number;
    status?: string;
    problemType?: string;
    assignedTo?: { userId: number; departmentIds: readonly number[] };
    limit?: number;
  },
): Promise<SiteListed[]> {
  const conds: SQL[] = [visible(v)];
  if (f.campaignId !== undefined) conds.push(sql`s.campaign_id = ${f.campaignId}`);
  if (f.id !== undefined) conds.push(sql`s.id = ${f.id}`);
  if (f.status !== undefined) conds.push(sql`s.status = ${f.status}`);
  if (f.problemType !== undefined) conds.push(sql`s.problem_type = ${f.problemType}`);
  if (f.assignedTo) {
    const mine: SQL[] = [sql`s.assigned_user_id = ${f.assignedTo.userId}`];
    if (f.assignedTo.departmentIds.length > 0) {
      mine.push(
        sql`s.assigned_department_id in (${sql.join(
          f.assignedTo.departmentIds.map((d) => sql`${d}`),
          sql`, `,
        )})`,
      );
    }
    conds.push(sql`(${sql.join(mine, sql` or `)})`);
  }
  const r = await rows<RawSite>(
    db,
    sql`select ${siteCols} ${siteFrom} where ${sql.join(conds, sql` and `)}
        order by s.id desc limit ${f.limit ?? 2000}`,
  );
  return r.map(normSite);
}

/** One site by id, whoever asks (the service checks who may act on it). */
export async function findSite(db: Db, id: number): Promise<SiteListed | undefined> {
  const [r] = await rows<RawSite>(db, sql`select ${siteCols} ${siteFrom} where s.id = ${id}`);
  return r ? normSite(r) : undefined;
}

export async function campaignDepartmentIds(db: Db, campaignId: number): Promise<number[]> {
  const r = await rows<{ id: number }>(
    db,
    sql`select department_id as id from campaign_departments where campaign_id = ${campaignId}`,
  );
  return r.map((x) => x.id);
}

/** Moves a site from `version` with `set`; false when someone else moved it first (compare-and-set). */
export async function updateSite(db: Db, id: number, version: number, set: Partial<typeof campaignSites.$inferInsert>) {
  const r = await db
    .update(campaignSites)
    .set({ ...set, version: version + 1 })
    .where(sql`${campaignSites.id} = ${id} and ${campaignSites.version} = ${version}`)
    .returning({ id: campaignSites.id });
  return r.length === 1;
}

/** Users holding one of `roles` at one of `unitIds`. */
export async function usersBoundAt(db: Db, roles: readonly string[], unitIds: readonly number[]): Promise<number[]> {
  if (unitIds.length === 0) return [];
  const r = await rows<{ id: number }>(
    db,
    sql`select distinct rb.user_id as id from role_bindings rb join users u on u.id = rb.user_id
        where u.disabled_at is null and rb.role in (${sql.join(
          roles.map((x) => sql`${x}`),
          sql`, `,
        )}) and rb.org_unit_id in (${sql.join(
          unitIds.map((x) => sql`${x}`),
          sql`, `,
        )})`,
  );
  return r.map((x) => x.id);
}

/** People whose binding of one of `roles` covers `path` (the site): whom a site may be assigned to. */
export async function peopleOver(db: Db, roles: readonly string[], path: string) {
  return rows<{ userId: number; name: string; role: string }>(
    db,
    sql`select distinct on (u.id) u.id as "userId", u.name, rb.role
        from role_bindings rb join org_units o on o.id = rb.org_unit_id join users u on u.id = rb.user_id
        where u.disabled_at is null and rb.role in (${sql.join(
          roles.map((x) => sql`${x}`),
          sql`, `,
        )}) and ${path} like o.path || '%'
        order by u.id, rb.role
        limit 200`,
  );
}

/** Campaign sites holding photo `photoId`, before or after. */
export async function sitesHoldingPhoto(db: Db, photoId: number): Promise<number[]> {
  const r = await rows<{ id: number }>(
    db,
    sql`select id from campaign_sites where photo_id = ${photoId} or after_photo_id = ${photoId} limit 20`,
  );
  return r.map((x) => x.id);
}

/** Buildings and places under `scopePath` (matching `q`), those under one of `mine` first, by name. */
export async function placesUnder(db: Db, scopePath: string, mine: readonly string[], q: string | undefined) {
  const own =
    mine.length === 0
      ? sql`false`
      : sql`(${sql.join(
          mine.map((p) => sql`o.path like ${`${p}%`}`),
          sql` or `,
        )})`;
  return rows<{ id: number; name: string; kind: 'building' | 'place' }>(
    db,
    sql`select o.id, o.name, o.kind from org_units o
        where o.kind in ('building','place') and o.path like ${`${scopePath}%`}
          ${q ? sql`and strpos(o.name, ${q}) > 0` : sql``}
        order by ${own} desc, (o.kind = 'place') desc, o.name, o.id
        limit 300`,
  );
}
