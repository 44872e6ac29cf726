import { PROJECT_CATEGORIES, type ProjectView } from '@louzhang/contracts';
import { Button, Card, DatePicker, Form, Input, Select, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api } from '../../common/api';
import { useAuth } from '../../common/auth';
import { useRequest } from '../../common/use-request';
import { ExportButton } from '../components/export-button';
import { FormModal } from '../components/form-modal';
import { ScopeSelect } from '../components/scope-select';
import { useAction } from '../components/use-action';
import { label, useI18n } from '../i18n';
import { ProjectDrawer, statusTag } from './project-drawer';

type Day = { format(f: string): string };

/** 民生实事: the projects, a new one (staff), and the partner account's own summary. */
export function ProjectsTab({ staff }: { staff: boolean }) {
  const { t } = useI18n();
  const { hasRole } = useAuth();
  const partner = hasRole('partner');
  const list = useRequest((signal) => api.get<{ items: ProjectView[] }>('/livelihood-projects', { signal }), []);
  const [open, setOpen] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const run = useAction(t.cPartners.saved, list.reload);
  const columns: ColumnsType<ProjectView> = [
    { title: t.cPartners.projectTitle, dataIndex: 'title', key: 'title' },
    { title: t.cPartners.category, key: 'cat', render: (_, p) => label(t.projectCategories, p.category) },
    { title: t.cPartners.unit, dataIndex: 'orgUnitName', key: 'unit' },
    { title: t.cPartners.status, key: 'status', render: (_, p) => statusTag(t, p.status) },
    { title: t.cPartners.partner, key: 'partner', render: (_, p) => p.partnerName ?? '—' },
    { title: t.cPartners.percent, key: 'pct', render: (_, p) => `${p.percent}%` },
    {
      title: '',
      key: 'open',
      render: (_, p) => (
        <Button size="small" type="link" onClick={() => setOpen(p.id)} data-testid={`project-${p.id}`}>
          {t.cPartners.open}
        </Button>
      ),
    },
  ];
  return (
    <Card
      extra={
        <Space>
          <ExportButton path="/livelihood-projects/export" query={{}} fileName={`${t.lists.sheets.projects}.xlsx`} />
          {staff && (
            <Button type="primary" onClick={() => setCreating(true)}>
              {t.cPartners.newProject}
            </Button>
          )}
        </Space>
      }
    >
      {partner && <PartnerSummary />}
      <Table<ProjectView>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        pagination={{ pageSize: 20 }}
      />
      <ProjectDrawer id={open} onClose={() => setOpen(null)} onChanged={list.reload} />
      <FormModal
        open={creating}
        title={t.cPartners.newProject}
        form={form}
        onCancel={() => setCreating(false)}
        onFinish={async (v: { milestones?: string; dueOn?: Day } & Record<string, unknown>) => {
          const ok = await run(() =>
            api.create('/livelihood-projects', {
              ...v,
              dueOn: v.dueOn ? v.dueOn.format('YYYY-MM-DD') : undefined,
              milestones: (v.milestones ?? '')
                .split(/[\n,，、]+/)
                .filter(Boolean)
                .map((title) => ({ title })),
            }),
          );
          if (ok) setCreating(false);
        }}
      >
        <Form.Item name="orgUnitId" label={t.cPartners.unit} rules={[{ required: true }]}>
          <ScopeSelect value={undefined} onChange={() => undefined} />
        </Form.Item>
        <Form.Item name="title" label={t.cPartners.projectTitle} rules={[{ required: true, max: 60 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="category" label={t.cPartners.category} rules={[{ required: true }]}>
          <Select options={PROJECT_CATEGORIES.map((c) => ({ value: c, label: label(t.projectCategories, c) }))} />
        </Form.Item>
        <Form.Item name="description" label={t.cPartners.description} rules={[{ required: true, max: 1000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="dueOn" label={t.cPartners.dueOn}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="milestones" label={t.cPartners.milestones}>
          <Input.TextArea rows={2} placeholder={t.cPartners.milestonesHint} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}

/** The partner account's own view: its units and what it may claim now. */
function PartnerSummary() {
  const { t } = useI18n();
  const c = useRequest(
    (signal) =>
      api.get<{ partners: { name: string }[]; projects: ProjectView[]; claimable: ProjectView[] }>('/partner-console', {
        signal,
      }),
    [],
  );
  if (!c.data) return null;
  return (
    <p data-testid="partner-summary">
      {c.data.partners.map((p) => p.name).join('、')} · {t.cPartners.mine} {c.data.projects.length} ·{' '}
      {t.cPartners.claimable} {c.data.claimable.map((p) => p.title).join('、') || '—'}
    </p>
  );
}
