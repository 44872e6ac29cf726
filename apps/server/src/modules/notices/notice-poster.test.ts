import { describe, expect, it } from 'vitest';
import { readPdf } from '../../../test/pdf-text';
import { renderPoster } from './notice-poster';

describe('notice poster PDF', { timeout: 30_000 }, () => {
  it('prints the kind, title, body and sender on one A4 page whose QR code opens the notice', async () => {
    const url = 'http://localhost:3000/m/bulletins/42';
    const pdf = await renderPoster({
      kindLabel: '安全',
      title: '关于清理楼道杂物的通知',
      body: '请各住户于本周六前清理楼道堆放杂物，消防通道严禁堆物。',
      fromLine: '新兴社区 · 李敏',
      publishedOn: '2026-12-03',
      url,
    });
    const { pages } = await readPdf(pdf);
    expect(pages).toHaveLength(1);
    for (const s of ['安全', '关于清理楼道杂物的通知', '消防通道严禁堆物', '新兴社区 · 李敏', '2026-12-03', url]) {
      expect(pages[0]?.text).toContain(s);
    }
    expect(pages[0]?.qr).toBe(url);
  });
});
