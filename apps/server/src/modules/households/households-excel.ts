import ExcelJS from 'exceljs';
import { CARE_TAG_LABELS, CARE_TAGS } from '../../../../../packages/contracts/src/enums';
import {
  birthYearFromChinaId,
  idCheckChar,
  isValidChinaId,
  normaliseChinaId,
} from '../../../../../packages/contracts/src/validation/china-id';
import { isValidPhone, normalisePhone } from '../../../../../packages/contracts/src/validation/phone';

/**
 * The household registry as Excel (DESIGN §3): the blank template, the import parser and the export.
 * Pure: no database. The parser checks each row on its own and against the rest of the file; whether a
 * building exists or an ID number is already registered is the caller's business.
 */

export type ColumnKey =
  | 'building'
  | 'unit'
  | 'floor'
  | 'room'
  | 'floorArea'
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

const COL = Object.fromEntries(TEMPLATE_HEADERS.map((c) => [c.key, c])) as Record<ColumnKey, TemplateColumn>;

export interface ImportRow {
  /** The row number in the worksheet, as Excel shows it. */
  rowNumber: number;
  buildingName: string;
  unitLabel: string | null;
  floor: number;
  room: string;
  floorArea: number | null;
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
const MAX_CARE_TAGS = 10;
const HEADER_SCAN_ROWS = 10;
const VALIDATION_ROWS = 3000;

// ---------------------------------------------------------------------------------------------
// Template
// ---------------------------------------------------------------------------------------------

export async function buildHouseholdTemplate(): Promise<Buffer> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
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
// Import
// ---------------------------------------------------------------------------------------------

type Scalar = string | number | boolean | Date | null;

/** The value a person sees in the cell: rich text joined, formulas by their cached result. */
function scalarOf(v: ExcelJS.CellValue): Scalar {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('formula' in v || 'sharedFormula' in v) {
    const r = v.result;
    if (r === undefined || r === null) return null;
    if (typeof r === 'object' && !(r instanceof Date)) return r.error;
    return r;
  }
  if ('error' in v) return v.error;
  if ('text' in v) return scalarOf((v as ExcelJS.CellHyperlinkValue).text as ExcelJS.CellValue);
  return null;
}

/** Trims ordinary, full-width and zero-width spaces. */
function clean(s: string): string {
  return s.replace(/[\u200b-\u200d\ufeff]/g, '').trim();
}

/** Full-width letters and digits (typed with a Chinese input method) to ASCII; other characters untouched. */
function asciiAlnum(s: string): string {
  return s.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (ch) =>
    String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

function asText(v: Scalar): string | null {
  if (v === null) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const s = clean(String(v));
  return s === '' ? null : s;
}

function headerKey(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s*＊]/g, '')
    .replace(/\(.*?\)/g, '')
    .toLowerCase();
}

const HEADER_LOOKUP = new Map<string, ColumnKey>();
for (const c of TEMPLATE_HEADERS) {
  for (const h of [c.header, ...c.aliases]) HEADER_LOOKUP.set(headerKey(h), c.key);
}

interface HeaderMatch {
  ws: ExcelJS.Worksheet;
  rowNumber: number;
  columns: Map<ColumnKey, number>;
  duplicate: string | null;
}

function matchHeaders(ws: ExcelJS.Worksheet, rowNumber: number): HeaderMatch {
  const columns = new Map<ColumnKey, number>();
  let duplicate: string | null = null;
  const row = ws.findRow(rowNumber);
  row?.eachCell((cell, col) => {
    const text = asText(scalarOf(cell.value));
    if (!text) return;
    const key = HEADER_LOOKUP.get(headerKey(text));
    if (!key) return;
    if (columns.has(key)) duplicate ??= COL[key].header;
    else columns.set(key, col);
  });
  return { ws, rowNumber, columns, duplicate };
}

const REQUIRED_KEYS = TEMPLATE_HEADERS.filter((c) => c.required).map((c) => c.key);

/** The first worksheet with a row (among its first ten) holding every required header. */
function findHeader(wb: ExcelJS.Workbook): HeaderMatch {
  let best: HeaderMatch | null = null;
  for (const ws of wb.worksheets) {
    for (let r = 1; r <= Math.min(HEADER_SCAN_ROWS, ws.rowCount); r++) {
      const m = matchHeaders(ws, r);
      if (REQUIRED_KEYS.every((k) => m.columns.has(k))) {
        if (m.duplicate) {
          throw new ExcelImportError(
            'BAD_TEMPLATE',
            `表头“${m.duplicate}”出现了不止一次，请只保留一列`,
            `The header "${m.duplicate}" appears more than once`,
          );
        }
        return m;
      }
      if (!best || m.columns.size > best.columns.size) best = m;
    }
  }
  const missing = REQUIRED_KEYS.filter((k) => !best?.columns.has(k)).map((k) => COL[k].header);
  throw new ExcelImportError(
    'BAD_TEMPLATE',
    `文件表头与模板不一致，缺少必填列：${missing.join('、')}。请下载最新模板`,
    `The file headers do not match the template; missing: ${missing.join(', ')}`,
  );
}

async function loadWorkbook(buf: Buffer): Promise<ExcelJS.Workbook> {
  const notXlsx = () =>
    new ExcelImportError(
      'BAD_FILE',
      '文件无法读取，请上传 Excel 的 .xlsx 文件（旧版 .xls 请先“另存为”.xlsx）',
      'The file cannot be read; upload an .xlsx file (save old .xls files as .xlsx first)',
    );
  // An .xlsx is a zip archive; anything else (old .xls, CSV, images) is turned away before parsing.
  if (!Buffer.isBuffer(buf) || buf.length < 4 || buf[0] !== 0x50 || buf[1] !== 0x4b) throw notXlsx();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  } catch {
    throw notXlsx();
  }
  if (wb.worksheets.length === 0) throw notXlsx();
  return wb;
}

type Msg = { zh: string; en: string };
type CellCheck<T> = { ok: true; value: T } | { ok: false; code: string; message: Msg };
const ok = <T>(value: T): CellCheck<T> => ({ ok: true, value });
const bad = (code: string, zh: string, en: string): CellCheck<never> => ({ ok: false, code, message: { zh, en } });

function parseInteger(v: Scalar, strip: RegExp): number | null {
  if (typeof v === 'number') return Number.isInteger(v) ? v : null;
  const s = asText(v);
  if (s === null) return null;
  const t = s.normalize('NFKC').replace(/\s/g, '').replace(strip, '');
  return /^-?\d+$/.test(t) ? Number(t) : null;
}

function checkText(v: Scalar, col: TemplateColumn, max: number, alnum: boolean): CellCheck<string | null> {
  let s = asText(v);
  if (s === null) return ok(null);
  if (alnum) s = asciiAlnum(s);
  if (s.length > max) return bad('TOO_LONG', `${col.header}不能超过${max}个字`, `${col.header} is longer than ${max}`);
  return ok(s);
}

function checkFloor(v: Scalar): CellCheck<number> {
  const n = parseInteger(v, /[楼层fF]$/);
  if (n === null || n < -5 || n > 200) {
    return bad(
      'BAD_NUMBER',
      '楼层应为 -5 到 200 之间的整数，地下层填负数',
      'Floor must be a whole number from -5 to 200',
    );
  }
  return ok(n);
}

function checkFloorArea(v: Scalar): CellCheck<number | null> {
  if (asText(v) === null) return ok(null);
  let n: number;
  if (typeof v === 'number') n = v;
  else {
    const s = (asText(v) as string)
      .normalize('NFKC')
      .replace(/\s/g, '')
      .replace(/(m2|m²|平方米|平米|平方)$/i, '');
    n = /^\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN;
  }
  if (!Number.isFinite(n) || n <= 0 || n > 100000) {
    return bad(
      'BAD_NUMBER',
      '建筑面积应为大于 0 的数字（平方米）',
      'Floor area must be a positive number of square metres',
    );
  }
  return ok(n);
}

const RELATION_ALIASES: Record<string, Relation> = {
  本人: '户主',
  妻子: '配偶',
  丈夫: '配偶',
  妻: '配偶',
  夫: '配偶',
  儿子: '子女',
  女儿: '子女',
  子: '子女',
  女: '子女',
  父亲: '父母',
  母亲: '父母',
  孙子: '孙辈',
  孙女: '孙辈',
  外孙: '孙辈',
  外孙女: '孙辈',
};

function checkRelation(v: Scalar): CellCheck<Relation> {
  const s = asText(v)?.replace(/\s/g, '') ?? '';
  if ((RELATIONS as readonly string[]).includes(s)) return ok(s as Relation);
  const alias = RELATION_ALIASES[s];
  if (alias) return ok(alias);
  return bad(
    'BAD_RELATION',
    `与户主关系应为 ${RELATIONS.join('、')} 之一`,
    `Relation must be one of ${RELATIONS.join(', ')}`,
  );
}

function checkGender(v: Scalar): CellCheck<'M' | 'F' | null> {
  const s = asText(v);
  if (s === null) return ok(null);
  const t = s.replace(/\s/g, '').toUpperCase();
  if (t === '男' || t === '男性' || t === 'M') return ok('M');
  if (t === '女' || t === '女性' || t === 'F') return ok('F');
  return bad('BAD_GENDER', '性别应填“男”或“女”', 'Gender must be 男 or 女');
}

function checkBirthYear(v: Scalar, thisYear: number): CellCheck<number | null> {
  if (asText(v) === null) return ok(null);
  let y: number | null = null;
  if (v instanceof Date) y = v.getUTCFullYear();
  else if (typeof v === 'number') y = Number.isInteger(v) ? v : null;
  else {
    const s = (asText(v) as string).normalize('NFKC').replace(/\s/g, '');
    const m = /^(\d{4})(?:年|[-/.]\d{1,2}(?:[-/.]\d{1,2})?)?$/.exec(s);
    y = m ? Number(m[1]) : null;
  }
  if (y === null || y < 1900 || y > thisYear) {
    return bad(
      'BAD_NUMBER',
      `出生年份应为 1900 到 ${thisYear} 之间的四位数年份`,
      `Birth year must be from 1900 to ${thisYear}`,
    );
  }
  return ok(y);
}

function checkPhone(v: Scalar): CellCheck<string | null> {
  const invalid = () =>
    bad('BAD_PHONE', '手机号格式不正确（应为11位手机号或带区号的座机号）', 'Not a valid mobile or landline number');
  if (asText(v) === null) return ok(null);
  // A number-typed cell: 13812345678 survives; a landline loses its leading 0 and is rejected below.
  if (typeof v === 'number' && !Number.isSafeInteger(v)) return invalid();
  const p = normalisePhone((asText(v) as string).normalize('NFKC'));
  return isValidPhone(p) ? ok(p) : invalid();
}

function checkIdNumber(v: Scalar): CellCheck<string | null> {
  if (asText(v) === null) return ok(null);
  if (typeof v === 'number') {
    // Excel keeps 15 significant digits: the last digits of an 18-digit number are already lost.
    return bad(
      'BAD_ID_NUMBER',
      '身份证号被 Excel 存成了数字，后几位已丢失。请将该列设为“文本”格式后重新输入',
      'The ID number was stored as a number and has lost digits; format the column as text and retype it',
    );
  }
  const id = normaliseChinaId((asText(v) as string).normalize('NFKC'));
  if (!isValidChinaId(id)) {
    return bad(
      'BAD_ID_NUMBER',
      '身份证号不正确（应为18位，出生日期和校验位须有效）',
      'Not a valid 18-character ID number (birth date or check character is wrong)',
    );
  }
  return ok(id);
}

const CARE_TAG_BY_LABEL = new Map<string, string>();
for (const t of CARE_TAGS) {
  CARE_TAG_BY_LABEL.set(CARE_TAG_LABELS[t].zh, t);
  CARE_TAG_BY_LABEL.set(t, t);
}
CARE_TAG_BY_LABEL.set('低保', 'low_income');
CARE_TAG_BY_LABEL.set('建档立卡', 'low_income');

function checkCareTags(v: Scalar): CellCheck<string[]> {
  const s = asText(v);
  if (s === null) return ok([]);
  const tags: string[] = [];
  for (const raw of s.split(/[,，、;；\s]+/)) {
    const label = raw.trim();
    if (!label) continue;
    const code = CARE_TAG_BY_LABEL.get(label) ?? CARE_TAG_BY_LABEL.get(label.toLowerCase());
    if (!code && label.length > 20) {
      return bad(
        'BAD_CARE_TAG',
        `关怀标签“${label.slice(0, 20)}…”过长，自定义标签不能超过20个字`,
        'A custom care tag is longer than 20 characters',
      );
    }
    const tag = code ?? label;
    if (!tags.includes(tag)) tags.push(tag);
  }
  if (tags.length > MAX_CARE_TAGS) {
    return bad('BAD_CARE_TAG', `关怀标签最多${MAX_CARE_TAGS}个`, `At most ${MAX_CARE_TAGS} care tags`);
  }
  return ok(tags);
}

/**
 * Reads a filled-in registry. `rows` holds the rows without errors; `errors` lists every problem of
 * every other row (a row may have several). Blank rows and the template's example row are skipped.
 * Throws ExcelImportError: BAD_FILE (not an .xlsx), BAD_TEMPLATE (required headers missing),
 * TOO_MANY_ROWS (more than `maxRows` filled rows, default 20,000).
 */
export async function parseHouseholdWorkbook(
  buf: Buffer,
  opts: { maxRows?: number } = {},
): Promise<{ rows: ImportRow[]; errors: RowError[] }> {
  const maxRows = opts.maxRows ?? 20_000;
  const thisYear = new Date().getUTCFullYear();
  const wb = await loadWorkbook(buf);
  const { ws, rowNumber: headerRow, columns } = findHeader(wb);

  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  const idSeen = new Map<string, number>();
  const phoneSeen = new Map<string, number>();
  let filled = 0;

  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.findRow(r);
    if (!row) continue;
    const cell = {} as Record<ColumnKey, Scalar>;
    let blank = true;
    for (const c of TEMPLATE_HEADERS) {
      const col = columns.get(c.key);
      const v = col === undefined ? null : scalarOf(row.getCell(col).value);
      cell[c.key] = v;
      if (asText(v) !== null) blank = false;
    }
    if (blank || isExampleRow(cell)) continue;
    if (++filled > maxRows) {
      throw new ExcelImportError(
        'TOO_MANY_ROWS',
        `文件超过 ${maxRows} 行，请分多个文件导入`,
        `The file has more than ${maxRows} rows; split it into several files`,
      );
    }

    const rowErrors: RowError[] = [];
    const take = <T>(key: ColumnKey, check: CellCheck<T>): T | undefined => {
      if (check.ok) return check.value;
      rowErrors.push({ rowNumber: r, column: COL[key].header, code: check.code, message: check.message });
      return undefined;
    };
    const required = (key: ColumnKey): boolean => {
      if (asText(cell[key]) !== null) return true;
      const h = COL[key].header;
      rowErrors.push({
        rowNumber: r,
        column: h,
        code: 'MISSING_FIELD',
        message: { zh: `${h}不能为空`, en: `${h} is required` },
      });
      return false;
    };

    const buildingName = required('building')
      ? take('building', checkText(cell.building, COL.building, 60, true))
      : null;
    const unitLabel = take('unit', checkText(cell.unit, COL.unit, 20, true));
    const floor = required('floor') ? take('floor', checkFloor(cell.floor)) : undefined;
    const room = required('room') ? take('room', checkText(cell.room, COL.room, 20, true)) : null;
    const floorArea = take('floorArea', checkFloorArea(cell.floorArea));
    const relation = required('relation') ? take('relation', checkRelation(cell.relation)) : undefined;
    const name = required('name') ? take('name', checkText(cell.name, COL.name, 30, false)) : null;
    const gender = take('gender', checkGender(cell.gender));
    let birthYear = take('birthYear', checkBirthYear(cell.birthYear, thisYear));
    const phone = take('phone', checkPhone(cell.phone));
    const idNumber = take('idNumber', checkIdNumber(cell.idNumber));
    const careTags = take('careTags', checkCareTags(cell.careTags));

    if (idNumber) {
      const fromId = birthYearFromChinaId(idNumber);
      if (birthYear === null) birthYear = fromId;
      else if (birthYear !== undefined && birthYear !== fromId) {
        rowErrors.push({
          rowNumber: r,
          column: COL.birthYear.header,
          code: 'BIRTH_YEAR_MISMATCH',
          message: {
            zh: `出生年份 ${birthYear} 与身份证号中的 ${fromId} 不一致`,
            en: `Birth year ${birthYear} does not match ${fromId} in the ID number`,
          },
        });
      }
      const first = idSeen.get(idNumber);
      if (first === undefined) idSeen.set(idNumber, r);
      else rowErrors.push(duplicate(r, COL.idNumber.header, first));
    }
    if (phone) {
      const first = phoneSeen.get(phone);
      if (first === undefined) phoneSeen.set(phone, r);
      else rowErrors.push(duplicate(r, COL.phone.header, first));
    }

    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    rows.push({
      rowNumber: r,
      buildingName: buildingName as string,
      unitLabel: unitLabel ?? null,
      floor: floor as number,
      room: room as string,
      floorArea: floorArea ?? null,
      relation: relation as string,
      name: name as string,
      gender: gender ?? null,
      birthYear: birthYear ?? null,
      phone: phone ?? null,
      idNumber: idNumber ?? null,
      careTags: careTags ?? [],
    });
  }
  return { rows, errors };
}

function duplicate(rowNumber: number, column: string, firstRow: number): RowError {
  return {
    rowNumber,
    column,
    code: 'DUPLICATE_IN_FILE',
    message: { zh: `${column}与第 ${firstRow} 行重复`, en: `Same ${column} as row ${firstRow}` },
  };
}

function isExampleRow(cell: Record<ColumnKey, Scalar>): boolean {
  return (['building', 'room', 'name', 'idNumber'] as const).every((k) => asText(cell[k]) === String(COL[k].example));
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

const GENDER_LABEL = { M: '男', F: '女' } as const;

/** Code → Chinese label for built-in tags; custom tags as they are. */
function careTagLabel(tag: string): string {
  return (CARE_TAG_LABELS as Record<string, { zh: string }>)[tag]?.zh ?? tag;
}

/**
 * The registry as .xlsx, one row per resident, with the template's headers (so the file can be edited
 * and re-imported) after 户号/社区/网格/地址. Phone and ID are written as given: the caller masks them.
 */
export async function buildHouseholdExport(rows: ExportRow[]): Promise<Buffer> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const extra = [
    { header: '户号', key: 'householdId', width: 10 },
    { header: '社区', key: 'community', width: 14 },
    { header: '网格', key: 'grid', width: 14 },
    { header: '地址', key: 'address', width: 28 },
  ];
  ws.columns = [
    ...extra,
    ...TEMPLATE_HEADERS.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width,
      ...(c.text ? { style: { numFmt: '@' } } : {}),
    })),
  ];
  styleHeader(ws.getRow(1));
  for (const r of rows) {
    const values: Record<string, string | number | null> = {
      householdId: r.householdId,
      community: r.communityName ?? null,
      grid: r.gridName ?? null,
      address: r.address ?? null,
      building: r.buildingName,
      unit: r.unitLabel,
      floor: r.floor,
      room: r.room,
      floorArea: r.floorArea,
      relation: r.relation,
      name: r.name,
      gender: r.gender ? GENDER_LABEL[r.gender] : null,
      birthYear: r.birthYear,
      phone: r.phone,
      idNumber: r.idNumber,
      careTags: r.careTags.map(careTagLabel).join('、') || null,
    };
    ws.addRow(values);
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ws.columnCount } };
  return toBuffer(wb);
}

// ---------------------------------------------------------------------------------------------

function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '楼长通';
  wb.created = new Date();
  return wb;
}

function styleHeader(row: ExcelJS.Row): void {
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
