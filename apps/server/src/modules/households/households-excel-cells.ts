import { CARE_TAG_LABELS, CARE_TAGS } from '../../../../../packages/contracts/src/enums';
import { isValidChinaId, normaliseChinaId } from '../../../../../packages/contracts/src/validation/china-id';
import { isValidPhone, normalisePhone } from '../../../../../packages/contracts/src/validation/phone';
import { hasLoneSurrogate, withoutInvisibleControls } from '../../../../../packages/contracts/src/validation/text';
import {
  COL,
  type ColumnKey,
  ExcelImportError,
  MAX_CARE_TAGS,
  RELATIONS,
  type Relation,
  TEMPLATE_HEADERS,
  type TemplateColumn,
} from './households-excel';

/** Reading and checking the cells of an imported registry file, one value at a time. */

export type Scalar = string | number | boolean | Date | null;

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

export function asText(v: Scalar): string | null {
  if (v === null) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  // An apostrophe before = + - @ is how the export keeps a cell inert (asInertText): not part of the value.
  const s = clean(String(v).replace(/^'(?=[=+\-@\t\r])/, ''));
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

export interface HeaderMatch {
  rowNumber: number;
  columns: Map<ColumnKey, number>;
  duplicate: string | null;
}

/** The template columns a row's cells name (1-based column numbers), and the first header named twice. */
export function matchHeaders(rowNumber: number, cells: readonly Scalar[]): HeaderMatch {
  const columns = new Map<ColumnKey, number>();
  let duplicate: string | null = null;
  cells.forEach((value, i) => {
    const text = asText(value ?? null);
    if (!text) return;
    const key = HEADER_LOOKUP.get(headerKey(text));
    if (!key) return;
    if (columns.has(key)) duplicate ??= COL[key].header;
    else columns.set(key, i + 1);
  });
  return { rowNumber, columns, duplicate };
}

const REQUIRED_KEYS = TEMPLATE_HEADERS.filter((c) => c.required).map((c) => c.key);

/**
 * The first of a sheet's top rows (at most HEADER_SCAN_ROWS) holding every required header, or null; `best`
 * keeps the closest row seen so far, for the error when no sheet has one.
 */
export function findHeaderRow(
  rows: readonly { rowNumber: number; cells: readonly Scalar[] }[],
  best: { match: HeaderMatch | null },
): HeaderMatch | null {
  for (const row of rows) {
    const m = matchHeaders(row.rowNumber, row.cells);
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
    if (!best.match || m.columns.size > best.match.columns.size) best.match = m;
  }
  return null;
}

/** No sheet has the required headers: name the ones missing from the closest row. */
export function missingHeaders(best: HeaderMatch | null): ExcelImportError {
  const missing = REQUIRED_KEYS.filter((k) => !best?.columns.has(k)).map((k) => COL[k].header);
  return new ExcelImportError(
    'BAD_TEMPLATE',
    `文件表头与模板不一致，缺少必填列：${missing.join('、')}。请下载最新模板`,
    `The file headers do not match the template; missing: ${missing.join(', ')}`,
  );
}

/**
 * An old binary workbook: Excel 97–2003 (.xls) and WPS's own .et are both OLE2 compound files, which
 * begin with these eight bytes. Both programs save as .xlsx, and the message says how.
 */
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export function isOldBinaryWorkbook(buf: Buffer): boolean {
  return buf.length >= OLE2_MAGIC.length && buf.subarray(0, OLE2_MAGIC.length).equals(OLE2_MAGIC);
}

export function oldBinaryWorkbook(): ExcelImportError {
  return new ExcelImportError(
    'BAD_FILE',
    '这是旧版 Excel（.xls）或 WPS 表格（.et）文件，系统读不了。请在 Excel 或 WPS 中打开它，点“文件 → 另存为”，文件类型选“Excel 工作簿（*.xlsx）”，保存后上传新文件。',
    'This is an old Excel (.xls) or WPS (.et) file, which cannot be read. Open it in Excel or WPS, choose File → Save As, pick "Excel Workbook (*.xlsx)", and upload the new file.',
  );
}

export function notXlsx(): ExcelImportError {
  return new ExcelImportError(
    'BAD_FILE',
    '文件无法读取，请上传 Excel 的 .xlsx 文件（旧版 .xls 请先“另存为”.xlsx）',
    'The file cannot be read; upload an .xlsx file (save old .xls files as .xlsx first)',
  );
}

type Msg = { zh: string; en: string };
export type CellCheck<T> = { ok: true; value: T } | { ok: false; code: string; message: Msg };
export const ok = <T>(value: T): CellCheck<T> => ({ ok: true, value });
const bad = (code: string, zh: string, en: string): CellCheck<never> => ({
  ok: false,
  code,
  message: { zh, en },
});

function parseInteger(v: Scalar, strip: RegExp): number | null {
  if (typeof v === 'number') return Number.isInteger(v) ? v : null;
  const s = asText(v);
  if (s === null) return null;
  const t = s.normalize('NFKC').replace(/\s/g, '').replace(strip, '');
  return /^-?\d+$/.test(t) ? Number(t) : null;
}

export function checkText(v: Scalar, col: TemplateColumn, max: number, alnum: boolean): CellCheck<string | null> {
  let s = asText(v);
  if (s === null) return ok(null);
  if (alnum) s = asciiAlnum(s);
  if (hasLoneSurrogate(s))
    return bad('BAD_TEXT', `${col.header}含有无效字符`, `${col.header} is not valid Unicode text`);
  // Bidi overrides and zero-width characters would make a name read differently from what it is.
  s = withoutInvisibleControls(s);
  if (s.length > max) return bad('TOO_LONG', `${col.header}不能超过${max}个字`, `${col.header} is longer than ${max}`);
  return ok(s);
}

export function checkFloor(v: Scalar): CellCheck<number> {
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

export function checkFloorArea(v: Scalar): CellCheck<number | null> {
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

export function checkRelation(v: Scalar): CellCheck<Relation> {
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

export function checkGender(v: Scalar): CellCheck<'M' | 'F' | null> {
  const s = asText(v);
  if (s === null) return ok(null);
  const t = s.replace(/\s/g, '').toUpperCase();
  if (t === '男' || t === '男性' || t === 'M') return ok('M');
  if (t === '女' || t === '女性' || t === 'F') return ok('F');
  return bad('BAD_GENDER', '性别应填“男”或“女”', 'Gender must be 男 or 女');
}

export function checkBirthYear(v: Scalar, thisYear: number): CellCheck<number | null> {
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

export function checkPhone(v: Scalar): CellCheck<string | null> {
  const invalid = () =>
    bad('BAD_PHONE', '手机号格式不正确（应为11位手机号或带区号的座机号）', 'Not a valid mobile or landline number');
  if (asText(v) === null) return ok(null);
  // A number-typed cell: 13812345678 survives; a landline loses its leading 0 and is rejected below.
  if (typeof v === 'number' && !Number.isSafeInteger(v)) return invalid();
  const p = normalisePhone((asText(v) as string).normalize('NFKC'));
  return isValidPhone(p) ? ok(p) : invalid();
}

export function checkIdNumber(v: Scalar): CellCheck<string | null> {
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

export function checkCareTags(v: Scalar): CellCheck<string[]> {
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

/** An owner key: letters, digits and - (at most 40); never an ID number (it is shown wherever the roll is). */
export function checkOwnerKey(v: Scalar, col: TemplateColumn): CellCheck<string | null> {
  const t = checkText(v, col, 40, true);
  if (!t.ok || t.value === null) return t;
  if (/^\d{17}[\dX]$/i.test(t.value))
    return bad('OWNER_KEY_ID_NUMBER', `${col.header}不能填身份证号`, `${col.header} must not be an ID number`);
  if (!/^[\p{L}\p{N}-]+$/u.test(t.value))
    return bad('BAD_TEXT', `${col.header}只能含文字、字母、数字或 -`, `${col.header}: letters, digits or - only`);
  return t;
}
