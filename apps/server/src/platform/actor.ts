import type { Lang, OrgKind, Role } from '@louzhang/contracts';

/** One role a user holds at one org unit; `path` is that unit's materialised path. */
export interface Binding {
  readonly role: Role;
  readonly orgUnitId: number;
  readonly orgUnitName: string;
  readonly orgKind: OrgKind;
  readonly path: string;
  readonly streetId: number | null;
}

/** Who is asking, resolved from the session once per request. */
export interface Actor {
  readonly userId: number;
  readonly name: string;
  readonly bindings: readonly Binding[];
  /** Their street requires a second factor they have not set up: only setting it up is open to them. */
  readonly secondFactorMissing?: boolean;
}

/** What every service call carries besides its input. */
export interface RequestContext {
  readonly actor: Actor;
  readonly ip: string;
  readonly lang: Lang;
  readonly idempotency?: { readonly key: string; readonly requestHash: string } | undefined;
  /** The caller wrote moments ago: lag-tolerant reads go to the primary for it (platform/replica.ts, read-your-writes). */
  readonly readsPrimary?: boolean;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.bindings.some((b) => roles.includes(b.role));
}
