import type { AdjustmentView, CaptainView } from '@louzhang/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { useAuth } from '../../common/auth';
import { useRequest } from '../../common/use-request';
import { ExportButton } from '../components/export-button';
import { PageError } from '../components/page-state';
import { validated } from '../components/validated';
import { formatTime } from '../format';
import { fmt, useI18n } from '../i18n';

type Status = AdjustmentView['status'];
const STATUSES: Status[] = ['pending', 'applied', 'rejected'];
const COLORS: Record<Status, string> = { pending: 'gold', applied: 'green', rejected: 'default' };

interface RequestForm {
  captainUserId: number;
  points: number;
  reason: string;
}

/**
 * 积分调整: request an adjustment with its reason; above the street's threshold it waits for a second person,
 * who approves or rejects it here. The requester cannot approve their own (the API refuses it too).
 */
export default function AdjustmentsPage() {
  const { t } = useI18n();
  const s = t.settings.adjustments;
  const { message } = App.useApp();
  const { user } = useAuth();
  const [status, setStatus] = useState<Status | 'all'>('pending');
  const list = useRequest(
    (signal) =>
      api.get<{ items: AdjustmentView[] }>('/points/adjustments', {
        signal,
        query: { status: status === 'all' ? undefined : status, limit: 100 },
      }),
    [status],
  );
  const [asking, setAsking] = useState(false);
  const captains = useRequest(
    (signal) =>
      asking
        ? api.get<{ items: CaptainView[] }>('/captains', { signal, query: { limit: 100 } })
        : Promise.resolve(undefined),
    [asking],
  );
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<RequestForm>();

  const act = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await fn();
      message.success(done);
      list.reload();
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    let applied = false;
    const ok = await act(async () => {
      const r = await api.create<AdjustmentView>('/points/adjustments', { ...v, reason: v.reason.trim() });
      applied = r.status === 'applied';
    }, s.done);
    if (ok) {
      message.info(applied ? s.applied : s.pending);
      setAsking(false);
      form.resetFields();
    }
  };

  const name = (id: number | null, known?: string | null) =>
    id === null ? '—' : id === user?.id ? `${known ?? ''}（${s.you}）` : (known ?? fmt(s.user, { id }));

  return (
    <>
      <div className="lz-page-header">
        <h1>{s.title}</h1>
        <Button type="primary" onClick={() => setAsking(true)}>
          {s.request}
        </Button>
      </div>
      <Alert type="info" showIcon title={s.hint} style={{ marginBottom: 16 }} />
      <Card>
        <Space style={{ marginBottom: 16 }}>
          <span id="lz-adj-status">{s.status}</span>
          <Segmented<Status | 'all'>
            aria-labelledby="lz-adj-status"
            value={status}
            onChange={setStatus}
            options={[
              ...STATUSES.map((x) => ({ value: x, label: s.statuses[x] })),
              { value: 'all' as const, label: t.common.all },
            ]}
          />
          <ExportButton
            path="/points/adjustments/export"
            query={{ status: status === 'all' ? undefined : status, limit: 100 }}
            fileName={`${t.lists.sheets.adjustments}.xlsx`}
          />
        </Space>
        {list.error ? (
          <PageError error={list.error} onRetry={list.reload} />
        ) : (
          <Table<AdjustmentView>
            rowKey="id"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            locale={{ emptyText: s.empty }}
            columns={[
              {
                title: s.captain,
                key: 'captain',
                render: (_, a) => a.captainName ?? fmt(s.user, { id: a.captainUserId }),
              },
              { title: s.pointsColumn, dataIndex: 'points', width: 110, render: (n: number) => (n > 0 ? `+${n}` : n) },
              { title: s.reason, dataIndex: 'reason' },
              {
                title: s.status,
                dataIndex: 'status',
                width: 100,
                render: (x: Status) => <Tag color={COLORS[x]}>{s.statuses[x]}</Tag>,
              },
              { title: s.requestedBy, key: 'by', render: (_, a) => name(a.requestedBy, a.requestedByName) },
              { title: s.decidedBy, key: 'decided', render: (_, a) => name(a.decidedBy, a.decidedByName) },
              { title: s.createdAt, dataIndex: 'createdAt', width: 160, render: (v: string) => formatTime(v) },
              {
                title: '',
                key: 'actions',
                width: 170,
                render: (_, a) =>
                  a.status !== 'pending' ? null : a.requestedBy === user?.id ? (
                    <Space orientation="vertical" size={4}>
                      <Tag>{s.ownRequest}</Tag>
                      <Popconfirm
                        title={s.rejectConfirm}
                        onConfirm={() => act(() => api.post(`/points/adjustments/${a.id}/reject`, {}), s.done)}
                      >
                        <Button size="small" disabled={busy}>
                          {s.withdraw}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ) : (
                    <Space>
                      <Popconfirm
                        title={fmt(s.approveConfirm, { n: a.points })}
                        okText={s.approve}
                        onConfirm={() => act(() => api.post(`/points/adjustments/${a.id}/approve`, {}), s.done)}
                      >
                        <Button size="small" type="primary" disabled={busy}>
                          {s.approve}
                        </Button>
                      </Popconfirm>
                      <Popconfirm
                        title={s.rejectConfirm}
                        okText={s.reject}
                        onConfirm={() => act(() => api.post(`/points/adjustments/${a.id}/reject`, {}), s.done)}
                      >
                        <Button size="small" danger disabled={busy}>
                          {s.reject}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
              },
            ]}
          />
        )}
      </Card>
      <Modal
        title={s.requestTitle}
        open={asking}
        onOk={submit}
        okText={s.request}
        confirmLoading={busy}
        onCancel={() => setAsking(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="captainUserId" label={s.captain} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              placeholder={s.pickCaptain}
              loading={captains.loading}
              options={(captains.data?.items ?? []).map((c) => ({
                value: c.userId,
                label: `${c.name} · ${c.buildings.map((b) => b.name).join('、')}`,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="points"
            label={s.points}
            rules={[{ required: true }, { type: 'number', min: -100000, max: 100000 }]}
          >
            <InputNumber precision={0} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="reason" label={s.reason} rules={[{ required: true, whitespace: true, max: 200 }]}>
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
