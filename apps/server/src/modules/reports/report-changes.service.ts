import { cutText } from '@louzhang/contracts';
import type { Actor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { unitIdsOnPath } from '../../platform/scope';
import type { NotificationsService } from '../notifications/notifications.service';
import { HANDLER_ROLES, INTERNAL_NOTE_EVENTS, LEVEL } from './reports.policy';
import * as repo from './reports.repository';

/** Who makes a change: a signed-in person, or the system (the escalation job, an Open311 client). */
export interface Who {
  actor: Actor | null;
  ip: string;
}
export const SYSTEM: Who = { actor: null, ip: 'system' };

/** The notification's title of each kind of event, in Chinese and English. */
export const TITLES: Record<string, [string, string]> = {
  submitted: ['新诉求待受理', 'New report to handle'],
  accepted: ['诉求已受理', 'Report accepted'],
  answered: ['诉求有新答复', 'New answer to a report'],
  resolved: ['诉求已办结，请评价', 'Report resolved — please rate it'],
  escalated: ['诉求已上报（吹哨）', 'Report escalated'],
  auto_escalated: ['诉求超时，已自动上报', 'Report escalated automatically (overdue)'],
  overdue: ['诉求已超时', 'Report overdue'],
  rejected: ['诉求未予受理', 'Report not taken'],
  rated: ['报事人已评价', 'The reporter rated the answer'],
  closed: ['诉求已关闭', 'Report closed'],
  auto_closed: ['诉求已自动关闭', 'Report closed automatically'],
  reopened: ['诉求未解决，重新办理', 'Not solved: report reopened one level up'],
  joined: ['有居民附议该诉求', 'A neighbour joined the report'],
  merged: ['重复诉求已并入', 'A duplicate was merged into the report'],
  merged_into: ['诉求已并入另一条相同诉求', 'Report merged into the same problem'],
  returned: ['部门退回诉求，请重新分派', 'A department sent a report back: dispatch it again'],
};

/**
 * How every change to a report is written: one compare-and-set on the report's `version` plus one timeline
 * event, audit row and notifications, in the caller's transaction.
 */
export class ReportChangesService {
  constructor(
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
  ) {}

  /** One change: compare-and-set on `version`, its timeline event, audit row and notifications, in `tx`. */
  async change(
    tx: Db,
    who: Who,
    r: repo.ReportRow,
    type: string,
    set: Partial<repo.ReportInsert>,
    ev: { note?: string | null; photoIds?: number[]; detail?: Record<string, unknown> } = {},
  ): Promise<repo.ReportRow> {
    const now = this.clock.now();
    const updated = await repo.compareAndSet(tx, r.id, r.version, { ...set, updatedAt: now });
    if (!updated) throw new AppError('CONFLICT');
    const event = await repo.insertEvent(tx, {
      reportId: r.id,
      streetId: r.streetId,
      version: updated.version,
      type,
      actorUserId: who.actor?.userId ?? null,
      fromStatus: r.status,
      toStatus: updated.status,
      fromLevel: r.level,
      toLevel: updated.level,
      handlerOrgUnitId: updated.handlerOrgUnitId,
      note: ev.note ?? null,
      photoIds: ev.photoIds ?? [],
      detail: ev.detail ?? null,
      at: now,
    });
    await recordAudit(tx, this.clock, who, {
      action: `report.${type}`,
      objectType: 'report',
      objectId: r.id,
      streetId: r.streetId,
      detail: { version: updated.version, status: updated.status, level: updated.level },
    });
    await this.notifyEvent(tx, updated, event, who);
    return updated;
  }

  /** Tells the people concerned: the reporter, the followers and whoever holds the report now, not the actor. */
  async notifyEvent(tx: Db, r: repo.ReportRow, e: repo.ReportEventRow, who: Who): Promise<void> {
    // A department's reason to send a report back is for the street only: residents have nothing to do, and
    // the reason is internal (their timeline shows that it is being reassigned).
    const internal = INTERNAL_NOTE_EVENTS.has(e.type);
    const recipients = new Set(internal ? [] : await repo.followerIds(tx, r.id));
    if (r.reporterUserId && !internal) recipients.add(r.reporterUserId);
    const unitIds = r.level === LEVEL.department ? (r.departmentId ? [r.departmentId] : []) : unitIdsOnPath(r.path);
    for (const h of await repo.usersBoundAt(tx, HANDLER_ROLES[r.level] ?? [], unitIds)) recipients.add(h.userId);
    // A department that misses its clock has nobody above it in the tree: the street that dispatched it is told.
    if (e.type === 'overdue' && r.level === LEVEL.department) {
      for (const h of await repo.usersBoundAt(tx, ['street_staff'], [r.streetId])) recipients.add(h.userId);
    }
    if (who.actor) recipients.delete(who.actor.userId);
    const [zh, en] = TITLES[e.type] ?? [e.type, e.type];
    await this.notifications.notify(tx, recipients, {
      streetId: r.streetId,
      kind: `report.${e.type}`,
      titleZh: zh,
      titleEn: en,
      body: cutText(e.note ?? r.description, 120),
      objectType: 'report',
      objectId: r.id,
      sourceKey: `report_event:${e.id}`,
      at: e.at,
    });
  }
}
