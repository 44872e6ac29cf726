import { sql } from 'drizzle-orm';
import { auditLog } from '../db/schema';
import type { RequestContext } from './actor';
import type { Clock } from './clock';
import type { Db, Fragment, Write } from './db';
import { insertRows } from './insert-rows';

export interface AuditEntry {
  action: string;
  objectType: string;
  objectId?: string | number | null;
  streetId?: number | null;
  result?: 'ok' | 'denied' | 'error';
  detail?: Record<string, unknown>;
}

/** Appends to the audit log inside the caller's transaction, so the record and the change commit together. */
export async function recordAudit(
  tx: Db,
  clock: Clock,
  ctx: Pick<RequestContext, 'ip'> & { actor: { userId: number } | null },
  entry: AuditEntry,
): Promise<void> {
  await tx.insert(auditLog).values(auditRow(clock, ctx, entry));
}

/** The audit row as a write not yet sent, to go out with the change it records in one statement (`writeAll`). */
export function auditWrite(
  clock: Clock,
  ctx: Pick<RequestContext, 'ip'> & { actor: { userId: number } | null },
  entry: AuditEntry,
): Write {
  return insertRows(auditLog, [auditRow(clock, ctx, entry)]);
}

/**
 * An insert of audit rows selected by `select` (street, actor, action, object type, object id, result, ip,
 * detail, at, in that order): for a statement that makes the object it records, whose id it learns only
 * as it runs.
 */
export function auditInsert(select: Fragment): Fragment {
  return sql`insert into audit_log (street_id, actor_user_id, action, object_type, object_id, result, ip, detail, at) ${select}`;
}

function auditRow(
  clock: Clock,
  ctx: Pick<RequestContext, 'ip'> & { actor: { userId: number } | null },
  entry: AuditEntry,
): typeof auditLog.$inferInsert {
  return {
    streetId: entry.streetId ?? null,
    actorUserId: ctx.actor?.userId ?? null,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId == null ? null : String(entry.objectId),
    result: entry.result ?? 'ok',
    ip: ctx.ip,
    detail: entry.detail ?? null,
    at: clock.now(),
  };
}
