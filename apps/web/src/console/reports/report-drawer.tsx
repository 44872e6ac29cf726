import { Alert, Button, Descriptions, Drawer, Image, Rate, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../common/api';
import { useRequest } from '../../common/use-request';
import type { ReportDetail, ReportEventView } from '../api-types';
import { PageError, SectionLoading } from '../components/page-state';
import { EP } from '../endpoints';
import { formatTime } from '../format';
import { fmt, useI18n } from '../i18n';
import { type Action, ActionDialog, cameBack } from './report-action-dialog';
import { STATUS_COLORS } from './reports-page';

/** One report: facts, photos, the timeline, and the actions the caller may take now (from `can`). */
export function ReportDrawer({
  reportId,
  onClose,
  onChanged,
}: {
  reportId: number | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const req = useRequest(
    (signal) =>
      reportId === null ? Promise.resolve(undefined) : api.get<ReportDetail>(EP.report(reportId), { signal }),
    [reportId],
  );
  const r = req.data?.id === reportId ? req.data : undefined;
  const [action, setAction] = useState<Action | null>(null);

  const handler = r && (r.can.answer || r.can.resolve || r.can.reject || r.can.escalate || r.can.return);
  const buttons: { key: Action; show: boolean; primary?: boolean; danger?: boolean }[] = r
    ? [
        { key: 'accept', show: r.can.accept, primary: true },
        { key: 'answer', show: r.can.answer, primary: !r.can.accept },
        { key: 'resolve', show: r.can.resolve },
        { key: 'escalate', show: r.can.escalate },
        { key: 'return', show: r.can.return },
        { key: 'reject', show: r.can.reject, danger: true },
        { key: 'merge', show: !!handler && r.status !== 'merged' },
      ]
    : [];

  return (
    <Drawer
      open={reportId !== null}
      onClose={onClose}
      size={760}
      rootClassName="lz-report-drawer"
      title={reportId ? fmt(t.cReports.detailTitle, { id: reportId }) : ''}
      extra={
        <Space wrap>
          {buttons
            .filter((b) => b.show)
            .map((b) => (
              <Button
                key={b.key}
                type={b.primary ? 'primary' : 'default'}
                danger={b.danger}
                onClick={() => setAction(b.key)}
              >
                {t.cReports[b.key]}
              </Button>
            ))}
        </Space>
      }
    >
      {req.error ? (
        <PageError error={req.error} onRetry={req.reload} />
      ) : !r ? (
        <SectionLoading />
      ) : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          {r.can.escalate && cameBack(r) && (
            <Alert
              type="warning"
              showIcon
              title={t.cReports.returnedByDepartment}
              action={
                <Button size="small" type="primary" onClick={() => setAction('escalate')}>
                  {t.cReports.reassign}
                </Button>
              }
            />
          )}
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t.cReports.description} span={2}>
              {r.description}
            </Descriptions.Item>
            <Descriptions.Item label={t.cReports.category}>{r.categoryName}</Descriptions.Item>
            <Descriptions.Item label={t.cReports.building}>{r.buildingName}</Descriptions.Item>
            <Descriptions.Item label={t.cReports.status}>
              <Space size={4}>
                <Tag color={STATUS_COLORS[r.status]}>{t.cReports.statuses[r.status]}</Tag>
                {r.isOverdue && <Tag color="error">{t.cReports.overdue}</Tag>}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t.cReports.handler}>
              {t.cReports.levels[r.level]} · {r.handlerName}
            </Descriptions.Item>
            <Descriptions.Item label={t.cReports.createdAt}>{formatTime(r.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t.cReports.due}>{formatTime(r.dueAt)}</Descriptions.Item>
            {r.location && (
              <Descriptions.Item label={t.cReports.location} span={2}>
                {r.location}
              </Descriptions.Item>
            )}
            {r.reporter && (
              <Descriptions.Item label={t.cReports.reporter} span={2}>
                {r.reporter.name ?? '—'} <span className="lz-masked">{r.reporter.phoneMasked ?? ''}</span>
              </Descriptions.Item>
            )}
            {r.rating !== null && (
              <Descriptions.Item label={t.cReports.rating} span={2}>
                <Rate disabled value={r.rating} />
              </Descriptions.Item>
            )}
          </Descriptions>
          {r.photos.length > 0 && <Photos photos={r.photos} />}
          <div>
            <Typography.Title level={5}>{t.cReports.timeline}</Typography.Title>
            {/* Newest first: what happened last is what a handler reads first. */}
            <Timeline
              items={[...r.timeline]
                .reverse()
                .map((e) => ({ key: e.id, color: eventColor(e), content: <Event e={e} /> }))}
            />
          </div>
        </Space>
      )}
      {r && (
        <ActionDialog
          action={action}
          report={r}
          onClose={() => setAction(null)}
          onDone={() => {
            setAction(null);
            req.reload();
            onChanged();
          }}
        />
      )}
    </Drawer>
  );
}

function eventColor(e: ReportEventView): string {
  if (e.type === 'escalated' || e.type === 'auto_escalated' || e.type === 'overdue' || e.type === 'returned')
    return 'red';
  if (e.type === 'resolved' || e.type === 'closed' || e.type === 'accepted') return 'green';
  return 'blue';
}

function Event({ e }: { e: ReportEventView }) {
  const { t } = useI18n();
  const events = t.cReports.events as Record<string, string>;
  return (
    <div>
      <Space size={8} wrap>
        <Typography.Text strong>{events[e.type] ?? e.type}</Typography.Text>
        <Typography.Text type="secondary">{formatTime(e.at)}</Typography.Text>
        {e.actorName && <Typography.Text>{e.actorName}</Typography.Text>}
        {e.fromLevel && e.fromLevel !== e.toLevel && (
          <Tag>
            {t.cReports.levels[e.fromLevel]} → {t.cReports.levels[e.toLevel]}
            {e.handlerName ? ` · ${e.handlerName}` : ''}
          </Tag>
        )}
      </Space>
      {e.note && <Typography.Paragraph style={{ margin: '4px 0 0' }}>{e.note}</Typography.Paragraph>}
      {e.photos.length > 0 && <Photos photos={e.photos} />}
    </div>
  );
}

function Photos({ photos }: { photos: { id: number; url: string; thumbUrl: string }[] }) {
  const { t } = useI18n();
  return (
    <Image.PreviewGroup>
      <Space wrap size={8} style={{ marginTop: 4 }}>
        {photos.map((p) => (
          <Image
            key={p.id}
            width={96}
            height={72}
            style={{ objectFit: 'cover' }}
            src={p.thumbUrl}
            preview={{ src: p.url }}
            alt={`${t.cReports.photos} ${p.id}`}
          />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}
