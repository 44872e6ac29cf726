import { type ChoreSubmissionView, formatShanghaiDateTime, type Lang } from '@louzhang/contracts';
import type { ExportCell, ExportColumn } from '../../platform/xlsx-export';

/** The review queue's export: the columns the console's queue shows, and the review's outcome. */
export const REVIEWS_SHEET = { zh: '任务审核', en: 'Chore reviews' } as const;

type Key =
  | 'id'
  | 'task'
  | 'building'
  | 'community'
  | 'submitter'
  | 'points'
  | 'submittedAt'
  | 'status'
  | 'duplicate'
  | 'reviewedAt'
  | 'reason';
export const REVIEW_COLUMNS: readonly ExportColumn<Key>[] = [
  { key: 'id', zh: '编号', en: 'No.', width: 8 },
  { key: 'task', zh: '任务', en: 'Chore', width: 24 },
  { key: 'building', zh: '楼栋', en: 'Building', width: 18 },
  { key: 'community', zh: '社区', en: 'Community', width: 14 },
  { key: 'submitter', zh: '提交人', en: 'Submitted by', width: 10 },
  { key: 'points', zh: '积分', en: 'Points', width: 8 },
  { key: 'submittedAt', zh: '提交时间', en: 'Submitted', width: 18 },
  { key: 'status', zh: '状态', en: 'Status', width: 8 },
  { key: 'duplicate', zh: '疑似重复照片', en: 'Possible duplicate photo', width: 14 },
  { key: 'reviewedAt', zh: '审核时间', en: 'Reviewed', width: 18 },
  { key: 'reason', zh: '驳回原因', en: 'Reason rejected', width: 24 },
];

const STATUS = {
  zh: { pending: '待审核', approved: '已通过', rejected: '已驳回' },
  en: { pending: 'Pending', approved: 'Approved', rejected: 'Rejected' },
} as const;

/** A submission as a row of the export. */
export async function* reviewCells(
  rows: AsyncIterable<ChoreSubmissionView>,
  lang: Lang,
): AsyncIterable<Record<Key, ExportCell>> {
  for await (const s of rows) {
    yield {
      id: s.id,
      task: s.templateName,
      building: s.buildingName,
      community: s.communityName,
      submitter: s.submitterName,
      points: s.points,
      submittedAt: formatShanghaiDateTime(s.submittedAt),
      status: STATUS[lang][s.status],
      duplicate: s.duplicateFlags.length > 0 ? `#${s.duplicateFlags[0]?.submissionId}` : null,
      reviewedAt: s.reviewedAt ? formatShanghaiDateTime(s.reviewedAt) : null,
      reason: s.rejectReason,
    };
  }
}
