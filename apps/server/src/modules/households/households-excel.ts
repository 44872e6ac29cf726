import ExcelJS from 'exceljs';
import { CARE_TAG_LABELS, CARE_TAGS } from '../../../../../packages/contracts/src/enums';
import { idCheckChar } from '../../../../../packages/contracts/src/validation/china-id';

/**
 * The household registry as Excel (docs/rules.md#domain): its columns and the blank template (the export writer is households-export-xlsx.ts); the import
 * parser is households-excel-import.ts (cell checks in households-excel-cells.ts). Pure: no database.
 * The parser checks each row on its own and against the rest of the file; whether a
 * building exists or an ID number is already registered is the caller's business.
 */

export type ColumnKey =
  | 'building'
  | 'unit'
  | 'floor'
  | 'room'
  | 'floorArea'
  | 'ownerKey'
  | 'relation'
  | 'name'
  | 'gender'
  | 'birthYear'
  | 'phone'
  | 'idNumber'
  | 'careTags';

export interface TemplateColumn {
  key: ColumnKey;
  /** The header text in the template. */
  header: string;
  /** Other header texts accepted on import. */
  aliases: readonly string[];
  /** A file without this column is rejected (BAD_TEMPLATE); a row with the cell empty is an error. */
  required: boolean;
  /** Cells are formatted as text in the template, so Excel keeps leading zeros and all 18 ID digits. */
  text: boolean;
  width: number;
  /** What goes in the column, for the 填写说明 sheet. */
  hint: string;
  example: string | number;
}

export const RELATIONS = ['户主', '配偶', '子女', '父母', '孙辈', '其他'] as const;
export type Relation = (typeof RELATIONS)[number];

/** The example person in the template; a row identical to it is skipped on import. */
const EXAMPLE_ID = `44078319800101123${idCheckChar('44078319800101123')}`;

export const TEMPLATE_HEADERS: readonly TemplateColumn[] = [
  {
    key: 'building',
    header: '楼栋',
    aliases: ['楼栋名称', '楼宇', '楼宇名称'],
    required: true,
    text: true,
    width: 18,
    hint: '楼栋全称，须与系统中的楼栋名称一致，如“江滨新村10栋”',
    example: '江滨新村10栋',
  },
  {
    key: 'unit',
    header: '单元',
    aliases: ['单元号'],
    required: false,
    text: true,
    width: 8,
    hint: '没有单元的楼栋留空，如“1单元”',
    example: '1单元',
  },
  {
    key: 'floor',
    header: '楼层',
    aliases: ['层', '所在楼层'],
    required: true,
    text: false,
    width: 8,
    hint: '整数，地下层填负数，如 -1',
    example: 3,
  },
  {
    key: 'room',
    header: '房号',
    aliases: ['房间号', '门牌号', '室号'],
    required: true,
    text: true,
    width: 10,
    hint: '如“301”；同一楼栋、单元、房号的各行视为同一户',
    example: '301',
  },
  {
    key: 'floorArea',
    header: '建筑面积(㎡)',
    aliases: ['建筑面积', '面积', '房屋面积'],
    required: false,
    text: false,
    width: 14,
    hint: '数字，单位平方米，可留空',
    example: 89.5,
  },
  {
    key: 'ownerKey',
    header: '产权人编号',
    aliases: ['业主编号', '同一业主编号'],
    required: false,
    text: true,
    width: 12,
    hint:
      '同一业主（含开发商未售出的房屋）有多套房的，各套房填同一编号，楼栋表决时按一名业主计人数、面积合计；' +
      '只有一套房的留空。可用字母或数字，如“A01”，请勿填身份证号',
    example: '',
  },
  {
    key: 'relation',
    header: '与户主关系',
    aliases: ['户主/成员', '关系', '成员关系', '与户主的关系'],
    required: true,
    text: false,
    width: 12,
    hint: `${RELATIONS.join('、')} 之一；每户第一行一般填“户主”`,
    example: '户主',
  },
  {
    key: 'name',
    header: '姓名',
    aliases: ['居民姓名', '成员姓名'],
    required: true,
    text: true,
    width: 10,
    hint: '不超过30个字',
    example: '张三',
  },
  {
    key: 'gender',
    header: '性别',
    aliases: [],
    required: false,
    text: false,
    width: 6,
    hint: '男 或 女，可留空',
    example: '男',
  },
  {
    key: 'birthYear',
    header: '出生年份',
    aliases: ['出生年', '出生年度'],
    required: false,
    text: false,
    width: 10,
    hint: '四位数年份，如 1980；填了身份证号可留空，系统从身份证号读取，两者不一致时报错',
    example: 1980,
  },
  {
    key: 'phone',
    header: '手机号',
    aliases: ['手机', '手机号码', '联系电话', '电话', '联系方式'],
    required: false,
    text: true,
    width: 15,
    hint: '11位手机号，或带区号的座机如 0750-2212345；同一号码在文件中只能出现一次',
    example: '13800138000',
  },
  {
    key: 'idNumber',
    header: '身份证号',
    aliases: ['身份证', '身份证号码', '公民身份号码', '证件号码'],
    required: false,
    text: true,
    width: 22,
    hint: '18位居民身份证号。请保持单元格为“文本”格式，否则 Excel 会把后几位变成 0，这样的号码会被拒绝',
    example: EXAMPLE_ID,
  },
  {
    key: 'careTags',
    header: '关怀标签',
    aliases: ['标签', '关怀对象', '特殊人群'],
    required: false,
    text: true,
    width: 20,
    hint: `可填多个，用逗号或顿号分隔：${CARE_TAGS.map((t) => CARE_TAG_LABELS[t].zh).join('、')}；也可填自定义标签（每个不超过20字，最多10个）`,
    example: '独居老人、高龄',
  },
];

export const COL = Object.fromEntries(TEMPLATE_HEADERS.map((c) => [c.key, c])) as Record<ColumnKey, TemplateColumn>;

export interface ImportRow {
  /** The row number in the worksheet, as Excel shows it. */
  rowNumber: number;
  buildingName: string;
  unitLabel: string | null;
  floor: number;
  room: string;
  floorArea: number | null;
  /** Units sharing it belong to one owner (法释〔2009〕7号 art. 9); null: the unit is its own owner. */
  ownerKey: string | null;
  relation: string;
  name: string;
  gender: 'M' | 'F' | null;
  birthYear: number | null;
  /** Normalised (no spaces, no +86). */
  phone: string | null;
  /** Normalised (upper-case X) and valid. */
  idNumber: string | null;
  /** Built-in tags as codes (elderly_alone …), custom tags as written. */
  careTags: string[];
}

export interface RowError {
  rowNumber: number;
  /** The Chinese header of the column at fault. */
  column: string;
  code: string;
  message: { zh: string; en: string };
}

export interface ExportRow extends Omit<ImportRow, 'rowNumber'> {
  rowNumber?: number;
  householdId: number | string;
  communityName?: string | null;
  gridName?: string | null;
  address?: string | null;
}

export type ExcelImportErrorCode = 'BAD_FILE' | 'BAD_TEMPLATE' | 'TOO_MANY_ROWS';

/** The whole file is unusable; row-level problems are reported as RowError instead. */
export class ExcelImportError extends Error {
  constructor(
    readonly code: ExcelImportErrorCode,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'ExcelImportError';
  }
}

const DATA_SHEET = '住户名册';
const HELP_SHEET = '填写说明';
export const MAX_CARE_TAGS = 10;
export const HEADER_SCAN_ROWS = 10;
const VALIDATION_ROWS = 3000;

// ---------------------------------------------------------------------------------------------

/**
 * Text a spreadsheet would run as a formula (it starts with = + - @, or a tab or CR before one): a name
 * like `=HYPERLINK(…)` in the registry must not become a link or a command in the exporter's Excel
 * (CSV/formula injection). Prefixed with an apostrophe, which spreadsheets read as "this is text";
 * the import takes it off again.
 */
export function asInertText<T>(v: T): T | string {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}
// Template
// ---------------------------------------------------------------------------------------------

export async function buildHouseholdTemplate(): Promise<Buffer> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  // Text columns (phone, ID number, room …) carry the text format on the whole column, which is what
  // Excel, WPS and LibreOffice apply to a cell typed into: an 18-digit ID stays text instead of becoming
  // 4.40783194203051E+17. (The household-import journey types into the template with LibreOffice Calc
  // to prove it.)
  ws.columns = TEMPLATE_HEADERS.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width,
    ...(c.text ? { style: { numFmt: '@' } } : {}),
  }));
  styleHeader(ws.getRow(1));
  TEMPLATE_HEADERS.forEach((c, i) => {
    const cell = ws.getRow(1).getCell(i + 1);
    if (c.required) cell.font = { ...cell.font, color: { argb: 'FFC00000' } };
    cell.note = `${c.required ? '必填。' : ''}${c.hint}`;
  });
  const example = ws.addRow(TEMPLATE_HEADERS.map((c) => c.example));
  example.font = { italic: true, color: { argb: 'FF808080' } };

  const dv = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } })
    .dataValidations;
  const listValidation = (key: ColumnKey, values: readonly string[]) => {
    const letter = ws.getColumn(key).letter;
    dv.add(`${letter}2:${letter}${VALIDATION_ROWS + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${values.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: COL[key].header,
      error: COL[key].hint,
    });
  };
  listValidation('relation', RELATIONS);
  listValidation('gender', ['男', '女']);

  const help = wb.addWorksheet(HELP_SHEET);
  help.columns = [
    { header: '列名', key: 'header', width: 16 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '填写说明', key: 'hint', width: 70 },
    { header: '示例', key: 'example', width: 22 },
  ];
  styleHeader(help.getRow(1));
  for (const c of TEMPLATE_HEADERS) {
    help.addRow({ header: c.header, required: c.required ? '必填' : '选填', hint: c.hint, example: String(c.example) });
  }
  help.addRow([]);
  for (const line of [
    `1. 在“${DATA_SHEET}”工作表中每行填写一位居民；同一楼栋、单元、房号的多行为同一户。`,
    '2. 第2行灰色斜体为示例，导入时自动忽略，可直接删除或覆盖。',
    '3. 表头文字请勿修改；列的顺序可以调整，多余的列会被忽略。红色表头为必填列。',
    '4. 手机号、身份证号请保持“文本”格式；若 Excel 已将身份证号显示为科学计数法（如 4.40783E+17），请改为文本后重新输入。',
    '5. 同一身份证号或同一手机号在文件中只能出现一次。',
    '6. 导入前系统会先检查全部行，列出每一处错误（行号、列名、原因）；有错误时不会写入任何数据。',
    '7. 空白行会被跳过；一次最多导入 20000 行。',
  ]) {
    help.addRow([line]);
    help.mergeCells(help.rowCount, 1, help.rowCount, 4);
    help.getRow(help.rowCount).alignment = { wrapText: true, vertical: 'top' };
  }
  help.getColumn('hint').alignment = { wrapText: true, vertical: 'top' };
  return toBuffer(wb);
}

// ---------------------------------------------------------------------------------------------

function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '楼长通';
  wb.created = new Date();
  return wb;
}

export function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center' };
  row.height = 20;
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
}

async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}
