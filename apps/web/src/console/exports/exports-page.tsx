import type { ExportJob } from '@louzhang/contracts';
import { App, Button, Card, Progress, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { PageError } from '../components/page-state';
import { formatTime } from '../format';
import { fmt, useI18n } from '../i18n';

const STATUS_COLORS: Record<ExportJob['status'], string> = {
  queued: 'default',
  running: 'processing',
  done: 'success',
  failed: 'error',
  expired: 'default',
};
/** How often the page asks again while an export is queued or running. */
const POLL_MS = 1500;

/** 导出任务: one's background exports, their progress, and 下载 when done. */
export default function ExportsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const jobs = useRequest((signal) => api.get<{ items: ExportJob[] }>('/exports', { signal }), []);
  const [busy, setBusy] = useState<number | null>(null);
  const { reload, data } = jobs;

  // Asks again while an export is under way (each answer schedules the next question).
  useEffect(() => {
    if (!data?.items.some((j) => j.status === 'queued' || j.status === 'running')) return;
    const timer = setTimeout(reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [data, reload]);

  const download = async (job: ExportJob) => {
    setBusy(job.id);
    try {
      await api.download(`/exports/${job.id}/file`, undefined, job.fileName);
      message.success(t.exports.downloaded);
    } catch (e) {
      message.error(errorMessage(e));
      reload();
    } finally {
      setBusy(null);
    }
  };

  const columns: ColumnsType<ExportJob> = [
    { title: '#', dataIndex: 'id', key: 'id', width: 64 },
    {
      title: t.exports.kind,
      dataIndex: 'kind',
      key: 'kind',
      width: 140,
      render: (k: string) => t.exports.kinds[k] ?? '—',
    },
    {
      title: t.exports.status,
      dataIndex: 'status',
      key: 'status',
      width: 120,
      render: (s: ExportJob['status'], j) => (
        <>
          <Tag color={STATUS_COLORS[s]}>{t.exports.statuses[s]}</Tag>
          {j.error && <Typography.Text type="danger">{j.error.message}</Typography.Text>}
        </>
      ),
    },
    {
      title: t.exports.progress,
      key: 'progress',
      render: (_, j) => {
        const total = j.rowsTotal ?? 0;
        const percent = j.status === 'done' ? 100 : total > 0 ? Math.floor((j.rowsDone / total) * 100) : 0;
        return (
          <div>
            <Progress
              percent={percent}
              size="small"
              status={j.status === 'failed' ? 'exception' : j.status === 'running' ? 'active' : undefined}
              aria-label={`${t.exports.progressLabel} #${j.id}`}
            />
            <Typography.Text type="secondary">
              {fmt(t.exports.progressOf, { done: j.rowsDone, total: j.rowsTotal ?? '—' })}
            </Typography.Text>
          </div>
        );
      },
    },
    { title: t.exports.createdAt, dataIndex: 'createdAt', key: 'createdAt', width: 150, render: formatTime },
    { title: t.exports.expiresAt, dataIndex: 'expiresAt', key: 'expiresAt', width: 150, render: formatTime },
    {
      title: t.exports.actions,
      key: 'actions',
      width: 96,
      render: (_, j) =>
        j.status === 'done' ? (
          <Button type="link" onClick={() => download(j)} loading={busy === j.id}>
            {t.exports.download}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <div className="lz-page-header">
        <h1>{t.exports.title}</h1>
      </div>
      <Card>
        <Typography.Paragraph type="secondary">{t.exports.intro}</Typography.Paragraph>
        {jobs.error ? (
          <PageError error={jobs.error} onRetry={reload} />
        ) : (
          <Table<ExportJob>
            rowKey="id"
            columns={columns}
            dataSource={jobs.data?.items ?? []}
            loading={jobs.loading && !jobs.data}
            pagination={false}
            locale={{ emptyText: t.exports.empty }}
          />
        )}
      </Card>
    </>
  );
}
