import { App, Button, DatePicker, Form, Input, Modal, Select, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { useCursorPages } from '../../common/use-cursor-pages';
import type { OrderStatus, OrderView } from '../api-types';
import { CursorTable } from '../components/cursor-table';
import { ExportButton } from '../components/export-button';
import { Filter } from '../components/filter';
import { validated } from '../components/validated';
import { EP } from '../endpoints';
import { formatTime } from '../format';
import { useI18n } from '../i18n';

const STATUSES: OrderStatus[] = ['placed', 'ready', 'picked_up', 'cancelled'];
type Sort = 'newest' | 'oldest';
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
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<Sort>('newest');
  const filters = { status, month: month?.format('YYYY-MM'), q: q || undefined, sort };
  const list = useCursorPages<OrderView>(EP.orders, filters);
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
    {
      title: t.cMall.placedAt,
      dataIndex: 'createdAt',
      key: 'at',
      width: 140,
      render: formatTime,
      // Sorted on the server (every order, not this page).
      sorter: true,
      sortDirections: ['descend', 'ascend', 'descend'],
      sortOrder: sort === 'newest' ? 'descend' : 'ascend',
    },
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
      <div className="lz-filters">
        <Filter label={t.lists.keyword} id="orders-q">
          <Input.Search
            id="orders-q"
            allowClear
            onSearch={(v) => setQ(v.trim())}
            placeholder={t.lists.orders.searchPlaceholder}
            enterButton={t.common.search}
            maxLength={40}
            style={{ width: 300 }}
          />
        </Filter>
        <Filter label={t.cMall.month} id="orders-month">
          <DatePicker id="orders-month" picker="month" value={month} onChange={setMonth} />
        </Filter>
        <Filter label={t.cMall.orderStatus} id="orders-status">
          <Select<OrderStatus>
            id="orders-status"
            allowClear
            style={{ width: 160 }}
            placeholder={t.cMall.allStatuses}
            value={status}
            onChange={setStatus}
            options={STATUSES.map((s) => ({ value: s, label: t.cMall.orderStates[s] }))}
          />
        </Filter>
        <Filter label={t.lists.sort} id="orders-sort">
          <Select<Sort>
            id="orders-sort"
            style={{ width: 160 }}
            value={sort}
            onChange={setSort}
            options={(['newest', 'oldest'] as const).map((v) => ({ value: v, label: t.lists.orders.sorts[v] }))}
          />
        </Filter>
        <ExportButton path={`${EP.orders}/export`} query={filters} fileName={`${t.lists.orders.sheet}.xlsx`} />
      </div>
      <CursorTable<OrderView>
        rowKey="id"
        list={list}
        columns={columns}
        scroll={{ x: 960 }}
        emptyText={t.cMall.noOrders}
        onChange={(_, __, sorter) => {
          const one = Array.isArray(sorter) ? sorter[0] : sorter;
          if (one?.columnKey === 'at') setSort(one.order === 'ascend' ? 'oldest' : 'newest');
        }}
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
