import type { Writable } from 'node:stream';
import {
  formatShanghaiDateTime,
  type Lang,
  REPORT_LEVEL_WORDS,
  REPORT_STATUS_WORDS,
  type ReportView,
  wordsIn,
} from '@louzhang/contracts';
import ExcelJS from 'exceljs';
import { asInertText } from '../households/households-excel';

/** The export's columns: what the console's list shows, and the reporter masked as on screen. */
const COLUMNS = [
  { key: 'id', zh: '编号', en: 'No.', width: 10 },
  { key: 'description', zh: '诉求内容', en: 'Report', width: 40 },
  { key: 'category', zh: '分类', en: 'Category', width: 14 },
  { key: 'building', zh: '楼栋 / 地点', en: 'Building / place', width: 20 },
  { key: 'status', zh: '状态', en: 'Status', width: 10 },
  { key: 'handler', zh: '承办', en: 'Handled by', width: 24 },
  { key: 'reporter', zh: '反映人', en: 'Reporter', width: 10 },
  { key: 'phone', zh: '联系电话', en: 'Phone', width: 14 },
  { key: 'createdAt', zh: '提交时间', en: 'Filed', width: 18 },
  { key: 'dueAt', zh: '办理时限', en: 'Due', width: 18 },
  { key: 'overdue', zh: '是否超时', en: 'Overdue', width: 10 },
] as const;

/** The sheet's name, and the file's, per language. */
export const REPORTS_SHEET = { zh: '诉求', en: 'Reports' } as const;

/**
 * Writes the reports as .xlsx to `out` row by row (exceljs's streaming writer: each row is committed and
 * leaves memory), ending `out` when done. Text cells that a spreadsheet would read as a formula are made
 * inert, as in the registry's export.
 */
export async function streamReportsXlsx(
  out: Writable,
  reports: AsyncIterable<ReportView>,
  lang: Lang,
): Promise<number> {
  const tag = lang === 'en' ? 'en' : 'zh-CN';
  const statuses = wordsIn(REPORT_STATUS_WORDS, tag) as Record<string, string>;
  const levels = wordsIn(REPORT_LEVEL_WORDS, tag) as Record<string, string>;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = '楼长通';
  const ws = wb.addWorksheet(REPORTS_SHEET[lang], { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ header: c[lang], key: c.key, width: c.width }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.commit();
  const yes = lang === 'en' ? 'Yes' : '是';
  let n = 0;
  for await (const r of reports) {
    const values: Record<string, string | number | null> = {
      id: r.id,
      description: r.description,
      category: r.categoryName,
      building: r.buildingName,
      status: statuses[r.status] ?? r.status,
      handler: `${levels[r.level] ?? r.level} · ${r.handlerName}`,
      reporter: r.reporter?.name ?? null,
      phone: r.reporter?.phoneMasked ?? null,
      createdAt: formatShanghaiDateTime(r.createdAt),
      dueAt: r.dueAt ? formatShanghaiDateTime(r.dueAt) : null,
      overdue: r.isOverdue ? yes : null,
    };
    ws.addRow(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, asInertText(v)]))).commit();
    n++;
  }
  ws.commit();
  await wb.commit();
  return n;
}
