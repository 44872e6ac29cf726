import ExcelJS from 'exceljs';

/** Reads an exported .xlsx back: the first sheet's name, its header row and its body rows (empty cells null). */
export async function readSheet(payload: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const out: (string | number | null)[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const v = row.values as (string | number | null)[];
    out.push(Array.from({ length: ws.columnCount }, (_, i) => v[i + 1] ?? null));
  });
  return { name: ws.name, header: out[0]!, body: out.slice(1) };
}
