import { PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { useRequest } from '../../common/use-request';
import type { ChorePublicationView, ChoreRecurrence, ChoreTemplateView } from '../api-types';
import { EmptyState } from '../components/empty-state';
import { ExportButton } from '../components/export-button';
import { PageError } from '../components/page-state';
import { ScopeSelect } from '../components/scope-select';
import { validated } from '../components/validated';
import { EP } from '../endpoints';
import { useI18n } from '../i18n';

interface PublishForm {
  templateId: number;
  orgUnitId: number;
  recurrence: ChoreRecurrence;
  startsOn: Dayjs;
  endsOn?: Dayjs;
}

export function PublicationsTab({ templates }: { templates: ChoreTemplateView[] }) {
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
