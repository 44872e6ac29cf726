import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/** What one building's public board (公示牌) shows; phones are already masked (docs/rules.md#personal-data). */
export interface BoardView {
  buildingName: string;
  address: string | null;
  /** 新兴社区 · 三埠街道 */
  communityLine: string | null;
  captains: { name: string; phoneMasked: string | null }[];
  gridWorkers: { name: string; phoneMasked: string | null; gridName: string }[];
  /** The building's stable report link, `<PUBLIC_URL>/m/r/<token>`. */
  reportUrl: string;
}

export const SLOGAN = '有事找楼长';

/**
 * The Chinese font comes from npm (Noto Sans CJK SC, OFL), not from the operating system, so a fresh
 * `npm ci && npm start` prints the same board everywhere; pdfkit embeds only the glyphs used.
 */
const FONT_DIR = join(dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts');
/**
 * Parsed once per process: parsing the two 8 MB CJK fonts is most of a board's cost (about 1 s of CPU a
 * document when pdfkit re-parses them); each document still takes its own subset of the shared font.
 */
let fonts: { regular: fontkit.Font; bold: fontkit.Font } | undefined;
function loadFonts() {
  const open = (file: string) => fontkit.create(readFileSync(join(FONT_DIR, file))) as fontkit.Font;
  fonts ??= { regular: open('NotoSansHans-Regular.otf'), bold: open('NotoSansHans-Bold.otf') };
  return fonts;
}

const RED = '#c8102e';
const INK = '#1f1f1f';
const GREY = '#666666';
const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;

/** One A4 page per board, in one PDF: a single building, or every building of a community for printing. */
export async function renderBoards(boards: readonly BoardView[], meta: { title: string }): Promise<Buffer> {
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
  for (const b of boards) drawBoard(doc, b);
  doc.end();
  return done;
}

function drawBoard(doc: PDFKit.PDFDocument, b: BoardView): void {
  doc.addPage();
  const width = A4.width - 2 * MARGIN;

  // Header band: the board's kind and the slogan residents learn (docs/rules.md#purpose).
  doc.rect(0, 0, A4.width, 120).fill(RED);
  doc.fillColor('#ffffff').font('zh-bold').fontSize(44).text(SLOGAN, MARGIN, 26, { width, align: 'center' });
  doc.font('zh').fontSize(14).text('楼栋公示牌 · Building board', MARGIN, 84, { width, align: 'center' });

  let y = 150;
  doc.fillColor(INK).font('zh-bold').fontSize(30).text(b.buildingName, MARGIN, y, { width, align: 'center' });
  y = doc.y + 4;
  if (b.address) {
    doc.font('zh').fontSize(13).fillColor(GREY).text(b.address, MARGIN, y, { width, align: 'center' });
    y = doc.y;
  }
  if (b.communityLine) {
    doc.font('zh').fontSize(13).fillColor(GREY).text(b.communityLine, MARGIN, y, { width, align: 'center' });
    y = doc.y;
  }

  y += 18;
  doc
    .moveTo(MARGIN, y)
    .lineTo(A4.width - MARGIN, y)
    .lineWidth(1)
    .strokeColor('#dddddd')
    .stroke();
  y += 16;

  y = drawPeople(
    doc,
    y,
    '楼长 Building captain',
    b.captains.map((c) => ({ name: c.name, phone: c.phoneMasked, note: null })),
    '本楼暂无楼长，请扫码报事，由网格员处理',
  );
  y = drawPeople(
    doc,
    y + 10,
    '网格员 Grid worker',
    b.gridWorkers.map((g) => ({ name: g.name, phone: g.phoneMasked, note: g.gridName })),
    '—',
  );

  // The QR code: the way to reach the captain that works for every resident, day and night.
  const qrSize = 210;
  const qrX = (A4.width - qrSize) / 2;
  const qrY = Math.max(y + 24, 470);
  drawQr(doc, b.reportUrl, qrX, qrY, qrSize);
  doc
    .fillColor(INK)
    .font('zh-bold')
    .fontSize(18)
    .text('扫码报事 · 一键有回应', MARGIN, qrY + qrSize + 12, { width, align: 'center' });
  doc
    .font('zh')
    .fontSize(10)
    .fillColor(GREY)
    .text('Scan to report a problem to your building captain', MARGIN, doc.y + 2, { width, align: 'center' })
    .text(b.reportUrl, MARGIN, doc.y + 2, { width, align: 'center' });

  // The footer sits inside the bottom margin; without this pdfkit would start a new page for it.
  doc.page.margins.bottom = 0;
  doc
    .font('zh')
    .fontSize(9)
    .fillColor(GREY)
    .text('为保护个人信息，电话隐去中间四位；请扫码联系楼长或报事。', MARGIN, A4.height - MARGIN - 12, {
      width,
      align: 'center',
      lineBreak: false,
    });
}

function drawPeople(
  doc: PDFKit.PDFDocument,
  y: number,
  label: string,
  people: { name: string; phone: string | null; note: string | null }[],
  empty: string,
): number {
  const width = A4.width - 2 * MARGIN;
  doc.fillColor(RED).font('zh-bold').fontSize(15).text(label, MARGIN, y, { width });
  let at = doc.y + 4;
  if (people.length === 0) {
    doc
      .fillColor(GREY)
      .font('zh')
      .fontSize(14)
      .text(empty, MARGIN + 12, at, { width: width - 12 });
    return doc.y;
  }
  for (const p of people.slice(0, 4)) {
    doc
      .fillColor(INK)
      .font('zh-bold')
      .fontSize(24)
      .text(p.name, MARGIN + 12, at, { continued: true });
    const tail = [p.phone ? `  电话 ${p.phone}` : '', p.note ? `  （${p.note}）` : ''].join('');
    doc
      .font('zh')
      .fontSize(16)
      .fillColor(INK)
      .text(tail || ' ');
    at = doc.y + 4;
  }
  return at;
}

function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
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
