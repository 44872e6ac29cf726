import { createInflateRaw } from 'node:zlib';
import { SaxesParser, type SaxesTagPlain } from 'saxes';

/**
 * The zip side of the .xlsx reader (xlsx-stream.ts): the zip's central directory (random access, so parts are read
 * in the order needed rather than the order stored), one part inflated at a time, and its XML handed to a SAX
 * parser chunk by chunk, so no part is ever held whole.
 */

/** Not a readable .xlsx (not a zip, a broken or encrypted one, a part missing or absurdly large). */
export class XlsxFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XlsxFileError';
  }
}

/** An inflated part larger than this is refused (a zip bomb, or far beyond any registry). */
const MAX_PART_BYTES = 512 * 1024 * 1024;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

export function readCentralDirectory(buf: Buffer): Map<string, ZipEntry> {
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
export async function* parsePart<T>(
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

/** Runs a small part through SAX for its tags (relationships, workbook, styles). */
export async function collect(
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
