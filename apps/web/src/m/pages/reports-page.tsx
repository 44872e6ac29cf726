import { formatShanghaiDateTime } from '@louzhang/contracts';
import Tag from 'antd-mobile/es/components/tag';
import { Link } from 'react-router-dom';
import { getPage } from '../../shared/api';
import { fmt, useI18n } from '../../shared/i18n';
import { useRequest } from '../../shared/use-request';
import type { ReportView } from '../api-types';
import { Screen } from '../components/screen';
import { EmptyState, ErrorState, SectionLoading } from '../components/screen-state';

export const STATUS_COLOR: Record<string, 'default' | 'primary' | 'success' | 'warning' | 'danger'> = {
  submitted: 'warning',
  accepted: 'primary',
  in_progress: 'primary',
  resolved: 'success',
  closed: 'default',
  reopened: 'danger',
  rejected: 'default',
  merged: 'default',
};

/** 我的诉求 (view=mine) and, for captains, 待我处理 (view=handling): newest first, one big card each. */
export default function ReportsPage({ view }: { view: 'mine' | 'handling' }) {
  const { t } = useI18n();
  const req = useRequest((signal) => getPage<ReportView>('/reports', { view }, null, 50, signal), [view]);
  const items = req.data?.items;
  let body: React.ReactNode;
  if (req.loading && !items) body = <SectionLoading />;
  else if (req.error) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (!items?.length)
    body = <EmptyState description={view === 'mine' ? t.mReports.emptyMine : t.mReports.emptyHandling} />;
  else
    body = items.map((r) => (
      <Link key={r.id} to={`/reports/${r.id}`} className="m-card m-report-card">
        <div className="m-outbox-row">
          <span className="m-outbox-title">{r.categoryName}</span>
          <Tag color={STATUS_COLOR[r.status] ?? 'default'} className="m-tag">
            {t.mReports.status[r.status] ?? r.status}
          </Tag>
        </div>
        <div className="m-report-desc">{r.description}</div>
        <div className="m-hint">
          {r.buildingName} · {formatShanghaiDateTime(r.createdAt)}
          {r.isOverdue && <span className="m-overdue"> · {t.mReports.overdue}</span>}
          {r.followerCount > 0 && ` · ${fmt(t.mReport.followers, { n: r.followerCount })}`}
        </div>
      </Link>
    ));
  return <Screen title={view === 'mine' ? t.mReports.titleMine : t.mReports.titleHandling}>{body}</Screen>;
}
