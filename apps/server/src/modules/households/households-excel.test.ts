import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { idCheckChar } from '../../../../../packages/contracts/src/validation/china-id';
import { largeRegistry } from '../../../test/xlsx-fixture';
import { buildHouseholdTemplate, ExcelImportError, TEMPLATE_HEADERS } from './households-excel';
import { MAX_IMPORT_ROWS, parseHouseholdWorkbook } from './households-excel-import';

/** A valid ID number born on `yyyymmdd`. */
function id(yyyymmdd: string, seq = '123'): string {
  const first17 = `440783${yyyymmdd}${seq}`;
  return first17 + idCheckChar(first17);
}

const HEADERS = TEMPLATE_HEADERS.map((c) => c.header);
type Cells = Partial<Record<string, ExcelJS.CellValue>>;

/** Appends rows to the template's data sheet, by header text. */
async function fillTemplate(rows: Cells[], opts: { dropExample?: boolean } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await buildHouseholdTemplate()) as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0] as ExcelJS.Worksheet;
  if (opts.dropExample) ws.spliceRows(2, 1);
  for (const r of rows) ws.addRow(HEADERS.map((h) => r[h] ?? null));
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** A workbook from scratch: a header row then data rows, as arrays. */
async function sheet(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

const person = (over: Cells = {}): Cells => ({
  楼栋: '江滨新村10栋',
  单元: '1单元',
  楼层: 3,
  房号: '301',
  '建筑面积(㎡)': 89.5,
  产权人编号: 'A01',
  与户主关系: '户主',
  姓名: '李四',
  性别: '男',
  出生年份: null,
  手机号: '13912345678',
  身份证号: id('19500312'),
  关怀标签: '独居老人、高龄',
  ...over,
});

async function expectImportError(p: Promise<unknown>, code: string): Promise<ExcelImportError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ExcelImportError);
  expect((err as ExcelImportError).code).toBe(code);
  return err as ExcelImportError;
}

describe('buildHouseholdTemplate', () => {
  it('has the header row, an example row and the instructions sheet', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildHouseholdTemplate()) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(1).width).toBeGreaterThan(10);
    expect(ws.getRow(2).getCell(1).value).toBe('江滨新村10栋');
    const help = wb.getWorksheet('填写说明');
    expect(help).toBeDefined();
    const helpText = JSON.stringify(help?.getSheetValues());
    for (const h of HEADERS) expect(helpText).toContain(h);
  });

  it('parses as empty when only the example row is there', async () => {
    const { rows, errors } = await parseHouseholdWorkbook(await buildHouseholdTemplate());
    expect(rows).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('parseHouseholdWorkbook', () => {
  it('round-trips rows filled into the template', async () => {
    const buf = await fillTemplate([
      person(),
      person({
        与户主关系: '配偶',
        姓名: '王芳',
        性别: '女',
        出生年份: 1952,
        手机号: '+86 139-1234-5679',
        身份证号: id('19520101', '124').toLowerCase(),
        关怀标签: '空巢, 低保/建档立卡，助浴需求',
      }),
      {},
      person({
        单元: null,
        房号: 502,
        楼层: '5',
        '建筑面积(㎡)': null,
        产权人编号: null,
        姓名: '赵六',
        手机号: null,
        身份证号: null,
        关怀标签: null,
      }),
    ]);
    const { rows, errors } = await parseHouseholdWorkbook(buf);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({
      rowNumber: 3,
      buildingName: '江滨新村10栋',
      unitLabel: '1单元',
      floor: 3,
      room: '301',
      floorArea: 89.5,
      ownerKey: 'A01',
      relation: '户主',
      name: '李四',
      gender: 'M',
      birthYear: 1950,
      phone: '13912345678',
      idNumber: id('19500312'),
      careTags: ['elderly_alone', 'aged'],
    });
    expect(rows[1]).toMatchObject({
      rowNumber: 4,
      relation: '配偶',
      gender: 'F',
      birthYear: 1952,
      phone: '13912345679',
      idNumber: id('19520101', '124'),
      careTags: ['empty_nest', 'low_income', '助浴需求'],
    });
    // Row 5 was blank and skipped.
    expect(rows[2]).toMatchObject({
      rowNumber: 6,
      unitLabel: null,
      floor: 5,
      room: '502',
      floorArea: null,
      ownerKey: null,
      birthYear: null,
      phone: null,
      idNumber: null,
      careTags: [],
    });
  });

  it('refuses an owner key that is an ID number or holds punctuation, and reads full-width letters as ASCII', async () => {
    const buf = await fillTemplate([
      person({ 产权人编号: id('19600101', '222') }), // row 3 (below the example row): an ID number
      person({ 房号: '302', 手机号: null, 身份证号: null, 产权人编号: 'A 0;1' }), // row 4: punctuation
      person({ 房号: '303', 手机号: null, 身份证号: null, 产权人编号: 'Ｂ０２' }), // row 5: full-width, good
    ]);
    const { rows, errors } = await parseHouseholdWorkbook(buf);
    expect(errors.map((e) => [e.rowNumber, e.column, e.code])).toEqual([
      [3, '产权人编号', 'OWNER_KEY_ID_NUMBER'],
      [4, '产权人编号', 'BAD_TEXT'],
    ]);
    expect(rows.map((r) => [r.rowNumber, r.ownerKey])).toEqual([[5, 'B02']]);
  });

  it('lists every bad row with its code and column, and keeps the good ones', async () => {
    const buf = await fillTemplate(
      [
        person(), // row 2: good
        person({ 姓名: '', 手机号: '12345', 身份证号: `${id('19600101', '222').slice(0, 17)}Y` }), // row 3: three errors
        person({ 楼层: '三楼', 手机号: '13700000001', 身份证号: null, '建筑面积(㎡)': 'abc' }), // row 4
        person({ 出生年份: 1960, 手机号: '13700000002' }), // row 5: year contradicts ID (1950), duplicate ID of row 2
        person({ 楼栋: null, 与户主关系: '邻居', 性别: '未知', 手机号: null, 身份证号: null }), // row 6
        person({ 关怀标签: '一个非常非常非常非常非常非常非常长的自定义标签', 手机号: null, 身份证号: null }), // row 7
        person({ 出生年份: '八零年', 手机号: null, 身份证号: null }), // row 8
        person({ 姓名: '好人', 手机号: '13600000000', 身份证号: id('19700101', '333') }), // row 9: good
      ],
      { dropExample: true },
    );
    const { rows, errors } = await parseHouseholdWorkbook(buf);
    expect(rows.map((r) => r.rowNumber)).toEqual([2, 9]);
    const got = errors.map((e) => [e.rowNumber, e.column, e.code]);
    expect(got).toEqual([
      [3, '姓名', 'MISSING_FIELD'],
      [3, '手机号', 'BAD_PHONE'],
      [3, '身份证号', 'BAD_ID_NUMBER'],
      [4, '楼层', 'BAD_NUMBER'],
      [4, '建筑面积(㎡)', 'BAD_NUMBER'],
      [5, '出生年份', 'BIRTH_YEAR_MISMATCH'],
      [5, '身份证号', 'DUPLICATE_IN_FILE'],
      [6, '楼栋', 'MISSING_FIELD'],
      [6, '与户主关系', 'BAD_RELATION'],
      [6, '性别', 'BAD_GENDER'],
      [7, '关怀标签', 'BAD_CARE_TAG'],
      [8, '出生年份', 'BAD_NUMBER'],
    ]);
    for (const e of errors) {
      expect(e.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(e.message.en.length).toBeGreaterThan(0);
    }
  });

  it('accepts a phone typed as a number and rejects an ID number typed as a number', async () => {
    const buf = await fillTemplate(
      [
        person({ 手机号: 13912345678, 身份证号: null }),
        person({ 手机号: null, 身份证号: Number('440783195003121230') }), // digits lost in a number cell
      ],
      { dropExample: true },
    );
    const { rows, errors } = await parseHouseholdWorkbook(buf);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.phone).toBe('13912345678');
    expect(errors).toEqual([expect.objectContaining({ rowNumber: 3, column: '身份证号', code: 'BAD_ID_NUMBER' })]);
  });

  it('reads rich text, formula results and merged cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名册');
    ws.addRow(['社区户籍登记表']); // a title row above the headers
    ws.addRow([' 姓名 ', '楼栋', '房号', '楼层', '关系', '手机号码', '身份证号']);
    ws.addRow([{ richText: [{ text: '陈' }, { text: '七' }] }, '江滨新村10栋', '101', 1, '户主', null, null]);
    ws.addRow([
      '陈八',
      null,
      { formula: '"10"&"1"', result: '101' },
      1,
      '子女',
      { formula: 'A1', result: 13800000008 },
    ]);
    ws.mergeCells('B3:B4');
    const { rows, errors } = await parseHouseholdWorkbook(Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.rowNumber, r.name, r.buildingName, r.room, r.phone])).toEqual([
      [3, '陈七', '江滨新村10栋', '101', null],
      [4, '陈八', '江滨新村10栋', '101', '13800000008'],
    ]);
  });

  it('reports the same ID number or phone twice as DUPLICATE_IN_FILE on the later row', async () => {
    const buf = await fillTemplate(
      [
        person(),
        person({ 姓名: '甲', 手机号: '13000000000' }), // same ID as row 2
        person({ 姓名: '乙', 身份证号: id('19800101', '555') }), // same phone as row 2
        person({ 姓名: '丙', 手机号: '13000000001', 身份证号: ` ${id('19500312')} ` }), // same ID with spaces
      ],
      { dropExample: true },
    );
    const { rows, errors } = await parseHouseholdWorkbook(buf);
    expect(rows.map((r) => r.rowNumber)).toEqual([2]);
    expect(errors.map((e) => [e.rowNumber, e.column, e.code])).toEqual([
      [3, '身份证号', 'DUPLICATE_IN_FILE'],
      [4, '手机号', 'DUPLICATE_IN_FILE'],
      [5, '身份证号', 'DUPLICATE_IN_FILE'],
    ]);
    expect(errors[0]?.message.zh).toContain('第 2 行');
  });

  it('matches headers in any order with surrounding spaces, ignoring extra columns', async () => {
    const buf = await sheet([
      ['备注', '  姓名', '房号 ', '楼层', '与户主关系', '楼栋', '建筑面积（㎡）'],
      ['x', '周九', '202', 2, '户主', '江滨新村10栋', '75平方米'],
    ]);
    const { rows, errors } = await parseHouseholdWorkbook(buf);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      expect.objectContaining({ name: '周九', room: '202', floor: 2, floorArea: 75, rowNumber: 2 }),
    ]);
  });

  it('rejects a file without the required headers as BAD_TEMPLATE', async () => {
    const err = await expectImportError(
      parseHouseholdWorkbook(
        await sheet([
          ['名字', '地址'],
          ['张三', '某处'],
        ]),
      ),
      'BAD_TEMPLATE',
    );
    expect(err.zh).toContain('楼栋');
    await expectImportError(
      parseHouseholdWorkbook(
        await sheet([
          ['楼栋', '楼层', '房号', '与户主关系', '姓名', '姓名'],
          ['江滨新村10栋', 1, '101', '户主', '甲', '乙'],
        ]),
      ),
      'BAD_TEMPLATE',
    );
  });

  it('rejects a buffer that is not an xlsx as BAD_FILE', async () => {
    await expectImportError(parseHouseholdWorkbook(Buffer.from('姓名,楼栋\n张三,10栋\n')), 'BAD_FILE');
    await expectImportError(parseHouseholdWorkbook(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1])), 'BAD_FILE');
    // An old .xls (or WPS .et): an OLE2 compound file, told to save as .xlsx in words staff can follow.
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    await expect(parseHouseholdWorkbook(xls)).rejects.toMatchObject({
      code: 'BAD_FILE',
      zh: expect.stringMatching(/\.xls.*另存为.*\.xlsx/),
      en: expect.stringMatching(/Save As.*xlsx/),
    });
    // A zip signature with garbage behind it.
    await expectImportError(parseHouseholdWorkbook(Buffer.from('PK\u0003\u0004garbage-garbage-garbage')), 'BAD_FILE');
    await expectImportError(parseHouseholdWorkbook(Buffer.alloc(0)), 'BAD_FILE');
  });

  it('throws TOO_MANY_ROWS beyond maxRows, not counting blank rows', async () => {
    const rows = Array.from({ length: 5 }, (_, i) =>
      person({ 姓名: `人${i}`, 手机号: null, 身份证号: null, 房号: String(100 + i) }),
    );
    const buf = await fillTemplate([...rows.slice(0, 3), {}, {}, ...rows.slice(3)], { dropExample: true });
    expect((await parseHouseholdWorkbook(buf, { maxRows: 5 })).rows).toHaveLength(5);
    await expectImportError(parseHouseholdWorkbook(buf, { maxRows: 4 }), 'TOO_MANY_ROWS');
  });
});

describe('parseHouseholdWorkbook on large sheets', () => {
  it('reads a generated registry as exceljs reads it', async () => {
    const buf = await largeRegistry(40);
    // The fixture, read by an independent reader: exceljs loading the whole workbook.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      '楼栋',
      '楼层',
      '房号',
      '与户主关系',
      '姓名',
      '手机号',
    ]);
    expect((ws.getRow(41).values as unknown[]).slice(1)).toEqual([
      '江滨新村10栋',
      10,
      '100039',
      '户主',
      '居民39',
      13000000039,
    ]);

    const { rows, errors } = await parseHouseholdWorkbook(buf);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(40);
    expect(rows[39]).toMatchObject({
      rowNumber: 41,
      buildingName: '江滨新村10栋',
      floor: 10,
      room: '100039',
      relation: '户主',
      name: '居民39',
      phone: '13000000039',
    });
  });

  it('stops reading a 300,000-row sheet at the row limit, with memory bounded', async () => {
    const buf = await largeRegistry(300_000);
    expect(buf.length).toBeLessThan(10 * 1024 * 1024);
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    let reached = 0;
    let estimated: number | null = null;
    const err = await expectImportError(
      parseHouseholdWorkbook(buf, {
        onProgress: (row, est) => {
          reached = row;
          estimated = est;
        },
      }),
      'TOO_MANY_ROWS',
    ).finally(() => clearInterval(sampler));
    expect(err.zh).toContain(String(MAX_IMPORT_ROWS));
    expect(estimated).toBe(300_001);
    // Header in row 1; 20,000 filled rows plus one allowed for an example row, then the next one stops it.
    expect(reached).toBe(MAX_IMPORT_ROWS + 3);
    // Loading the whole workbook took ~1 GB for a file like this one.
    expect(peak - rssBefore).toBeLessThan(150 * 1024 * 1024);
  });

  it('reads exactly the row limit', async () => {
    const { rows, errors } = await parseHouseholdWorkbook(await largeRegistry(MAX_IMPORT_ROWS));
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(MAX_IMPORT_ROWS);
    expect(rows.at(-1)).toMatchObject({ rowNumber: MAX_IMPORT_ROWS + 1, name: `居民${MAX_IMPORT_ROWS - 1}` });
  });
});
