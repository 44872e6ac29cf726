import Tag from 'antd-mobile/es/components/tag';
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { api, getPage } from '../../common/api';
import { useAuth } from '../../common/auth';
import { shortAt } from '../../common/dates';
import { fmt, useI18n } from '../../common/i18n';
import type { ReportView } from '../api-types';
import { CachedNotice } from '../components/cached-notice';
import { Screen } from '../components/screen';
import { EmptyState, ErrorState, SectionLoading } from '../components/screen-state';
import { readCache } from '../offline/read-cache';
import { useCachedRequest } from '../offline/use-cached-request';

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
  const req = useCachedRequest(
    `reports?view=${view}`,
    (signal) => getPage<ReportView>('/reports', { view }, null, 50, signal),
    [view],
  );
  const items = req.data?.items;
  usePrefetchDetails(view === 'handling' && req.cachedAt === null ? items : undefined);
  let body: React.ReactNode;
  if (req.loading && !items) body = <SectionLoading />;
  else if (req.error && !items) body = <ErrorState error={req.error} onRetry={req.reload} />;
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
          {r.buildingName} · {shortAt(r.createdAt)}
          {r.isOverdue && <span className="m-overdue"> · {t.mReports.overdue}</span>}
          {r.followerCount > 0 && ` · ${fmt(t.mReport.followers, { n: r.followerCount })}`}
        </div>
      </Link>
    ));
  return (
    <Screen title={view === 'mine' ? t.mReports.titleMine : t.mReports.titleHandling}>
      <CachedNotice at={req.cachedAt} />
      {body}
    </Screen>
  );
}

const PREFETCH = 10;

/**
 * A captain answers reports without signal too: after the list of reports to handle loads, the first
 * few are fetched into the phone's cache, so each opens (and can be answered, through the outbox) in a
 * stairwell with no signal.
 */
function usePrefetchDetails(items: ReportView[] | undefined) {
  const { user } = useAuth();
  const userId = user?.id;
  useEffect(() => {
    if (!items || userId === undefined) return;
    const ctrl = new AbortController();
    void (async () => {
      for (const r of items.slice(0, PREFETCH)) {
        const detail = await api.get(`/reports/${r.id}`, { signal: ctrl.signal }).catch(() => null);
        if (ctrl.signal.aborted) return;
        if (detail) await readCache.put(userId, `reports/${r.id}`, detail);
      }
    })();
    return () => ctrl.abort();
  }, [items, userId]);
}
