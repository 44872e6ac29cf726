import {
  type AgreementView,
  type PairView,
  PROJECT_CATEGORIES,
  type ProjectDetail,
  type ProjectView,
} from '@louzhang/contracts';
import {
  App,
  Button,
  Card,
  DatePicker,
  Drawer,
  Form,
  Image,
  Input,
  InputNumber,
  Modal,
  Rate,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { useAuth } from '../../common/auth';
import { useRequest } from '../../common/use-request';
import { ExportButton } from '../components/export-button';
import { ScopeSelect } from '../components/scope-select';
import { label, useI18n } from '../i18n';

type Day = { format(f: string): string };
const STAFF = ['community_staff', 'street_staff', 'admin'] as const;

/** 共建与民生实事: projects (claim, progress with photos, acceptance), agreements, and community pairing. */
export default function PartnersPage() {
  const { t } = useI18n();
  const { hasRole } = useAuth();
  const staff = hasRole(...STAFF);
  return (
    <>
      <div className="lz-page-header">
        <h1>{t.cPartners.title}</h1>
      </div>
      <Tabs
        items={[
          { key: 'projects', label: t.cPartners.projects, children: <ProjectsTab staff={staff} /> },
          { key: 'agreements', label: t.cPartners.agreements, children: <AgreementsTab staff={staff} /> },
          ...(staff ? [{ key: 'pairs', label: t.cPartners.pairs, children: <PairsTab /> }] : []),
        ]}
      />
    </>
  );
}

function statusTag(t: ReturnType<typeof useI18n>['t'], s: ProjectView['status']) {
  const color = { published: 'blue', claimed: 'orange', submitted: 'purple', accepted: 'green' }[s];
  return <Tag color={color}>{label(t.cPartners.statuses, s)}</Tag>;
}

function ProjectsTab({ staff }: { staff: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { hasRole } = useAuth();
  const partner = hasRole('partner');
  const list = useRequest((signal) => api.get<{ items: ProjectView[] }>('/livelihood-projects', { signal }), []);
  const [open, setOpen] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
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
      <Modal
        open={creating}
        title={t.cPartners.newProject}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={async (v: { milestones?: string; dueOn?: Day } & Record<string, unknown>) => {
            try {
              await api.create('/livelihood-projects', {
                ...v,
                dueOn: v.dueOn ? v.dueOn.format('YYYY-MM-DD') : undefined,
                milestones: (v.milestones ?? '')
                  .split(/[\n,，、]+/)
                  .filter(Boolean)
                  .map((title) => ({ title })),
              });
              message.success(t.cPartners.saved);
              setCreating(false);
              list.reload();
            } catch (e) {
              message.error(errorMessage(e));
            }
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
        </Form>
      </Modal>
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

function ProjectDrawer({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const p = useRequest(
    (signal) => (id ? api.get<ProjectDetail>(`/livelihood-projects/${id}`, { signal }) : Promise.resolve(undefined)),
    [id],
  );
  const [photos, setPhotos] = useState<number[]>([]);
  const [body, setBody] = useState('');
  const [percent, setPercent] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      message.success(t.cPartners.saved);
      p.reload();
      onChanged();
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    }
  };
  const upload = async (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      const form = new FormData();
      form.append('file', file, file.name || 'progress.jpg');
      try {
        const { id: photoId } = await api.post<{ id: number }>('/photos', form);
        setPhotos((x) => [...x, photoId]);
      } catch (e) {
        message.error(errorMessage(e));
      }
    }
  };
  const d = p.data;
  return (
    <Drawer open={id !== null} onClose={onClose} width={720} title={d?.title}>
      {d && (
        <>
          <p>
            {statusTag(t, d.status)} {label(t.projectCategories, d.category)} · {d.orgUnitName}
            {d.partnerName ? ` · ${d.partnerName}` : ''} · {d.percent}%
          </p>
          <p>{d.description}</p>
          {d.canClaim && (
            <Button
              type="primary"
              data-testid="claim"
              onClick={() => run(() => api.post(`/livelihood-projects/${d.id}/claim`, {}))}
            >
              {t.cPartners.claim}
            </Button>
          )}
          <h3>{t.cPartners.milestones}</h3>
          <ul>
            {d.milestones.map((m) => (
              <li key={m.id}>
                {m.title} {m.doneAt ? <Tag color="green">{t.cPartners.done}</Tag> : null}
                {!m.doneAt && d.canReport && (
                  <Button
                    size="small"
                    type="link"
                    onClick={() => run(() => api.post(`/project-milestones/${m.id}/done`))}
                  >
                    {t.cPartners.markDone}
                  </Button>
                )}
              </li>
            ))}
          </ul>
          <h3>{t.cPartners.progress}</h3>
          {d.progress.map((r) => (
            <Card key={r.id} size="small" style={{ marginBottom: 8 }}>
              <div>
                {r.percent}% · {r.authorName} · {new Date(r.createdAt).toLocaleDateString('zh-CN')}
              </div>
              <div>{r.body}</div>
              <Space>
                {r.photos.map((ph) => (
                  <Image
                    key={ph.id}
                    width={96}
                    src={ph.thumbUrl}
                    alt={t.cPartners.progress}
                    preview={{ src: ph.url }}
                  />
                ))}
              </Space>
            </Card>
          ))}
          {d.canReport && (
            <Card size="small" title={t.cPartners.report} data-testid="progress-form">
              <Input.TextArea
                rows={2}
                value={body}
                onChange={(e) => setBody(e.target.value)}
                placeholder={t.cPartners.reportHint}
                data-testid="progress-body"
              />
              <Space style={{ marginTop: 8 }}>
                <InputNumber
                  min={0}
                  max={100}
                  value={percent}
                  onChange={setPercent}
                  addonAfter="%"
                  aria-label={t.cPartners.percent}
                  data-testid="progress-percent"
                />
                <input
                  type="file"
                  accept="image/*"
                  multiple
                  aria-label={t.cPartners.progress}
                  data-testid="progress-photos"
                  onChange={(e) => upload(e.target.files)}
                />
                <span>{photos.length ? `${photos.length} ${t.cPartners.photos}` : ''}</span>
              </Space>
              <Space style={{ marginTop: 8 }}>
                <Button
                  type="primary"
                  data-testid="send-progress"
                  onClick={async () => {
                    if (
                      await run(() =>
                        api.create(`/livelihood-projects/${d.id}/progress`, {
                          body,
                          percent: percent ?? 0,
                          photoIds: photos,
                        }),
                      )
                    ) {
                      setBody('');
                      setPhotos([]);
                    }
                  }}
                >
                  {t.cPartners.send}
                </Button>
                <Button
                  data-testid="submit-project"
                  onClick={() => run(() => api.post(`/livelihood-projects/${d.id}/submit`))}
                >
                  {t.cPartners.submit}
                </Button>
              </Space>
            </Card>
          )}
          {d.canAccept && (
            <Space style={{ marginTop: 12 }}>
              <Input
                value={note}
                onChange={(e) => setNote(e.target.value)}
                placeholder={t.cPartners.acceptNote}
                style={{ width: 280 }}
              />
              <Button
                type="primary"
                data-testid="accept-project"
                onClick={() => run(() => api.post(`/livelihood-projects/${d.id}/accept`, note ? { note } : {}))}
              >
                {t.cPartners.accept}
              </Button>
            </Space>
          )}
          <h3 style={{ marginTop: 16 }}>{t.cPartners.feedback}</h3>
          {d.feedback.length === 0 && <p>—</p>}
          {d.feedback.map((f) => (
            <p key={f.id}>
              <Rate disabled value={f.rating} /> {f.userName}：{f.comment}
            </p>
          ))}
        </>
      )}
    </Drawer>
  );
}

function AgreementsTab({ staff }: { staff: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const list = useRequest((signal) => api.get<{ items: AgreementView[] }>('/partner-agreements', { signal }), []);
  const [form] = Form.useForm();
  const [creating, setCreating] = useState(false);
  return (
    <Card
      extra={
        <Space>
          <ExportButton path="/partner-agreements/export" query={{}} fileName={`${t.lists.sheets.agreements}.xlsx`} />
          {staff && <Button onClick={() => setCreating(true)}>{t.cPartners.newAgreement}</Button>}
        </Space>
      }
    >
      <Table<AgreementView>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t.cPartners.partner, dataIndex: 'partnerName', key: 'p' },
          { title: t.cPartners.agreementTitle, dataIndex: 'title', key: 't' },
          { title: t.cPartners.services, dataIndex: 'services', key: 's' },
          { title: t.cPartners.beneficiaries, dataIndex: 'beneficiaries', key: 'b' },
          { title: t.cPartners.area, dataIndex: 'scopeName', key: 'a' },
          {
            title: t.cPartners.categories,
            key: 'c',
            render: (_, g) => g.categories.map((c) => label(t.projectCategories, c)).join('、'),
          },
          { title: t.cPartners.period, key: 'd', render: (_, g) => `${g.startsOn} ~ ${g.endsOn}` },
        ]}
      />
      <Modal
        open={creating}
        title={t.cPartners.newAgreement}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={async (v: { startsOn: Day; endsOn: Day } & Record<string, unknown>) => {
            try {
              await api.create('/partner-agreements', {
                ...v,
                startsOn: v.startsOn.format('YYYY-MM-DD'),
                endsOn: v.endsOn.format('YYYY-MM-DD'),
              });
              message.success(t.cPartners.saved);
              setCreating(false);
              list.reload();
            } catch (e) {
              message.error(errorMessage(e));
            }
          }}
        >
          <Form.Item name="partnerOrgId" label={t.cPartners.partner} rules={[{ required: true }]}>
            <ScopeSelect value={undefined} onChange={() => undefined} />
          </Form.Item>
          <Form.Item name="scopeOrgUnitId" label={t.cPartners.area} rules={[{ required: true }]}>
            <ScopeSelect value={undefined} onChange={() => undefined} />
          </Form.Item>
          <Form.Item name="title" label={t.cPartners.agreementTitle} rules={[{ required: true, max: 60 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="services" label={t.cPartners.services} rules={[{ required: true, max: 500 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="beneficiaries" label={t.cPartners.beneficiaries} rules={[{ required: true, max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="categories" label={t.cPartners.categories} rules={[{ required: true }]}>
            <Select
              mode="multiple"
              options={PROJECT_CATEGORIES.map((c) => ({ value: c, label: label(t.projectCategories, c) }))}
            />
          </Form.Item>
          <Space>
            <Form.Item name="startsOn" label={t.cPartners.startsOn} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="endsOn" label={t.cPartners.endsOn} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </Card>
  );
}

function PairsTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const list = useRequest((signal) => api.get<{ items: PairView[] }>('/community-pairs', { signal }), []);
  const [form] = Form.useForm();
  const [noting, setNoting] = useState<PairView | null>(null);
  const [noteForm] = Form.useForm();
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      message.success(t.cPartners.saved);
      list.reload();
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    }
  };
  return (
    <Card extra={<ExportButton path="/community-pairs/export" query={{}} fileName={`${t.lists.sheets.pairs}.xlsx`} />}>
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 16 }}
        onFinish={(v: { startsOn: Day } & Record<string, unknown>) =>
          run(() => api.create('/community-pairs', { ...v, startsOn: v.startsOn.format('YYYY-MM-DD') })).then(
            (ok) => ok && form.resetFields(),
          )
        }
      >
        <Form.Item name="mentorCommunityId" rules={[{ required: true }]}>
          <ScopeSelect value={undefined} onChange={() => undefined} placeholder={t.cPartners.mentor} width={180} />
        </Form.Item>
        <Form.Item name="partnerCommunityId" rules={[{ required: true }]}>
          <ScopeSelect value={undefined} onChange={() => undefined} placeholder={t.cPartners.paired} width={180} />
        </Form.Item>
        <Form.Item name="goals" rules={[{ required: true, max: 1000 }]}>
          <Input placeholder={t.cPartners.goals} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="secondedName">
          <Input placeholder={t.cPartners.seconded} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="startsOn" rules={[{ required: true }]}>
          <DatePicker placeholder={t.cPartners.startsOn} />
        </Form.Item>
        <Button htmlType="submit">{t.cPartners.newPair}</Button>
      </Form>
      <Table<PairView>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        expandable={{
          expandedRowRender: (p) => (
            <ul>
              {p.notes.map((n) => (
                <li key={n.id}>
                  {n.happenedOn} {label(t.cPartners.noteKinds, n.kind)} · {n.authorName}：{n.body}
                </li>
              ))}
            </ul>
          ),
        }}
        columns={[
          { title: t.cPartners.mentor, dataIndex: 'mentorName', key: 'm' },
          { title: t.cPartners.paired, dataIndex: 'partnerName', key: 'p' },
          { title: t.cPartners.goals, dataIndex: 'goals', key: 'g' },
          {
            title: t.cPartners.seconded,
            key: 's',
            render: (_, p) => [p.secondedName, p.secondedRole].filter(Boolean).join(' · ') || '—',
          },
          { title: t.cPartners.startsOn, dataIndex: 'startsOn', key: 'd', width: 110 },
          {
            title: '',
            key: 'note',
            render: (_, p) => (
              <Button size="small" type="link" onClick={() => setNoting(p)}>
                {t.cPartners.addNote}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={noting !== null}
        title={t.cPartners.addNote}
        onCancel={() => setNoting(null)}
        onOk={() => noteForm.submit()}
        destroyOnHidden
      >
        <Form
          form={noteForm}
          layout="vertical"
          initialValues={{ kind: 'visit' }}
          onFinish={async (v: { happenedOn: Day } & Record<string, unknown>) => {
            if (
              await run(() =>
                api.create(`/community-pairs/${noting?.id}/notes`, {
                  ...v,
                  happenedOn: v.happenedOn.format('YYYY-MM-DD'),
                }),
              )
            )
              setNoting(null);
          }}
        >
          <Form.Item name="kind">
            <Select
              options={(['visit', 'note'] as const).map((k) => ({ value: k, label: t.cPartners.noteKinds[k] }))}
            />
          </Form.Item>
          <Form.Item name="body" rules={[{ required: true, max: 1000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="happenedOn" rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
