/// <reference path="./svg-to-pdfkit.d.ts" />
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import SVGtoPDF from 'svg-to-pdfkit';
import { A4, GREY, INK, MARGIN, RED, startDocument } from '../../platform/pdf';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);

/** One figure of the report: this month, the month before, and how it is shown. */
export interface Figure {
  label: string;
  now: number | null;
  before: number | null;
  /** count: integers; ratio: 0–1 shown as %; decimal: one or two places. */
  kind: 'count' | 'ratio' | 'decimal';
}

export interface MonthlyReportContent {
  unitName: string;
  /** YYYY-MM */
  month: string;
  previousMonth: string;
  printedOn: string;
  /** `current`: figures as they are today (no month to compare), printed in one column. */
  sections: { title: string; note?: string; current?: boolean; figures: Figure[] }[];
  /** Reports received per day of the month (1…n). */
  receivedByDay: number[];
  /** Reports received per category, this month and the month before (the largest first). */
  byCategory: { name: string; now: number; before: number }[];
}

const monthZh = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;

/** A figure as printed: counts whole, ratios as percentages, decimals to two places; unknown as —. */
export function show(f: Pick<Figure, 'kind'>, v: number | null): string {
  if (v === null) return '—';
  if (f.kind === 'ratio') return `${(v * 100).toFixed(1)}%`;
  if (f.kind === 'decimal') return String(Number(v.toFixed(2)));
  return String(v);
}

/** The change from the month before: signed, in percentage points for ratios; — when either is unknown. */
export function change(f: Figure): string {
  if (f.now === null || f.before === null) return '—';
  const d = f.now - f.before;
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  const a = Math.abs(d);
  if (f.kind === 'ratio') return `${sign}${(a * 100).toFixed(1)} 个百分点`;
  if (f.kind === 'decimal') return `${sign}${Number(a.toFixed(2))}`;
  return `${sign}${a}`;
}

/** An ECharts option drawn to SVG on the server (no DOM, no canvas), then into the PDF as vectors. */
function chartSvg(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, textStyle: { fontFamily: 'zh' }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/**
 * The month's report of one street or community: each module's figures beside the month before, the
 * reports received per day and per category as charts. Everything on it is a count over the unit's
 * whole area; no person is named.
 */
export async function renderMonthlyReport(v: MonthlyReportContent): Promise<Buffer> {
  const title = `${v.unitName} ${monthZh(v.month)}月度报告`;
  const { doc, done } = startDocument({ title });
  const width = A4.width - 2 * MARGIN;
  const bottom = A4.height - MARGIN;
  doc.addPage();
  doc.rect(0, 0, A4.width, 72).fill(RED);
  doc
    .fillColor('#ffffff')
    .font('zh-bold')
    .fontSize(24)
    .text('楼长通 · 月度报告', MARGIN, 22, { width, align: 'center' });
  doc
    .fillColor(INK)
    .font('zh-bold')
    .fontSize(18)
    .text(`${v.unitName}  ${monthZh(v.month)}`, MARGIN, 92, {
      width,
      align: 'center',
    });
  doc
    .font('zh')
    .fontSize(10)
    .fillColor(GREY)
    .text(`与${monthZh(v.previousMonth)}对比 · 生成于 ${v.printedOn}`, MARGIN, doc.y + 6, { width, align: 'center' });

  const cols = [200, 95, 95, 109];
  let y = doc.y + 14;
  const ensure = (h: number) => {
    if (y + h > bottom) {
      doc.addPage();
      y = MARGIN;
    }
  };
  const row = (cells: string[], bold: boolean) => {
    ensure(20);
    let x = MARGIN;
    doc
      .font(bold ? 'zh-bold' : 'zh')
      .fontSize(10.5)
      .fillColor(INK);
    cells.forEach((c, i) => {
      doc.text(c, x + 4, y + 4, { width: (cols[i] ?? 80) - 8, lineBreak: false, align: i === 0 ? 'left' : 'right' });
      x += cols[i] ?? 80;
    });
    y += 20;
    doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + width, y)
      .strokeColor('#dddddd')
      .lineWidth(0.5)
      .stroke();
  };

  for (const s of v.sections) {
    ensure(70);
    y += 10;
    doc.font('zh-bold').fontSize(13).fillColor(RED).text(s.title, MARGIN, y, { width });
    y = doc.y + 2;
    if (s.note) {
      doc.font('zh').fontSize(9).fillColor(GREY).text(s.note, MARGIN, y, { width });
      y = doc.y + 2;
    }
    if (s.current) {
      row(['指标', '当前', '', ''], true);
      for (const f of s.figures) row([f.label, show(f, f.now), '', ''], false);
    } else {
      row(['指标', monthZh(v.month), monthZh(v.previousMonth), '变化'], true);
      for (const f of s.figures) row([f.label, show(f, f.now), show(f, f.before), change(f)], false);
    }
  }

  const chartH = 200;
  const fonts = { fontCallback: (_f: string, bold: boolean) => (bold ? 'zh-bold' : 'zh') };
  const chart = (heading: string, option: echarts.EChartsCoreOption) => {
    ensure(chartH + 30);
    y += 14;
    doc.font('zh-bold').fontSize(12).fillColor(INK).text(heading, MARGIN, y, { width });
    y = doc.y + 4;
    SVGtoPDF(doc, chartSvg(option, width, chartH), MARGIN, y, { width, height: chartH, assumePt: true, ...fonts });
    y += chartH;
  };
  chart('每日收到诉求（件）', {
    grid: { left: 36, right: 12, top: 12, bottom: 28 },
    xAxis: { type: 'category', data: v.receivedByDay.map((_, i) => String(i + 1)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'line', data: v.receivedByDay, color: RED, symbolSize: 4 }],
  });
  const cats = v.byCategory.slice(0, 8);
  if (cats.length > 0) {
    chart('各类诉求（件）', {
      grid: { left: 36, right: 12, top: 30, bottom: 40 },
      legend: { top: 0, data: [monthZh(v.month), monthZh(v.previousMonth)] },
      xAxis: { type: 'category', data: cats.map((c) => c.name), axisLabel: { interval: 0, fontSize: 10 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: monthZh(v.month), type: 'bar', data: cats.map((c) => c.now), color: RED },
        { name: monthZh(v.previousMonth), type: 'bar', data: cats.map((c) => c.before), color: '#9e9e9e' },
      ],
    });
  }
  doc.end();
  return done;
}
