import type { FundList } from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

type Fund = FundList['items'][number];

/** Fen as yuan, a number of the sheet (two decimals at most). */
const yuan = (fen: number) => fen / 100;

/** 楼栋集资's export: the funds the console lists, amounts in yuan, the paid line split into amount and households. */
export const FUNDS_SHEET: ListSheet<Fund> = {
  sheet: { zh: '楼栋集资', en: 'Shared funds' },
  columns: [
    { key: 'title', zh: '标题', en: 'Title', width: 24, cell: (f) => f.title },
    { key: 'building', zh: '楼栋', en: 'Building', width: 16, cell: (f) => f.buildingName },
    { key: 'total', zh: '总额（元）', en: 'Total (¥)', width: 12, cell: (f) => yuan(f.totalFen) },
    { key: 'paid', zh: '已缴（元）', en: 'Paid (¥)', width: 12, cell: (f) => yuan(f.totals.paidFen) },
    { key: 'paidHouseholds', zh: '已缴户数', en: 'Households paid', width: 10, cell: (f) => f.totals.paidHouseholds },
    { key: 'households', zh: '应缴户数', en: 'Households', width: 10, cell: (f) => f.totals.households },
    { key: 'spent', zh: '支出（元）', en: 'Spent (¥)', width: 12, cell: (f) => yuan(f.totals.expensesFen) },
    { key: 'balance', zh: '结余（元）', en: 'Balance (¥)', width: 12, cell: (f) => yuan(f.totals.balanceFen) },
    {
      key: 'status',
      zh: '状态',
      en: 'Status',
      width: 8,
      cell: (f, lang) =>
        (f.status === 'collecting' ? { zh: '收费中', en: 'Collecting' } : { zh: '已结清', en: 'Settled' })[lang],
    },
  ],
};
