import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type ExportRow, TEMPLATE_HEADERS } from './households-excel';
import { parseHouseholdWorkbook } from './households-excel-import';
import { buildHouseholdExport } from './households-export-xlsx';

const HEADERS = TEMPLATE_HEADERS.map((c) => c.header);

describe('buildHouseholdExport', () => {
  it('writes the header row and one row per resident, phone and ID as given', async () => {
    const rows: ExportRow[] = [
      {
        householdId: 42,
        communityName: '江滨社区',
        gridName: '第3网格',
        address: '江滨新村10栋1单元301',
        buildingName: '江滨新村10栋',
        unitLabel: '1单元',
        floor: 3,
        room: '301',
        floorArea: 89.5,
        ownerKey: null,
        relation: '户主',
        name: '李四',
        gender: 'M',
        birthYear: 1950,
        phone: '139****5678',
        idNumber: '4407**********1234',
        careTags: ['elderly_alone', '助浴需求'],
      },
    ];
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildHouseholdExport(rows)) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['户号', '社区', '网格', '地址', ...HEADERS]);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    const byHeader = (h: string) => ws.getRow(2).getCell(header.indexOf(h) + 1).value;
    expect(byHeader('户号')).toBe(42);
    expect(byHeader('社区')).toBe('江滨社区');
    expect(byHeader('手机号')).toBe('139****5678');
    expect(byHeader('身份证号')).toBe('4407**********1234');
    expect(byHeader('性别')).toBe('男');
    expect(byHeader('关怀标签')).toBe('独居老人、助浴需求');
    expect(ws.rowCount).toBe(2);
  });

  it('writes text that a spreadsheet would run as a formula as plain text, and reads it back the same', async () => {
    const hostile = ['=HYPERLINK("http://x.cn")', '+1+cmd|/C calc!A0', '-2+3', '@SUM(A1)', '\t=1'];
    const buf = await buildHouseholdExport(
      hostile.map((name, i) => ({
        householdId: i + 1,
        communityName: '=1+1',
        buildingName: '江滨新村10栋',
        unitLabel: null,
        floor: -1,
        room: `10${i}`,
        floorArea: null,
        ownerKey: null,
        relation: '户主',
        name,
        gender: null,
        birthYear: null,
        phone: null,
        idNumber: null,
        careTags: [],
      })),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = (h: string) => header.indexOf(h) + 1;
    for (let i = 0; i < hostile.length; i++) {
      const row = ws.getRow(i + 2);
      const name = row.getCell(col('姓名')).value;
      expect(typeof name, `row ${i}`).toBe('string');
      expect(name).toBe(`'${hostile[i]}`);
      expect(row.getCell(col('社区')).value).toBe("'=1+1");
      expect(row.getCell(col('楼层')).value).toBe(-1);
    }
    const back = await parseHouseholdWorkbook(buf);
    expect(back.rows.map((r) => r.name)).toEqual(hostile.map((h) => h.trim()));
  });

  it('re-imports (masked phone and ID aside)', async () => {
    const buf = await buildHouseholdExport([
      {
        householdId: 1,
        buildingName: '江滨新村10栋',
        unitLabel: null,
        floor: 1,
        room: '101',
        floorArea: null,
        ownerKey: null,
        relation: '户主',
        name: '甲',
        gender: 'F',
        birthYear: 1990,
        phone: null,
        idNumber: null,
        careTags: ['disabled'],
      },
    ]);
    const { rows, errors } = await parseHouseholdWorkbook(buf);
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ name: '甲', gender: 'F', birthYear: 1990, careTags: ['disabled'] });
  });
});
