import type { CaptainSettingsView, HonourRoundList, HonourRoundView, HonourScoreView } from '@louzhang/contracts';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { useAuth } from '../../common/auth';
import { useRequest } from '../../common/use-request';
import { ExportButton } from '../components/export-button';
import { ScopeSelect } from '../components/scope-select';
import { fmt, label, useI18n } from '../i18n';

type Round = HonourRoundList['items'][number];

/** 评选表彰: a street's quotas, drafts of 星级楼长 / 最美楼长, review, publish, scores and certificates. */
export default function HonoursPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const own = user?.roles.find((r) => r.orgKind === 'street' && ['street_staff', 'community_staff'].includes(r.role));
  const [streetId, setStreetId] = useState<number | undefined>(own?.orgUnitId);
  const [roundId, setRoundId] = useState<number | undefined>();
  const [busy, setBusy] = useState(false);
  const rounds = useRequest(
    (signal) =>
      streetId
        ? api.get<HonourRoundList>('/honours/rounds', { signal, query: { streetId } })
        : Promise.resolve(undefined),
    [streetId],
  );
  const settings = useRequest(
    (signal) =>
      streetId
        ? api.get<CaptainSettingsView>('/captain-settings', { signal, query: { streetId } })
        : Promise.resolve(undefined),
    [streetId],
  );
  const round = useRequest(
    (signal) =>
      roundId ? api.get<HonourRoundView>(`/honours/rounds/${roundId}`, { signal }) : Promise.resolve(undefined),
    [roundId],
  );

  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      message.success(t.cLife.done);
      rounds.reload();
      round.reload();
      settings.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const roundColumns: ColumnsType<Round> = [
    {
      title: t.cLife.period,
      key: 'period',
      render: (_, r) => (
        <Button type="link" onClick={() => setRoundId(r.id)}>
          {label(t.cLife.roundKind, r.kind)} · {r.period}
        </Button>
      ),
    },
    {
      title: t.cLife.status,
      key: 'status',
      width: 100,
      render: (_, r) => (
        <Tag color={r.status === 'published' ? 'green' : r.status === 'reviewed' ? 'blue' : 'default'}>
          {label(t.cLife.roundStatus, r.status)}
        </Tag>
      ),
    },
    {
      title: '',
      key: 'quota',
      render: (_, r) =>
        fmt(t.cLife.quota, { quota: r.quota, pct: r.quotaPercent, eligible: r.eligible, honoured: r.honoured }),
    },
    {
      title: '',
      key: 'actions',
      width: 200,
      render: (_, r) => (
        <Space size={0}>
          {r.status === 'draft' && (
            <Button
              size="small"
              type="link"
              loading={busy}
              onClick={() => act(() => api.post(`/honours/rounds/${r.id}/review`))}
            >
              {t.cLife.review}
            </Button>
          )}
          {r.status === 'reviewed' && (
            <Button
              size="small"
              type="link"
              loading={busy}
              onClick={() => act(() => api.post(`/honours/rounds/${r.id}/publish`))}
            >
              {t.cLife.publish}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const scoreColumns: ColumnsType<HonourScoreView> = [
    { title: t.cLife.rank, dataIndex: 'rank', key: 'rank', width: 60 },
    { title: t.cCaptains.name, dataIndex: 'name', key: 'name' },
    { title: t.cLife.chorePoints, dataIndex: 'chorePoints', key: 'cp', align: 'right' },
    { title: t.cLife.ratings, dataIndex: 'ratings', key: 'n', align: 'right' },
    { title: t.cLife.ratingMean, dataIndex: 'ratingMean', key: 'mean', align: 'right', render: (v) => v ?? '—' },
    { title: t.cLife.shrunk, dataIndex: 'shrunkRating', key: 'shrunk', align: 'right', render: (v) => v ?? '—' },
    { title: t.cLife.satisfaction, dataIndex: 'satisfaction', key: 'sat', align: 'right' },
    { title: t.cLife.merit, dataIndex: 'merit', key: 'merit', align: 'right' },
    { title: t.cLife.total, dataIndex: 'total', key: 'total', align: 'right' },
    {
      title: t.cLife.honoured,
      key: 'honoured',
      render: (_, s) =>
        s.isHonoured ? (
          <Space>
            <Tag color="red">{t.cLife.honoured}</Tag>
            {round.data?.status === 'published' && (
              <a
                href={`/api/v1/honours/rounds/${round.data.id}/certificates/${s.userId}`}
                target="_blank"
                rel="noreferrer"
              >
                {t.cLife.certificate}
              </a>
            )}
          </Space>
        ) : null,
    },
  ];

  return (
    <>
      <div className="lz-page-header">
        <h1>{t.cLife.honours}</h1>
        <ScopeSelect value={streetId} onChange={setStreetId} placeholder={t.cLife.street} />
      </div>
      {streetId && settings.data && (
        <Card title={t.cLife.quotaSettings} size="small">
          <Form
            layout="inline"
            initialValues={settings.data}
            key={JSON.stringify(settings.data)}
            onFinish={(v) => act(() => api.put('/captain-settings', { streetId, ...v }))}
          >
            <Form.Item name="starQuotaPercent" label={t.cLife.starQuota}>
              <InputNumber min={0} max={1000} />
            </Form.Item>
            <Form.Item name="beautyQuotaPercent" label={t.cLife.beautyQuota}>
              <InputNumber min={0} max={1000} />
            </Form.Item>
            <Form.Item name="exitRedeemDays" label={t.cLife.exitDays}>
              <InputNumber min={0} max={3650} />
            </Form.Item>
            <Button htmlType="submit">{t.cLife.save}</Button>
          </Form>
        </Card>
      )}
      {streetId && (
        <Card title={t.cLife.draft} size="small" style={{ marginTop: 16 }}>
          <Form
            layout="inline"
            initialValues={{ kind: 'star', bonusPoints: 0 }}
            onFinish={(v: { kind: string; period: string; bonusPoints: number }) =>
              act(async () => {
                const r = await api.create<HonourRoundView>('/honours/rounds', { streetId, ...v });
                setRoundId(r.id);
              })
            }
          >
            <Form.Item name="kind" label={t.cLife.roundKindLabel}>
              <Select
                style={{ width: 200 }}
                options={(['star', 'beauty'] as const).map((k) => ({ value: k, label: t.cLife.roundKind[k] }))}
              />
            </Form.Item>
            <Form.Item name="period" rules={[{ required: true }]}>
              <Input placeholder={t.cLife.periodHint} aria-label={t.cLife.periodHint} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="bonusPoints" label={t.cLife.bonusPoints}>
              <InputNumber min={0} max={10000} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t.cLife.draft}
            </Button>
          </Form>
        </Card>
      )}
      <Card
        title={t.cLife.rounds}
        style={{ marginTop: 16 }}
        extra={
          streetId ? (
            <ExportButton
              path="/honours/rounds/export"
              query={{ streetId }}
              fileName={`${t.lists.sheets.honourRounds}.xlsx`}
            />
          ) : null
        }
      >
        <Table<Round>
          rowKey="id"
          size="small"
          loading={rounds.loading}
          dataSource={rounds.data?.items ?? []}
          columns={roundColumns}
          pagination={false}
        />
      </Card>
      {round.data && (
        <Card
          style={{ marginTop: 16 }}
          title={`${label(t.cLife.roundKind, round.data.kind)} · ${round.data.period}`}
          extra={
            <Space>
              {round.data.streetMeanRating !== null && fmt(t.cLife.streetMean, { m: round.data.streetMeanRating })}
              <ExportButton
                path={`/honours/rounds/${round.data.id}/export`}
                query={{}}
                fileName={`${t.lists.sheets.honourScores} ${round.data.period}.xlsx`}
              />
            </Space>
          }
        >
          <Table<HonourScoreView>
            rowKey="userId"
            size="small"
            dataSource={round.data.scores}
            columns={scoreColumns}
            pagination={{ pageSize: 100 }}
          />
        </Card>
      )}
    </>
  );
}
