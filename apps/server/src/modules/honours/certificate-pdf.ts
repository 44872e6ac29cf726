import { A4, drawQr, GREY, INK, MARGIN, RED, startDocument } from '../../platform/pdf';

export interface CertificateView {
  name: string;
  /** 星级楼长 / 最美楼长 */
  title: string;
  /** 2026年第三季度 / 2026年度 */
  periodLabel: string;
  streetName: string;
  issuedOn: string;
  /** The public page that verifies the certificate (its QR code). */
  verifyUrl: string;
}

/** The public page that verifies the certificate with this token (what its QR code holds). */
export function verifyUrlOf(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/m/honours/verify/${token}`;
}

/** One A4 landscape-feel certificate (荣誉证书) with a vector QR code that verifies it. */
export async function renderCertificate(c: CertificateView): Promise<Buffer> {
  const { doc, done } = startDocument({ title: `${c.title}荣誉证书 · ${c.name}` });
  doc.addPage();
  const width = A4.width - 2 * MARGIN;
  doc
    .rect(20, 20, A4.width - 40, A4.height - 40)
    .lineWidth(6)
    .strokeColor(RED)
    .stroke();
  doc
    .rect(32, 32, A4.width - 64, A4.height - 64)
    .lineWidth(1)
    .strokeColor(RED)
    .stroke();
  doc.fillColor(RED).font('zh-bold').fontSize(48).text('荣誉证书', MARGIN, 120, { width, align: 'center' });
  doc.fillColor(GREY).font('zh').fontSize(14).text('Certificate of Honour', MARGIN, 184, { width, align: 'center' });
  doc.fillColor(INK).font('zh-bold').fontSize(30).text(c.name, MARGIN, 260, { width, align: 'center' });
  doc
    .font('zh')
    .fontSize(18)
    .text(`在${c.periodLabel}楼长工作中表现突出，`, MARGIN, 330, { width, align: 'center' })
    .text('被评为', { width, align: 'center' });
  doc
    .fillColor(RED)
    .font('zh-bold')
    .fontSize(40)
    .text(`“${c.title}”`, MARGIN, doc.y + 16, { width, align: 'center' });
  doc
    .fillColor(INK)
    .font('zh')
    .fontSize(16)
    .text('特发此证，以资鼓励。', MARGIN, doc.y + 24, { width, align: 'center' });
  doc
    .font('zh-bold')
    .fontSize(18)
    .text(c.streetName, MARGIN, 620, { width: width - 20, align: 'right' });
  doc
    .font('zh')
    .fontSize(14)
    .text(c.issuedOn, MARGIN, doc.y + 6, { width: width - 20, align: 'right' });
  drawQr(doc, c.verifyUrl, MARGIN + 10, 600, 120);
  doc
    .fillColor(GREY)
    .fontSize(9)
    .text('扫码验证 / Scan to verify', MARGIN + 10, 724, { width: 140 });
  doc.end();
  return done;
}
