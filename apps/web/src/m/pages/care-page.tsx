import type { CareList } from '@louzhang/contracts';
import Tag from 'antd-mobile/es/components/tag';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../common/api';
import { fmt, label, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import { Screen } from '../components/screen';
import { EmptyState, ErrorState, SectionLoading } from '../components/screen-state';

export const CARE_STATUS_COLOR: Record<string, 'default' | 'primary' | 'success' | 'warning' | 'danger'> = {
  ok: 'success',
  due_today: 'warning',
  overdue: 'danger',
  unassigned: 'default',
};

/** 关爱走访: the people I visit, overdue first, then due today, with their cycle and last visit. */
export default function CarePage() {
  const { t } = useI18n();
  const req = useRequest((signal) => api.get<CareList>('/care/people', { query: { mine: '1' }, signal }), []);
  const list = req.data;

  let body: ReactNode;
  if (req.loading && !list) body = <SectionLoading />;
  else if (req.error && !list) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (!list?.items.length) body = <EmptyState description={t.mCare.empty} />;
  else
    body = (
      <>
        <p className="m-hint">{fmt(t.mCare.counts, { due: list.counts.dueToday, overdue: list.counts.overdue })}</p>
        {list.items.map((p) => (
          <Link key={p.residentId} to={`/care/${p.residentId}`} className="m-card m-care-card">
            <div className="m-outbox-row">
              <span className="m-outbox-title">{p.name}</span>
              <Tag color={CARE_STATUS_COLOR[p.status] ?? 'default'} className="m-tag">
                {label(t.mCare.status, p.status)}
              </Tag>
            </div>
            <div className="m-hint">{p.address}</div>
            <div className="m-hint">
              {p.careTags.map((c) => label(t.careTags, c)).join('、')} · {fmt(t.mCare.everyDays, { n: p.everyDays })}
            </div>
            <div className="m-hint">
              {p.lastVisitOn ? fmt(t.mCare.lastVisit, { day: p.lastVisitOn }) : t.mCare.neverVisited}
              {p.dueOn ? ` · ${fmt(t.mCare.dueOn, { day: p.dueOn })}` : ''}
            </div>
          </Link>
        ))}
      </>
    );
  return <Screen title={t.mCare.title}>{body}</Screen>;
}
