import Badge from 'antd-mobile/es/components/badge';
import Button from 'antd-mobile/es/components/button';
import { useNavigate } from 'react-router-dom';
import { api } from '../../common/api';
import { shortAt } from '../../common/dates';
import { useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import type { NotificationPage, NotificationView } from '../api-types';
import { Screen } from '../components/screen';
import { EmptyState, ErrorState, SectionLoading } from '../components/screen-state';

/** Where an inbox item leads, if anywhere. */
function targetOf(n: NotificationView): string | null {
  if (n.objectId === null) return null;
  if (n.objectType === 'report') return `/reports/${n.objectId}`;
  if (n.objectType === 'chore_task' || n.objectType === 'chore_submission') return '/tasks';
  if (n.objectType === 'mall_order') return '/mall/orders';
  if (n.objectType === 'notice') return `/bulletins/${n.objectId}`;
  if (n.objectType === 'resident') return `/care/${n.objectId}`;
  if (n.objectType === 'residency_claim') return '/household';
  return null;
}

/** 通知: newest first, unread in bold with a dot; tapping one marks it read and opens what it is about. */
export default function InboxPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const req = useRequest((signal) => api.get<NotificationPage>('/notifications', { query: { limit: 50 }, signal }), []);
  const d = req.data;

  let body: React.ReactNode;
  if (req.loading && !d) body = <SectionLoading />;
  else if (req.error && !d) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (!d?.items.length) body = <EmptyState description={t.mInbox.empty} />;
  else
    body = (
      <>
        {d.unreadCount > 0 && (
          <div className="m-pad">
            <Button
              size="large"
              block
              onClick={async () => {
                await api.post('/notifications/read-all').catch(() => undefined);
                req.reload();
              }}
            >
              {t.mInbox.readAll}
            </Button>
          </div>
        )}
        {d.items.map((n) => (
          <button
            type="button"
            key={n.id}
            className={`m-card m-notice${n.readAt ? '' : ' m-notice-unread'}`}
            onClick={async () => {
              if (!n.readAt) await api.post(`/notifications/${n.id}/read`).catch(() => undefined);
              const to = targetOf(n);
              if (to) navigate(to);
              else req.reload();
            }}
          >
            <div className="m-outbox-row">
              <span className="m-outbox-title">
                {!n.readAt && <Badge content={Badge.dot} className="m-notice-dot" />} {n.title}
              </span>
            </div>
            {n.body && <div className="m-notice-body">{n.body}</div>}
            <div className="m-hint">{shortAt(n.createdAt)}</div>
          </button>
        ))}
      </>
    );
  return <Screen title={t.mInbox.title}>{body}</Screen>;
}
