import type { MentorshipList, MyTraining, SessionList, SessionView } from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Db, pgCode, rows, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { Scope } from '../../platform/scope';
import { RECRUITERS } from './captains.policy';

interface SessionRow {
  id: number;
  orgUnitId: number;
  orgUnitName: string;
  path: string;
  streetId: number;
  kind: 'training' | 'meeting';
  topic: string;
  title: string;
  heldOn: string;
  hours: number;
  certifies: number;
  attendees: number;
}

const SESSION_SELECT = sql`
  select s.id, s.org_unit_id as "orgUnitId", o.name as "orgUnitName", s.path, s.street_id as "streetId", s.kind, s.topic,
         s.title, s.held_on::text as "heldOn", s.hours, s.certifies,
         (select count(*) from captain_attendance a where a.session_id = s.id)::int as attendees
    from captain_sessions s join org_units o on o.id = s.org_unit_id`;

/**
 * Training (消防, 急救, 调解 … with hours and certificates), captains' meetings (座谈会) with attendance, and
 * mentor pairing (老带新, docs/rules.md#captains). Held by a street or community for the active captains
 * under it.
 */
export class CaptainTrainingService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Records a training or meeting held by a street or community in the caller's jurisdiction. */
  async createSession(
    ctx: RequestContext,
    input: {
      orgUnitId: number;
      kind: 'training' | 'meeting';
      topic: string;
      title: string;
      heldOn: string;
      hours: number;
      certifies: boolean;
    },
  ): Promise<SessionView> {
    const scope = this.scope(ctx);
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const [unit] = await rows<{ id: number; kind: string; path: string; streetId: number | null }>(
        tx,
        sql`select id, kind, path, street_id as "streetId" from org_units where id = ${input.orgUnitId}`,
      );
      if (!unit || unit.streetId === null || !scope.covers(unit.path)) throw notFound();
      if (!['street', 'community', 'micro_community'].includes(unit.kind)) throw new AppError('SESSION_UNIT_KIND');
      const [row] = await rows<{ id: number }>(
        tx,
        sql`insert into captain_sessions (street_id, org_unit_id, path, kind, topic, title, held_on, hours, certifies, created_by, created_at)
            values (${unit.streetId}, ${unit.id}, ${unit.path}, ${input.kind}, ${input.topic}, ${input.title}, ${input.heldOn}::date,
                    ${input.hours}, ${input.certifies ? 1 : 0}, ${ctx.actor.userId}, ${this.clock.now().toISOString()}::timestamptz)
            returning id`,
      );
      await recordAudit(tx, this.clock, ctx, {
        action: 'captain.session',
        objectType: 'captain_session',
        objectId: row?.id,
        streetId: unit.streetId,
      });
      const [s] = await rows<SessionRow>(tx, sql`${SESSION_SELECT} where s.id = ${row?.id}`);
      return present(s as SessionRow);
    });
    return value;
  }

  /** Sessions in the caller's jurisdiction, newest first. */
  async sessions(ctx: RequestContext): Promise<SessionList> {
    const scope = this.scope(ctx);
    const list = await rows<SessionRow>(
      this.db,
      sql`${SESSION_SELECT} where ${scope.where(sql`s.path`)} order by s.held_on desc, s.id desc limit 200`,
    );
    return { items: list.map(present) };
  }

  /**
   * Marks captains present, once each (a repeat is a no-op). Everyone must be an active captain of a
   * building under the session's unit (NOT_A_CAPTAIN_HERE, nothing recorded). A certifying training
   * numbers each new certificate `<session>-<captain>`.
   */
  async attend(ctx: RequestContext, sessionId: number, userIds: readonly number[]): Promise<SessionView> {
    const scope = this.scope(ctx);
    return transaction(this.db, async (tx) => {
      const [s] = await rows<SessionRow>(tx, sql`${SESSION_SELECT} where s.id = ${sessionId}`);
      if (!s || !scope.covers(s.path)) throw notFound();
      const ids = [...new Set(userIds)];
      const ok = await rows<{ userId: number }>(
        tx,
        sql`select distinct rb.user_id as "userId" from role_bindings rb join org_units o on o.id = rb.org_unit_id
              left join captain_profiles p on p.user_id = rb.user_id
             where rb.role = 'captain' and coalesce(p.status, 'active') = 'active'
               and o.path like ${`${s.path}%`}
               and rb.user_id in (${sql.join(
                 ids.map((i) => sql`${i}`),
                 sql`, `,
               )})`,
      );
      if (ok.length !== ids.length) throw new AppError('NOT_A_CAPTAIN_HERE');
      for (const id of ids) {
        await tx.execute(sql`
          insert into captain_attendance (session_id, user_id, street_id, certificate_no, recorded_by, at)
          values (${s.id}, ${id}, ${s.streetId}, ${s.certifies ? `${s.id}-${id}` : null}, ${ctx.actor.userId},
                  ${this.clock.now().toISOString()}::timestamptz)
          on conflict (session_id, user_id) do nothing`);
      }
      await recordAudit(tx, this.clock, ctx, {
        action: 'captain.attendance',
        objectType: 'captain_session',
        objectId: s.id,
        streetId: s.streetId,
        detail: { userIds: ids },
      });
      const [after] = await rows<SessionRow>(tx, sql`${SESSION_SELECT} where s.id = ${s.id}`);
      return present(after as SessionRow);
    });
  }

  /** My trainings and meetings, training hours, and my current mentor. */
  async mine(ctx: RequestContext): Promise<MyTraining> {
    const list = await rows<SessionRow & { certificateNo: string | null }>(
      this.db,
      sql`select x.*, a.certificate_no as "certificateNo" from (${SESSION_SELECT}) x
            join captain_attendance a on a.session_id = x.id and a.user_id = ${ctx.actor.userId}
           order by x."heldOn" desc, x.id desc limit 200`,
    );
    const [m] = await rows<{ name: string; startedOn: string; notes: string }>(
      this.db,
      sql`select u.name, m.started_on::text as "startedOn", m.notes from captain_mentorships m join users u on u.id = m.mentor_user_id
           where m.mentee_user_id = ${ctx.actor.userId} and m.ended_on is null`,
    );
    return {
      items: list.map((s) => ({ ...present(s), certificateNo: s.certificateNo })),
      trainingHours: list.filter((s) => s.kind === 'training').reduce((t, s) => t + Number(s.hours), 0),
      meetings: list.filter((s) => s.kind === 'meeting').length,
      mentor: m ?? null,
    };
  }

  /** Pairs an experienced captain with a new one (老带新); both active captains in the caller's jurisdiction. */
  async pair(
    ctx: RequestContext,
    input: { mentorUserId: number; menteeUserId: number; notes: string; startedOn: string },
  ): Promise<MentorshipList> {
    const scope = this.scope(ctx);
    if (input.mentorUserId === input.menteeUserId) throw new AppError('MENTOR_SELF');
    await once(this.db, this.clock, ctx, async (tx) => {
      const found = await rows<{ userId: number; streetId: number }>(
        tx,
        sql`select distinct rb.user_id as "userId", o.street_id as "streetId"
              from role_bindings rb join org_units o on o.id = rb.org_unit_id
              left join captain_profiles p on p.user_id = rb.user_id
             where rb.role = 'captain' and coalesce(p.status, 'active') = 'active' and ${scope.where(sql`o.path`)}
               and rb.user_id in (${input.mentorUserId}, ${input.menteeUserId})`,
      );
      const ids = new Set(found.map((f) => Number(f.userId)));
      // A captain outside the caller's jurisdiction (or not active) is not found.
      if (!ids.has(input.mentorUserId) || !ids.has(input.menteeUserId)) throw notFound();
      try {
        await tx.execute(sql`
          insert into captain_mentorships (street_id, mentor_user_id, mentee_user_id, notes, started_on, created_by, created_at)
          values (${found[0]?.streetId}, ${input.mentorUserId}, ${input.menteeUserId}, ${input.notes}, ${input.startedOn}::date,
                  ${ctx.actor.userId}, ${this.clock.now().toISOString()}::timestamptz)`);
      } catch (err) {
        if (pgCode(err) === '23505') throw new AppError('MENTEE_HAS_MENTOR');
        throw err;
      }
      await recordAudit(tx, this.clock, ctx, {
        action: 'captain.mentorship',
        objectType: 'captain',
        objectId: input.menteeUserId,
        streetId: found[0]?.streetId ?? null,
        detail: { mentorUserId: input.mentorUserId },
      });
      return true;
    });
    return this.mentorships(ctx);
  }

  /** Pairings whose new captain serves under the caller's jurisdiction. */
  async mentorships(ctx: RequestContext): Promise<MentorshipList> {
    const scope = this.scope(ctx);
    const list = await rows<MentorshipList['items'][number]>(
      this.db,
      sql`select m.id, m.mentor_user_id as "mentorUserId", a.name as "mentorName", m.mentee_user_id as "menteeUserId",
                 b.name as "menteeName", m.notes, m.started_on::text as "startedOn", m.ended_on::text as "endedOn"
            from captain_mentorships m join users a on a.id = m.mentor_user_id join users b on b.id = m.mentee_user_id
           where exists (select 1 from role_bindings rb join org_units o on o.id = rb.org_unit_id
                          where rb.user_id = m.mentee_user_id and rb.role = 'captain' and ${scope.where(sql`o.path`)})
           order by m.id desc limit 200`,
    );
    return { items: list };
  }

  private scope(ctx: RequestContext): Scope {
    const scope = Scope.of(ctx.actor, RECRUITERS);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    return scope;
  }
}

function present(s: SessionRow): SessionView {
  return {
    id: s.id,
    orgUnitId: s.orgUnitId,
    orgUnitName: s.orgUnitName,
    kind: s.kind,
    topic: s.topic,
    title: s.title,
    heldOn: s.heldOn,
    hours: Number(s.hours),
    certifies: s.certifies === 1,
    attendees: s.attendees,
  };
}
