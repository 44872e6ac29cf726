import type { CareList, CarePersonView } from '@louzhang/contracts';
import { Alert, App, Button, Card, Col, Modal, Row, Segmented, Select, Space, Statistic, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, errorMessage } from '../../common/api';
import { useAuth } from '../../common/auth';
import { useRequest } from '../../common/use-request';
import { ExportButton } from '../components/export-button';
import { ScopeSelect } from '../components/scope-select';
import { fmt, label, useI18n } from '../i18n';
import { CareCycles } from './care-cycles';

const STATUS_COLOR: Record<string, string> = {
  ok: 'green',
  due_today: 'orange',
  overdue: 'red',
  unassigned: 'default',
};
const VIEWS = ['due', 'overdue', 'unassigned', 'all'] as const;

/** 关爱走访: the cared-for people of the caller's community or grid, overdue first; assign visitors; cycles. */
export default function CarePage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const orgUnitId = params.get('orgUnitId') ? Number(params.get('orgUnitId')) : undefined;
  const view = (params.get('view') as (typeof VIEWS)[number] | null) ?? 'due';
  const list = useRequest(
    (signal) => api.get<CareList>('/care/people', { query: { orgUnitId, view }, signal }),
    [orgUnitId, view],
  );
  const [assigning, setAssigning] = useState<CarePersonView | null>(null);
  const community = user?.roles.find((r) => r.role === 'community_staff');
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v === undefined) next.delete(k);
    else next.set(k, v);
    setParams(next, { replace: true });
  };

  const columns: ColumnsType<CarePersonView> = [
    { title: t.cCare.name, dataIndex: 'name', key: 'name', width: 100 },
    { title: t.cCare.address, dataIndex: 'address', key: 'address' },
    {
      title: t.cCare.tags,
      key: 'tags',
      render: (_, p) => (
        <Space size={[4, 4]} wrap>
          {p.careTags.map((c) => (
            <Tag key={c}>{label(t.careTags, c)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t.cCare.cycle,
      dataIndex: 'everyDays',
      key: 'cycle',
      width: 100,
      render: (n: number) => fmt(t.cCare.everyDays, { n }),
    },
    { title: t.cCare.visitor, dataIndex: 'visitorName', key: 'visitor', width: 110, render: (v) => v ?? '—' },
    { title: t.cCare.lastVisit, dataIndex: 'lastVisitOn', key: 'last', width: 120, render: (v) => v ?? '—' },
    { title: t.cCare.dueOn, dataIndex: 'dueOn', key: 'due', width: 120, render: (v) => v ?? '—' },
    {
      title: t.cCare.status,
      dataIndex: 'status',
      key: 'status',
      width: 110,
      render: (s: string) => <Tag color={STATUS_COLOR[s]}>{label(t.mCare.status, s)}</Tag>,
    },
    {
      title: t.cCare.actions,
      key: 'actions',
      width: 120,
      render: (_, p) => (
        <Button type="link" size="small" onClick={() => setAssigning(p)}>
          {t.cCare.assign}
        </Button>
      ),
    },
  ];

  const c = list.data?.counts;
  return (
    <>
      <div className="lz-page-header">
        <h1>{t.cCare.title}</h1>
      </div>
      <Alert type="info" showIcon message={t.cCare.privacy} style={{ marginBottom: 16 }} />
      <Row gutter={16} style={{ marginBottom: 16 }}>
        {(
          [
            ['total', c?.total],
            ['dueToday', c?.dueToday],
            ['overdue', c?.overdue],
            ['unassigned', c?.unassigned],
          ] as const
        ).map(([k, n]) => (
          <Col key={k} xs={12} md={6}>
            <Card>
              <Statistic title={t.cCare[k]} value={n ?? '—'} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <ScopeSelect
            value={orgUnitId}
            placeholder={t.cCare.scopePlaceholder}
            onChange={(v) => set('orgUnitId', v === undefined ? undefined : String(v))}
          />
          <Segmented
            value={view}
            options={VIEWS.map((v) => ({ value: v, label: t.cCare.views[v] }))}
            onChange={(v) => set('view', String(v))}
          />
          <ExportButton
            path="/care/people/export"
            query={{ orgUnitId, view }}
            fileName={`${t.lists.sheets.care}.xlsx`}
          />
        </Space>
        <Table<CarePersonView>
          rowKey="residentId"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          locale={{ emptyText: list.error ? errorMessage(list.error) : t.cCare.empty }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
        />
      </Card>
      {community && <CareCycles communityId={community.orgUnitId} />}
      {assigning && (
        <AssignModal
          person={assigning}
          onClose={(changed) => {
            setAssigning(null);
            if (changed) list.reload();
          }}
        />
      )}
    </>
  );
}

function AssignModal({ person, onClose }: { person: CarePersonView; onClose: (changed: boolean) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const options = useRequest(
    (signal) =>
      api.get<{ items: { userId: number; name: string; role: string }[] }>(
        `/care/people/${person.residentId}/visitor-options`,
        { signal },
      ),
    [person.residentId],
  );
  const [visitor, setVisitor] = useState<number | undefined>(person.visitorUserId ?? undefined);
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={`${t.cCare.assign} · ${person.name}`}
      okButtonProps={{ disabled: visitor === undefined, loading: busy }}
      onCancel={() => onClose(false)}
      onOk={async () => {
        setBusy(true);
        try {
          await api.put(`/care/people/${person.residentId}/visitor`, { visitorUserId: visitor });
          message.success(t.cCare.assigned);
          onClose(true);
        } catch (e) {
          message.error(errorMessage(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Select
        style={{ width: '100%' }}
        placeholder={t.cCare.pickVisitor}
        aria-label={t.cCare.pickVisitor}
        loading={options.loading}
        value={visitor}
        onChange={setVisitor}
        options={(options.data?.items ?? []).map((o) => ({
          value: o.userId,
          label: `${o.name}（${o.role === 'captain' ? t.cCare.roleCaptain : t.cCare.roleGrid}）`,
        }))}
      />
    </Modal>
  );
}
