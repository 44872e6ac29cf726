import type { NoticeFeed } from '@louzhang/contracts';
import Badge from 'antd-mobile/es/components/badge';
import Tag from 'antd-mobile/es/components/tag';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../common/api';
import { shortDay } from '../../common/dates';
import { fmt, label, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import { Screen } from '../components/screen';
import { EmptyState, ErrorState, SectionLoading } from '../components/screen-state';

/** 通知公告: notices reaching my building (from the street, the community, my captain), pinned first. */
export default function BulletinsPage() {
  const { t } = useI18n();
  const req = useRequest((signal) => api.get<NoticeFeed>('/notices/feed', { signal }), []);
  const d = req.data;
  let body: ReactNode;
  if (req.loading && !d) body = <SectionLoading />;
  else if (req.error && !d) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (!d?.items.length) body = <EmptyState description={t.mNotices.empty} />;
  else
    body = d.items.map((n) => (
      <Link
        key={n.id}
        to={`/bulletins/${n.id}`}
        className={`m-card m-care-card${n.readAt ? '' : ' m-notice-unread'}`}
        data-testid={`bulletin-${n.id}`}
      >
        <div className="m-task-tags">
          {n.isPinned && (
            <Tag color="danger" className="m-tag">
              {t.mNotices.pinned}
            </Tag>
          )}
          <Tag color="primary" className="m-tag">
            {label(t.mNotices.kinds, n.kind)}
          </Tag>
          {!n.readAt && <Badge content={Badge.dot} className="m-notice-dot" />}
        </div>
        <div className="m-outbox-title">{n.title}</div>
        <div className="m-hint">
          {fmt(t.mNotices.from, { scope: n.scopeName, author: n.authorName })} · {shortDay(n.publishedAt)}
        </div>
      </Link>
    ));
  return <Screen title={t.mNotices.title}>{body}</Screen>;
}
