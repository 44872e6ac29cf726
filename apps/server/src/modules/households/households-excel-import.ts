import { birthYearFromChinaId } from '../../../../../packages/contracts/src/validation/china-id';
import {
  isSharedRef,
  XlsxBook,
  XlsxFileError,
  type XlsxRawValue,
  type XlsxRow,
  type XlsxSheet,
} from '../../platform/xlsx-stream';
import {
  COL,
  type ColumnKey,
  ExcelImportError,
  HEADER_SCAN_ROWS,
  type ImportRow,
  type RowError,
  TEMPLATE_HEADERS,
} from './households-excel';
import {
  asText,
  type CellCheck,
  checkBirthYear,
  checkCareTags,
  checkFloor,
  checkFloorArea,
  checkGender,
  checkIdNumber,
  checkOwnerKey,
  checkPhone,
  checkRelation,
  checkText,
  findHeaderRow,
  type HeaderMatch,
  isOldBinaryWorkbook,
  missingHeaders,
  notXlsx,
  oldBinaryWorkbook,
  type Scalar,
} from './households-excel-cells';
import type { SheetLayout } from './households-excel-errors';

/** The most filled rows one file may hold. */
export const MAX_IMPORT_ROWS = 20_000;

export interface ParseOptions {
  /** Default MAX_IMPORT_ROWS. */
  maxRows?: number;
  /** Told every `progressEvery` rows read (default 1,000): the sheet row reached and the sheet's stated size. */
  onProgress?: (rowsRead: number, rowsEstimated: number | null) => Promise<void> | void;
  progressEvery?: number;
}

function tooManyRows(maxRows: number): ExcelImportError {
  return new ExcelImportError(
    'TOO_MANY_ROWS',
    `文件超过 ${maxRows} 行，请分多个文件导入`,
    `The file has more than ${maxRows} rows; split it into several files`,
  );
}

/** Opens a workbook for the import; anything unreadable is BAD_FILE. */
export async function openHouseholdWorkbook(buf: Buffer): Promise<XlsxBook> {
  if (isOldBinaryWorkbook(buf)) throw oldBinaryWorkbook();
  try {
    const book = await XlsxBook.open(buf);
    if (book.sheets.length === 0) throw notXlsx();
    return book;
  } catch (err) {
    if (err instanceof XlsxFileError) throw notXlsx();
    throw err;
  }
}

async function resolveStrings(
  book: XlsxBook,
  rows: readonly XlsxRow[],
): Promise<(r: XlsxRawValue | undefined) => Scalar> {
  const needed = new Set<number>();
  for (const row of rows) for (const v of row.cells) if (isSharedRef(v)) needed.add(v.sst);
  const strings = await book.sharedStrings(needed);
  return (v) => (v === undefined ? null : isSharedRef(v) ? (strings.get(v.sst) ?? null) : v);
}

/** A raw value that is surely blank (a shared string is judged once resolved). */
const surelyBlank = (v: XlsxRawValue | undefined): boolean =>
  v === undefined || v === null || (typeof v === 'string' && asText(v) === null);

/**
 * Reads a filled-in registry, streaming its sheet. `rows` holds the rows without errors; `errors` lists every
 * problem of every other row (a row may have several). Blank rows and the template's example row are skipped.
 * Reading stops as soon as the sheet holds more than `maxRows` filled rows, so a huge file costs no more than
 * the limit. Throws ExcelImportError: BAD_FILE (not an .xlsx), BAD_TEMPLATE (required headers missing),
 * TOO_MANY_ROWS (more than `maxRows` filled rows).
 */
export async function parseHouseholdWorkbook(
  buf: Buffer,
  opts: ParseOptions = {},
): Promise<{ rows: ImportRow[]; errors: RowError[]; layout: SheetLayout }> {
  const maxRows = opts.maxRows ?? MAX_IMPORT_ROWS;
  const progressEvery = opts.progressEvery ?? 1000;
  const thisYear = new Date().getUTCFullYear();
  const book = await openHouseholdWorkbook(buf);

  // 1. The header: the first sheet with a row among its first ten naming every required column.
  let sheet: XlsxSheet | null = null;
  let header: HeaderMatch | null = null;
  const best: { match: HeaderMatch | null } = { match: null };
  try {
    for (const candidate of book.sheets) {
      const top: XlsxRow[] = [];
      for await (const row of candidate.rows()) {
        if (row.rowNumber > HEADER_SCAN_ROWS) break;
        top.push(row);
      }
      const scalar = await resolveStrings(book, top);
      header = findHeaderRow(
        top.map((r) => ({ rowNumber: r.rowNumber, cells: Array.from(r.cells, scalar) })),
        best,
      );
      if (header) {
        sheet = candidate;
        break;
      }
    }
  } catch (err) {
    if (err instanceof XlsxFileError) throw notXlsx();
    throw err;
  }
  if (!sheet || !header) throw missingHeaders(best.match);
  const headerRow = header.rowNumber;
  const columns = header.columns;
  const lastColumn = Math.max(...columns.values());

  // 2. The data rows, streamed: only filled rows are kept, and only up to the last template column. A file
  // with more filled rows than the limit (one more allowed for the template's example row, judged below) stops here.
  const kept = new Map<number, XlsxRawValue[]>();
  let read = 0;
  let reached = headerRow;
  try {
    for await (const row of sheet.rows(lastColumn)) {
      if (row.rowNumber <= headerRow) continue;
      reached = row.rowNumber;
      if (++read % progressEvery === 0) await opts.onProgress?.(reached, sheet.dimensionRows);
      if ([...columns.values()].every((c) => surelyBlank(row.cells[c - 1]))) continue;
      kept.set(row.rowNumber, row.cells);
      if (kept.size > maxRows + 1) throw tooManyRows(maxRows);
    }
  } catch (err) {
    if (err instanceof XlsxFileError) throw notXlsx();
    if (err instanceof ExcelImportError) await opts.onProgress?.(reached, sheet.dimensionRows);
    throw err;
  }
  await opts.onProgress?.(reached, sheet.dimensionRows);

  // 3. Merged cells (listed after the rows): every cell of a range shows its top-left cell's value.
  for (const m of sheet.merges) {
    if (m.bottom <= headerRow || m.left > lastColumn) continue;
    const master = kept.get(m.top)?.[m.left - 1];
    if (m.top <= headerRow || surelyBlank(master)) continue;
    for (let r = Math.max(m.top, headerRow + 1); r <= m.bottom; r++) {
      let cells = kept.get(r);
      if (!cells) {
        cells = [];
        kept.set(r, cells);
        if (kept.size > maxRows + 1) throw tooManyRows(maxRows);
      }
      for (let c = m.left; c <= Math.min(m.right, lastColumn); c++) {
        if (r !== m.top || c !== m.left) cells[c - 1] = master as XlsxRawValue;
      }
    }
  }

  const numbers = [...kept.keys()].sort((a, b) => a - b);
  const scalar = await resolveStrings(
    book,
    numbers.map((n) => ({ rowNumber: n, cells: kept.get(n) as XlsxRawValue[] })),
  );

  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  const idSeen = new Map<string, number>();
  const phoneSeen = new Map<string, number>();
  let filled = 0;

  for (const r of numbers) {
    const raw = kept.get(r) as XlsxRawValue[];
    const cell = {} as Record<ColumnKey, Scalar>;
    let blank = true;
    for (const c of TEMPLATE_HEADERS) {
      const col = columns.get(c.key);
      const v = col === undefined ? null : scalar(raw[col - 1]);
      cell[c.key] = v;
      if (asText(v) !== null) blank = false;
    }
    if (blank || isExampleRow(cell)) continue;
    if (++filled > maxRows) throw tooManyRows(maxRows);

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
    const ownerKey = take('ownerKey', checkOwnerKey(cell.ownerKey, COL.ownerKey));
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
      ownerKey: ownerKey ?? null,
      relation: relation as string,
      name: name as string,
      gender: gender ?? null,
      birthYear: birthYear ?? null,
      phone: phone ?? null,
      idNumber: idNumber ?? null,
      careTags: careTags ?? [],
    });
  }
  const columnOf = new Map([...columns].map(([key, col]) => [COL[key].header, col] as const));
  return { rows, errors, layout: { sheetName: sheet.name, headerRow, columnOf } };
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
