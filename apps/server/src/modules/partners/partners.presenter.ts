import type { AgreementView, ProjectCategory, ProjectView } from '@louzhang/contracts';
import type { AgreementListed, ProjectListed } from './partners.repository';

/** Nullable timestamps as the API writes them. */
export const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** An agreement as the API shows it; `today` (Shanghai) decides whether it is current. */
export function presentAgreement(g: AgreementListed, today: string): AgreementView {
  return {
    id: g.id,
    partnerOrgId: g.partnerOrgId,
    partnerName: g.partnerName,
    scopeOrgUnitId: g.scopeOrgUnitId,
    scopeName: g.scopeName,
    title: g.title,
    services: g.services,
    beneficiaries: g.beneficiaries,
    categories: g.categories as ProjectCategory[],
    startsOn: g.startsOn,
    endsOn: g.endsOn,
    isCurrent: g.startsOn <= today && today <= g.endsOn,
  };
}

/** A project as its list shows it. */
export function presentProject(p: ProjectListed): ProjectView {
  return {
    id: p.id,
    orgUnitId: p.orgUnitId,
    orgUnitName: p.orgUnitName,
    title: p.title,
    description: p.description,
    category: p.category as ProjectCategory,
    dueOn: p.dueOn,
    status: p.status,
    partnerOrgId: p.partnerOrgId,
    partnerName: p.partnerName,
    agreementId: p.agreementId,
    claimedAt: iso(p.claimedAt),
    submittedAt: iso(p.submittedAt),
    acceptedAt: iso(p.acceptedAt),
    acceptanceNote: p.acceptanceNote,
    percent: p.percent,
    averageRating: p.averageRating,
    createdAt: p.createdAt.toISOString(),
  };
}
