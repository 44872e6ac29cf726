import { type SQL, sql } from 'drizzle-orm';
import { proposalComments, proposalRoll, proposals } from '../../db/schema';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export type ProposalRow = typeof proposals.$inferSelect;

/** Who is looking: their jurisdiction, bindings inside proposals' scopes (residents, captains), and themselves as voters. */
export interface Viewer {
  scope: Scope;
  inner: readonly string[];
  userId: number;
}

const ids = (xs: readonly number[]) =>
  sql.join(
    xs.map((x) => sql`${x}`),
    sql`, `,
  );

/** The caller's households: residents linked to their account, or registered with their phone (an absentee owner signed in by SMS). */
const mine = (userId: number, hid: SQL) => sql`exists (
  select 1 from residents r
  where r.household_id = ${hid}
    and (r.user_id = ${userId} or r.phone_hash = (select u.phone_hash from users u where u.id = ${userId})))`;

function visible(v: Viewer): SQL {
  const parts: SQL[] = [v.scope.where(sql`p.scope_path`)];
  for (const path of v.inner) parts.push(sql`${path} like p.scope_path || '%'`);
  parts.push(
    sql`exists (select 1 from proposal_roll pr where pr.proposal_id = p.id and ${mine(v.userId, sql`pr.household_id`)})`,
  );
  return sql`(${sql.join(parts, sql` or `)})`;
}

export async function findUnit(db: Db, id: number) {
  const [r] = await rows<{ id: number; kind: string; path: string; streetId: number | null; name: string }>(
    db,
    sql`select id, kind, path, street_id as "streetId", name from org_units where id = ${id}`,
  );
  return r;
}

/** Households under `path` with their registered area in hundredths of m² (exact: numeric(9,2) × 100). */
export async function householdsUnder(db: Db, path: string) {
  return rows<{ id: number; areaCm2: number | null; ownerKey: string | null }>(
    db,
    sql`select id, (floor_area * 100)::int as "areaCm2", owner_key as "ownerKey"
        from households where path like ${`${path}%`} order by id`,
  );
}

export async function insertProposal(db: Db, v: typeof proposals.$inferInsert): Promise<ProposalRow> {
  const [row] = await db.insert(proposals).values(v).returning();
  return row!;
}

export async function insertRoll(db: Db, v: (typeof proposalRoll.$inferInsert)[]): Promise<void> {
  await db.insert(proposalRoll).values(v);
}

export interface ProposalListed extends ProposalRow {
  scopeName: string;
  createdByName: string;
  commentCount: number;
}

export async function listVisible(db: Db, v: Viewer, id?: number, lock?: 'update' | 'share') {
  const lockSql = lock === 'update' ? sql` for update of p` : lock === 'share' ? sql` for share of p` : sql``;
  const found = await rows<ProposalListed>(
    db,
    sql`select p.id, p.street_id as "streetId", p.scope_org_unit_id as "scopeOrgUnitId", p.scope_path as "scopePath",
          p.title, p.description, p.rule, p.options, p.allow_change as "allowChange",
          p.attachment_photo_ids as "attachmentPhotoIds", p.deadline, p.status, p.result,
          p.created_by as "createdBy", p.created_at as "createdAt", p.closed_by as "closedBy", p.closed_at as "closedAt",
          o.name as "scopeName", u.name as "createdByName",
          (select count(*)::int from proposal_comments c where c.proposal_id = p.id) as "commentCount"
        from proposals p join org_units o on o.id = p.scope_org_unit_id join users u on u.id = p.created_by
        where ${visible(v)} ${id === undefined ? sql`` : sql`and p.id = ${id}`}
        order by p.status = 'open' desc, p.deadline desc, p.id desc limit 200${lockSql}`,
  );
  // node-postgres returns int8[] as strings; PGlite as numbers.
  return found.map((p) => ({ ...p, attachmentPhotoIds: p.attachmentPhotoIds.map(Number) }));
}

export interface RollRow {
  householdId: number;
  ownerKey: string | null;
  areaCm2: number;
  buildingName: string;
  unitLabel: string | null;
  room: string;
  choice: string | null;
  optionIndex: number | null;
  castVia: string | null;
  castByName: string | null;
  formPhotoId: number | null;
  changes: number | null;
  castAt: Date | null;
  updatedAt: Date | null;
}

/** The roll of a proposal with each household's ballot, in address order. */
export async function roll(db: Db, proposalId: number, only?: readonly number[]) {
  return rows<RollRow>(
    db,
    sql`select pr.household_id as "householdId", pr.owner_key as "ownerKey", pr.area_cm2 as "areaCm2",
          b.name as "buildingName", h.unit_label as "unitLabel", h.room,
          pb.choice, pb.option_index as "optionIndex", pb.cast_via as "castVia", cu.name as "castByName", pb.form_photo_id as "formPhotoId",
          pb.changes, pb.cast_at as "castAt", pb.updated_at as "updatedAt"
        from proposal_roll pr
        join households h on h.id = pr.household_id
        join org_units b on b.id = h.building_id
        left join proposal_ballots pb on pb.proposal_id = pr.proposal_id and pb.household_id = pr.household_id
        left join users cu on cu.id = pb.cast_by
        where pr.proposal_id = ${proposalId} ${only ? sql`and pr.household_id in (${ids(only.length ? only : [0])})` : sql``}
        order by b.name, h.unit_label nulls first, h.floor, h.room`,
  );
}

/** Households of the roll the user belongs to (linked resident, or a resident registered with their phone). */
export async function myRollHouseholds(db: Db, proposalId: number, userId: number): Promise<number[]> {
  const r = await rows<{ id: number }>(
    db,
    sql`select pr.household_id as id from proposal_roll pr
        where pr.proposal_id = ${proposalId} and ${mine(userId, sql`pr.household_id`)} order by pr.household_id`,
  );
  return r.map((x) => x.id);
}

/** Casts or changes the household's ballot in one statement (the unique key decides a race); null when it exists and `change` is false. */
export async function putBallot(
  db: Db,
  v: {
    proposalId: number;
    householdId: number;
    choice: string | null;
    optionIndex: number | null;
    castVia: string;
    castBy: number;
    formPhotoId: number | null;
    at: Date;
  },
  change: boolean,
) {
  const onConflict = change
    ? sql`on conflict (proposal_id, household_id) do update set choice = excluded.choice,
          option_index = excluded.option_index, cast_via = excluded.cast_via,
          cast_by = excluded.cast_by, form_photo_id = excluded.form_photo_id,
          changes = proposal_ballots.changes + 1, updated_at = excluded.updated_at`
    : sql`on conflict (proposal_id, household_id) do nothing`;
  const [r] = await rows<{ id: number; changes: number; previous: string | null; previousOption: number | null }>(
    db,
    sql`with old as (select choice, option_index from proposal_ballots where proposal_id = ${v.proposalId} and household_id = ${v.householdId})
        insert into proposal_ballots (proposal_id, household_id, choice, option_index, cast_via, cast_by, form_photo_id, cast_at, updated_at)
        values (${v.proposalId}, ${v.householdId}, ${v.choice}, ${v.optionIndex}, ${v.castVia}, ${v.castBy}, ${v.formPhotoId}, ${v.at}, ${v.at})
        ${onConflict}
        returning id, changes, (select choice from old) as previous, (select option_index from old) as "previousOption"`,
  );
  return r ?? null;
}

export async function close(db: Db, id: number, result: unknown, userId: number, at: Date): Promise<void> {
  await db.execute(
    sql`update proposals set status = 'closed', result = ${JSON.stringify(result)}::jsonb, closed_by = ${userId}, closed_at = ${at}
        where id = ${id} and status = 'open'`,
  );
}

export async function insertComment(db: Db, v: typeof proposalComments.$inferInsert) {
  const [row] = await db.insert(proposalComments).values(v).returning();
  return row!;
}

export async function comments(db: Db, proposalId: number) {
  return rows<{ id: number; authorName: string; body: string; createdAt: Date }>(
    db,
    sql`select c.id, u.name as "authorName", c.body, c.created_at as "createdAt"
        from proposal_comments c join users u on u.id = c.user_id
        where c.proposal_id = ${proposalId} order by c.id`,
  );
}

/** Proposals a photo belongs to: an attachment, or a paper ballot's form. */
export async function proposalsHoldingPhoto(db: Db, photoId: number): Promise<number[]> {
  const r = await rows<{ id: number }>(
    db,
    sql`select id from proposals where ${photoId} = any(attachment_photo_ids)
        union select proposal_id from proposal_ballots where form_photo_id = ${photoId}`,
  );
  return r.map((x) => x.id);
}

export async function closedResult(db: Db, id: number) {
  const [r] = await rows<{ scopePath: string; status: string; result: { passes?: boolean } | null }>(
    db,
    sql`select scope_path as "scopePath", status, result from proposals where id = ${id}`,
  );
  return r;
}

/**
 * Absentee owners (外地业主) to send the vote link to: the registered head (户主) with a phone of each owner-occupied
 * household on the roll that has not voted, not linked to an account (they do not see the app's notices). With
 * `resend` false, those who already had the link are left out (and counted in `already`).
 */
export async function absenteesToText(db: Db, proposalId: number) {
  return rows<{ residentId: number; householdId: number; phoneEnc: string; sentBefore: boolean }>(
    db,
    sql`select r.id as "residentId", r.household_id as "householdId", r.phone_enc as "phoneEnc",
          (ls.resident_id is not null) as "sentBefore"
        from proposal_roll pr
        join households h on h.id = pr.household_id and h.is_owner
        join residents r on r.household_id = pr.household_id
        left join proposal_link_sms ls on ls.proposal_id = pr.proposal_id and ls.resident_id = r.id
        where pr.proposal_id = ${proposalId} and r.relation = '户主' and r.phone_enc is not null and r.user_id is null
          and not exists (select 1 from proposal_ballots pb where pb.proposal_id = pr.proposal_id and pb.household_id = pr.household_id)
        order by r.id`,
  );
}

/**
 * Records one link sent and returns how many this resident has now had for the proposal; null when `resend` is false
 * and they already had it (the primary key decides between two managers sending at once, so only one message goes).
 */
export async function recordLinkSms(
  db: Db,
  v: { proposalId: number; residentId: number; householdId: number; sentBy: number; at: Date },
  resend: boolean,
): Promise<number | null> {
  const onConflict = resend
    ? sql`on conflict (proposal_id, resident_id) do update
          set sends = proposal_link_sms.sends + 1, sent_by = excluded.sent_by, last_sent_at = excluded.last_sent_at`
    : sql`on conflict (proposal_id, resident_id) do nothing`;
  const [r] = await rows<{ sends: number }>(
    db,
    sql`insert into proposal_link_sms (proposal_id, resident_id, household_id, sends, sent_by, first_sent_at, last_sent_at)
        values (${v.proposalId}, ${v.residentId}, ${v.householdId}, 1, ${v.sentBy}, ${v.at}, ${v.at})
        ${onConflict}
        returning sends`,
  );
  return r?.sends ?? null;
}
