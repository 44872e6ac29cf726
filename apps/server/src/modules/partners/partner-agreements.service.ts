import type { AgreementView, CreateAgreementRequest } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { auditListExport } from '../../platform/list-export';
import { Scope } from '../../platform/scope';
import { shanghaiDay } from '../chores/chore-occurrence';
import { MANAGER_ROLES, partnerBindings, UNIT_KINDS } from './partners.policy';
import { presentAgreement } from './partners.presenter';
import * as repo from './partners.repository';

/**
 * Service agreements of partner units (共建协议, docs/rules.md#partners): a street signs one with a partner unit
 * of the street, serving a street or community; the agreements list and its export.
 */
export class PartnerAgreementsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Signs an agreement with a partner unit of the street, serving a street or community in the caller's jurisdiction. */
  async createAgreement(ctx: RequestContext, input: CreateAgreementRequest): Promise<AgreementView> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const scopeUnit = await repo.findUnit(tx, input.scopeOrgUnitId);
      if (!scopeUnit || scopeUnit.streetId === null) throw notFound();
      const managing = Scope.of(ctx.actor, MANAGER_ROLES);
      if (!managing.covers(scopeUnit.path)) throw managing.isEmpty ? new AppError('FORBIDDEN') : notFound();
      const partner = await repo.findUnit(tx, input.partnerOrgId);
      if (
        partner?.kind !== 'partner_org' ||
        partner.streetId !== scopeUnit.streetId ||
        !(UNIT_KINDS as readonly string[]).includes(scopeUnit.kind)
      ) {
        throw new AppError('AGREEMENT_PARTNER_INVALID');
      }
      if (input.endsOn < input.startsOn) throw new AppError('AGREEMENT_PERIOD_INVALID');
      const id = await repo.insertAgreement(tx, {
        streetId: scopeUnit.streetId,
        partnerOrgId: partner.id,
        scopeOrgUnitId: scopeUnit.id,
        scopePath: scopeUnit.path,
        title: input.title,
        services: input.services,
        beneficiaries: input.beneficiaries,
        categories: [...new Set(input.categories)],
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        createdBy: ctx.actor.userId,
        createdAt: this.clock.now(),
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'partner_agreement.create',
        objectType: 'partner_agreement',
        objectId: id,
        streetId: scopeUnit.streetId,
      });
      return presentAgreement((await repo.findAgreement(tx, id))!, shanghaiDay(this.clock.now()));
    });
    return value;
  }

  /** Agreements serving under my jurisdiction, or my partner unit's. */
  async agreements(ctx: RequestContext): Promise<{ items: AgreementView[] }> {
    const scope = Scope.of(ctx.actor, MANAGER_ROLES);
    const mine = partnerBindings(ctx.actor).map((b) => b.orgUnitId);
    if (scope.isEmpty && mine.length === 0) throw new AppError('FORBIDDEN');
    const today = shanghaiDay(this.clock.now());
    return { items: (await repo.agreementsVisible(this.db, scope, mine)).map((g) => presentAgreement(g, today)) };
  }

  /** 共建协议's export: the agreements the list shows; audited (`partner_agreement.export`) first. */
  async exportAgreements(ctx: RequestContext): Promise<readonly AgreementView[]> {
    const { items } = await this.agreements(ctx);
    const entry = { action: 'partner_agreement.export', objectType: 'partner_agreement' };
    return auditListExport(this.db, this.clock, ctx, entry, {}, items);
  }
}
