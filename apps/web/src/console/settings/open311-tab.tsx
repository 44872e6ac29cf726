import type { Open311ClientIssued, Open311ClientView } from '@louzhang/contracts';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { PageError } from '../components/page-state';
import { validated } from '../components/validated';
import { formatTime } from '../format';
import { fmt, useI18n } from '../i18n';

/** Open311 keys of a street: issue one (its secret shown once), list them, revoke one after a confirmation. */
export function Open311Tab({ streetId }: { streetId: number }) {
  const { t } = useI18n();
  const s = t.settings.open311;
  const { message } = App.useApp();
  const list = useRequest((signal) => api.get<{ items: Open311ClientView[] }>('/open311/clients', { signal }), []);
  const [asking, setAsking] = useState(false);
  const [issued, setIssued] = useState<Open311ClientIssued | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ name: string }>();

  const issue = async () => {
    const v = await validated(form);
    if (!v) return;
    setBusy(true);
    try {
      setIssued(await api.create<Open311ClientIssued>('/open311/clients', { streetId, name: v.name.trim() }));
      setAsking(false);
      form.resetFields();
      list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (c: Open311ClientView) => {
    try {
      await api.post(`/open311/clients/${c.id}/revoke`, {});
      message.success(s.revoked);
      list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  if (list.error) return <PageError error={list.error} onRetry={list.reload} />;
  const items = (list.data?.items ?? []).filter((c) => c.streetId === streetId);
  return (
    <>
      <Alert type="info" showIcon title={s.intro} style={{ marginBottom: 16 }} />
      <Button type="primary" onClick={() => setAsking(true)} style={{ marginBottom: 16 }}>
        {s.issue}
      </Button>
      <Table<Open311ClientView>
        rowKey="id"
        loading={list.loading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: s.empty }}
        columns={[
          { title: s.name, dataIndex: 'name' },
          { title: s.createdAt, dataIndex: 'createdAt', render: (v: string) => formatTime(v), width: 180 },
          {
            title: s.status,
            key: 'status',
            width: 220,
            render: (_, c) =>
              c.revokedAt ? (
                <Tag>{fmt(s.revokedAt, { at: formatTime(c.revokedAt) })}</Tag>
              ) : (
                <Tag color="green">{s.active}</Tag>
              ),
          },
          {
            title: '',
            key: 'actions',
            width: 100,
            render: (_, c) =>
              c.revokedAt ? null : (
                <Popconfirm
                  title={fmt(s.revokeConfirm, { name: c.name })}
                  okText={s.revoke}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => revoke(c)}
                >
                  <Button danger size="small">
                    {s.revoke}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal
        title={s.issueTitle}
        open={asking}
        onOk={issue}
        okText={s.issue}
        confirmLoading={busy}
        onCancel={() => setAsking(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={s.name} rules={[{ required: true, whitespace: true, max: 60 }]}>
            <Input maxLength={60} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        title={s.issuedTitle}
        open={issued !== null}
        onCancel={() => setIssued(null)}
        footer={<Button onClick={() => setIssued(null)}>{t.common.close}</Button>}
      >
        <Alert type="warning" showIcon title={s.issuedHint} style={{ marginBottom: 12 }} />
        <Space orientation="vertical" style={{ width: '100%' }}>
          <span>{issued?.name}</span>
          <Typography.Text code copyable={{ text: issued?.key ?? '' }} data-testid="open311-key" translate="no">
            {issued?.key}
          </Typography.Text>
        </Space>
      </Modal>
    </>
  );
}
