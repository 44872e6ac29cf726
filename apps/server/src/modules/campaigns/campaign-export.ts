import { CAMPAIGN_PROBLEM_LABELS, type CampaignProblemType, type CampaignTally } from '@louzhang/contracts';
import ExcelJS from 'exceljs';
import { A4, GREY, INK, MARGIN, RED, startDocument } from '../../platform/pdf';
import { asInertText } from '../households/households-excel';

const STATUS_ZH: Record<string, string> = {
  open: '待交办',
  assigned: '待报到',
  accepted: '整治中',
  cleared: '已清理',
  not_clearable: '无法清理',
};

export interface ExportSite {
  id: number;
  problemType: string;
  placeName: string;
  placeText: string | null;
  note: string | null;
  status: string;
  loggedByName: string;
  loggedAt: string;
  assignee: string | null;
  closedAt: string | null;
  closeNote: string | null;
  reappearedOfId: number | null;
}

const typeZh = (t: string) => CAMPAIGN_PROBLEM_LABELS[t as CampaignProblemType]?.zh ?? t;

/** The campaign's sites as .xlsx, one row each; typed text is written inert (no formula runs in the reader's Excel). */
export async function buildSitesWorkbook(title: string, sites: readonly ExportSite[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '楼长通';
  wb.created = new Date();
  const ws = wb.addWorksheet('点位', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '编号', key: 'id', width: 8 },
    { header: '问题类型', key: 'type', width: 14 },
    { header: '点位', key: 'place', width: 18 },
    { header: '具体位置', key: 'placeText', width: 20 },
    { header: '情况说明', key: 'note', width: 30 },
    { header: '状态', key: 'status', width: 10 },
    { header: '上报人', key: 'loggedBy', width: 12 },
    { header: '上报时间', key: 'loggedAt', width: 20 },
    { header: '承办', key: 'assignee', width: 24 },
    { header: '办结时间', key: 'closedAt', width: 20 },
    { header: '办结说明', key: 'closeNote', width: 30 },
    { header: '反弹（原点位编号）', key: 'reappearedOf', width: 16 },
  ];
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  });
  for (const s of sites) {
    const values: Record<string, string | number | null> = {
      id: s.id,
      type: typeZh(s.problemType),
      place: s.placeName,
      placeText: s.placeText,
      note: s.note,
      status: STATUS_ZH[s.status] ?? s.status,
      loggedBy: s.loggedByName,
      loggedAt: s.loggedAt,
      assignee: s.assignee,
      closedAt: s.closedAt,
      closeNote: s.closeNote,
      reappearedOf: s.reappearedOfId,
    };
    ws.addRow(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, asInertText(v)])));
  }
  ws.headerFooter.oddHeader = `&C${title}`.slice(0, 200);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface SummaryView {
  title: string;
  scopeName: string;
  period: string;
  departments: string;
  totals: CampaignTally;
  byType: (CampaignTally & { type: string })[];
  printedOn: string;
}

/** One A4 page: the campaign, its departments and 已清理<类型> N 处 per problem type, with a table of the counts. */
export async function renderSummary(v: SummaryView): Promise<Buffer> {
  const { doc, done } = startDocument({ title: v.title });
  doc.addPage();
  const width = A4.width - 2 * MARGIN;
  doc.rect(0, 0, A4.width, 80).fill(RED);
  doc
    .fillColor('#ffffff')
    .font('zh-bold')
    .fontSize(28)
    .text('专项整治工作简报', MARGIN, 24, { width, align: 'center' });
  doc.fillColor(INK).font('zh-bold').fontSize(20).text(v.title, MARGIN, 104, { width, align: 'center' });
  doc.font('zh').fontSize(11).fillColor(GREY);
  doc.text(`整治范围：${v.scopeName}    整治期间：${v.period}`, MARGIN, doc.y + 10, { width, align: 'center' });
  doc.text(`部门：${v.departments}`, { width, align: 'center' });
  doc.moveDown(1);
  doc.fillColor(INK).font('zh-bold').fontSize(14);
  doc.text(
    `共排查问题点位 ${v.totals.logged} 处，已清理 ${v.totals.cleared} 处，无法清理 ${v.totals.notClearable} 处，整治中 ${v.totals.open} 处。`,
    MARGIN,
    doc.y,
    { width },
  );
  doc.moveDown(0.5);
  doc.font('zh').fontSize(13);
  for (const t of v.byType) doc.text(`· 已清理${typeZh(t.type)} ${t.cleared} 处`, { width });
  doc.moveDown(1);
  const cols = [
    { h: '问题类型', w: 150 },
    { h: '排查', w: 70 },
    { h: '已清理', w: 70 },
    { h: '无法清理', w: 70 },
    { h: '整治中', w: 70 },
    { h: '反弹', w: 60 },
  ];
  let y = doc.y;
  const row = (cells: string[], bold: boolean) => {
    let x = MARGIN;
    doc
      .font(bold ? 'zh-bold' : 'zh')
      .fontSize(11)
      .fillColor(INK);
    cells.forEach((c, i) => {
      doc.text(c, x + 4, y + 5, { width: (cols[i]?.w ?? 60) - 8, lineBreak: false });
      x += cols[i]?.w ?? 60;
    });
    y += 22;
    doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + cols.reduce((s, c) => s + c.w, 0), y)
      .strokeColor('#cccccc')
      .stroke();
  };
  row(
    cols.map((c) => c.h),
    true,
  );
  const cells = (label: string, t: CampaignTally) => [
    label,
    String(t.logged),
    String(t.cleared),
    String(t.notClearable),
    String(t.open),
    String(t.reappeared),
  ];
  for (const t of v.byType.slice(0, 12)) row(cells(typeZh(t.type), t), false);
  row(cells('合计', v.totals), true);
  doc.page.margins.bottom = 0;
  doc
    .font('zh')
    .fontSize(9)
    .fillColor(GREY)
    .text(`楼长通 · ${v.printedOn} 打印`, MARGIN, A4.height - 40, { width, align: 'center' });
  doc.end();
  return done;
}
