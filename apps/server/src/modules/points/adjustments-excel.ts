import { type AdjustmentView, formatShanghaiDateTime } from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

const STATUS = {
  zh: { pending: '待审批', applied: '已生效', rejected: '已驳回' },
  en: { pending: 'Waiting', applied: 'Applied', rejected: 'Rejected' },
} as const;

/** 积分调整's export: the adjustments the console lists for the status chosen, names as shown. */
export const ADJUSTMENTS_SHEET: ListSheet<AdjustmentView> = {
  sheet: { zh: '积分调整', en: 'Points adjustments' },
  columns: [
    { key: 'captain', zh: '楼长', en: 'Captain', width: 12, cell: (a) => a.captainName ?? null },
    { key: 'points', zh: '分值', en: 'Points', width: 8, cell: (a) => a.points },
    { key: 'reason', zh: '调整原因', en: 'Reason', width: 30, cell: (a) => a.reason },
    { key: 'status', zh: '状态', en: 'Status', width: 8, cell: (a, lang) => STATUS[lang][a.status] },
    { key: 'requestedBy', zh: '申请人', en: 'Requested by', width: 12, cell: (a) => a.requestedByName ?? null },
    { key: 'decidedBy', zh: '审批人', en: 'Decided by', width: 12, cell: (a) => a.decidedByName ?? null },
    { key: 'createdAt', zh: '申请时间', en: 'Requested', width: 17, cell: (a) => formatShanghaiDateTime(a.createdAt) },
  ],
};
