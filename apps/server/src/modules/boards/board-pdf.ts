import { A4, drawQr, GREY, INK, MARGIN, RED, startDocument } from '../../platform/pdf';

/** What one building's public board (公示牌) shows; phones are already masked (docs/rules.md#personal-data). */
export interface BoardView {
  buildingName: string;
  address: string | null;
  /** 新兴社区 · 三埠街道 */
  communityLine: string | null;
  /** `portrait`: the captain's photo (JPEG), printed beside the name when there is one. */
  captains: { name: string; phoneMasked: string | null; portrait?: Buffer | null }[];
  gridWorkers: { name: string; phoneMasked: string | null; gridName: string }[];
  /** The building's stable report link, `<PUBLIC_URL>/m/r/<token>`. */
  reportUrl: string;
  /** Current notices reaching the building (pinned first): 【通知】停水通知 · 2026-12-03. */
  notices?: { kindLabel: string; title: string; publishedOn: string }[];
  /** The honour roll of the building's captains: 陈秀英 · 2026年第三季度星级楼长. */
  honours?: string[];
}

/** How many current notices a board lists; the rest are in the phone app. */
export const BOARD_NOTICES = 3;

export const SLOGAN = '有事找楼长';

/** One A4 page per board, in one PDF: a single building, or every building of a community for printing. */
export async function renderBoards(boards: readonly BoardView[], meta: { title: string }): Promise<Buffer> {
  const { doc, done } = startDocument(meta);
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
    b.captains.map((c) => ({ name: c.name, phone: c.phoneMasked, note: null, portrait: c.portrait ?? null })),
    '本楼暂无楼长，请扫码报事，由网格员处理',
  );
  y = drawPeople(
    doc,
    y + 10,
    '网格员 Grid worker',
    b.gridWorkers.map((g) => ({ name: g.name, phone: g.phoneMasked, note: g.gridName })),
    '—',
  );

  const notices = (b.notices ?? []).slice(0, BOARD_NOTICES);
  if (notices.length > 0) {
    doc
      .fillColor(RED)
      .font('zh-bold')
      .fontSize(15)
      .text('当前通知 Notices', MARGIN, y + 10, { width });
    for (const n of notices) {
      const title = n.title.length > 24 ? `${n.title.slice(0, 23)}…` : n.title;
      doc
        .fillColor(INK)
        .font('zh')
        .fontSize(14)
        .text(`【${n.kindLabel}】${title}  ${n.publishedOn}`, MARGIN + 12, doc.y + 3, {
          width: width - 12,
          lineBreak: false,
        });
    }
    y = doc.y;
  }

  const honours = (b.honours ?? []).slice(0, 3);
  if (honours.length > 0) {
    doc
      .fillColor(RED)
      .font('zh-bold')
      .fontSize(15)
      .text('荣誉榜 Honour roll', MARGIN, y + 10, { width });
    for (const h of honours) {
      doc
        .fillColor(INK)
        .font('zh')
        .fontSize(14)
        .text(h, MARGIN + 12, doc.y + 3, { width: width - 12, lineBreak: false });
    }
    y = doc.y;
  }

  // The QR code: the way to reach the captain that works for every resident, day and night.
  // It and its three caption lines (~76 pt) end above the footer, so a full board (three notices, the honour
  // roll) stays on its one page: the code shrinks (to 150 pt, 53 mm, still read from a step away) before the
  // captions would cross the bottom margin and pdfkit would start a second page for them.
  const footerTop = A4.height - MARGIN - 12;
  const qrBottom = footerTop - 6 - 76;
  const qrY = Math.min(Math.max(y + 24, 470), qrBottom - 150);
  const qrSize = Math.min(210, qrBottom - qrY);
  const qrX = (A4.width - qrSize) / 2;
  drawQr(doc, b.reportUrl, qrX, qrY, qrSize);
  // Whatever the fonts' line heights, nothing below the code may open a new page.
  doc.page.margins.bottom = 0;
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

  // The footer sits inside the bottom margin (opened above).
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
  people: { name: string; phone: string | null; note: string | null; portrait?: Buffer | null }[],
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
  const withPortraits = people.some((p) => p.portrait);
  for (const p of people.slice(0, withPortraits ? 2 : 4)) {
    // A portrait (when any captain has one) sits left of the name, 56 × 70 pt, so residents know the face.
    let x = MARGIN + 12;
    const top = at;
    if (withPortraits) {
      if (p.portrait) {
        try {
          doc.image(p.portrait, x, top, { fit: [56, 70], align: 'center', valign: 'center' });
        } catch {
          // An unreadable picture leaves the space empty rather than losing the board.
        }
      }
      x += 68;
      at += 18;
    }
    doc.fillColor(INK).font('zh-bold').fontSize(24).text(p.name, x, at, { continued: true });
    const tail = [p.phone ? `  电话 ${p.phone}` : '', p.note ? `  （${p.note}）` : ''].join('');
    doc
      .font('zh')
      .fontSize(16)
      .fillColor(INK)
      .text(tail || ' ');
    at = withPortraits ? Math.max(doc.y, top + 70) + 6 : doc.y + 4;
  }
  return at;
}
