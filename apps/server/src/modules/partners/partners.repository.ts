import { type SQL, sql } from 'drizzle-orm';
import {
  communityPairNotes,
  communityPairs,
  livelihoodProjects,
  partnerAgreements,
  projectMilestones,
  projectProgressReports,
} from '../../db/schema';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

const inList = (ids: readonly number[]) =>
  sql.join(
    ids.map((i) => sql`${i}`),
    sql`, `,
  );

const d = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string));
const dn = (v: unknown): Date | null => (v == null ? null : d(v));

export async function findUnit(db: Db, id: number) {
  const [r] = await rows<{ id: number; kind: string; path: string; streetId: number | null; name: string }>(
    db,
    sql`select id, kind, path, street_id as "streetId", name from org_units where id = ${id}`,
  );
  return r;
}

export interface AgreementListed {
  id: number;
  streetId: number;
  partnerOrgId: number;
  partnerName: string;
  partnerPath: string;
  scopeOrgUnitId: number;
  scopeName: string;
  scopePath: string;
  title: string;
  services: string;
  beneficiaries: string;
  categories: string[];
  startsOn: string;
  endsOn: string;
}

const agreementSelect = sql`select g.id, g.street_id as "streetId", g.partner_org_id as "partnerOrgId", p.name as "partnerName",
    p.path as "partnerPath", g.scope_org_unit_id as "scopeOrgUnitId", s.name as "scopeName", g.scope_path as "scopePath",
    g.title, g.services, g.beneficiaries, g.categories, g.starts_on::text as "startsOn", g.ends_on::text as "endsOn"
  from partner_agreements g join org_units p on p.id = g.partner_org_id join org_units s on s.id = g.scope_org_unit_id`;

export async function insertAgreement(db: Db, v: typeof partnerAgreements.$inferInsert): Promise<number> {
  const [r] = await db.insert(partnerAgreements).values(v).returning({ id: partnerAgreements.id });
  return r!.id;
}

/** Agreements serving under `scope` or signed by one of `partnerOrgIds`, newest first. */
export async function agreementsVisible(
  db: Db,
  scope: Scope,
  partnerOrgIds: readonly number[],
): Promise<AgreementListed[]> {
  const mine = partnerOrgIds.length ? sql`g.partner_org_id in (${inList(partnerOrgIds)})` : sql`false`;
  return listAgreements(db, sql`(${scope.where(sql`g.scope_path`)} or ${mine})`);
}

export async function findAgreement(db: Db, id: number): Promise<AgreementListed | undefined> {
  return (await listAgreements(db, sql`g.id = ${id}`))[0];
}

async function listAgreements(db: Db, where: SQL): Promise<AgreementListed[]> {
  return rows<AgreementListed>(db, sql`${agreementSelect} where ${where} order by g.id desc limit 500`);
}

export async function agreementsOf(db: Db, partnerOrgIds: readonly number[]): Promise<AgreementListed[]> {
  if (partnerOrgIds.length === 0) return [];
  return listAgreements(db, sql`g.partner_org_id in (${inList(partnerOrgIds)})`);
}

export interface ProjectListed {
  id: number;
  streetId: number;
  orgUnitId: number;
  orgUnitName: string;
  path: string;
  title: string;
  description: string;
  category: string;
  dueOn: string | null;
  status: 'published' | 'claimed' | 'submitted' | 'accepted';
  partnerOrgId: number | null;
  partnerName: string | null;
  agreementId: number | null;
  claimedAt: Date | null;
  submittedAt: Date | null;
  acceptedAt: Date | null;
  acceptanceNote: string | null;
  percent: number;
  averageRating: number | null;
  createdAt: Date;
}

const projectSelect = sql`select j.id, j.street_id as "streetId", j.org_unit_id as "orgUnitId", o.name as "orgUnitName", j.path,
    j.title, j.description, j.category, j.due_on::text as "dueOn", j.status, j.partner_org_id as "partnerOrgId",
    p.name as "partnerName", j.agreement_id as "agreementId", j.claimed_at as "claimedAt", j.submitted_at as "submittedAt",
    j.accepted_at as "acceptedAt", j.acceptance_note as "acceptanceNote", j.created_at as "createdAt",
    coalesce((select r.percent from project_progress_reports r where r.project_id = j.id order by r.id desc limit 1), 0)::int as percent,
    (select round(avg(f.rating), 2)::float8 from project_feedback f where f.project_id = j.id) as "averageRating"
  from livelihood_projects j join org_units o on o.id = j.org_unit_id left join org_units p on p.id = j.partner_org_id`;

const project = (r: ProjectListed): ProjectListed => ({
  ...r,
  claimedAt: dn(r.claimedAt),
  submittedAt: dn(r.submittedAt),
  acceptedAt: dn(r.acceptedAt),
  createdAt: d(r.createdAt),
});

export async function insertProject(db: Db, v: typeof livelihoodProjects.$inferInsert): Promise<number> {
  const [r] = await db.insert(livelihoodProjects).values(v).returning({ id: livelihoodProjects.id });
  return r!.id;
}

export async function findProject(db: Db, id: number): Promise<ProjectListed | undefined> {
  const [r] = await rows<ProjectListed>(db, sql`${projectSelect} where j.id = ${id}`);
  return r && project(r);
}

/** Who looks at projects: staff scope, the streets of their partner units, the paths of their other bindings. */
export interface ProjectViewer {
  scope: Scope;
  partnerStreets: readonly number[];
  bindingPaths: readonly string[];
}

/** Projects the viewer sees, optionally only those of one status or claimed by one of `partnerOrgIds`. */
export async function projectsVisible(
  db: Db,
  v: ProjectViewer,
  opts: { status?: string; partnerOrgIds?: readonly number[] } = {},
): Promise<ProjectListed[]> {
  const parts: SQL[] = [v.scope.where(sql`j.path`)];
  if (v.partnerStreets.length) parts.push(sql`j.street_id in (${inList(v.partnerStreets)})`);
  for (const p of v.bindingPaths) parts.push(sql`${p} like j.path || '%'`);
  const filters: SQL[] = [sql`(${sql.join(parts, sql` or `)})`];
  if (opts.status) filters.push(sql`j.status = ${opts.status}`);
  if (opts.partnerOrgIds) {
    filters.push(opts.partnerOrgIds.length ? sql`j.partner_org_id in (${inList(opts.partnerOrgIds)})` : sql`false`);
  }
  return listProjects(db, sql.join(filters, sql` and `));
}

async function listProjects(db: Db, where: SQL): Promise<ProjectListed[]> {
  const r = await rows<ProjectListed>(db, sql`${projectSelect} where ${where} order by j.id desc limit 500`);
  return r.map(project);
}

/** Claims a published project (compare-and-set on its status): of concurrent claims, one wins. */
export async function claim(
  db: Db,
  id: number,
  v: { partnerOrgId: number; agreementId: number; userId: number; at: Date },
): Promise<boolean> {
  const r = await rows(
    db,
    sql`update livelihood_projects set status = 'claimed', partner_org_id = ${v.partnerOrgId}, agreement_id = ${v.agreementId},
          claimed_by = ${v.userId}, claimed_at = ${v.at}
        where id = ${id} and status = 'published' returning id`,
  );
  return r.length > 0;
}

export async function moveStatus(
  db: Db,
  id: number,
  from: string,
  to: 'submitted' | 'accepted',
  v: { userId: number; at: Date; note?: string | null },
): Promise<boolean> {
  const set =
    to === 'submitted'
      ? sql`submitted_at = ${v.at}`
      : sql`accepted_at = ${v.at}, accepted_by = ${v.userId}, acceptance_note = ${v.note ?? null}`;
  const r = await rows(
    db,
    sql`update livelihood_projects set status = ${to}, ${set} where id = ${id} and status = ${from} returning id`,
  );
  return r.length > 0;
}

export async function insertMilestones(db: Db, v: (typeof projectMilestones.$inferInsert)[]): Promise<void> {
  if (v.length) await db.insert(projectMilestones).values(v);
}

export async function milestones(db: Db, projectId: number) {
  const r = await rows<{ id: number; title: string; dueOn: string | null; doneAt: Date | null }>(
    db,
    sql`select id, title, due_on::text as "dueOn", done_at as "doneAt" from project_milestones
        where project_id = ${projectId} order by coalesce(due_on, '9999-12-31'), id`,
  );
  return r.map((m) => ({ ...m, doneAt: dn(m.doneAt) }));
}

export async function findMilestone(db: Db, id: number) {
  const [r] = await rows<{ id: number; projectId: number; doneAt: Date | null }>(
    db,
    sql`select id, project_id as "projectId", done_at as "doneAt" from project_milestones where id = ${id}`,
  );
  return r;
}

export async function markMilestoneDone(db: Db, id: number, at: Date): Promise<boolean> {
  const r = await rows(
    db,
    sql`update project_milestones set done_at = ${at} where id = ${id} and done_at is null returning id`,
  );
  return r.length > 0;
}

export async function insertProgress(db: Db, v: typeof projectProgressReports.$inferInsert): Promise<number> {
  const [r] = await db.insert(projectProgressReports).values(v).returning({ id: projectProgressReports.id });
  return r!.id;
}

export async function progress(db: Db, projectId: number) {
  const r = await rows<{
    id: number;
    authorName: string;
    milestoneId: number | null;
    body: string;
    percent: number;
    photoIds: number[];
    createdAt: Date;
  }>(
    db,
    sql`select r.id, u.name as "authorName", r.milestone_id as "milestoneId", r.body, r.percent, r.photo_ids as "photoIds",
          r.created_at as "createdAt"
        from project_progress_reports r join users u on u.id = r.author_id where r.project_id = ${projectId} order by r.id`,
  );
  return r.map((x) => ({ ...x, photoIds: x.photoIds.map(Number), createdAt: d(x.createdAt) }));
}

/** The projects whose progress reports hold photo `photoId`. */
export async function projectsHoldingPhoto(db: Db, photoId: number): Promise<number[]> {
  const r = await rows<{ id: number }>(
    db,
    sql`select distinct project_id as id from project_progress_reports where photo_ids @> array[${photoId}]::bigint[]`,
  );
  return r.map((x) => x.id);
}

/** Feedback, once per person (unique index): false when they gave it before. */
export async function insertFeedback(
  db: Db,
  v: { projectId: number; userId: number; rating: number; comment: string | null; at: Date },
): Promise<boolean> {
  const r = await rows(
    db,
    sql`insert into project_feedback (project_id, user_id, rating, comment, created_at)
        values (${v.projectId}, ${v.userId}, ${v.rating}, ${v.comment}, ${v.at})
        on conflict (project_id, user_id) do nothing returning id`,
  );
  return r.length > 0;
}

export async function feedback(db: Db, projectId: number) {
  const r = await rows<{
    id: number;
    userId: number;
    userName: string;
    rating: number;
    comment: string | null;
    createdAt: Date;
  }>(
    db,
    sql`select f.id, f.user_id as "userId", u.name as "userName", f.rating, f.comment, f.created_at as "createdAt"
        from project_feedback f join users u on u.id = f.user_id where f.project_id = ${projectId} order by f.id`,
  );
  return r.map((x) => ({ ...x, createdAt: d(x.createdAt) }));
}

export interface PairListed {
  id: number;
  streetId: number;
  mentorCommunityId: number;
  mentorName: string;
  mentorPath: string;
  partnerCommunityId: number;
  partnerName: string;
  partnerPath: string;
  goals: string;
  secondedName: string | null;
  secondedRole: string | null;
  startsOn: string;
}

const pairSelect = sql`select c.id, c.street_id as "streetId", c.mentor_community_id as "mentorCommunityId", m.name as "mentorName",
    c.mentor_path as "mentorPath", c.partner_community_id as "partnerCommunityId", p.name as "partnerName",
    c.partner_path as "partnerPath", c.goals, c.seconded_name as "secondedName", c.seconded_role as "secondedRole",
    c.starts_on::text as "startsOn"
  from community_pairs c join org_units m on m.id = c.mentor_community_id join org_units p on p.id = c.partner_community_id`;

export async function insertPair(db: Db, v: typeof communityPairs.$inferInsert): Promise<number | undefined> {
  const [r] = await db.insert(communityPairs).values(v).onConflictDoNothing().returning({ id: communityPairs.id });
  return r?.id;
}

export async function findPair(db: Db, id: number): Promise<PairListed | undefined> {
  const [r] = await rows<PairListed>(db, sql`${pairSelect} where c.id = ${id}`);
  return r;
}

/** Pairings of which either community lies under `scope`. */
export async function pairsVisible(db: Db, scope: Scope): Promise<PairListed[]> {
  return rows<PairListed>(
    db,
    sql`${pairSelect} where (${scope.where(sql`c.mentor_path`)} or ${scope.where(sql`c.partner_path`)})
        order by c.id desc limit 500`,
  );
}

export async function insertPairNote(db: Db, v: typeof communityPairNotes.$inferInsert): Promise<void> {
  await db.insert(communityPairNotes).values(v);
}

export async function pairNotes(db: Db, pairIds: readonly number[]) {
  if (pairIds.length === 0) return [];
  const r = await rows<{
    id: number;
    pairId: number;
    kind: 'note' | 'visit';
    body: string;
    happenedOn: string;
    authorName: string;
    createdAt: Date;
  }>(
    db,
    sql`select n.id, n.pair_id as "pairId", n.kind, n.body, n.happened_on::text as "happenedOn", u.name as "authorName",
          n.created_at as "createdAt"
        from community_pair_notes n join users u on u.id = n.author_id
        where n.pair_id in (${inList(pairIds)}) order by n.happened_on desc, n.id desc`,
  );
  return r.map((x) => ({ ...x, createdAt: d(x.createdAt) }));
}
