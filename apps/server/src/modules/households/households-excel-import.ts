import { birthYearFromChinaId } from '../../../../../packages/contracts/src/validation/china-id';
import {
  COL,
  type ColumnKey,
  ExcelImportError,
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
  checkPhone,
  checkRelation,
  checkText,
  findHeader,
  loadWorkbook,
  type Scalar,
  scalarOf,
} from './households-excel-cells';

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
