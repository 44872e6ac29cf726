import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, errorMessage } from '../../common/api';
import { useRequest } from '../../common/use-request';
import {
  CHORE_CATEGORIES,
  type ChoreCategory,
  type ChorePublicationView,
  type ChoreRecurrence,
  type ChoreTemplateView,
} from '../api-types';
import { EmptyState } from '../components/empty-state';
import { ExportButton } from '../components/export-button';
import { PageError } from '../components/page-state';
import { ScopeSelect } from '../components/scope-select';
import { validated } from '../components/validated';
import { EP } from '../endpoints';
import { useI18n } from '../i18n';

/** 任务: chore templates (what a chore is worth and what proof it needs) and publishing them to a scope. */
export default function ChoresPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'publications' ? 'publications' : 'templates';
  const templates = useRequest((signal) => api.get<{ items: ChoreTemplateView[] }>(EP.choreTemplates, { signal }), []);
  return (
    <>
      <div className="lz-page-header">
        <h1>{t.cChores.title}</h1>
      </div>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'templates' ? {} : { tab: k }, { replace: true })}
          items={[
            {
              key: 'templates',
              label: t.cChores.templates,
              children: <TemplatesTab templates={templates} />,
            },
            {
              key: 'publications',
              label: t.cChores.publications,
              children: <PublicationsTab templates={templates.data?.items ?? []} />,
            },
          ]}
        />
      </Card>
    </>
  );
}

type TemplateForm = Omit<ChoreTemplateView, 'id' | 'streetId' | 'archived' | 'description'> & { description?: string };

function TemplatesTab({
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

interface PublishForm {
  templateId: number;
  orgUnitId: number;
  recurrence: ChoreRecurrence;
  startsOn: Dayjs;
  endsOn?: Dayjs;
}

function PublicationsTab({ templates }: { templates: ChoreTemplateView[] }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const list = useRequest((signal) => api.get<{ items: ChorePublicationView[] }>(EP.chorePublications, { signal }), []);
  const [publishing, setPublishing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<PublishForm>();

  const publish = async () => {
    const v = await validated(form);
    if (!v) return;
    setSaving(true);
    try {
      await api.create(EP.chorePublications, {
        templateId: v.templateId,
        orgUnitId: v.orgUnitId,
        recurrence: v.recurrence,
        startsOn: v.startsOn.format('YYYY-MM-DD'),
        endsOn: v.endsOn?.format('YYYY-MM-DD'),
      });
      message.success(t.cChores.published);
      setPublishing(false);
      form.resetFields();
      list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const cancel = async (p: ChorePublicationView) => {
    try {
      await api.post(EP.chorePublicationCancel(p.id));
      list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const columns: ColumnsType<ChorePublicationView> = [
    { title: t.cChores.template, dataIndex: 'templateName', key: 'template' },
    { title: t.cChores.scope, dataIndex: 'orgUnitName', key: 'scope' },
    {
      title: t.cChores.recurrence,
      dataIndex: 'recurrence',
      key: 'recurrence',
      width: 90,
      render: (r: ChoreRecurrence) => t.cChores.recurrences[r] ?? r,
    },
    { title: t.cChores.startsOn, dataIndex: 'startsOn', key: 'startsOn', width: 120 },
    { title: t.cChores.endsOn, dataIndex: 'endsOn', key: 'endsOn', width: 120, render: (d) => d ?? '—' },
    { title: t.cChores.tasksCreated, dataIndex: 'tasksCreated', key: 'tasks', width: 110, align: 'right' },
    {
      title: t.cChores.status,
      key: 'status',
      width: 90,
      render: (_, p) =>
        p.cancelled ? <Tag>{t.cChores.cancelled}</Tag> : <Tag color="success">{t.cChores.active}</Tag>,
    },
    {
      title: t.cChores.actions,
      key: 'actions',
      width: 110,
      render: (_, p) =>
        p.cancelled ? null : (
          <Popconfirm title={t.cChores.cancelConfirm} onConfirm={() => cancel(p)}>
            <Button type="link" size="small" danger>
              {t.cChores.cancel}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  if (list.error) return <PageError error={list.error} onRetry={list.reload} />;
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setPublishing(true)}
          disabled={templates.length === 0}
        >
          {t.cChores.publish}
        </Button>
        <ExportButton
          path={`${EP.chorePublications}/export`}
          query={{}}
          fileName={`${t.lists.sheets.chorePublications}.xlsx`}
        />
      </Space>
      <Table<ChorePublicationView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        pagination={false}
        locale={{ emptyText: list.loading ? ' ' : <EmptyState description={t.cChores.noPublications} /> }}
      />
      <Modal
        open={publishing}
        title={t.cChores.publish}
        onCancel={() => setPublishing(false)}
        onOk={publish}
        okButtonProps={{ loading: saving }}
        forceRender
      >
        <Form form={form} layout="vertical" initialValues={{ recurrence: 'once', startsOn: dayjs() }}>
          <Form.Item
            name="templateId"
            label={t.cChores.template}
            rules={[{ required: true, message: t.cChores.required }]}
          >
            <Select
              options={templates
                .filter((x) => !x.archived)
                .map((x) => ({ value: x.id, label: `${x.name}（${x.points}）` }))}
            />
          </Form.Item>
          <Form.Item
            name="orgUnitId"
            label={t.cChores.scope}
            extra={t.cChores.scopeHint}
            rules={[{ required: true, message: t.cChores.required }]}
          >
            <ScopeFormField />
          </Form.Item>
          <Space size="large" wrap>
            <Form.Item name="recurrence" label={t.cChores.recurrence}>
              <Select
                style={{ width: 120 }}
                options={(['once', 'daily', 'weekly'] as const).map((r) => ({
                  value: r,
                  label: t.cChores.recurrences[r],
                }))}
              />
            </Form.Item>
            <Form.Item
              name="startsOn"
              label={t.cChores.startsOn}
              rules={[{ required: true, message: t.cChores.required }]}
            >
              <DatePicker />
            </Form.Item>
            <Form.Item name="endsOn" label={t.cChores.endsOn}>
              <DatePicker />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </>
  );
}

function ScopeFormField({
  value,
  onChange,
  id,
}: {
  value?: number;
  onChange?: (v: number | undefined) => void;
  id?: string;
}) {
  return <ScopeSelect id={id} value={value} onChange={(v) => onChange?.(v)} width={420} />;
}
