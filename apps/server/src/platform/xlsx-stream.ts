import { createInflateRaw } from 'node:zlib';
import { SaxesParser, type SaxesTagPlain } from 'saxes';

/**
 * A streaming reader of .xlsx workbooks for imports. A workbook is a zip of XML parts; this reads the zip's
 * central directory (random access, so parts are read in the order needed rather than the order stored),
 * inflates one part at a time and parses it with a SAX parser. Memory stays bounded by what the caller keeps:
 * a sheet's rows are handed out one by one (stop iterating and the rest is never inflated), and shared
 * strings are kept only for the indices asked for. Loading a whole workbook model instead (exceljs `load`)
 * held a 280,000-row file in ~1 GB for 15 s.
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

/** Not a readable .xlsx (not a zip, a broken or encrypted one, a part missing or absurdly large). */
export class XlsxFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XlsxFileError';
  }
}

export const isSharedRef = (v: XlsxRawValue | undefined): v is SharedRef =>
  typeof v === 'object' && v !== null && !(v instanceof Date);

/** An inflated part larger than this is refused (a zip bomb, or far beyond any registry). */
const MAX_PART_BYTES = 512 * 1024 * 1024;
/** Longer cell text is cut here: far beyond any column's limit, so checks still refuse it as too long. */
const MAX_TEXT = 4096;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

function readCentralDirectory(buf: Buffer): Map<string, ZipEntry> {
  if (buf.length < 22) throw new XlsxFileError('too short for a zip');
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxFileError('no zip end record');
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  let at = buf.readUInt32LE(eocd + 16);
  if (at + size > buf.length) throw new XlsxFileError('central directory out of bounds');
  const entries = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) throw new XlsxFileError('bad directory entry');
    const flags = buf.readUInt16LE(at + 8);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      name: buf.toString('utf8', at + 46, at + 46 + nameLen),
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      uncompressedSize: buf.readUInt32LE(at + 24),
      localOffset: buf.readUInt32LE(at + 42),
    };
    if (flags & 1) throw new XlsxFileError('encrypted zip entry');
    entries.set(entry.name.replace(/^\//, ''), entry);
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The inflated text of one part, chunk by chunk (UTF-8 decoded across chunk borders). */
async function* partText(buf: Buffer, entry: ZipEntry): AsyncGenerator<string> {
  const at = entry.localOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== 0x04034b50) throw new XlsxFileError('bad local header');
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) throw new XlsxFileError('entry out of bounds');
  const data = buf.subarray(start, end);
  const decoder = new TextDecoder('utf-8');
  let total = 0;
  if (entry.method === 0) {
    for (let i = 0; i < data.length; i += 64 * 1024)
      yield decoder.decode(data.subarray(i, i + 64 * 1024), { stream: true });
  } else if (entry.method === 8) {
    const inflate = createInflateRaw();
    inflate.end(data);
    try {
      for await (const chunk of inflate as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > MAX_PART_BYTES) throw new XlsxFileError(`part ${entry.name} is too large`);
        yield decoder.decode(chunk, { stream: true });
      }
    } catch (err) {
      if (err instanceof XlsxFileError) throw err;
      throw new XlsxFileError(`cannot inflate ${entry.name}`);
    } finally {
      inflate.destroy();
    }
  } else {
    throw new XlsxFileError(`unsupported compression ${entry.method}`);
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

/**
 * Parses a part with SAX, handing each chunk's events to `handlers`; `drain` runs after every chunk and
 * may yield what the handlers collected. Returning from the consumer stops the inflation.
 */
async function* parsePart<T>(
  buf: Buffer,
  entry: ZipEntry,
  setup: (parser: SaxesParser) => void,
  drain: () => T[],
): AsyncGenerator<T> {
  const parser = new SaxesParser();
  let failure: Error | null = null;
  parser.on('error', (err) => {
    failure ??= err;
  });
  setup(parser);
  for await (const text of partText(buf, entry)) {
    parser.write(text);
    if (failure) throw new XlsxFileError(`bad XML in ${entry.name}`);
    yield* drain();
  }
  parser.close();
  if (failure) throw new XlsxFileError(`bad XML in ${entry.name}`);
  yield* drain();
}

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

/** Runs a small part through SAX for its tags (relationships, workbook, styles). */
async function collect(
  buf: Buffer,
  entry: ZipEntry,
  onOpen: (node: SaxesTagPlain) => void,
  onClose?: (name: string) => void,
): Promise<void> {
  const events = parsePart(
    buf,
    entry,
    (p) => {
      p.on('opentag', onOpen);
      if (onClose) p.on('closetag', (node) => onClose(node.name));
    },
    () => [],
  );
  for await (const _ of events) {
    // the handlers did the work
  }
}
