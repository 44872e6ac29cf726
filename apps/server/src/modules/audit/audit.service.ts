import { type AuditEntryView, type AuditLogQuery, addDays, startOfShanghaiDay } from '@louzhang/contracts';
import type { Actor, RequestContext } from '../../platform/actor';
import type { Db } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import * as repo from './audit.repository';

/**
 * 操作日志: who did what, when and from where — every write and every reveal of personal data, allowed or
 * refused (docs/rules.md#personal-data). A street office reads its own street's rows; the system's
 * administrators read all, including rows of no street (sign-ins, probes outside anyone's reach).
 */
export class AuditService {
  constructor(private readonly db: Db) {}

  async search(ctx: RequestContext, q: AuditLogQuery): Promise<{ items: AuditEntryView[]; nextCursor: string | null }> {
    const streetIds = readableStreets(ctx.actor);
    if (streetIds !== null && streetIds.length === 0) throw new AppError('FORBIDDEN');
    const found = await repo.search(this.db, {
      streetIds,
      action: q.action,
      actorUserId: q.actorUserId,
      objectType: q.objectType,
      objectId: q.objectId,
      result: q.result,
      from: q.from ? startOfShanghaiDay(q.from) : undefined,
      to: q.to ? startOfShanghaiDay(addDays(q.to, 1)) : undefined,
      beforeId: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: q.limit + 1,
    });
    const page = found.slice(0, q.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => ({
        id: r.id,
        at: new Date(r.at).toISOString(),
        action: r.action,
        objectType: r.objectType,
        objectId: r.objectId,
        result: r.result,
        ip: r.ip,
        actor: r.actorUserId !== null ? { id: r.actorUserId, name: r.actorName ?? '' } : null,
        detail: r.detail,
      })),
      nextCursor: found.length > q.limit && last ? encodeCursor(last.id) : null,
    };
  }
}

/** The streets whose log the actor reads: null for all (admin), else their street offices' streets. */
function readableStreets(actor: Actor): number[] | null {
  if (actor.bindings.some((b) => b.role === 'admin')) return null;
  return [
    ...new Set(
      actor.bindings.filter((b) => b.role === 'street_staff' && b.streetId !== null).map((b) => b.streetId as number),
    ),
  ];
}
