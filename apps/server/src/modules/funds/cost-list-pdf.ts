import type { FundView } from '@louzhang/contracts';
import { A4, GREY, INK, MARGIN, RED, startDocument } from '../../platform/pdf';

export type CostListPrint = Pick<
  FundView,
  | 'title'
  | 'buildingName'
  | 'notice'
  | 'totalFen'
  | 'split'
  | 'quotes'
  | 'shares'
  | 'expenses'
  | 'totals'
  | 'createdByName'
  | 'createdAt'
  | 'status'
>;

/** 1234.5 yuan from fen, always two decimals. */
export const yuan = (fen: number) =>
  `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
const SPLIT = { equal: '每户平均', area: '按面积分摊', custom: '自定金额' } as const;

/** The cost list (费用清单) for the stairwell: quotes, each household's share and payment, expenses, balance. */
export async function renderCostList(v: CostListPrint): Promise<Buffer> {
  const { doc, done } = startDocument({ title: `${v.buildingName} ${v.title} 费用清单` });
  doc.addPage();
  const width = A4.width - 2 * MARGIN;
  doc.rect(0, 0, A4.width, 70).fill(RED);
  doc.fillColor('#ffffff').font('zh-bold').fontSize(26).text('费用清单', MARGIN, 20, { width, align: 'center' });
  doc
    .fillColor(INK)
    .font('zh-bold')
    .fontSize(18)
    .text(`${v.buildingName} · ${v.title}`, MARGIN, 88, { width, align: 'center' });
  doc
    .font('zh')
    .fontSize(10)
    .fillColor(GREY)
    .text(`经办：${v.createdByName} · ${v.createdAt.slice(0, 10)} · ${SPLIT[v.split]}`, { width, align: 'center' });
  doc.moveDown(0.6).fillColor(INK).fontSize(10).text(v.notice, MARGIN, doc.y, { width, height: 60, ellipsis: true });
  const t = v.totals;
  doc
    .moveDown(0.5)
    .font('zh-bold')
    .fontSize(11)
    .text(
      `总额 ${yuan(v.totalFen)} 元 · 已缴 ${t.paidHouseholds}/${t.households} 户 ${yuan(t.paidFen)} 元 · 支出 ${yuan(t.expensesFen)} 元 · 退还 ${yuan(t.refundedFen)} 元 · 结余 ${yuan(t.balanceFen)} 元`,
      MARGIN,
      doc.y,
      { width },
    );
  const row = (cells: string[], widths: number[], bold = false) => {
    const y = doc.y + 2;
    let x = MARGIN;
    doc.font(bold ? 'zh-bold' : 'zh').fontSize(9);
    for (const [i, c] of cells.entries()) {
      doc.text(c, x, y, { width: widths[i]! - 4, lineBreak: false, ellipsis: true });
      x += widths[i]!;
    }
    doc.y = y + 13;
  };
  if (v.quotes.length) {
    doc.moveDown(0.6).font('zh-bold').fontSize(11).text('报价', MARGIN);
    for (const q of v.quotes) row([q.contractor, `${yuan(q.amountFen)} 元`, q.note ?? ''], [180, 100, width - 280]);
  }
  doc.moveDown(0.6).font('zh-bold').fontSize(11).text('分摊与缴费', MARGIN);
  const w = [150, 70, 80, 80, width - 380];
  row(['房号', '面积(㎡)', '应缴(元)', '已缴(元)', '退还(元)'], w, true);
  for (const s of v.shares)
    row(
      [
        s.address,
        s.areaM2 === null ? '' : s.areaM2.toFixed(2),
        yuan(s.amountFen),
        s.payment ? yuan(s.payment.amountFen) : '未缴',
        s.refundFen ? yuan(s.refundFen) : '',
      ],
      w,
    );
  doc.moveDown(0.6).font('zh-bold').fontSize(11).text('支出（收据照片可在手机上查看）', MARGIN);
  row(['日期', '项目', '金额(元)', '经手'], [80, 220, 90, width - 390], true);
  for (const e of v.expenses) row([e.spentOn, e.item, yuan(e.amountFen), e.recordedByName], [80, 220, 90, width - 390]);
  doc
    .moveDown(1)
    .font('zh')
    .fontSize(9)
    .fillColor(GREY)
    .text('本清单张贴于楼道，供全体住户查验；如有疑问请联系楼长。', MARGIN, doc.y, { width, align: 'center' });
  doc.end();
  return done;
}
