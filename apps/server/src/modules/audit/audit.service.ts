import { type AuditEntryView, type AuditLogQuery, addDays, type Role, startOfShanghaiDay } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import type { Db } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import * as repo from './audit.repository';

/**
 * 操作日志: who did what, when and from where — every write and every reveal of personal data, allowed or
 * refused (docs/rules.md#personal-data). A street office reads its own street's rows, administrators those
 * of the units they administer; a row of no street (a sign-in, a probe outside anyone's reach) belongs to
 * wherever its actor holds a role.
 */
export class AuditService {
  constructor(private readonly db: Db) {}

  async search(ctx: RequestContext, q: AuditLogQuery): Promise<{ items: AuditEntryView[]; nextCursor: string | null }> {
    const paths = ctx.actor.bindings.filter((b) => READERS.includes(b.role)).map((b) => b.path);
    if (paths.length === 0) throw new AppError('FORBIDDEN');
    const found = await repo.search(this.db, {
      paths,
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

/** Who reads the log: a street office (its street) and administrators (the units they administer). */
const READERS: readonly Role[] = ['street_staff', 'admin'];
