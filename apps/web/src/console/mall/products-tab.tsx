import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { useRequest } from '../../common/use-request';
import type { ProductList, ProductView } from '../api-types';
import { EmptyState } from '../components/empty-state';
import { ExportButton } from '../components/export-button';
import { PageError } from '../components/page-state';
import { validated } from '../components/validated';
import { EP } from '../endpoints';
import { formatNumber, formatTime } from '../format';
import { fmt, useI18n } from '../i18n';

type ProductForm = {
  name: string;
  description?: string;
  pointsPrice: number;
  stock?: number;
  stockDelta?: number;
  unitCostYuan: number;
  perPersonLimit?: number | null;
  isActive: boolean;
};

/** Goods of the street with this month's window: add, change, restock, take off sale. */
export function ProductsTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const list = useRequest((signal) => api.get<ProductList>(EP.products, { signal }), []);
  const [editing, setEditing] = useState<ProductView | 'new' | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<ProductForm>();

  const open = (p: ProductView | 'new') => {
    setEditing(p);
    form.resetFields();
    form.setFieldsValue(
      p === 'new'
        ? { name: '', pointsPrice: 50, stock: 10, unitCostYuan: 5, perPersonLimit: 1, isActive: true }
        : { ...p, description: p.description ?? undefined, stockDelta: 0 },
    );
  };

  const save = async () => {
    const v = await validated(form);
    if (!v) return;
    setSaving(true);
    try {
      const common = {
        name: v.name.trim(),
        pointsPrice: v.pointsPrice,
        unitCostYuan: v.unitCostYuan,
        isActive: v.isActive,
      };
      if (editing === 'new') {
        await api.create(EP.products, {
          ...common,
          stock: v.stock ?? 0,
          description: v.description?.trim() || undefined,
          perPersonLimit: v.perPersonLimit ?? undefined,
        });
      } else if (editing) {
        await api.patch(EP.product(editing.id), {
          ...common,
          description: v.description?.trim() || null,
          perPersonLimit: v.perPersonLimit ?? null,
          stockDelta: v.stockDelta ? v.stockDelta : undefined,
        });
      }
      message.success(t.cMall.saved);
      setEditing(null);
      list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const columns: ColumnsType<ProductView> = [
    {
      title: t.cMall.name,
      dataIndex: 'name',
      key: 'name',
      render: (n: string, p) => (
        <Space>
          {n}
          {!p.isActive && <Tag>{t.cMall.inactive}</Tag>}
        </Space>
      ),
    },
    { title: t.cMall.price, dataIndex: 'pointsPrice', key: 'price', width: 100, align: 'right' },
    {
      title: t.cMall.stock,
      dataIndex: 'stock',
      key: 'stock',
      width: 90,
      align: 'right',
      render: (n: number) => (n === 0 ? <Tag color="error">0</Tag> : n),
    },
    {
      title: t.cMall.unitCost,
      dataIndex: 'unitCostYuan',
      key: 'cost',
      width: 110,
      align: 'right',
      render: (n: number) => formatNumber(n, 2),
    },
    {
      title: t.cMall.perPersonLimit,
      dataIndex: 'perPersonLimit',
      key: 'limit',
      width: 100,
      align: 'right',
      render: (n: number | null) => n ?? '—',
    },
    {
      title: t.cMall.actions,
      key: 'actions',
      width: 90,
      render: (_, p) => (
        <Button type="link" size="small" onClick={() => open(p)}>
          {t.cMall.edit}
        </Button>
      ),
    },
  ];

  if (list.error) return <PageError error={list.error} onRetry={list.reload} />;
  const w = list.data?.window;
  return (
    <>
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }} wrap>
        <Space>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
            {t.cMall.newProduct}
          </Button>
          <ExportButton path={`${EP.products}/export`} query={{}} fileName={`${t.lists.sheets.products}.xlsx`} />
        </Space>
        {w && (
          <Alert
            type={w.isOpen ? 'success' : 'info'}
            showIcon
            title={
              <Typography.Text>
                {fmt(t.cMall.windowLine, { month: w.month, from: formatTime(w.opensAt), to: formatTime(w.closesAt) })}
                {' · '}
                {w.isOpen ? t.cMall.windowStates.open : t.cMall.windowStates.closed}
              </Typography.Text>
            }
          />
        )}
      </Space>
      <Table<ProductView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        pagination={false}
        locale={{ emptyText: list.loading ? ' ' : <EmptyState description={t.cMall.noProducts} /> }}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t.cMall.newProduct : t.cMall.editProduct}
        onCancel={() => setEditing(null)}
        onOk={save}
        okButtonProps={{ loading: saving }}
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="name"
            label={t.cMall.name}
            rules={[{ required: true, whitespace: true, message: t.cChores.required }]}
          >
            <Input maxLength={40} />
          </Form.Item>
          <Space size="large" wrap>
            <Form.Item
              name="pointsPrice"
              label={t.cMall.price}
              rules={[{ required: true, message: t.cChores.required }]}
            >
              <InputNumber min={1} max={1000000} precision={0} />
            </Form.Item>
            {editing === 'new' ? (
              <Form.Item name="stock" label={t.cMall.stock} rules={[{ required: true, message: t.cChores.required }]}>
                <InputNumber min={0} max={1000000} precision={0} />
              </Form.Item>
            ) : (
              <Form.Item
                name="stockDelta"
                label={t.cMall.restock}
                extra={editing ? fmt(t.cMall.stockNow, { n: editing.stock }) : undefined}
              >
                <InputNumber min={-1000000} max={1000000} precision={0} />
              </Form.Item>
            )}
            <Form.Item
              name="unitCostYuan"
              label={t.cMall.unitCost}
              rules={[{ required: true, message: t.cChores.required }]}
            >
              <InputNumber min={0} max={1000000} precision={2} step={0.5} />
            </Form.Item>
            <Form.Item name="perPersonLimit" label={t.cMall.perPersonLimit}>
              <InputNumber min={1} max={1000} precision={0} />
            </Form.Item>
          </Space>
          <Form.Item name="description" label={t.cMall.description}>
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
          <Form.Item name="isActive" label={t.cMall.active} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
