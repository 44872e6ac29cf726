import type { Writable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { CARE_TAG_LABELS } from '@louzhang/contracts';
import ExcelJS from 'exceljs';
import { asInertText, type ExportRow, styleHeader, TEMPLATE_HEADERS } from './households-excel';

const DATA_SHEET = '住户名册';
/** The file's name (the registry's words are Chinese whatever the asker's language: it re-imports). */
export const HOUSEHOLDS_FILE = '住户台账.xlsx';
const GENDER_LABEL = { M: '男', F: '女' } as const;

/** Code → Chinese label for built-in tags; custom tags as they are. */
function careTagLabel(tag: string): string {
  return (CARE_TAG_LABELS as Record<string, { zh: string }>)[tag]?.zh ?? tag;
}

/** 户号/社区/网格/地址, then the template's columns (so the file can be edited and re-imported). */
const EXTRA = [
  { header: '户号', key: 'householdId', width: 10 },
  { header: '社区', key: 'community', width: 14 },
  { header: '网格', key: 'grid', width: 14 },
  { header: '地址', key: 'address', width: 28 },
];

function valuesOf(r: ExportRow): Record<string, string | number | null> {
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
    ownerKey: r.ownerKey,
    relation: r.relation,
    name: r.name,
    gender: r.gender ? GENDER_LABEL[r.gender] : null,
    birthYear: r.birthYear,
    phone: r.phone,
    idNumber: r.idNumber,
    careTags: r.careTags.map(careTagLabel).join('、') || null,
  };
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, asInertText(v)]));
}

/**
 * The registry as .xlsx, one row per resident, written to `out` row by row (exceljs's streaming writer: each
 * row is committed and leaves memory), ending `out`. Phone and ID are written as given: the caller masks
 * them. Used by the streamed export and the background export (导出任务) alike. Returns the rows written.
 */
export async function streamHouseholdsXlsx(out: Writable, rows: AsyncIterable<ExportRow>): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = '楼长通';
  wb.created = new Date();
  const ws = wb.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    ...EXTRA,
    ...TEMPLATE_HEADERS.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width,
      ...(c.text ? { style: { numFmt: '@' } } : {}),
    })),
  ];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXTRA.length + TEMPLATE_HEADERS.length } };
  const header = ws.getRow(1);
  styleHeader(header);
  header.commit();
  let n = 0;
  for await (const r of rows) {
    ws.addRow(valuesOf(r)).commit();
    n++;
  }
  ws.commit();
  await wb.commit();
  return n;
}

/** The same file in memory (small exports, tests). */
export async function buildHouseholdExport(rows: Iterable<ExportRow> | AsyncIterable<ExportRow>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  async function* each() {
    for await (const r of rows) yield r;
  }
  await streamHouseholdsXlsx(out, each());
  await done;
  return Buffer.concat(chunks);
}
