import type { CampaignProgress, CampaignView, SiteView } from '@louzhang/contracts';
import { App, Button, Card, Col, Form, Input, Modal, Radio, Row, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { useAuth } from '../../common/auth';
import { useRequest } from '../../common/use-request';
import { ScopeSelect } from '../components/scope-select';
import { EP } from '../endpoints';
import { fmt, label, useI18n } from '../i18n';
import { SiteActions } from './site-actions';

export const CAMPAIGN_TYPES = [
  'clutter',
  'abandoned_vehicle',
  'street_stall',
  'vegetable_plot',
  'fire_equipment',
  'illegal_structure',
  'flying_wire',
] as const;
const STATUS_COLOR: Record<string, string> = {
  open: 'default',
  assigned: 'orange',
  accepted: 'blue',
  cleared: 'green',
  not_clearable: 'red',
};

interface CreateForm {
  scopeOrgUnitId: number;
  title: string;
  startsOn: string;
  endsOn: string;
  problemTypes: string[];
  leadDepartmentId: number;
  memberDepartmentIds?: number[];
  note?: string;
}

/** 专项整治: campaigns with their progress; a campaign's sites, assigned, accepted (报到) and cleared here. */
export default function CampaignsPage() {
  const { t } = useI18n();
  const { hasRole } = useAuth();
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const list = useRequest((signal) => api.get<{ items: CampaignView[] }>(EP.campaigns, { signal }), []);
  const mayCreate = hasRole('community_staff', 'street_staff', 'admin');
  const isDepartment = hasRole('department_staff');

  if (openId !== null) {
    const back = () => {
      setOpenId(null);
      list.reload();
    };
    return <CampaignDetail id={openId} onBack={back} />;
  }

  const columns: ColumnsType<CampaignView> = [
    {
      title: t.cCampaigns.campaignTitle,
      key: 'title',
      render: (_, c) => (
        <Button type="link" onClick={() => setOpenId(c.id)} data-testid={`campaign-${c.id}`}>
          {c.title}
        </Button>
      ),
    },
    { title: t.cCampaigns.scope, dataIndex: 'scopeName', key: 'scope', width: 140 },
    { title: t.cCampaigns.period, key: 'period', width: 210, render: (_, c) => `${c.startsOn} ~ ${c.endsOn}` },
    {
      title: t.cCampaigns.departments,
      key: 'depts',
      render: (_, c) => c.departments.map((d) => (d.isLead ? `${d.name}★` : d.name)).join('、'),
    },
    {
      title: t.cCampaigns.progress,
      key: 'progress',
      width: 170,
      render: (_, c) => `${fmt(t.cCampaigns.clearedCount, { n: c.totals.cleared })} / ${c.totals.logged}`,
    },
  ];

  return (
    <>
      <div className="lz-page-header">
        <h1>{t.cCampaigns.title}</h1>
        {mayCreate && (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t.cCampaigns.create}
          </Button>
        )}
      </div>
      {isDepartment && <MySites />}
      <Card title={t.cCampaigns.list}>
        <Table<CampaignView>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          locale={{ emptyText: list.error ? errorMessage(list.error) : t.cCampaigns.empty }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
        />
      </Card>
      {creating && (
        <CreateModal
          onClose={(created) => {
            setCreating(false);
            if (created) list.reload();
          }}
        />
      )}
    </>
  );
}

function CreateModal({ onClose }: { onClose: (created: boolean) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateForm>();
  const [busy, setBusy] = useState(false);
  const departments = useRequest(
    (signal) => api.get<{ items: { id: number; name: string }[] }>(EP.departments, { signal }),
    [],
  );
  const options = (departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }));
  async function submit(v: CreateForm) {
    setBusy(true);
    try {
      await api.create(EP.campaigns, {
        ...v,
        memberDepartmentIds: v.memberDepartmentIds ?? [],
        note: v.note || undefined,
      });
      message.success(t.cCampaigns.created);
      onClose(true);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open
      title={t.cCampaigns.create}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      confirmLoading={busy}
      width={640}
    >
      <Form<CreateForm> form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="title" label={t.cCampaigns.campaignTitle} rules={[{ required: true, max: 60 }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="scopeOrgUnitId" label={t.cCampaigns.scope} rules={[{ required: true }]}>
          <ScopeSelect value={undefined} onChange={() => undefined} placeholder={t.cCampaigns.scopePlaceholder} />
        </Form.Item>
        <Space>
          <Form.Item name="startsOn" label={t.cCampaigns.startsOn} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="endsOn" label={t.cCampaigns.endsOn} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
        </Space>
        <Form.Item name="problemTypes" label={t.cCampaigns.problemTypes} rules={[{ required: true }]}>
          <Select
            mode="multiple"
            options={CAMPAIGN_TYPES.map((c) => ({ value: c, label: label(t.campaignTypes, c) }))}
          />
        </Form.Item>
        <Form.Item name="leadDepartmentId" label={t.cCampaigns.lead} rules={[{ required: true }]}>
          <Select options={options} loading={departments.loading} />
        </Form.Item>
        <Form.Item name="memberDepartmentIds" label={t.cCampaigns.members}>
          <Select mode="multiple" options={options} loading={departments.loading} />
        </Form.Item>
        <Form.Item name="note" label={t.cCampaigns.note}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A department's sites to accept (报到) and clear, across the campaigns it joins. */
function MySites() {
  const { t } = useI18n();
  const req = useRequest((signal) => api.get<{ items: SiteView[] }>(EP.campaignSitesMine, { signal }), []);
  return (
    <Card title={t.cCampaigns.mine} style={{ marginBottom: 16 }}>
      <SitesTable sites={req.data?.items ?? []} loading={req.loading} onChanged={req.reload} showCampaign />
    </Card>
  );
}

function CampaignDetail({ id, onBack }: { id: number; onBack: () => void }) {
  const { t } = useI18n();
  const [status, setStatus] = useState<string>('');
  const campaign = useRequest((signal) => api.get<CampaignView>(EP.campaign(id), { signal }), [id]);
  const progress = useRequest((signal) => api.get<CampaignProgress>(EP.campaignProgress(id), { signal }), [id]);
  const sites = useRequest(
    (signal) =>
      api.get<{ items: SiteView[] }>(EP.campaignSites(id), { query: { status: status || undefined }, signal }),
    [id, status],
  );
  const c = campaign.data;
  const p = progress.data;
  const changed = () => {
    sites.reload();
    progress.reload();
  };
  return (
    <>
      <div className="lz-page-header">
        <h1>{c?.title ?? t.cCampaigns.title}</h1>
        <Space>
          <Button onClick={() => api.download(EP.campaignExcel(id), undefined, 'sites.xlsx')}>
            {t.cCampaigns.exportExcel}
          </Button>
          <Button href={`/api/v1${EP.campaignPdf(id)}`} target="_blank">
            {t.cCampaigns.summaryPdf}
          </Button>
          <Button onClick={onBack}>{t.cCampaigns.backToList}</Button>
        </Space>
      </div>
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card title={t.cCampaigns.progress} style={{ marginBottom: 16 }}>
            {c && (
              <p>
                {c.scopeName} · {c.startsOn} ~ {c.endsOn}
              </p>
            )}
            {p && <p data-testid="campaign-totals">{fmt(t.cCampaigns.totals, { ...p.totals })}</p>}
            <ul className="lz-plain-list" data-testid="campaign-progress">
              {p?.byType.map((x) => (
                <li key={x.type}>
                  {fmt(t.cCampaigns.clearedLine, { type: label(t.campaignTypes, x.type), n: x.cleared })}
                </li>
              ))}
            </ul>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t.cCampaigns.byPlace} style={{ marginBottom: 16 }}>
            <Table
              rowKey="placeOrgUnitId"
              size="small"
              dataSource={p?.byPlace ?? []}
              pagination={{ pageSize: 8, hideOnSinglePage: true }}
              columns={[
                { title: t.cCampaigns.place, dataIndex: 'placeName', key: 'place' },
                { title: t.cCampaigns.logged, dataIndex: 'logged', key: 'logged', width: 70 },
                { title: t.cCampaigns.cleared, dataIndex: 'cleared', key: 'cleared', width: 80 },
                { title: t.cCampaigns.open, dataIndex: 'open', key: 'open', width: 80 },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card
        title={t.cCampaigns.sites}
        extra={
          <Radio.Group value={status} onChange={(e) => setStatus(e.target.value)} size="small">
            <Radio.Button value="">{t.cCampaigns.allStatuses}</Radio.Button>
            {Object.keys(STATUS_COLOR).map((s) => (
              <Radio.Button key={s} value={s}>
                {label(t.siteStatus, s)}
              </Radio.Button>
            ))}
          </Radio.Group>
        }
      >
        <SitesTable sites={sites.data?.items ?? []} loading={sites.loading} onChanged={changed} />
      </Card>
    </>
  );
}

function SitesTable({
  sites,
  loading,
  onChanged,
  showCampaign = false,
}: {
  sites: SiteView[];
  loading: boolean;
  onChanged: () => void;
  showCampaign?: boolean;
}) {
  const { t } = useI18n();
  const columns: ColumnsType<SiteView> = [
    { title: '#', dataIndex: 'id', key: 'id', width: 70 },
    ...(showCampaign ? [{ title: t.cCampaigns.title, dataIndex: 'campaignTitle', key: 'campaign' }] : []),
    {
      title: t.cCampaigns.type,
      key: 'type',
      width: 110,
      render: (_, s) => label(t.campaignTypes, s.problemType),
    },
    {
      title: t.cCampaigns.place,
      key: 'place',
      render: (_, s) => (
        <>
          {s.placeName}
          {s.placeText ? ` · ${s.placeText}` : ''}
          {s.note && <div className="lz-muted">{s.note}</div>}
          {s.reappearedOfId !== null && (
            <Tag color="volcano">{fmt(t.cCampaigns.reappearedOf, { id: s.reappearedOfId })}</Tag>
          )}
        </>
      ),
    },
    {
      title: t.cCampaigns.photos,
      key: 'photos',
      width: 130,
      render: (_, s) => (
        <Space size={4}>
          {[s.photo, s.afterPhoto].map(
            (ph) =>
              ph && (
                <a key={ph.id} href={ph.url} target="_blank" rel="noreferrer">
                  <img
                    src={ph.thumbUrl}
                    alt={ph === s.afterPhoto ? t.cCampaigns.afterPhoto : t.cCampaigns.sitePhoto}
                    width={48}
                    height={36}
                    style={{ objectFit: 'cover' }}
                  />
                </a>
              ),
          )}
        </Space>
      ),
    },
    {
      title: t.cCampaigns.status,
      key: 'status',
      width: 100,
      render: (_, s) => <Tag color={STATUS_COLOR[s.status]}>{label(t.siteStatus, s.status)}</Tag>,
    },
    {
      title: t.cCampaigns.assignee,
      key: 'assignee',
      width: 160,
      render: (_, s) => s.assignedDepartmentName ?? s.assignedUserName ?? '—',
    },
    { title: t.cCampaigns.loggedBy, dataIndex: 'loggedByName', key: 'by', width: 100 },
    {
      title: t.cCampaigns.actions,
      key: 'actions',
      width: 220,
      render: (_, s) => <SiteActions site={s} onChanged={onChanged} />,
    },
  ];
  return (
    <Table<SiteView>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={sites}
      columns={columns}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      onRow={(s) => ({ 'data-testid': `site-${s.id}` }) as never}
    />
  );
}
