import type {
  ChoreCategory,
  ChorePhotoKind,
  ChoreSubmissionDetail,
  ChoreSubmissionView,
  ChoreTaskView,
  ChoreTemplateView,
  DuplicateFlag,
  PhotoView,
} from '@louzhang/contracts';
import type { TemplateRow } from './chore-setup.repository';
import type { SubmissionListed } from './chore-submissions.repository';
import type { TaskListed } from './chores.repository';

const iso = (d: Date | string) => new Date(d).toISOString();

export function presentTemplate(t: TemplateRow): ChoreTemplateView {
  return {
    id: t.id,
    streetId: t.streetId,
    name: t.name,
    category: t.category as ChoreCategory,
    points: t.points,
    minPhotos: t.minPhotos,
    beforeAfter: t.beforeAfter,
    dailyLimitPerBuilding: t.dailyLimitPerBuilding,
    claimTtlHours: t.claimTtlHours,
    description: t.description,
    archived: t.archivedAt !== null,
  };
}

export function presentTask(r: TaskListed, viewerUserId: number): ChoreTaskView {
  const t = r.task;
  return {
    id: t.id,
    templateId: t.templateId,
    name: r.name,
    category: r.category as ChoreCategory,
    points: r.points,
    minPhotos: r.minPhotos,
    beforeAfter: r.beforeAfter,
    buildingId: t.buildingId,
    buildingName: r.buildingName,
    occurrence: t.occurrence,
    dueAt: iso(t.dueAt),
    status: t.status as ChoreTaskView['status'],
    claimedByMe: t.claimedByUserId === viewerUserId,
    claimExpiresAt: t.claimExpiresAt ? iso(t.claimExpiresAt) : null,
    rejectReason: r.rejectReason ?? null,
  };
}

export function presentSubmission(r: SubmissionListed): ChoreSubmissionView {
  const s = r.s;
  return {
    id: s.id,
    taskId: s.taskId,
    templateName: r.templateName,
    points: r.points,
    buildingId: r.buildingId,
    buildingName: r.buildingName,
    communityName: r.communityName ?? null,
    submitterUserId: s.submitterUserId,
    submitterName: r.submitterName,
    note: s.note,
    doneAt: iso(s.doneAt),
    submittedAt: iso(s.createdAt),
    status: s.status as ChoreSubmissionView['status'],
    rejectReason: s.rejectReason,
    reviewedAt: s.reviewedAt ? iso(s.reviewedAt) : null,
    duplicateFlags: (s.duplicateFlags ?? []) as DuplicateFlag[],
  };
}

export function presentSubmissionDetail(
  r: SubmissionListed,
  photos: (PhotoView & { kind: ChorePhotoKind })[],
): ChoreSubmissionDetail {
  return { ...presentSubmission(r), reviewerName: r.reviewerName ?? null, photos };
}
