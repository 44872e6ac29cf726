import { randomBytes } from 'node:crypto';
import type { IssueOpen311ClientRequest, Open311ClientIssued, Open311ClientView, Role } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Db, transaction } from '../../platform/db';
import { notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { Scope } from '../../platform/scope';
import * as repo from './open311.repository';
import { hashApiKey } from './open311-keys';

/** Who issues and revokes a street's Open311 keys: its street staff and admins above it. */
export const KEY_ROLES: readonly Role[] = ['street_staff', 'admin'];

function present(c: repo.Open311Client): Open311ClientView {
  return {
    id: c.id,
    streetId: c.streetId,
    name: c.name,
    createdAt: c.createdAt.toISOString(),
    revokedAt: c.revokedAt ? c.revokedAt.toISOString() : null,
  };
}

/** Open311 keys (docs/rules.md#reports): one per connected system and street; only their SHA-256 is kept. */
export class Open311ClientsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** The clients of the streets the caller governs. */
  async list(ctx: RequestContext): Promise<{ items: Open311ClientView[] }> {
    const streets = await repo.streetsIn(this.db, Scope.of(ctx.actor, KEY_ROLES));
    return {
      items: (
        await repo.clientsOfStreets(
          this.db,
          streets.map((s) => s.id),
        )
      ).map(present),
    };
  }

  /** Issues a key for a street; the key is in this answer only. */
  async issue(ctx: RequestContext, input: IssueOpen311ClientRequest): Promise<Open311ClientIssued> {
    const key = `lz311_${randomBytes(24).toString('base64url')}`;
    const { value, replayed } = await once(this.db, this.clock, ctx, async (tx) => {
      const street = await repo.findUnit(tx, input.streetId);
      if (street?.kind !== 'street' || !Scope.of(ctx.actor, KEY_ROLES).covers(street.path)) throw notFound();
      const row = await repo.insertClient(tx, {
        streetId: street.id,
        name: input.name,
        keyHash: hashApiKey(key),
        createdAt: this.clock.now(),
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'open311_client.issue',
        objectType: 'open311_client',
        objectId: row.id,
        streetId: street.id,
        detail: { name: row.name },
      });
      // what the idempotency record keeps: never the key itself
      return present(row);
    });
    return { ...value, key: replayed ? null : key };
  }

  /** Revokes a key at once: requests with it answer 403 from then on. */
  async revoke(ctx: RequestContext, id: number): Promise<Open311ClientView> {
    return transaction(this.db, async (tx) => {
      const c = await repo.findClient(tx, id);
      const street = c && (await repo.findUnit(tx, c.streetId));
      if (!c || !street || !Scope.of(ctx.actor, KEY_ROLES).covers(street.path)) throw notFound();
      const row = (await repo.revokeClient(tx, id, this.clock.now())) ?? c;
      await recordAudit(tx, this.clock, ctx, {
        action: 'open311_client.revoke',
        objectType: 'open311_client',
        objectId: id,
        streetId: c.streetId,
      });
      return present(row);
    });
  }
}
