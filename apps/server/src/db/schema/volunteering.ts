import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { orgUnits } from './org-units';
import { users } from './users';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const ref = (name: string) => bigint(name, { mode: 'number' });

/**
 * A registered volunteer (志愿者, docs/rules.md#volunteering): one per person, at the community they serve —
 * for a party member, their home community (双报到), where their service counts; cadres name their employer unit.
 */
export const volunteers = pgTable(
  'volunteers',
  {
    id: id(),
    userId: ref('user_id')
      .notNull()
      .references(() => users.id),
    streetId: ref('street_id').notNull(),
    communityId: ref('community_id')
      .notNull()
      .references(() => orgUnits.id),
    path: text('path').notNull(),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    availability: text('availability'),
    isPartyMember: boolean('is_party_member').notNull().default(false),
    employerUnit: text('employer_unit'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('volunteers_user_uq').on(t.userId),
    index('volunteers_path_idx').using('btree', t.path.op('text_pattern_ops')),
  ],
);

/** A team by speciality (和事佬 mediation, 金晖 seniors, tutoring …) of a community or street, with a leader. */
export const volunteerTeams = pgTable(
  'volunteer_teams',
  {
    id: id(),
    streetId: ref('street_id').notNull(),
    orgUnitId: ref('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    path: text('path').notNull(),
    name: text('name').notNull(),
    speciality: text('speciality').notNull(),
    leaderVolunteerId: ref('leader_volunteer_id').references(() => volunteers.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('volunteer_teams_path_idx').using('btree', t.path.op('text_pattern_ops')),
    check(
      'volunteer_teams_speciality_ck',
      sql`${t.speciality} in ('mediation','seniors','tutoring','medical','fire_safety','environment','culture','other')`,
    ),
  ],
);

export const volunteerTeamMembers = pgTable(
  'volunteer_team_members',
  {
    teamId: ref('team_id')
      .notNull()
      .references(() => volunteerTeams.id),
    volunteerId: ref('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    joinedAt: ts('joined_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.volunteerId] }),
    index('volunteer_team_members_vol_idx').on(t.volunteerId),
  ],
);

/**
 * An activity (公益市集, 四点半课堂, 义诊 …) published by a community or street, one of its teams, or a partner
 * unit; `checkin_token` is the random secret in the venue's QR link.
 */
export const volunteerActivities = pgTable(
  'volunteer_activities',
  {
    id: id(),
    streetId: ref('street_id').notNull(),
    orgUnitId: ref('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    path: text('path').notNull(),
    teamId: ref('team_id').references(() => volunteerTeams.id),
    partnerOrgId: ref('partner_org_id').references(() => orgUnits.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    place: text('place').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    capacity: integer('capacity').notNull(),
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    points: integer('points').notNull().default(0),
    description: text('description'),
    servedCount: integer('served_count'),
    status: text('status').notNull().default('published'),
    checkinToken: text('checkin_token').notNull(),
    createdBy: ref('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('volunteer_activities_path_idx').using('btree', t.path.op('text_pattern_ops'), t.startsAt),
    uniqueIndex('volunteer_activities_token_uq').on(t.checkinToken),
    check('volunteer_activities_time_ck', sql`${t.endsAt} > ${t.startsAt}`),
    check('volunteer_activities_capacity_ck', sql`${t.capacity} > 0`),
    check('volunteer_activities_points_ck', sql`${t.points} >= 0`),
    check('volunteer_activities_served_ck', sql`${t.servedCount} is null or ${t.servedCount} >= 0`),
    check('volunteer_activities_status_ck', sql`${t.status} in ('published','cancelled')`),
    check('volunteer_activities_organiser_ck', sql`not (${t.teamId} is not null and ${t.partnerOrgId} is not null)`),
    check(
      'volunteer_activities_kind_ck',
      sql`${t.kind} in ('market','after_school','clinic','fire_drill','meal_delivery','mediation','cleanup','other')`,
    ),
  ],
);

/**
 * A volunteer's place at an activity: confirmed or on the waiting list (by `id` order), or cancelled; check-in
 * and check-out times; the hours the organiser confirmed (never above the activity's length, CHECKed in the
 * service against the activity) and the ledger entry of the points, at most one per sign-up.
 */
export const activitySignups = pgTable(
  'activity_signups',
  {
    id: id(),
    activityId: ref('activity_id')
      .notNull()
      .references(() => volunteerActivities.id),
    volunteerId: ref('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    streetId: ref('street_id').notNull(),
    role: text('role'),
    status: text('status').notNull(),
    createdAt: ts('created_at').notNull(),
    checkedInAt: ts('checked_in_at'),
    checkedInBy: text('checked_in_by'),
    checkedOutAt: ts('checked_out_at'),
    hours: numeric('hours', { precision: 5, scale: 2, mode: 'number' }),
    hoursConfirmedBy: ref('hours_confirmed_by').references(() => users.id),
    hoursConfirmedAt: ts('hours_confirmed_at'),
    pointsEntryId: ref('points_entry_id'),
  },
  (t) => [
    uniqueIndex('activity_signups_live_uq').on(t.activityId, t.volunteerId).where(sql`${t.status} <> 'cancelled'`),
    index('activity_signups_activity_idx').on(t.activityId, t.status, t.id),
    index('activity_signups_volunteer_idx').on(t.volunteerId),
    check('activity_signups_status_ck', sql`${t.status} in ('confirmed','waitlisted','cancelled')`),
    check('activity_signups_checkin_ck', sql`${t.checkedInAt} is null or ${t.status} = 'confirmed'`),
    check('activity_signups_checkout_ck', sql`${t.checkedOutAt} is null or ${t.checkedInAt} is not null`),
    check('activity_signups_by_ck', sql`${t.checkedInBy} is null or ${t.checkedInBy} in ('qr','organiser')`),
    check(
      'activity_signups_hours_ck',
      sql`(${t.hours} is null) = (${t.hoursConfirmedAt} is null) and (${t.hours} is null or (${t.hours} >= 0 and ${t.checkedInAt} is not null))`,
    ),
  ],
);

/**
 * A volunteer's diary entry (e.g. a 和事佬 mediation record): text and photos for the team and community; the
 * parties' personal data (names, phones) encrypted at rest, shown only by an audited reveal.
 */
export const volunteerDiaryEntries = pgTable(
  'volunteer_diary_entries',
  {
    id: id(),
    volunteerId: ref('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    teamId: ref('team_id').references(() => volunteerTeams.id),
    streetId: ref('street_id').notNull(),
    path: text('path').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    photoIds: bigint('photo_ids', { mode: 'number' }).array().notNull().default(sql`'{}'::bigint[]`),
    partiesEnc: text('parties_enc'),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('volunteer_diary_path_idx').using('btree', t.path.op('text_pattern_ops')),
    index('volunteer_diary_volunteer_idx').on(t.volunteerId),
    check('volunteer_diary_kind_ck', sql`${t.kind} in ('mediation','service')`),
  ],
);
