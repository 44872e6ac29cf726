import { A4, drawQr, GREY, INK, MARGIN, RED, startDocument } from '../../platform/pdf';

/** What a notice's stairwell poster shows. */
export interface PosterView {
  kindLabel: string;
  title: string;
  body: string;
  /** 新兴社区 · 社区工作人员 李敏 */
  fromLine: string;
  publishedOn: string;
  /** The notice in the phone app, `<PUBLIC_URL>/m/bulletins/<id>`: scanning it records the read. */
  url: string;
}

/** One A4 page: kind band, title, body, who sent it and when, and a QR code to the notice in the app. */
export async function renderPoster(p: PosterView): Promise<Buffer> {
  const { doc, done } = startDocument({ title: p.title });
  doc.addPage();
  const width = A4.width - 2 * MARGIN;
  doc.rect(0, 0, A4.width, 96).fill(RED);
  doc.fillColor('#ffffff').font('zh-bold').fontSize(40).text(p.kindLabel, MARGIN, 22, { width, align: 'center' });
  doc.fillColor(INK).font('zh-bold').fontSize(26).text(p.title, MARGIN, 126, { width, align: 'center' });
  doc
    .font('zh')
    .fontSize(12)
    .fillColor(GREY)
    .text(`${p.fromLine} · ${p.publishedOn}`, MARGIN, doc.y + 6, {
      width,
      align: 'center',
    });
  const bodyTop = doc.y + 24;
  // The body gets the space above the QR code; a longer text is cut with an ellipsis (the app has it all).
  doc
    .fillColor(INK)
    .font('zh')
    .fontSize(16)
    .text(p.body, MARGIN, bodyTop, {
      width,
      height: 560 - bodyTop,
      ellipsis: true,
      lineGap: 6,
    });
  const qrSize = 150;
  const qrY = 590;
  drawQr(doc, p.url, (A4.width - qrSize) / 2, qrY, qrSize);
  doc.page.margins.bottom = 0;
  doc
    .fillColor(INK)
    .font('zh-bold')
    .fontSize(14)
    .text('扫码查看通知 · Scan to read it in the app', MARGIN, qrY + qrSize + 8, { width, align: 'center' });
  doc
    .font('zh')
    .fontSize(9)
    .fillColor(GREY)
    .text(p.url, MARGIN, doc.y + 2, { width, align: 'center' });
  doc.end();
  return done;
}
