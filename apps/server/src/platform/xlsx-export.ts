import { PassThrough, type Writable } from 'node:stream';
import type { Lang } from '@louzhang/contracts';
import ExcelJS from 'exceljs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { langOf } from './http';

/** One column of a list's export: its key in the row, its header per language, its width. */
export interface ExportColumn<K extends string> {
  key: K;
  zh: string;
  en: string;
  width: number;
}

export type ExportCell = string | number | null;

/** A text cell a spreadsheet would read as a formula (=, +, -, @, tab, CR first) is written as inert text. */
function inert(v: ExportCell): ExportCell {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/**
 * Writes one sheet of rows as .xlsx to `out` row by row (exceljs's streaming writer: each row is committed
 * and leaves memory), the header bold and frozen, and ends `out`. The rows come as the list presents them
 * (phones masked): this writes what it is given.
 */
export async function streamSheetXlsx<K extends string>(
  out: Writable,
  sheet: { zh: string; en: string },
  columns: readonly ExportColumn<K>[],
  rows: AsyncIterable<Record<K, ExportCell>>,
  lang: Lang,
): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = '楼长通';
  const ws = wb.addWorksheet(sheet[lang], { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c[lang], key: c.key, width: c.width }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.commit();
  let n = 0;
  for await (const r of rows) {
    const values: Record<string, ExportCell> = {};
    for (const c of columns) values[c.key] = inert(r[c.key]);
    ws.addRow(values).commit();
    n++;
  }
  ws.commit();
  await wb.commit();
  return n;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Sends a list's export: the caller has already refused what it refuses and audited the export (before
 * the first byte); this streams the sheet, named after `sheet` in the request's language. A failure
 * mid-stream is logged and cuts the download (the status line has gone out).
 */
export function sendSheetXlsx<K extends string>(
  req: FastifyRequest,
  reply: FastifyReply,
  sheet: { zh: string; en: string },
  columns: readonly ExportColumn<K>[],
  rows: AsyncIterable<Record<K, ExportCell>>,
): FastifyReply {
  const lang = langOf(req);
  const out = new PassThrough();
  reply.header('content-type', XLSX);
  reply.header('cache-control', 'private, no-store');
  reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${sheet[lang]}.xlsx`)}`);
  streamSheetXlsx(out, sheet, columns, rows, lang).catch((e) => {
    req.log.error({ err: e }, 'list export failed mid-stream');
    out.destroy(e as Error);
  });
  return reply.send(out);
}

/** A column of a list's sheet with how one listed row fills it, in the request's language. */
export interface ListColumn<T> extends ExportColumn<string> {
  cell: (row: T, lang: Lang) => ExportCell;
}

/** A list's sheet: its name (also the file's) and its columns, as the console's table shows them. */
export interface ListSheet<T> {
  sheet: { zh: string; en: string };
  columns: readonly ListColumn<T>[];
}

/** The rows of a list as the cells of its sheet, each filled by its column in `lang`. */
async function* listCells<T>(
  spec: ListSheet<T>,
  rows: Iterable<T> | AsyncIterable<T>,
  lang: Lang,
): AsyncIterable<Record<string, ExportCell>> {
  for await (const r of rows) yield Object.fromEntries(spec.columns.map((c) => [c.key, c.cell(r, lang)]));
}

/** Sends the rows a list shows as its sheet (`sendSheetXlsx`), each cell filled by its column. */
export function sendListSheet<T>(
  req: FastifyRequest,
  reply: FastifyReply,
  spec: ListSheet<T>,
  rows: Iterable<T> | AsyncIterable<T>,
): FastifyReply {
  return sendSheetXlsx(req, reply, spec.sheet, spec.columns, listCells(spec, rows, langOf(req)));
}

/** Writes a list's sheet to `out` (`streamSheetXlsx`): a background export writes what the download sends. */
export function streamListSheet<T>(
  out: Writable,
  spec: ListSheet<T>,
  rows: Iterable<T> | AsyncIterable<T>,
  lang: Lang,
): Promise<number> {
  return streamSheetXlsx(out, spec.sheet, spec.columns, listCells(spec, rows, lang), lang);
}
