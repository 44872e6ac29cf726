import { formatShanghaiDateTime, type OrderView } from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

const STATUS = {
  zh: { placed: '已下单', ready: '待提货', picked_up: '已提货', cancelled: '已取消' },
  en: { placed: 'Placed', ready: 'Ready', picked_up: 'Picked up', cancelled: 'Cancelled' },
} as const;

/** The 兑换订单 export: the columns the console's list shows (no pickup code: staff never see it listed). */
export const ORDERS_SHEET: ListSheet<OrderView> = {
  sheet: { zh: '兑换订单', en: 'Mall orders' },
  columns: [
    { key: 'id', zh: '订单号', en: 'Order', width: 10, cell: (o) => o.id },
    { key: 'captain', zh: '楼长', en: 'Captain', width: 12, cell: (o) => o.userName },
    {
      key: 'items',
      zh: '商品',
      en: 'Items',
      width: 36,
      cell: (o, lang) => o.items.map((l) => `${l.productName} × ${l.quantity}`).join(lang === 'en' ? ', ' : '，'),
    },
    { key: 'points', zh: '积分', en: 'Points', width: 8, cell: (o) => o.pointsTotal },
    { key: 'month', zh: '兑换月份', en: 'Month', width: 10, cell: (o) => o.windowMonth },
    { key: 'placedAt', zh: '下单时间', en: 'Placed', width: 18, cell: (o) => formatShanghaiDateTime(o.createdAt) },
    { key: 'status', zh: '状态', en: 'Status', width: 10, cell: (o, lang) => STATUS[lang][o.status] },
  ],
};
