import type { MallReport, ProductView } from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

/** 商品's export: the street's products as the console lists them, and whether each is on sale. */
export const PRODUCTS_SHEET: ListSheet<ProductView> = {
  sheet: { zh: '积分商城商品', en: 'Mall products' },
  columns: [
    { key: 'name', zh: '名称', en: 'Name', width: 20, cell: (p) => p.name },
    { key: 'price', zh: '所需积分', en: 'Points', width: 10, cell: (p) => p.pointsPrice },
    { key: 'stock', zh: '库存', en: 'Stock', width: 8, cell: (p) => p.stock },
    { key: 'unitCost', zh: '单价（元）', en: 'Unit cost (yuan)', width: 10, cell: (p) => p.unitCostYuan },
    { key: 'limit', zh: '每人限兑', en: 'Limit per person', width: 10, cell: (p) => p.perPersonLimit },
    {
      key: 'onSale',
      zh: '状态',
      en: 'Status',
      width: 8,
      cell: (p, lang) => (p.isActive ? { zh: '在售', en: 'On sale' } : { zh: '已下架', en: 'Off sale' })[lang],
    },
  ],
};

/** 库存与兑换统计's export: one line per product for the month shown. */
export const MALL_REPORT_SHEET: ListSheet<MallReport['products'][number]> = {
  sheet: { zh: '库存与兑换统计', en: 'Stock and redemptions' },
  columns: [
    { key: 'name', zh: '名称', en: 'Name', width: 20, cell: (l) => l.name },
    { key: 'stock', zh: '库存', en: 'Stock', width: 8, cell: (l) => l.stock },
    { key: 'ordered', zh: '已兑换', en: 'Ordered', width: 8, cell: (l) => l.unitsOrdered },
    { key: 'picked', zh: '已提货', en: 'Picked up', width: 8, cell: (l) => l.unitsPickedUp },
    { key: 'points', zh: '消耗积分', en: 'Points spent', width: 10, cell: (l) => l.points },
    { key: 'cost', zh: '商品成本（元）', en: 'Cost of goods (yuan)', width: 12, cell: (l) => l.costYuan },
  ],
};
