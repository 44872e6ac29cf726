import { PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, Modal, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, errorMessage } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { useCursorPages } from '../../shared/use-cursor-pages';
import type { WindowView } from '../api-types';
import { CursorTable } from '../components/cursor-table';
import { EP } from '../endpoints';
import { formatTime } from '../format';

/** Redemption windows (monthly by default, e.g. days 1–7): when captains may order. */
export function WindowsTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const list = useCursorPages<WindowView>(EP.windows, {});
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ name: string; period: [Dayjs, Dayjs] }>();

  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await api.create(EP.windows, {
        name: v.name.trim(),
        opensAt: v.period[0].toISOString(),
        closesAt: v.period[1].toISOString(),
      });
      message.success(t.cMall.saved);
      setCreating(false);
      form.resetFields();
      list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const stateOf = (w: WindowView): 'upcoming' | 'open' | 'closed' => {
    const now = Date.now();
    if (now < Date.parse(w.opensAt)) return 'upcoming';
    if (now >= Date.parse(w.closesAt)) return 'closed';
    return 'open';
  };

  const columns: ColumnsType<WindowView> = [
    { title: t.cMall.windowName, dataIndex: 'name', key: 'name' },
    { title: t.cMall.opensAt, dataIndex: 'opensAt', key: 'opensAt', width: 170, render: formatTime },
    { title: t.cMall.closesAt, dataIndex: 'closesAt', key: 'closesAt', width: 170, render: formatTime },
    {
      title: t.cMall.windowStatus,
      key: 'status',
      width: 100,
      render: (_, w) => {
        const s = stateOf(w);
        return (
          <Tag color={s === 'open' ? 'success' : s === 'upcoming' ? 'processing' : 'default'}>
            {t.cMall.windowStates[s]}
          </Tag>
        );
      },
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t.cMall.newWindow}
        </Button>
      </Space>
      <CursorTable<WindowView> rowKey="id" list={list} columns={columns} emptyText={t.cMall.noWindows} />
      <Modal
        open={creating}
        title={t.cMall.newWindow}
        onCancel={() => setCreating(false)}
        onOk={save}
        okButtonProps={{ loading: saving }}
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="name"
            label={t.cMall.windowName}
            rules={[{ required: true, whitespace: true, message: t.cChores.required }]}
          >
            <Input maxLength={40} placeholder="12月兑换" />
          </Form.Item>
          <Form.Item name="period" label={t.cMall.period} rules={[{ required: true, message: t.cChores.required }]}>
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
