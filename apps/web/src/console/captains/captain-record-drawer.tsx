import { CAPTAIN_DUTIES, CAPTAIN_TAGS, type CaptainRecordView } from '@louzhang/contracts';
import { App, Button, Descriptions, Drawer, Form, Input, Select, Space, Tag, Timeline } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { fmt, label, useI18n } from '../i18n';

const STATUS_COLOR: Record<string, string> = { active: 'green', suspended: 'orange', exited: 'default' };

/** 楼长档案: tags, employer unit, 五大员 duties, status (suspend, reinstate, exit with a reason) and history. */
export function CaptainRecordDrawer({ userId, onClose }: { userId: number | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  const rec = useRequest(
    (signal) => (userId ? api.get<CaptainRecordView>(`/captains/${userId}`, { signal }) : Promise.resolve(undefined)),
    [userId],
  );
  const r = rec.data;

  const save = async (path: string, body: unknown) => {
    setBusy(true);
    try {
      await api.post(path, body);
      message.success(t.cLife.done);
      setReason('');
      rec.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={userId !== null}
      onClose={onClose}
      width={560}
      title={r ? `${t.cLife.record} · ${r.name}` : t.cLife.record}
    >
      {r && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t.cLife.status}>
              <Tag color={STATUS_COLOR[r.status]}>{label(t.cLife.captainStatus, r.status)}</Tag>
              {r.statusReason}
              {r.redeemableUntil && (
                <div>{fmt(t.cLife.redeemableUntil, { at: new Date(r.redeemableUntil).toLocaleDateString() })}</div>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t.cLife.buildings}>
              {r.buildings.map((b) => (
                <Tag key={b.id}>{b.name}</Tag>
              ))}
            </Descriptions.Item>
          </Descriptions>
          <Form
            key={`${r.userId}-${r.version}`}
            layout="vertical"
            style={{ marginTop: 16 }}
            initialValues={{ tags: r.tags, duties: r.duties, employerUnit: r.employerUnit ?? '' }}
            onFinish={(v) =>
              save(`/captains/${r.userId}/profile`, { ...v, employerUnit: v.employerUnit || null, version: r.version })
            }
          >
            <Form.Item name="tags" label={t.cLife.tags}>
              <Select mode="multiple" options={CAPTAIN_TAGS.map((x) => ({ value: x, label: x }))} />
            </Form.Item>
            <Form.Item name="employerUnit" label={t.cLife.employerUnit}>
              <Input maxLength={60} />
            </Form.Item>
            <Form.Item name="duties" label={t.cLife.duties}>
              <Select mode="multiple" options={CAPTAIN_DUTIES.map((x) => ({ value: x, label: x }))} />
            </Form.Item>
            <Button htmlType="submit" type="primary" loading={busy} disabled={r.status === 'exited'}>
              {t.cLife.save}
            </Button>
          </Form>
          {r.status !== 'exited' && (
            <Space.Compact style={{ marginTop: 16, width: '100%' }}>
              <Input
                placeholder={t.cLife.statusReason}
                aria-label={t.cLife.statusReason}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
              {r.status === 'active' ? (
                <Button
                  loading={busy}
                  onClick={() =>
                    save(`/captains/${r.userId}/status`, { status: 'suspended', reason, version: r.version })
                  }
                >
                  {t.cLife.suspend}
                </Button>
              ) : (
                <Button
                  loading={busy}
                  onClick={() => save(`/captains/${r.userId}/status`, { status: 'active', reason, version: r.version })}
                >
                  {t.cLife.reinstate}
                </Button>
              )}
              <Button
                danger
                loading={busy}
                onClick={() => save(`/captains/${r.userId}/status`, { status: 'exited', reason, version: r.version })}
              >
                {t.cLife.exit}
              </Button>
            </Space.Compact>
          )}
          <h3 style={{ marginTop: 24 }}>{t.cLife.history}</h3>
          <Timeline
            items={r.history.map((e) => ({
              key: e.id,
              children: (
                <>
                  <b>{label(t.cLife.eventKinds, e.kind)}</b> {e.reason} · {e.actorName ?? '—'} ·{' '}
                  {new Date(e.at).toLocaleString()}
                </>
              ),
            }))}
          />
        </>
      )}
    </Drawer>
  );
}
