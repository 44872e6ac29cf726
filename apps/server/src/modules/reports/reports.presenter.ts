import type { PhotoView, ReportDetail, ReportView } from '@louzhang/contracts';
import type { Actor } from '../../platform/actor';
import type { PiiCipher } from '../../platform/crypto';
import type { ReportListed } from './report-lists.repository';
import {
  allowedActions,
  INTERNAL_NOTE_EVENTS,
  isCurrentHandler,
  levelName,
  OPEN_STATUSES,
  seesIdentity,
} from './reports.policy';
import type { ReportEventRow } from './reports.repository';

/** Events a resident causes: their actor is the reporter or a neighbour, so only handlers see who. */
const RESIDENT_EVENTS = new Set(['submitted', 'joined', 'rated', 'reopened']);

/**
 * A report as `actor` may see it: the reporter's name and phone (masked) only for handlers and the
 * reporter (docs/rules.md#reports, §8), and the actions open to them now.
 */
export function presentReport(
  l: ReportListed,
  actor: Actor,
  cipher: PiiCipher,
  lang: 'zh' | 'en',
  following: boolean,
): ReportView {
  const r = l.report;
  const isMine = r.reporterUserId === actor.userId;
  const handler = isCurrentHandler(actor, r);
  const acts = allowedActions(r, handler);
  const identity = isMine || seesIdentity(actor, r);
  return {
    id: r.id,
    buildingId: r.buildingId,
    buildingName: l.buildingName,
    categoryId: r.categoryId,
    categoryName: lang === 'en' ? l.categoryNameEn : l.categoryNameZh,
    description: r.description,
    location: r.location,
    channel: r.channel as ReportView['channel'],
    status: r.status as ReportView['status'],
    level: levelName(r.level),
    handlerOrgUnitId: r.handlerOrgUnitId,
    handlerName: l.handlerName,
    departmentId: r.departmentId,
    followerCount: r.followerCount,
    isOverdue: r.isOverdue,
    dueAt: r.dueAt?.toISOString() ?? null,
    rating: r.rating,
    mergedIntoId: r.mergedIntoId,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
    reporter: identity ? { name: r.reporterName, phoneMasked: cipher.maskedPhone(r.reporterPhoneEnc) } : null,
    isMine,
    isFollowing: following,
    can: {
      ...acts,
      rate: isMine && r.status === 'resolved',
      join: !following && OPEN_STATUSES.includes(r.status as ReportView['status']),
    },
  };
}

export function presentDetail(
  view: ReportView,
  events: { event: ReportEventRow; actorName: string | null; handlerName: string | null }[],
  photosOf: (ids: number[]) => PhotoView[],
  identity: boolean,
  /** Staff who handle it at some level (or its department): they read internal notes, residents do not. */
  staff: boolean,
): ReportDetail {
  const submitted = events.find((e) => e.event.type === 'submitted');
  return {
    ...view,
    photos: photosOf(submitted?.event.photoIds ?? []),
    handlerPeople: [],
    timeline: events.map(({ event: e, actorName, handlerName }) => ({
      id: e.id,
      type: e.type as ReportDetail['timeline'][number]['type'],
      at: e.at.toISOString(),
      actorName: identity || !RESIDENT_EVENTS.has(e.type) ? actorName : null,
      fromStatus: (e.fromStatus as ReportView['status'] | null) ?? null,
      toStatus: e.toStatus as ReportView['status'],
      fromLevel: e.fromLevel ? levelName(e.fromLevel) : null,
      toLevel: levelName(e.toLevel),
      handlerName,
      note: staff || !INTERNAL_NOTE_EVENTS.has(e.type) ? e.note : null,
      photos: photosOf(e.photoIds),
    })),
  };
}
