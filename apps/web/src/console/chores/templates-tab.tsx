import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { CHORE_CATEGORIES, type ChoreCategory, type ChoreTemplateView } from '../api-types';
import { EmptyState } from '../components/empty-state';
import { ExportButton } from '../components/export-button';
import { PageError } from '../components/page-state';
import { validated } from '../components/validated';
import { EP } from '../endpoints';
import { useI18n } from '../i18n';

type TemplateForm = Omit<ChoreTemplateView, 'id' | 'streetId' | 'archived' | 'description'> & { description?: string };

export function TemplatesTab({
  templates,
}: {
  templates: { data?: { items: ChoreTemplateView[] }; error: unknown; loading: boolean; reload: () => void };
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<ChoreTemplateView | 'new' | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<TemplateForm>();

  const open = (tpl: ChoreTemplateView | 'new') => {
    setEditing(tpl);
    form.setFieldsValue(
      tpl === 'new'
        ? {
            name: '',
            category: 'cleaning',
            points: 10,
            minPhotos: 1,
            beforeAfter: false,
            dailyLimitPerBuilding: 1,
            claimTtlHours: 48,
          }
        : { ...tpl, description: tpl.description ?? undefined },
    );
  };

  const save = async () => {
    const v = await validated(form);
    if (!v) return;
    setSaving(true);
    try {
      const body = { ...v, description: v.description?.trim() || undefined };
      if (editing === 'new') await api.create(EP.choreTemplates, body);
      else if (editing)
        await api.patch(EP.choreTemplate(editing.id), { ...body, description: body.description ?? null });
      message.success(t.cChores.saved);
      setEditing(null);
      templates.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const setArchived = async (tpl: ChoreTemplateView, archived: boolean) => {
    try {
      await api.patch(EP.choreTemplate(tpl.id), { archived });
      templates.reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const columns: ColumnsType<ChoreTemplateView> = [
    {
      title: t.cChores.name,
      dataIndex: 'name',
      key: 'name',
      render: (n: string, tpl) => (
        <Space>
          {n}
          {tpl.archived && <Tag>{t.cChores.archived}</Tag>}
        </Space>
      ),
    },
    {
      title: t.cChores.category,
      dataIndex: 'category',
      key: 'category',
      width: 110,
      render: (c: ChoreCategory) => t.cChores.categories[c] ?? c,
    },
    { title: t.cChores.points, dataIndex: 'points', key: 'points', width: 80, align: 'right' },
    { title: t.cChores.minPhotos, dataIndex: 'minPhotos', key: 'minPhotos', width: 100, align: 'right' },
    {
      title: t.cChores.beforeAfter,
      dataIndex: 'beforeAfter',
      key: 'beforeAfter',
      width: 130,
      render: (b: boolean) => (b ? t.common.yes : t.common.no),
    },
    {
      title: t.cChores.dailyLimit,
      dataIndex: 'dailyLimitPerBuilding',
      key: 'limit',
      width: 130,
      align: 'right',
      render: (n: number | null) => n ?? '—',
    },
    {
      title: t.cChores.actions,
      key: 'actions',
      width: 140,
      render: (_, tpl) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => open(tpl)}>
            {t.cChores.edit}
          </Button>
          <Button type="link" size="small" onClick={() => setArchived(tpl, !tpl.archived)}>
            {tpl.archived ? t.cChores.unarchive : t.cChores.archive}
          </Button>
        </Space>
      ),
    },
  ];

  if (templates.error) return <PageError error={templates.error} onRetry={templates.reload} />;
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
          {t.cChores.newTemplate}
        </Button>
        <ExportButton
          path={`${EP.choreTemplates}/export`}
          query={{}}
          fileName={`${t.lists.sheets.choreTemplates}.xlsx`}
        />
      </Space>
      <Table<ChoreTemplateView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={templates.data?.items ?? []}
        loading={templates.loading}
        pagination={false}
        locale={{ emptyText: templates.loading ? ' ' : <EmptyState description={t.cChores.noTemplates} /> }}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t.cChores.newTemplate : t.cChores.editTemplate}
        onCancel={() => setEditing(null)}
        onOk={save}
        okButtonProps={{ loading: saving }}
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="name"
            label={t.cChores.name}
            rules={[{ required: true, whitespace: true, message: t.cChores.required }]}
          >
            <Input maxLength={40} />
          </Form.Item>
          <Space size="large" wrap>
            <Form.Item name="category" label={t.cChores.category} rules={[{ required: true }]}>
              <Select
                style={{ width: 160 }}
                options={CHORE_CATEGORIES.map((c) => ({ value: c, label: t.cChores.categories[c] }))}
              />
            </Form.Item>
            <Form.Item name="points" label={t.cChores.points} rules={[{ required: true, message: t.cChores.required }]}>
              <InputNumber min={1} max={1000} precision={0} />
            </Form.Item>
            <Form.Item name="minPhotos" label={t.cChores.minPhotos}>
              <InputNumber min={0} max={9} precision={0} />
            </Form.Item>
          </Space>
          <Space size="large" wrap>
            <Form.Item name="dailyLimitPerBuilding" label={t.cChores.dailyLimit}>
              <InputNumber min={1} max={100} precision={0} />
            </Form.Item>
            <Form.Item name="claimTtlHours" label={t.cChores.claimTtl}>
              <InputNumber min={1} max={720} precision={0} />
            </Form.Item>
            <Form.Item name="beforeAfter" label={t.cChores.beforeAfter} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          <Form.Item name="description" label={t.cChores.description}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
