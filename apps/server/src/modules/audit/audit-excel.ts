import { type AuditEntryView, formatShanghaiDateTime } from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

const RESULT = {
  zh: { ok: '成功', denied: '拒绝', error: '出错' },
  en: { ok: 'OK', denied: 'Denied', error: 'Error' },
} as const;

/**
 * The log's export (the streamed download and the background export write the same): the columns the
 * console's 操作日志 shows, in Shanghai time; the details as they are logged (already masked).
 */
export const AUDIT_SHEET: ListSheet<AuditEntryView> = {
  sheet: { zh: '操作日志', en: 'Audit log' },
  columns: [
    { key: 'at', zh: '时间', en: 'Time', width: 18, cell: (r) => formatShanghaiDateTime(r.at) },
    { key: 'actor', zh: '操作人', en: 'Actor', width: 14, cell: (r) => r.actor?.name ?? null },
    { key: 'action', zh: '操作', en: 'Action', width: 28, cell: (r) => r.action },
    { key: 'objectType', zh: '对象类型', en: 'Object type', width: 16, cell: (r) => r.objectType },
    { key: 'objectId', zh: '对象编号', en: 'Object id', width: 12, cell: (r) => r.objectId },
    { key: 'result', zh: '结果', en: 'Result', width: 8, cell: (r, lang) => RESULT[lang][r.result] },
    { key: 'ip', zh: 'IP', en: 'IP', width: 16, cell: (r) => r.ip },
    { key: 'detail', zh: '详情', en: 'Detail', width: 60, cell: (r) => (r.detail ? JSON.stringify(r.detail) : null) },
  ],
};
