import { App, Button, Popconfirm, Select, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, errorMessage } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { useCursorPages } from '../../shared/use-cursor-pages';
import type { OrderStatus, OrderView } from '../api-types';
import { CursorTable } from '../components/cursor-table';
import { EP } from '../endpoints';
import { formatTime } from '../format';

const STATUSES: OrderStatus[] = ['placed', 'ready', 'picked_up', 'cancelled'];
const COLORS: Record<OrderStatus, string> = {
  placed: 'processing',
  ready: 'warning',
  picked_up: 'success',
  cancelled: 'default',
};

/** Orders: filter by status, mark ready for pick-up, cancel (the points go back). */
export function OrdersTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [status, setStatus] = useState<OrderStatus | undefined>(undefined);
  const list = useCursorPages<OrderView>(EP.orders, { status });
  const [busy, setBusy] = useState<number | null>(null);

  const act = async (o: OrderView, path: string) => {
    setBusy(o.id);
    try {
      await api.post(path);
      list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const columns: ColumnsType<OrderView> = [
    { title: t.cMall.orderNo, dataIndex: 'id', key: 'id', width: 90, render: (id: number) => `#${id}` },
    { title: t.cMall.captain, key: 'captain', width: 120, render: (_, o) => o.captainName ?? o.userName ?? '—' },
    {
      title: t.cMall.items,
      key: 'items',
      render: (_, o) => (o.lines ?? []).map((l) => `${l.productName} × ${l.quantity}`).join('，') || '—',
    },
    { title: t.cMall.total, dataIndex: 'totalPoints', key: 'total', width: 90, align: 'right' },
    { title: t.cMall.placedAt, dataIndex: 'createdAt', key: 'at', width: 150, render: formatTime },
    {
      title: t.cMall.orderStatus,
      dataIndex: 'status',
      key: 'status',
      width: 100,
      render: (s: OrderStatus) => <Tag color={COLORS[s]}>{t.cMall.orderStates[s] ?? s}</Tag>,
    },
    {
      title: t.cMall.actions,
      key: 'actions',
      width: 180,
      render: (_, o) => (
        <Space size={0}>
          {o.status === 'placed' && (
            <Button type="link" size="small" loading={busy === o.id} onClick={() => act(o, EP.orderReady(o.id))}>
              {t.cMall.markReady}
            </Button>
          )}
          {(o.status === 'placed' || o.status === 'ready') && (
            <Popconfirm title={t.cMall.cancelConfirm} onConfirm={() => act(o, EP.orderCancel(o.id))}>
              <Button type="link" size="small" danger disabled={busy === o.id}>
                {t.cMall.cancelOrder}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Select<OrderStatus>
          allowClear
          style={{ width: 160 }}
          placeholder={t.cMall.allStatuses}
          value={status}
          onChange={setStatus}
          options={STATUSES.map((s) => ({ value: s, label: t.cMall.orderStates[s] }))}
          aria-label={t.cMall.orderStatus}
        />
      </Space>
      <CursorTable<OrderView> rowKey="id" list={list} columns={columns} emptyText={t.cMall.noOrders} />
    </>
  );
}
