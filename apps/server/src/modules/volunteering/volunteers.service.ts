import type {
  CreateTeamRequest,
  RegisterVolunteerRequest,
  TeamSpeciality,
  TeamView,
  VolunteerFigures,
  VolunteerView,
} from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import type { ReplicaReads } from '../../platform/replica';
import { Scope, streetsOf } from '../../platform/scope';
import { MANAGER_ROLES, OWNER_KINDS, READ_ROLES } from './volunteering.policy';
import * as repo from './volunteers.repository';

export function presentVolunteer(v: repo.VolunteerListed): VolunteerView {
  return {
    id: v.id,
    userId: v.userId,
    name: v.name,
    communityId: v.communityId,
    communityName: v.communityName,
    skills: v.skills,
    availability: v.availability,
    isPartyMember: v.isPartyMember,
    employerUnit: v.employerUnit,
    hours: Number(v.hours),
    createdAt: new Date(v.createdAt).toISOString(),
  };
}

function presentTeam(t: repo.TeamListed): TeamView {
  return {
    id: t.id,
    orgUnitId: t.orgUnitId,
    orgUnitName: t.orgUnitName,
    name: t.name,
    speciality: t.speciality as TeamSpeciality,
    leader: t.leaderVolunteerId !== null ? { volunteerId: t.leaderVolunteerId, name: t.leaderName ?? '' } : null,
    memberCount: t.memberCount,
  };
}

/**
 * Volunteers and teams (docs/rules.md#volunteering): anyone signed in registers once, at a community (a party
 * member at their home community: 双报到); staff form teams by speciality with a leader and members.
 */
export class VolunteersService {
  constructor(
    private readonly db: Db,
    /** The figures are a dashboard: read from the replica unless the caller just wrote. */
    private readonly reads: ReplicaReads,
    private readonly clock: Clock,
  ) {}

  /** Communities a person may register at: those where they hold a role, or all when they hold none. */
  async communities(ctx: RequestContext) {
    const streets = [
      ...streetsOf(
        ctx.actor,
        ctx.actor.bindings.map((b) => b.role),
      ),
    ];
    // A department or a city-wide admin holds no street: the communities of the area above their unit.
    const under = ctx.actor.bindings.filter((b) => b.streetId === null).map((b) => b.path.replace(/[^/]+\/$/, ''));
    return { items: await repo.communities(this.db, streets, under) };
  }

  /** Registers the caller as a volunteer, once (VOLUNTEER_EXISTS). */
  async register(ctx: RequestContext, input: RegisterVolunteerRequest): Promise<VolunteerView> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const c = await repo.findUnit(tx, input.communityId);
      if (c?.kind !== 'community' || c.streetId === null) throw new AppError('VOLUNTEER_COMMUNITY_INVALID');
      const row = await repo.insertVolunteer(tx, {
        userId: ctx.actor.userId,
        streetId: c.streetId,
        communityId: c.id,
        path: c.path,
        skills: [...new Set(input.skills)],
        availability: input.availability || null,
        isPartyMember: input.isPartyMember,
        employerUnit: input.employerUnit || null,
        createdAt: this.clock.now(),
      });
      if (!row) throw new AppError('VOLUNTEER_EXISTS');
      await recordAudit(tx, this.clock, ctx, {
        action: 'volunteer.register',
        objectType: 'volunteer',
        objectId: row.id,
        streetId: c.streetId,
        detail: { communityId: c.id, isPartyMember: input.isPartyMember },
      });
      return presentVolunteer((await repo.volunteerById(tx, row.id))!);
    });
    return value;
  }

  /** The caller's volunteer record, if any. */
  async mine(db: Db, userId: number) {
    return repo.volunteerOfUser(db, userId);
  }

  /** Volunteers registered under the caller's jurisdiction. */
  async list(ctx: RequestContext) {
    const scope = Scope.of(ctx.actor, READ_ROLES);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    return { items: (await repo.listVolunteers(this.db, scope)).map(presentVolunteer) };
  }

  /** Creates a team of a community or street in the caller's jurisdiction. */
  async createTeam(ctx: RequestContext, input: CreateTeamRequest): Promise<TeamView> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const unit = await repo.findUnit(tx, input.orgUnitId);
      if (!unit || unit.streetId === null) throw notFound();
      const managing = Scope.of(ctx.actor, MANAGER_ROLES);
      if (!managing.covers(unit.path)) throw Scope.refusal(Scope.of(ctx.actor, READ_ROLES), unit.path);
      if (!(OWNER_KINDS as readonly string[]).includes(unit.kind)) throw new AppError('TEAM_UNIT_KIND');
      if (input.leaderVolunteerId !== undefined) await this.memberOf(tx, unit.path, input.leaderVolunteerId);
      const team = await repo.insertTeam(tx, {
        streetId: unit.streetId,
        orgUnitId: unit.id,
        path: unit.path,
        name: input.name,
        speciality: input.speciality,
        leaderVolunteerId: input.leaderVolunteerId ?? null,
        createdAt: this.clock.now(),
      });
      if (input.leaderVolunteerId !== undefined) {
        await repo.addMember(tx, team.id, input.leaderVolunteerId, this.clock.now());
      }
      await recordAudit(tx, this.clock, ctx, {
        action: 'volunteer_team.create',
        objectType: 'volunteer_team',
        objectId: team.id,
        streetId: unit.streetId,
      });
      return presentTeam((await repo.findTeam(tx, team.id))!);
    });
    return value;
  }

  /** A volunteer registered under `path` (the team's unit), else TEAM_MEMBER_INVALID. */
  private async memberOf(tx: Db, path: string, volunteerId: number) {
    const v = await repo.volunteerById(tx, volunteerId);
    if (!v?.path.startsWith(path)) throw new AppError('TEAM_MEMBER_INVALID');
    return v;
  }

  /** Teams under my jurisdiction, and the teams I belong to. */
  async teams(ctx: RequestContext) {
    const me = await repo.volunteerOfUser(this.db, ctx.actor.userId);
    const scope = Scope.of(ctx.actor, READ_ROLES);
    if (scope.isEmpty && !me) throw new AppError('FORBIDDEN');
    return { items: (await repo.listTeams(this.db, scope, me?.id ?? null)).map(presentTeam) };
  }

  /** A team with its members, for staff over it and its members. */
  async team(ctx: RequestContext, id: number): Promise<TeamView> {
    const t = await this.visibleTeam(this.db, ctx, id);
    return { ...presentTeam(t), members: await repo.teamMembers(this.db, id) };
  }

  private async visibleTeam(db: Db, ctx: RequestContext, id: number) {
    const t = await repo.findTeam(db, id);
    if (!t) throw notFound();
    if (Scope.of(ctx.actor, READ_ROLES).covers(t.path)) return t;
    const me = await repo.volunteerOfUser(db, ctx.actor.userId);
    if (me && (t.leaderVolunteerId === me.id || (await repo.teamIdsOf(db, me.id)).includes(id))) return t;
    throw notFound();
  }

  /** Adds a volunteer registered under the team's unit: staff over the team, or its leader. */
  async addMember(ctx: RequestContext, teamId: number, volunteerId: number): Promise<TeamView> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const t = await this.visibleTeam(tx, ctx, teamId);
      const isLeader = t.leaderUserId !== null && t.leaderUserId === ctx.actor.userId;
      if (!isLeader && !Scope.of(ctx.actor, MANAGER_ROLES).covers(t.path)) throw new AppError('FORBIDDEN');
      await this.memberOf(tx, t.path, volunteerId);
      if (!(await repo.addMember(tx, teamId, volunteerId, this.clock.now()))) throw new AppError('TEAM_MEMBER_EXISTS');
      await recordAudit(tx, this.clock, ctx, {
        action: 'volunteer_team.add_member',
        objectType: 'volunteer_team',
        objectId: teamId,
        streetId: t.streetId,
        detail: { volunteerId },
      });
      return { ...presentTeam((await repo.findTeam(tx, teamId))!), members: await repo.teamMembers(tx, teamId) };
    });
    return value;
  }

  /** Sessions held, people served, confirmed hours, volunteers as a share of residents, under a unit. */
  async figures(ctx: RequestContext, orgUnitId: number): Promise<VolunteerFigures> {
    const unit = await repo.findUnit(this.db, orgUnitId);
    if (!unit) throw notFound();
    const scope = Scope.of(ctx.actor, READ_ROLES);
    if (!scope.covers(unit.path)) throw scope.isEmpty ? new AppError('FORBIDDEN') : notFound();
    const f = await this.reads.run(ctx, (db) => repo.figures(db, unit.path, this.clock.now()));
    return {
      orgUnitId,
      ...f,
      volunteerHours: Math.round(f.volunteerHours * 100) / 100,
      volunteerShare: f.residents > 0 ? Math.round((f.volunteers / f.residents) * 10000) / 10000 : 0,
    };
  }
}
