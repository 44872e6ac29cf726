import { describe, expect, it } from 'vitest';
import { readPdf } from '../../../test/pdf-text';
import { renderBoards, SLOGAN } from './board-pdf';

const board = {
  buildingName: '福宁街5号',
  address: '开平市三埠街道福宁街5号',
  communityLine: '新兴社区 · 三埠街道',
  captains: [{ name: '陈美玲', phoneMasked: '138****5678' }],
  gridWorkers: [{ name: '黄志强', phoneMasked: '139****0001', gridName: '第一网格' }],
  reportUrl: 'http://localhost:3000/m/r/AbCdEfGhIjKlMnOpQr',
};

describe('board PDF', { timeout: 30_000 }, () => {
  it('prints the building, the captain with a masked phone, the slogan and the report link with an embedded Chinese font', async () => {
    const pdf = await renderBoards([board], { title: '福宁街5号' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages } = await readPdf(pdf);
    expect(pages).toHaveLength(1);
    const text = pages[0]?.text ?? '';
    for (const s of [
      SLOGAN,
      '福宁街5号',
      '开平市三埠街道福宁街5号',
      '陈美玲',
      '138****5678',
      '黄志强',
      board.reportUrl,
    ]) {
      expect(text).toContain(s);
    }
    // rendered, the page is not blank and its QR code scans to the building's report link
    expect(pages[0]?.darkShare).toBeGreaterThan(0.02);
    expect(pages[0]?.qr).toBe(board.reportUrl);
    // the font is embedded as a subset (pdfkit names subsets XXXXXX+Name), so no system font is needed
    expect(pdf.toString('latin1')).toMatch(/\/FontFile3|\/FontFile2/);
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+/);
  });

  it('lists the current notices of the building', async () => {
    const pdf = await renderBoards(
      [{ ...board, notices: [{ kindLabel: '通知', title: '停水通知', publishedOn: '2026-12-03' }] }],
      { title: '福宁街5号' },
    );
    const { pages } = await readPdf(pdf);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.text).toContain('【通知】停水通知');
    expect(pages[0]?.qr).toBe(board.reportUrl);
  });

  it('keeps a full board — three notices, the honour roll, two captains — on its one page, the QR code readable', async () => {
    const full = {
      ...board,
      captains: [
        { name: '陈美玲', phoneMasked: '138****5678' },
        { name: '梁家俊', phoneMasked: '137****0007' },
      ],
      notices: [
        { kindLabel: '安全', title: '关于开展燃气安全入户检查的通知', publishedOn: '2026-11-30' },
        { kindLabel: '通知', title: '本周六楼道杂物清理', publishedOn: '2026-12-02' },
        { kindLabel: '活动', title: '重阳敬老 · 社区义诊活动', publishedOn: '2026-11-25' },
      ],
      honours: ['2026年第三季度 星级楼长 陈美玲', '2026年 最美楼长 梁家俊', '2025年 星级楼长 陈美玲'],
    };
    const { pages } = await readPdf(await renderBoards([full, full], { title: '新兴社区' }));
    expect(pages).toHaveLength(2);
    for (const page of pages) {
      expect(page.text).toContain('为保护个人信息');
      expect(page.text).toContain('【活动】重阳敬老');
      expect(page.qr).toBe(board.reportUrl);
    }
  });

  it('puts one board per page in a batch and says when a building has no captain yet', async () => {
    const pdf = await renderBoards(
      [
        board,
        {
          ...board,
          buildingName: '福宁街7号',
          captains: [],
          reportUrl: 'http://localhost:3000/m/r/ZyXwVuTsRqPoNmLkJi',
        },
      ],
      { title: '新兴社区' },
    );
    const { pages } = await readPdf(pdf);
    expect(pages.map((p) => p.text.includes('福宁街7号'))).toEqual([false, true]);
    expect(pages[1]?.text).toContain('本楼暂无楼长');
    expect(pages[1]?.qr).toBe('http://localhost:3000/m/r/ZyXwVuTsRqPoNmLkJi');
  });
});
