import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/**
 * What every printable page shares (stairwell boards, notice posters, campaign summaries): A4 with the
 * Chinese font embedded and vector QR codes.
 *
 * The Chinese font comes from npm (Noto Sans CJK SC, OFL), not from the operating system, so a fresh
 * `npm ci && npm start` prints the same page everywhere; pdfkit embeds only the glyphs used.
 */
const FONT_DIR = join(dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts');
/**
 * Parsed once per process: parsing the two 8 MB CJK fonts is most of a page's cost (about 1 s of CPU a
 * document when pdfkit re-parses them); each document still takes its own subset of the shared font.
 */
let fonts: { regular: fontkit.Font; bold: fontkit.Font } | undefined;
function loadFonts() {
  const open = (file: string) => fontkit.create(readFileSync(join(FONT_DIR, file))) as fontkit.Font;
  fonts ??= { regular: open('NotoSansHans-Regular.otf'), bold: open('NotoSansHans-Bold.otf') };
  return fonts;
}

export const RED = '#c8102e';
export const INK = '#1f1f1f';
export const GREY = '#666666';
export const A4 = { width: 595.28, height: 841.89 };
export const MARGIN = 48;

/** A new A4 document with the fonts 'zh' and 'zh-bold' registered; `done` resolves to the PDF once `doc.end()` is called. */
export function startDocument(meta: { title: string }): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    autoFirstPage: false,
    info: { Title: meta.title, Creator: '楼长通 louzhang' },
  });
  // pdfkit takes a parsed fontkit font as well as a file (its typings only name the file forms)
  doc.registerFont('zh', regular as never);
  doc.registerFont('zh-bold', bold as never);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

/** A QR code drawn as vector squares (sharp at any print size), with its quiet zone. */
export function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const cell = size / (n + 2 * quiet);
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c)) doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell + 0.01, cell + 0.01);
    }
  }
  doc.fill('#000000');
}
