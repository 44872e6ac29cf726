import type { Writable } from 'node:stream';
import { type AuditEntryView, formatShanghaiDateTime, type Lang } from '@louzhang/contracts';
import { type ExportCell, type ExportColumn, streamSheetXlsx } from '../../platform/xlsx-export';

/** The log's export: the columns the console's 操作日志 shows; the details as they are logged (already masked). */
export const AUDIT_SHEET = { zh: '操作日志', en: 'Audit log' } as const;

type Key = 'at' | 'actor' | 'action' | 'objectType' | 'objectId' | 'result' | 'ip' | 'detail';
export const AUDIT_COLUMNS: readonly ExportColumn<Key>[] = [
  { key: 'at', zh: '时间', en: 'Time', width: 18 },
  { key: 'actor', zh: '操作人', en: 'Actor', width: 14 },
  { key: 'action', zh: '操作', en: 'Action', width: 28 },
  { key: 'objectType', zh: '对象类型', en: 'Object type', width: 16 },
  { key: 'objectId', zh: '对象编号', en: 'Object id', width: 12 },
  { key: 'result', zh: '结果', en: 'Result', width: 8 },
  { key: 'ip', zh: 'IP', en: 'IP', width: 16 },
  { key: 'detail', zh: '详情', en: 'Detail', width: 60 },
];

const RESULT = {
  zh: { ok: '成功', denied: '拒绝', error: '出错' },
  en: { ok: 'OK', denied: 'Denied', error: 'Error' },
} as const;

/** A row of the log as a row of the export (Shanghai time). */
export async function* auditCells(
  rows: AsyncIterable<AuditEntryView>,
  lang: Lang,
): AsyncIterable<Record<Key, ExportCell>> {
  for await (const r of rows) {
    yield {
      at: formatShanghaiDateTime(r.at),
      actor: r.actor?.name ?? null,
      action: r.action,
      objectType: r.objectType,
      objectId: r.objectId,
      result: RESULT[lang][r.result],
      ip: r.ip,
      detail: r.detail ? JSON.stringify(r.detail) : null,
    };
  }
}

/** The log's .xlsx to `out` (the streamed download and the background export write the same). */
export function streamAuditXlsx(out: Writable, rows: AsyncIterable<AuditEntryView>, lang: Lang): Promise<number> {
  return streamSheetXlsx(out, AUDIT_SHEET, AUDIT_COLUMNS, auditCells(rows, lang), lang);
}
