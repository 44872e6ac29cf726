import type { NoticeFeed, NoticeReceipts, NoticeView } from '@louzhang/contracts';
import { formatShanghaiDateTime } from '@louzhang/contracts';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { ExportButton } from '../components/export-button';
import { ScopeSelect } from '../components/scope-select';
import { fmt, label, useI18n } from '../i18n';

const KINDS = ['notice', 'policy', 'safety', 'event'] as const;
const KIND_COLOR: Record<string, string> = { policy: 'blue', notice: 'default', safety: 'red', event: 'green' };

interface PublishForm {
  scopeOrgUnitId: number;
  kind: string;
  title: string;
  body: string;
  pinnedUntil?: string;
  attachmentPhotoId?: number;
}

/** 通知公告: publish to part of one's jurisdiction; the notices with their read receipts and A4 posters. */
export default function NoticesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PublishForm>();
  const [busy, setBusy] = useState(false);
  const [receiptsOf, setReceiptsOf] = useState<NoticeView | null>(null);
  const list = useRequest((signal) => api.get<NoticeFeed>('/notices', { signal }), []);

  async function publish(v: PublishForm) {
    setBusy(true);
    try {
      await api.create('/notices', { ...v, pinnedUntil: v.pinnedUntil || undefined });
      message.success(t.cNotices.published);
      form.resetFields();
      list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const columns: ColumnsType<NoticeView> = [
    {
      title: t.cNotices.noticeTitle,
      key: 'title',
      render: (_, n) => (
        <Space>
          {n.isPinned && <Tag color="red">{t.cNotices.pinned}</Tag>}
          {n.title}
        </Space>
      ),
    },
    {
      title: t.cNotices.kind,
      dataIndex: 'kind',
      key: 'kind',
      width: 80,
      render: (k: string) => <Tag color={KIND_COLOR[k]}>{label(t.mNotices.kinds, k)}</Tag>,
    },
    { title: t.cNotices.scope, dataIndex: 'scopeName', key: 'scope', width: 160 },
    { title: t.cNotices.author, dataIndex: 'authorName', key: 'author', width: 110 },
    {
      title: t.cNotices.publishedAt,
      dataIndex: 'publishedAt',
      key: 'at',
      width: 170,
      render: (v: string) => formatShanghaiDateTime(v),
    },
    {
      title: t.cNotices.actions,
      key: 'actions',
      width: 180,
      render: (_, n) => (
        <Space>
          <Button type="link" size="small" onClick={() => setReceiptsOf(n)}>
            {t.cNotices.receipts}
          </Button>
          <Button type="link" size="small" href={`/api/v1/notices/${n.id}/poster.pdf`} target="_blank">
            {t.cNotices.poster}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <div className="lz-page-header">
        <h1>{t.cNotices.title}</h1>
      </div>
      <Card title={t.cNotices.publish} style={{ marginBottom: 16 }}>
        <Form<PublishForm> form={form} layout="vertical" onFinish={publish} initialValues={{ kind: 'notice' }}>
          <Space wrap align="start">
            <Form.Item name="scopeOrgUnitId" label={t.cNotices.scope} rules={[{ required: true }]}>
              <ScopeSelect value={undefined} onChange={() => undefined} placeholder={t.cNotices.scopePlaceholder} />
            </Form.Item>
            <Form.Item name="kind" label={t.cNotices.kind} rules={[{ required: true }]}>
              <Select
                style={{ width: 120 }}
                options={KINDS.map((k) => ({ value: k, label: label(t.mNotices.kinds, k) }))}
              />
            </Form.Item>
            <Form.Item name="pinnedUntil" label={t.cNotices.pinnedUntil}>
              <Input type="date" style={{ width: 180 }} />
            </Form.Item>
          </Space>
          <Form.Item name="title" label={t.cNotices.noticeTitle} rules={[{ required: true, min: 2, max: 60 }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="body" label={t.cNotices.body} rules={[{ required: true, min: 2, max: 4000 }]}>
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
          <Form.Item name="attachmentPhotoId" label={t.cNotices.attachment}>
            <PictureUpload />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t.cNotices.publish}
          </Button>
        </Form>
      </Card>
      <Card
        title={t.cNotices.list}
        extra={<ExportButton path="/notices/export" query={{}} fileName={`${t.lists.sheets.notices}.xlsx`} />}
      >
        <Table<NoticeView>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          locale={{ emptyText: list.error ? errorMessage(list.error) : t.cNotices.empty }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
        />
      </Card>
      {receiptsOf && <ReceiptsModal notice={receiptsOf} onClose={() => setReceiptsOf(null)} />}
    </>
  );
}

function ReceiptsModal({ notice, onClose }: { notice: NoticeView; onClose: () => void }) {
  const { t } = useI18n();
  const req = useRequest(
    (signal) => api.get<NoticeReceipts>(`/notices/${notice.id}/receipts`, { signal }),
    [notice.id],
  );
  const r = req.data;
  return (
    <Modal open title={`${t.cNotices.receipts} · ${notice.title}`} footer={null} onCancel={onClose} width={640}>
      {r && <p>{fmt(t.cNotices.totals, { total: r.households, read: r.householdsRead, readers: r.readers })}</p>}
      <Table
        rowKey="buildingId"
        size="small"
        loading={req.loading}
        dataSource={r?.buildings ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: t.cNotices.building, dataIndex: 'buildingName', key: 'b' },
          { title: t.cNotices.households, dataIndex: 'households', key: 'h', width: 90, align: 'right' },
          { title: t.cNotices.householdsRead, dataIndex: 'householdsRead', key: 'r', width: 100, align: 'right' },
          {
            title: t.cNotices.readRate,
            key: 'rate',
            width: 90,
            align: 'right',
            render: (_, b) => (b.households ? `${Math.round((100 * b.householdsRead) / b.households)}%` : '—'),
          },
        ]}
      />
    </Modal>
  );
}

/** Uploads one picture (POST /photos) and holds its id for the form. */
/** `id` comes from the Form.Item, so its label names the file field. */
function PictureUpload({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: number;
  onChange?: (id: number | undefined) => void;
}) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  async function pick(file: File | undefined) {
    if (!file) return;
    setBusy(true);
    try {
      const form = new FormData();
      form.append('file', file, file.name || 'picture.jpg');
      onChange?.((await api.post<{ id: number }>('/photos', form)).id);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Space>
      <input id={id} type="file" accept="image/*" disabled={busy} onChange={(e) => pick(e.target.files?.[0])} />
      {value !== undefined && <img src={`/api/v1/photos/${value}?thumb=1`} alt="" height={48} />}
    </Space>
  );
}
