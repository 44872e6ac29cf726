import { formatShanghaiDateTime, type Lang, type OrderView } from '@louzhang/contracts';
import type { ExportCell, ExportColumn } from '../../platform/xlsx-export';

/** The 兑换订单 export: the columns the console's list shows (no pickup code: staff never see it listed). */
export const ORDERS_SHEET = { zh: '兑换订单', en: 'Mall orders' } as const;

type Key = 'id' | 'captain' | 'items' | 'points' | 'month' | 'placedAt' | 'status';
export const ORDER_COLUMNS: readonly ExportColumn<Key>[] = [
  { key: 'id', zh: '订单号', en: 'Order', width: 10 },
  { key: 'captain', zh: '楼长', en: 'Captain', width: 12 },
  { key: 'items', zh: '商品', en: 'Items', width: 36 },
  { key: 'points', zh: '积分', en: 'Points', width: 8 },
  { key: 'month', zh: '兑换月份', en: 'Month', width: 10 },
  { key: 'placedAt', zh: '下单时间', en: 'Placed', width: 18 },
  { key: 'status', zh: '状态', en: 'Status', width: 10 },
];

const STATUS = {
  zh: { placed: '已下单', ready: '待提货', picked_up: '已提货', cancelled: '已取消' },
  en: { placed: 'Placed', ready: 'Ready', picked_up: 'Picked up', cancelled: 'Cancelled' },
} as const;

/** An order as a row of the export. */
export async function* orderCells(rows: AsyncIterable<OrderView>, lang: Lang): AsyncIterable<Record<Key, ExportCell>> {
  for await (const o of rows) {
    yield {
      id: o.id,
      captain: o.userName,
      items: o.items.map((l) => `${l.productName} × ${l.quantity}`).join(lang === 'en' ? ', ' : '，'),
      points: o.pointsTotal,
      month: o.windowMonth,
      placedAt: formatShanghaiDateTime(o.createdAt),
      status: STATUS[lang][o.status],
    };
  }
}
