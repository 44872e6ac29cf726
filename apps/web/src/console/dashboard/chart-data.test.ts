import { describe, expect, it } from 'vitest';
import { tableToCsv } from './chart-data';

describe('tableToCsv', () => {
  it('writes the numbers of a chart as CSV Excel opens in Chinese', () => {
    const csv = tableToCsv(
      {
        categoryHeader: '层级',
        categories: ['社区', '街道, 二级', '=SUM(A1)'],
        series: [
          { name: '受理总数', data: [12, 3, 0] },
          { name: '已办结', data: [10, 1, 0] },
        ],
      },
      '按层级（2026-12-01 至 2026-12-03）',
    );
    expect(csv).toBe(
      '\uFEFF按层级（2026-12-01 至 2026-12-03）\r\n' +
        '层级,受理总数,已办结\r\n' +
        '社区,12,10\r\n' +
        '"街道, 二级",3,1\r\n' +
        "'=SUM(A1),0,0\r\n",
    );
  });
});
