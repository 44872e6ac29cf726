import { saveBlob } from '../../common/api';
/**
 * The numbers one chart draws, as a table: one row per category (a level, a category, a captain), one
 * column per series. The chart's option is built from it and 导出数据 writes it, so the file holds exactly
 * the numbers drawn.
 */
export interface ChartTable {
  /** The header of the first column (层级, 类别, 楼长). */
  categoryHeader: string;
  categories: string[];
  series: { name: string; data: number[] }[];
}

const cell = (v: string | number): string => {
  const s = String(v);
  // A leading =, +, - or @ would be a formula in Excel: quote it as text (CSV injection).
  const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/**
 * The table as CSV that Excel opens with its Chinese intact: a UTF-8 byte order mark, CRLF line ends,
 * fields quoted when they hold a comma, quote or line break.
 */
export function tableToCsv(t: ChartTable, title?: string): string {
  const lines: string[] = [];
  if (title) lines.push(cell(title));
  lines.push([t.categoryHeader, ...t.series.map((s) => s.name)].map(cell).join(','));
  t.categories.forEach((c, i) => {
    lines.push([c, ...t.series.map((s) => s.data[i] ?? '')].map(cell).join(','));
  });
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Saves `text` as a file named `name` (a CSV export). */
export function saveText(text: string, name: string, type = 'text/csv;charset=utf-8'): void {
  saveBlob(new Blob([text], { type }), name);
}
