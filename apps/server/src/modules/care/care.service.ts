import {
  type CareCycleView,
  type CareList,
  type CareListQuery,
  type CarePersonDetail,
  type CarePersonView,
  DEFAULT_CARE_CYCLES,
  isValidPhone,
  normalisePhone,
  type PutCareCycleRequest,
  shanghaiDay,
} from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { auditListExport } from '../../platform/list-export';
import { Scope } from '../../platform/scope';
import type { OrgService } from '../org/org.service';
import { CARE_ASSIGN, CARE_CONTACT_WRITE, CARE_READ, CYCLE_READ, CYCLE_WRITE } from './care.policy';
import { presentContact, presentPerson, presentVisit, tagsOf } from './care.presenter';
import * as repo from './care.repository';
import { cycleOf, cyclesFor, dueOf } from './care-cycle';

/** One cared-for person as the lists see them, or null when no tag of theirs has a cycle. */
export interface CaredPerson {
  row: repo.CaredRow;
  view: CarePersonView;
}

/**
 * Visits and care (docs/rules.md#care-visits): visit cycles per community, who visits whom, next-of-kin contacts,
 * due and overdue lists. Care data is seen only by the roles of care.policy, and every read of it is
 * written to the audit log (docs/rules.md#personal-data).
 */
export class CareService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly org: OrgService,
  ) {}

  /** A community's visit cycles: its own settings over the defaults. */
  async cycles(ctx: RequestContext, communityId: number): Promise<{ communityId: number; items: CareCycleView[] }> {
    const community = await this.community(ctx, communityId, CYCLE_READ);
    const own = await repo.cyclesOf(this.db, [community.id]);
    const tags = new Set([...Object.keys(DEFAULT_CARE_CYCLES), ...own.map((c) => c.careTag)]);
    const merged = cyclesFor(own);
    return {
      communityId,
      items: [...tags].map((careTag) => ({
        careTag,
        everyDays: merged.get(careTag) ?? null,
        isDefault: !own.some((c) => c.careTag === careTag),
      })),
    };
  }

  /** Sets one tag's cycle for a community (null: no visits for that tag). */
  async setCycle(ctx: RequestContext, input: PutCareCycleRequest) {
    const community = await this.community(ctx, input.communityId, CYCLE_WRITE);
    await transaction(this.db, async (tx) => {
      await repo.upsertCycle(tx, {
        streetId: community.streetId,
        communityId: community.id,
        careTag: input.careTag,
        everyDays: input.everyDays,
        userId: ctx.actor.userId,
        at: this.clock.now(),
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'care.cycle.set',
        objectType: 'org_unit',
        objectId: community.id,
        streetId: community.streetId,
        detail: { careTag: input.careTag, everyDays: input.everyDays },
      });
    });
    return this.cycles(ctx, input.communityId);
  }

  private async community(ctx: RequestContext, id: number, roles: typeof CYCLE_READ) {
    const unit = await this.org.get(ctx, id);
    if (unit.kind !== 'community') {
      throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'communityId', message: 'not a community' }] });
    }
    if (!Scope.of(ctx.actor, roles).covers(unit.path)) throw new AppError('FORBIDDEN');
    const streetId = await repo.streetOf(this.db, unit.id);
    if (streetId === null) throw notFound();
    return { id: unit.id, path: unit.path, streetId };
  }

  /**
   * Cared-for people in scope with their due dates, for the visitor (`mine`), the grid and the
   * community; due today / overdue in Asia/Shanghai days. The read is audited.
   */
  async list(ctx: RequestContext, q: CareListQuery): Promise<CareList> {
    const list = await this.listed(ctx, q);
    await recordAudit(this.db, this.clock, ctx, {
      action: 'care.list',
      objectType: 'care',
      objectId: q.orgUnitId ?? null,
      detail: { view: q.view, mine: q.mine === '1', count: list.items.length },
    });
    return list;
  }

  /** The list's export: the people its filters show, in its order; audited (`care.export`) before the first byte. */
  async exportList(ctx: RequestContext, q: CareListQuery): Promise<readonly CarePersonView[]> {
    const { items } = await this.listed(ctx, q);
    return auditListExport(
      this.db,
      this.clock,
      ctx,
      { action: 'care.export', objectType: 'care', objectId: q.orgUnitId ?? null },
      q,
      items,
    );
  }

  private async listed(ctx: RequestContext, q: CareListQuery): Promise<CareList> {
    const scope = Scope.of(ctx.actor, CARE_READ);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    const underPath = q.orgUnitId === undefined ? undefined : (await this.org.get(ctx, q.orgUnitId)).path;
    const today = shanghaiDay(this.clock.now());
    const people = await this.caredIn(this.db, scope, today, {
      underPath,
      visitorUserId: q.mine === '1' ? ctx.actor.userId : undefined,
    });
    const views = people.map((p) => p.view);
    const counts = {
      total: views.length,
      dueToday: views.filter((v) => v.status === 'due_today').length,
      overdue: views.filter((v) => v.status === 'overdue').length,
      unassigned: views.filter((v) => v.status === 'unassigned').length,
    };
    const order = { overdue: 0, due_today: 1, unassigned: 2, ok: 3 } as const;
    const items = views
      .filter((v) =>
        q.view === 'all'
          ? true
          : q.view === 'due'
            ? v.status === 'due_today' || v.status === 'overdue'
            : v.status === q.view,
      )
      .sort((a, b) => order[a.status] - order[b.status] || (a.dueOn ?? '').localeCompare(b.dueOn ?? ''));
    return { today, counts, items };
  }

  /** One cared-for person with contacts (masked) and visit log; audited as a sensitive read. */
  async get(ctx: RequestContext, residentId: number): Promise<CarePersonDetail> {
    return transaction(this.db, async (tx) => {
      const p = await this.person(tx, ctx, residentId, CARE_READ);
      const [contacts, visits] = await Promise.all([repo.contactsOf(tx, residentId), repo.visitsOf(tx, residentId)]);
      await recordAudit(tx, this.clock, ctx, {
        action: 'care.read',
        objectType: 'resident',
        objectId: residentId,
        streetId: p.row.streetId,
      });
      return {
        ...p.view,
        contacts: contacts.map((c) => presentContact(c, this.cipher)),
        visits: visits.map((v) => presentVisit(v, this.cipher)),
      };
    });
  }

  /** Captains of the person's building and grid workers above it, for the assignment picker. */
  async visitorOptions(ctx: RequestContext, residentId: number) {
    const p = await this.person(this.db, ctx, residentId, CARE_ASSIGN);
    return { items: await repo.visitorOptions(this.db, p.row.buildingId, p.row.path) };
  }

  /** Names who visits a cared-for person: the building's captain or a grid worker over it. */
  async assign(ctx: RequestContext, residentId: number, visitorUserId: number): Promise<CarePersonView> {
    return transaction(this.db, async (tx) => {
      const p = await this.person(tx, ctx, residentId, CARE_ASSIGN);
      const roles = await repo.visitorRolesOver(tx, visitorUserId, p.row.buildingId, p.row.path);
      const role = roles.includes('grid_worker') ? 'grid_worker' : roles.includes('captain') ? 'captain' : null;
      if (!role) throw new AppError('CARE_VISITOR_INVALID');
      await repo.upsertAssignment(tx, {
        residentId,
        streetId: p.row.streetId,
        householdId: p.row.householdId,
        path: p.row.path,
        visitorUserId,
        visitorRole: role,
        assignedByUserId: ctx.actor.userId,
        assignedAt: this.clock.now(),
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'care.assign',
        objectType: 'resident',
        objectId: residentId,
        streetId: p.row.streetId,
        detail: { visitorUserId, role },
      });
      return (await this.person(tx, ctx, residentId, CARE_ASSIGN)).view;
    });
  }

  /** Adds a next-of-kin contact; the phone is encrypted and shown masked. */
  async addContact(ctx: RequestContext, residentId: number, input: { name: string; relation: string; phone: string }) {
    const phone = normalisePhone(input.phone);
    if (!isValidPhone(phone)) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'phone', message: 'not a valid phone number' }] });
    }
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const p = await this.person(tx, ctx, residentId, CARE_CONTACT_WRITE);
      const row = await repo.insertContact(tx, {
        streetId: p.row.streetId,
        residentId,
        name: input.name,
        relation: input.relation,
        phoneEnc: this.cipher.encrypt(phone),
        phoneHash: this.cipher.blindIndex('phone', phone),
        createdAt: this.clock.now(),
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'care.contact.add',
        objectType: 'resident',
        objectId: residentId,
        streetId: p.row.streetId,
      });
      return presentContact(row, this.cipher);
    });
    return value;
  }

  /** A cared-for person in the caller's scope for `roles`; 404 outside it or when no tag has a cycle. */
  async person(db: Db, ctx: RequestContext, residentId: number, roles: typeof CARE_READ): Promise<CaredPerson> {
    const scope = Scope.of(ctx.actor, roles);
    const visible = Scope.of(ctx.actor, CARE_READ);
    if (scope.isEmpty || visible.isEmpty) throw new AppError('FORBIDDEN');
    const [p] = await this.caredIn(db, visible, shanghaiDay(this.clock.now()), { residentId });
    if (!p) throw notFound();
    if (!scope.covers(p.row.path)) throw new AppError('FORBIDDEN');
    return p;
  }

  /** Cared-for people in `scope` (system jobs pass a scope over everything). */
  async caredIn(
    db: Db,
    scope: Scope,
    today: string,
    f: { underPath?: string; residentId?: number; visitorUserId?: number },
  ): Promise<CaredPerson[]> {
    const tags = new Set([...Object.keys(DEFAULT_CARE_CYCLES), ...(await repo.configuredTagsInScope(db, scope))]);
    const rows = await repo.caredInScope(db, scope, {
      ...f,
      tagHashes: [...tags].map((t) => this.cipher.blindIndex('tag', t)),
    });
    const communityIds = [...new Set(rows.flatMap((r) => (r.communityId === null ? [] : [r.communityId])))];
    const own = await repo.cyclesOf(db, communityIds);
    const byCommunity = new Map<number | null, Map<string, number | null>>();
    const cyclesOfCommunity = (id: number | null) => {
      let m = byCommunity.get(id);
      if (!m) {
        m = cyclesFor(own.filter((c) => c.communityId === id));
        byCommunity.set(id, m);
      }
      return m;
    };
    const out: CaredPerson[] = [];
    for (const row of rows) {
      const t = tagsOf(row, this.cipher);
      const everyDays = cycleOf(t, cyclesOfCommunity(row.communityId));
      if (everyDays === null) continue;
      const assignedOn = row.assignedMs === null ? null : shanghaiDay(new Date(row.assignedMs));
      const due = dueOf({ everyDays, lastVisitOn: row.lastVisitOn, assignedOn }, today);
      out.push({ row, view: presentPerson(row, t, everyDays, due) });
    }
    return out;
  }
}
