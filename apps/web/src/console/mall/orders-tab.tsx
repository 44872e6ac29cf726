import { App, Button, DatePicker, Form, Input, Modal, Select, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, errorMessage } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { useCursorPages } from '../../shared/use-cursor-pages';
import type { OrderStatus, OrderView } from '../api-types';
import { CursorTable } from '../components/cursor-table';
import { validated } from '../components/validated';
import { EP } from '../endpoints';
import { formatTime } from '../format';

const STATUSES: OrderStatus[] = ['placed', 'ready', 'picked_up', 'cancelled'];
const COLORS: Record<OrderStatus, string> = {
  placed: 'processing',
  ready: 'warning',
  picked_up: 'success',
  cancelled: 'default',
};

export const orderItems = (o: OrderView) => o.items.map((l) => `${l.productName} × ${l.quantity}`).join('，') || '—';

/** Orders in the caller's jurisdiction: filter by month and status, mark ready, cancel with a reason (refund). */
export function OrdersTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [status, setStatus] = useState<OrderStatus | undefined>(undefined);
  const [month, setMonth] = useState<Dayjs | null>(null);
  const list = useCursorPages<OrderView>(EP.orders, { status, month: month?.format('YYYY-MM') });
  const [busy, setBusy] = useState<number | null>(null);
  const [cancelling, setCancelling] = useState<OrderView | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const act = async (o: OrderView, path: string, body?: unknown) => {
    setBusy(o.id);
    try {
      await api.post(path, body);
      list.reload();
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    } finally {
      setBusy(null);
    }
  };

  const columns: ColumnsType<OrderView> = [
    { title: t.cMall.orderNo, dataIndex: 'id', key: 'id', width: 80, render: (id: number) => `#${id}` },
    { title: t.cMall.captain, dataIndex: 'userName', key: 'captain', width: 110, render: (n) => n ?? '—' },
    { title: t.cMall.items, key: 'items', render: (_, o) => orderItems(o) },
    { title: t.cMall.total, dataIndex: 'pointsTotal', key: 'total', width: 80, align: 'right' },
    { title: t.cMall.month, dataIndex: 'windowMonth', key: 'month', width: 90 },
    { title: t.cMall.placedAt, dataIndex: 'createdAt', key: 'at', width: 140, render: formatTime },
    {
      title: t.cMall.orderStatus,
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (s: OrderStatus) => <Tag color={COLORS[s]}>{t.cMall.orderStates[s] ?? s}</Tag>,
    },
    {
      title: t.cMall.actions,
      key: 'actions',
      width: 170,
      render: (_, o) => (
        <Space size={0}>
          {o.status === 'placed' && (
            <Button type="link" size="small" loading={busy === o.id} onClick={() => act(o, EP.orderReady(o.id))}>
              {t.cMall.markReady}
            </Button>
          )}
          {(o.status === 'placed' || o.status === 'ready') && (
            <Button type="link" size="small" danger disabled={busy === o.id} onClick={() => setCancelling(o)}>
              {t.cMall.cancelOrder}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <DatePicker picker="month" value={month} onChange={setMonth} aria-label={t.cMall.month} />
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
      <CursorTable<OrderView>
        rowKey="id"
        list={list}
        columns={columns}
        scroll={{ x: 960 }}
        emptyText={t.cMall.noOrders}
      />
      <Modal
        open={cancelling !== null}
        title={t.cMall.cancelOrder}
        okText={t.cMall.cancelOrder}
        okButtonProps={{ danger: true, loading: cancelling !== null && busy === cancelling.id }}
        onCancel={() => setCancelling(null)}
        destroyOnHidden
        onOk={async () => {
          const v = await validated(form);
          if (!v) return;
          const { reason } = v;
          if (cancelling && (await act(cancelling, EP.orderCancel(cancelling.id), { reason: reason.trim() })))
            setCancelling(null);
        }}
      >
        <p>{t.cMall.cancelConfirm}</p>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label={t.cMall.cancelReason}
            rules={[{ required: true, whitespace: true, message: t.cChores.required }]}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
