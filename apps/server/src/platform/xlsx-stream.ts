import type { SaxesTagPlain } from 'saxes';
import { collect, parsePart, readCentralDirectory, XlsxFileError, type ZipEntry } from './xlsx-zip';

/**
 * A streaming reader of .xlsx workbooks for imports. A workbook is a zip of XML parts; xlsx-zip.ts reads the
 * zip's central directory (random access, so parts are read in the order needed rather than the order stored),
 * inflates one part at a time and parses it with a SAX parser; this turns the parts into sheets, rows and cells.
 * Memory stays bounded by what the caller keeps: a sheet's rows are handed out one by one (stop iterating and the
 * rest is never inflated), and shared strings are kept only for the indices asked for. Loading a whole workbook
 * model instead (exceljs `load`) held a 280,000-row file in ~1 GB for 15 s.
 */

/** A cell's value as a person sees it: formulas by their cached result, rich text joined, dates as Date. */
export type XlsxValue = string | number | boolean | Date | null;
/** A value still pointing into the shared strings table. */
export interface SharedRef {
  readonly sst: number;
}
export type XlsxRawValue = XlsxValue | SharedRef;

export interface XlsxRow {
  rowNumber: number;
  /** Index 0 is column A; absent cells are undefined. */
  cells: XlsxRawValue[];
}

export interface XlsxRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export { XlsxFileError } from './xlsx-zip';

export const isSharedRef = (v: XlsxRawValue | undefined): v is SharedRef =>
  typeof v === 'object' && v !== null && !(v instanceof Date);

/** Longer cell text is cut here: far beyond any column's limit, so checks still refuse it as too long. */
const MAX_TEXT = 4096;

/** Column number (1-based) of a cell reference such as `AB12`, and its row. */
function decodeRef(ref: string): { col: number; row: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1] as string) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { col, row: Number(m[2]) };
}

function decodeRange(ref: string): XlsxRange | null {
  const [a, b] = ref.split(':');
  const from = a ? decodeRef(a) : null;
  const to = b ? decodeRef(b) : from;
  if (!from || !to) return null;
  return {
    top: Math.min(from.row, to.row),
    left: Math.min(from.col, to.col),
    bottom: Math.max(from.row, to.row),
    right: Math.max(from.col, to.col),
  };
}

/** Built-in number formats that show dates or times (ECMA-376 18.8.30, with the CJK ones). */
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56,
  57, 58,
]);

function isDateFormat(code: string): boolean {
  return /[ymdhsb]/i.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

const attr = (node: SaxesTagPlain, name: string): string | undefined => node.attributes[name];

/** One sheet being read: rows by iteration; merged ranges and the stated size are known once iteration ends. */
export class XlsxSheet {
  /** Merged ranges, complete once `rows()` ran to the end (they follow the rows in the file). */
  readonly merges: XlsxRange[] = [];
  /** The last row the sheet's `<dimension>` claims, when it states one (an estimate: writers may omit it). */
  dimensionRows: number | null = null;

  constructor(
    readonly name: string,
    private readonly book: XlsxBook,
    private readonly entry: ZipEntry,
  ) {}

  /** Rows in file order, cells up to column `maxColumn` (all when omitted). */
  rows(maxColumn = 16384): AsyncGenerator<XlsxRow> {
    const book = this.book;
    const queue: XlsxRow[] = [];
    let row: XlsxRow | null = null;
    let lastRow = 0;
    let col = 0;
    let cell: { t: string; style: number; v: string | null; inline: string | null; formula: boolean } | null = null;
    let capture: 'v' | 'is' | null = null;
    let inInline = false;
    let phonetic = 0;
    this.merges.length = 0;
    const append = (s: string) => {
      if (!cell) return;
      if (capture === 'v') cell.v = ((cell.v ?? '') + s).slice(0, MAX_TEXT);
      else if (capture === 'is' && phonetic === 0) cell.inline = ((cell.inline ?? '') + s).slice(0, MAX_TEXT);
    };
    return parsePart(
      book.buf,
      this.entry,
      (p) => {
        p.on('opentag', (node) => {
          switch (node.name) {
            case 'dimension': {
              const range = decodeRange(attr(node, 'ref') ?? '');
              if (range) this.dimensionRows = range.bottom;
              break;
            }
            case 'row': {
              const r = Number(attr(node, 'r') ?? lastRow + 1);
              row = { rowNumber: Number.isSafeInteger(r) && r > 0 ? r : lastRow + 1, cells: [] };
              lastRow = row.rowNumber;
              col = 0;
              break;
            }
            case 'c': {
              const ref = attr(node, 'r');
              col = (ref ? decodeRef(ref)?.col : undefined) ?? col + 1;
              cell = {
                t: attr(node, 't') ?? 'n',
                style: Number(attr(node, 's') ?? 0),
                v: null,
                inline: null,
                formula: false,
              };
              break;
            }
            case 'v':
              capture = 'v';
              break;
            case 'f':
              if (cell) cell.formula = true;
              break;
            case 'is':
              inInline = true;
              break;
            case 't':
              if (inInline) capture = 'is';
              break;
            case 'rPh':
              phonetic++;
              break;
            case 'mergeCell': {
              const range = decodeRange(attr(node, 'ref') ?? '');
              if (range) this.merges.push(range);
              break;
            }
          }
        });
        p.on('text', append);
        p.on('cdata', append);
        p.on('closetag', (node) => {
          switch (node.name) {
            case 'v':
            case 't':
              capture = null;
              break;
            case 'is':
              inInline = false;
              break;
            case 'rPh':
              phonetic--;
              break;
            case 'c':
              if (row && cell && col >= 1 && col <= maxColumn) row.cells[col - 1] = book.valueOf(cell);
              cell = null;
              break;
            case 'row':
              if (row) queue.push(row);
              row = null;
              break;
          }
        });
      },
      () => queue.splice(0),
    );
  }
}

/** An opened workbook: its sheets in the workbook's order, its shared strings on demand. */
export class XlsxBook {
  private constructor(
    readonly buf: Buffer,
    private readonly entries: Map<string, ZipEntry>,
    readonly sheets: XlsxSheet[],
    private readonly sharedStringsPart: string | null,
    private readonly dateStyles: ReadonlySet<number>,
    private readonly date1904: boolean,
  ) {}

  /** Reads the zip directory, the workbook, its relationships and styles. Throws XlsxFileError. */
  static async open(buf: Buffer): Promise<XlsxBook> {
    if (!Buffer.isBuffer(buf) || buf.length < 4 || buf[0] !== 0x50 || buf[1] !== 0x4b) {
      throw new XlsxFileError('not a zip');
    }
    const entries = readCentralDirectory(buf);
    const rels = async (path: string) => {
      const out: { id: string; type: string; target: string }[] = [];
      const entry = entries.get(path);
      if (!entry) return out;
      await collect(buf, entry, (node) => {
        if (node.name === 'Relationship') {
          out.push({ id: attr(node, 'Id') ?? '', type: attr(node, 'Type') ?? '', target: attr(node, 'Target') ?? '' });
        }
      });
      return out;
    };
    const resolve = (base: string, target: string) => {
      if (target.startsWith('/')) return target.slice(1);
      const parts = base.split('/').slice(0, -1);
      for (const seg of target.split('/')) {
        if (seg === '..') parts.pop();
        else if (seg !== '.') parts.push(seg);
      }
      return parts.join('/');
    };
    const office = (await rels('_rels/.rels')).find((r) => r.type.endsWith('/officeDocument'));
    const workbookPath = office ? resolve('', office.target) : 'xl/workbook.xml';
    const workbook = entries.get(workbookPath);
    if (!workbook) throw new XlsxFileError('no workbook part');
    const relsPath = workbookPath.replace(/([^/]+)$/, '_rels/$1.rels');
    const bookRels = await rels(relsPath);
    const sheetRefs: { name: string; rid: string }[] = [];
    let date1904 = false;
    await collect(buf, workbook, (node) => {
      if (node.name === 'sheet') sheetRefs.push({ name: attr(node, 'name') ?? '', rid: attr(node, 'r:id') ?? '' });
      if (node.name === 'workbookPr') date1904 = ['1', 'true'].includes(attr(node, 'date1904') ?? '');
    });
    const byType = (suffix: string) => {
      const r = bookRels.find((x) => x.type.endsWith(suffix));
      return r ? resolve(workbookPath, r.target) : null;
    };
    const stylesPath = byType('/styles');
    const dateStyles = new Set<number>();
    const stylesEntry = stylesPath ? entries.get(stylesPath) : undefined;
    if (stylesEntry) {
      const custom = new Map<number, string>();
      const xfFormats: number[] = [];
      let inCellXfs = false;
      await collect(
        buf,
        stylesEntry,
        (node) => {
          if (node.name === 'numFmt') custom.set(Number(attr(node, 'numFmtId')), attr(node, 'formatCode') ?? '');
          if (node.name === 'cellXfs') inCellXfs = true;
          if (node.name === 'xf' && inCellXfs) xfFormats.push(Number(attr(node, 'numFmtId') ?? 0));
        },
        (name) => {
          if (name === 'cellXfs') inCellXfs = false;
        },
      );
      xfFormats.forEach((fmt, i) => {
        const code = custom.get(fmt);
        if (code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(fmt)) dateStyles.add(i);
      });
    }
    const sst = byType('/sharedStrings');
    const book = new XlsxBook(buf, entries, [], sst && entries.has(sst) ? sst : null, dateStyles, date1904);
    for (const ref of sheetRefs) {
      const rel = bookRels.find((r) => r.id === ref.rid);
      const entry = rel ? entries.get(resolve(workbookPath, rel.target)) : undefined;
      if (entry) book.sheets.push(new XlsxSheet(ref.name, book, entry));
    }
    return book;
  }

  /** @internal the value of a parsed `<c>`. */
  valueOf(c: { t: string; style: number; v: string | null; inline: string | null; formula: boolean }): XlsxRawValue {
    switch (c.t) {
      case 's': {
        const i = c.v === null ? Number.NaN : Number(c.v);
        return Number.isSafeInteger(i) && i >= 0 ? { sst: i } : null;
      }
      case 'inlineStr':
        return c.inline ?? c.v;
      case 'str':
        return c.v;
      case 'e':
        return c.v;
      case 'b':
        return c.v === null ? null : Number(c.v) !== 0;
      case 'd': {
        const d = c.v === null ? null : new Date(c.v);
        return d && !Number.isNaN(d.getTime()) ? d : c.v;
      }
      default: {
        if (c.v === null) return null;
        const n = Number(c.v);
        if (!Number.isFinite(n)) return c.v;
        if (!c.formula && this.dateStyles.has(c.style)) {
          return new Date(Math.round((n - 25569 + (this.date1904 ? 1462 : 0)) * 86_400_000));
        }
        return n;
      }
    }
  }

  /** The shared strings at `needed` (rich text joined, phonetic guides left out); others are not kept. */
  async sharedStrings(needed: ReadonlySet<number>): Promise<Map<number, string>> {
    const found = new Map<number, string>();
    const entry = this.sharedStringsPart ? this.entries.get(this.sharedStringsPart) : undefined;
    if (!entry || needed.size === 0) return found;
    let index = -1;
    let text: string | null = null;
    let inT = false;
    let phonetic = 0;
    const append = (s: string) => {
      if (inT && phonetic === 0 && needed.has(index)) text = ((text ?? '') + s).slice(0, MAX_TEXT);
    };
    const strings = parsePart(
      this.buf,
      entry,
      (p) => {
        p.on('opentag', (node) => {
          if (node.name === 'si') {
            index++;
            text = null;
          } else if (node.name === 't') inT = true;
          else if (node.name === 'rPh') phonetic++;
        });
        p.on('text', append);
        p.on('cdata', append);
        p.on('closetag', (node) => {
          if (node.name === 't') inT = false;
          else if (node.name === 'rPh') phonetic--;
          else if (node.name === 'si' && needed.has(index)) found.set(index, text ?? '');
        });
      },
      () => [found.size],
    );
    for await (const size of strings) if (size >= needed.size) break;
    return found;
  }
}
