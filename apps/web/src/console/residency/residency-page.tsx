import { formatShanghaiDateTime, type ResidencyClaimView } from '@louzhang/contracts';
import { App, Button, Card, Form, Input, Modal, Segmented, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, errorMessage } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { ExportButton } from '../components/export-button';
import { PageError } from '../components/page-state';
import { fmt, useI18n } from '../i18n';

type Status = ResidencyClaimView['status'];
const at = (v: string) => formatShanghaiDateTime(v);
const addr = (u: string | null, r: string | null) => (r ? `${u ?? ''}${r}` : '—');

/**
 * 待确认住户: newcomers who reported from a building's QR link or asked in the app to join a household.
 * Staff confirm them into a household (the registry's household with the same phone is offered) or
 * reject with a reason; decided requests stay listed by status.
 */
export default function ResidencyPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [status, setStatus] = useState<Status>('pending');
  const req = useRequest(
    (signal) => api.get<{ items: ResidencyClaimView[] }>('/residency-claims', { query: { status }, signal }),
    [status],
  );
  const [confirming, setConfirming] = useState<ResidencyClaimView | null>(null);
  const [rejecting, setRejecting] = useState<ResidencyClaimView | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmForm] = Form.useForm<{ unitLabel?: string; room: string }>();
  const [rejectForm] = Form.useForm<{ reason: string }>();

  async function decide(c: ResidencyClaimView, path: 'confirm' | 'reject', body: unknown, done: string) {
    setBusy(true);
    try {
      await api.post(`/residency-claims/${c.id}/${path}`, body);
      message.success(done);
      setConfirming(null);
      setRejecting(null);
      req.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const openConfirm = (c: ResidencyClaimView) => {
    const m = c.registryMatch;
    confirmForm.setFieldsValue({ unitLabel: m?.unitLabel ?? c.unitLabel ?? '', room: m?.room ?? c.room ?? '' });
    setConfirming(c);
  };

  return (
    <>
      <div className="lz-page-header">
        <h1>{t.mResidency.title}</h1>
        <Segmented<Status>
          value={status}
          onChange={setStatus}
          options={(['pending', 'confirmed', 'rejected'] as const).map((s) => ({
            value: s,
            label: t.mResidency.status[s],
          }))}
        />
        <ExportButton
          path="/residency-claims/export"
          query={{ status }}
          fileName={`${t.lists.sheets.residency}.xlsx`}
        />
      </div>
      {req.error ? (
        <PageError error={req.error} onRetry={req.reload} />
      ) : (
        <Card>
          <Table<ResidencyClaimView>
            rowKey="id"
            loading={req.loading}
            dataSource={req.data?.items ?? []}
            locale={{ emptyText: t.mResidency.empty }}
            pagination={{ pageSize: 50 }}
            columns={[
              { title: t.console.residency.name, dataIndex: 'userName', width: 120 },
              { title: t.console.residency.phone, dataIndex: 'phoneMasked', width: 130 },
              { title: t.console.residency.building, dataIndex: 'buildingName', width: 160 },
              {
                title: t.console.residency.source,
                dataIndex: 'source',
                width: 150,
                render: (v: ResidencyClaimView['source'], c) =>
                  v === 'report' ? (
                    <Link to={`/reports?id=${c.reportId}`}>{t.mResidency.fromReport}</Link>
                  ) : (
                    t.mResidency.fromApp
                  ),
              },
              { title: t.console.residency.asked, render: (_, c) => addr(c.unitLabel, c.room), width: 100 },
              {
                title: t.console.residency.match,
                width: 140,
                render: (_, c) =>
                  c.registryMatch ? (
                    <Tag color="green">{addr(c.registryMatch.unitLabel, c.registryMatch.room)}</Tag>
                  ) : c.confirmedInto ? (
                    addr(c.confirmedInto.unitLabel, c.confirmedInto.room)
                  ) : (
                    '—'
                  ),
              },
              { title: t.console.residency.createdAt, dataIndex: 'createdAt', width: 180, render: at },
              {
                title: t.console.residency.actions,
                width: 220,
                render: (_, c) =>
                  c.status === 'pending' ? (
                    <Space>
                      <Button type="primary" size="small" onClick={() => openConfirm(c)}>
                        {t.mResidency.confirm}
                      </Button>
                      <Button
                        size="small"
                        onClick={() => {
                          rejectForm.resetFields();
                          setRejecting(c);
                        }}
                      >
                        {t.mResidency.reject}
                      </Button>
                    </Space>
                  ) : (
                    <span>
                      {c.decidedByName} · {c.decidedAt && at(c.decidedAt)}
                      {c.reason ? ` · ${c.reason}` : ''}
                    </span>
                  ),
              },
            ]}
          />
        </Card>
      )}

      <Modal
        open={!!confirming}
        title={confirming ? `${t.mResidency.confirm} · ${confirming.userName}` : ''}
        onCancel={() => setConfirming(null)}
        confirmLoading={busy}
        onOk={async () => {
          if (!confirming) return;
          const v = await confirmForm.validateFields();
          const unitLabel = v.unitLabel?.trim() || null;
          const m = confirming.registryMatch;
          const body =
            m && m.room === v.room.trim() && m.unitLabel === unitLabel
              ? { householdId: m.householdId }
              : { unitLabel, room: v.room.trim() };
          await decide(confirming, 'confirm', body, fmt(t.mResidency.confirmed, { room: addr(unitLabel, v.room) }));
        }}
        okText={t.mResidency.confirm}
      >
        {confirming?.registryMatch && (
          <p>
            <Tag color="green">
              {fmt(t.mResidency.registryMatch, {
                room: addr(confirming.registryMatch.unitLabel, confirming.registryMatch.room),
              })}
            </Tag>
          </p>
        )}
        <Form form={confirmForm} layout="vertical">
          <Form.Item name="unitLabel" label={t.mResidency.unitLabel}>
            <Input maxLength={16} />
          </Form.Item>
          <Form.Item
            name="room"
            label={t.mResidency.room}
            rules={[{ required: true, pattern: /^[0-9A-Za-z-]{1,16}$/, message: t.mResidency.roomRequired }]}
          >
            <Input maxLength={16} placeholder={t.mResidency.roomPlaceholder} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={!!rejecting}
        title={rejecting ? `${t.mResidency.reject} · ${rejecting.userName}` : ''}
        onCancel={() => setRejecting(null)}
        confirmLoading={busy}
        okButtonProps={{ danger: true }}
        okText={t.mResidency.reject}
        onOk={async () => {
          if (!rejecting) return;
          const v = await rejectForm.validateFields();
          await decide(rejecting, 'reject', { reason: v.reason.trim() }, t.mResidency.rejected);
        }}
      >
        <Form form={rejectForm} layout="vertical">
          <Form.Item
            name="reason"
            label={t.mResidency.rejectReason}
            rules={[{ required: true, min: 2, whitespace: true, message: t.mResidency.reasonRequired }]}
          >
            <Input.TextArea maxLength={200} placeholder={t.mResidency.rejectPlaceholder} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
