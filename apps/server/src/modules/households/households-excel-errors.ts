import ExcelJS from 'exceljs';
import type { RowError } from './households-excel';

/** Where the import found its data: the sheet and the column of each template header. */
export interface SheetLayout {
  sheetName: string;
  headerRow: number;
  /** Chinese header → 1-based column number. */
  columnOf: ReadonlyMap<string, number>;
}

const ERROR_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFCCCC' } };
const ERRORS_SHEET = '错误清单';
const NOTE_HEADER = '错误说明';

/** A cell's value as the person typed it, for quoting back to them. */
function shown(cell: ExcelJS.Cell | undefined): string {
  if (!cell || cell.value === null || cell.value === undefined) return '（空）';
  const text = cell.text?.trim();
  return text ? text : '（空）';
}

/**
 * The uploaded workbook handed back with its errors marked where they are: each bad cell filled pale red
 * with the reason as its comment, a 错误说明 column at the end of each bad row, and a 错误清单 sheet
 * quoting every bad value (row, column, what was typed, why). Staff fix the file they know instead of
 * matching row numbers against a list on screen, then upload it again.
 */
export async function annotateImportErrors(
  file: Buffer,
  layout: SheetLayout,
  errors: readonly RowError[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ExcelJS.Buffer);
  const ws = wb.getWorksheet(layout.sheetName);
  if (!ws) throw new Error(`sheet ${layout.sheetName} not found in the file just parsed`);
  const noteColumn = Math.max(ws.columnCount, ...layout.columnOf.values()) + 1;
  ws.getColumn(noteColumn).width = 48;

  const byRow = new Map<number, RowError[]>();
  for (const e of errors) byRow.set(e.rowNumber, [...(byRow.get(e.rowNumber) ?? []), e]);
  const header = ws.getRow(layout.headerRow).getCell(noteColumn);
  header.value = NOTE_HEADER;
  header.font = { bold: true, color: { argb: 'FFC00000' } };

  const list = wb.addWorksheet(ERRORS_SHEET);
  list.columns = [
    { header: '行号', key: 'row', width: 8 },
    { header: '列', key: 'column', width: 16 },
    { header: '填写的内容', key: 'value', width: 28 },
    { header: '问题', key: 'reason', width: 60 },
  ];
  list.getRow(1).font = { bold: true };

  for (const [rowNumber, rowErrors] of [...byRow.entries()].sort((a, b) => a[0] - b[0])) {
    const row = ws.getRow(rowNumber);
    for (const e of rowErrors) {
      const col = layout.columnOf.get(e.column);
      const cell = col ? row.getCell(col) : undefined;
      if (cell) {
        cell.fill = ERROR_FILL;
        cell.note = e.message.zh;
      }
      list.addRow({ row: rowNumber, column: e.column, value: shown(cell), reason: e.message.zh });
    }
    const note = row.getCell(noteColumn);
    note.value = rowErrors.map((e) => `${e.column}：${e.message.zh}`).join('；');
    note.font = { color: { argb: 'FFC00000' } };
  }
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
