import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Modal, Space, Switch, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, errorMessage } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { useCursorPages } from '../../shared/use-cursor-pages';
import type { ProductView } from '../api-types';
import { CursorTable } from '../components/cursor-table';
import { EP } from '../endpoints';
import { formatNumber } from '../format';

type ProductForm = {
  name: string;
  description?: string;
  pricePoints: number;
  stock: number;
  unitCostYuan?: number | null;
  perPersonLimit?: number | null;
  active: boolean;
};

/** Products: create, edit (price, stock, limit), put on or take off sale. */
export function ProductsTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const list = useCursorPages<ProductView>(EP.products, {});
  const [editing, setEditing] = useState<ProductView | 'new' | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<ProductForm>();

  const open = (p: ProductView | 'new') => {
    setEditing(p);
    form.setFieldsValue(
      p === 'new'
        ? { name: '', pricePoints: 50, stock: 10, perPersonLimit: 1, active: true }
        : { ...p, description: p.description ?? undefined },
    );
  };

  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const body = {
        ...v,
        description: v.description?.trim() || undefined,
        unitCostYuan: v.unitCostYuan ?? undefined,
        perPersonLimit: v.perPersonLimit ?? undefined,
      };
      if (editing === 'new') await api.create(EP.products, body);
      else if (editing) await api.patch(EP.product(editing.id), body);
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
          {!p.active && <Tag>{t.cMall.inactive}</Tag>}
        </Space>
      ),
    },
    { title: t.cMall.price, dataIndex: 'pricePoints', key: 'price', width: 100, align: 'right' },
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
      render: (n: number | null) => formatNumber(n, 2),
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

  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
          {t.cMall.newProduct}
        </Button>
      </Space>
      <CursorTable<ProductView> rowKey="id" list={list} columns={columns} emptyText={t.cMall.noProducts} />
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
              name="pricePoints"
              label={t.cMall.price}
              rules={[{ required: true, message: t.cChores.required }]}
            >
              <InputNumber min={1} max={100000} precision={0} />
            </Form.Item>
            <Form.Item name="stock" label={t.cMall.stock} rules={[{ required: true, message: t.cChores.required }]}>
              <InputNumber min={0} max={1000000} precision={0} />
            </Form.Item>
            <Form.Item name="unitCostYuan" label={t.cMall.unitCost}>
              <InputNumber min={0} max={100000} precision={2} />
            </Form.Item>
            <Form.Item name="perPersonLimit" label={t.cMall.perPersonLimit}>
              <InputNumber min={1} max={100} precision={0} />
            </Form.Item>
          </Space>
          <Form.Item name="description" label={t.cMall.description}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Form.Item name="active" label={t.cMall.active} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
