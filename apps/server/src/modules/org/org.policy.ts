import { type OrgKind, ROLES, type Role } from '@louzhang/contracts';

/** Every role may browse the org tree below its bindings (its own buildings, grid, community …). */
export const ORG_READ_ROLES = ROLES;
/** Only admins reshape the tree. */
export const ORG_WRITE_ROLES = ['admin'] as const;

/** Which kinds may sit under which: the chain of docs/rules.md#domain, with the optional levels skippable. */
const CHILDREN: Record<OrgKind, readonly OrgKind[]> = {
  city: ['district'],
  district: ['street', 'department'],
  street: ['community', 'partner_org'],
  community: ['micro_community', 'grid', 'place'],
  micro_community: ['grid', 'place'],
  grid: ['estate', 'building', 'place'],
  estate: ['building'],
  building: ['unit'],
  unit: [],
  department: [],
  partner_org: [],
  place: [],
};

export function mayContain(parent: OrgKind, child: OrgKind): boolean {
  return CHILDREN[parent].includes(child);
}

/** Who may pick a department to escalate a report to (levels community and street, and admins). */
export const DISPATCH_ROLES: readonly Role[] = ['community_staff', 'street_staff', 'admin'];
