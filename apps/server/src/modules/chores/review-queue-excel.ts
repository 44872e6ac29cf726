import { type ChoreSubmissionView, formatShanghaiDateTime } from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

const STATUS = {
  zh: { pending: '待审核', approved: '已通过', rejected: '已驳回' },
  en: { pending: 'Pending', approved: 'Approved', rejected: 'Rejected' },
} as const;

/** The review queue's export: the columns the console's queue shows, and the review's outcome. */
export const REVIEWS_SHEET: ListSheet<ChoreSubmissionView> = {
  sheet: { zh: '任务审核', en: 'Chore reviews' },
  columns: [
    { key: 'id', zh: '编号', en: 'No.', width: 8, cell: (s) => s.id },
    { key: 'task', zh: '任务', en: 'Chore', width: 24, cell: (s) => s.templateName },
    { key: 'building', zh: '楼栋', en: 'Building', width: 18, cell: (s) => s.buildingName },
    { key: 'community', zh: '社区', en: 'Community', width: 14, cell: (s) => s.communityName },
    { key: 'submitter', zh: '提交人', en: 'Submitted by', width: 10, cell: (s) => s.submitterName },
    { key: 'points', zh: '积分', en: 'Points', width: 8, cell: (s) => s.points },
    {
      key: 'submittedAt',
      zh: '提交时间',
      en: 'Submitted',
      width: 18,
      cell: (s) => formatShanghaiDateTime(s.submittedAt),
    },
    { key: 'status', zh: '状态', en: 'Status', width: 8, cell: (s, lang) => STATUS[lang][s.status] },
    {
      key: 'duplicate',
      zh: '疑似重复照片',
      en: 'Possible duplicate photo',
      width: 14,
      cell: (s) => (s.duplicateFlags.length > 0 ? `#${s.duplicateFlags[0]?.submissionId}` : null),
    },
    {
      key: 'reviewedAt',
      zh: '审核时间',
      en: 'Reviewed',
      width: 18,
      cell: (s) => (s.reviewedAt ? formatShanghaiDateTime(s.reviewedAt) : null),
    },
    { key: 'reason', zh: '驳回原因', en: 'Reason rejected', width: 24, cell: (s) => s.rejectReason },
  ],
};
