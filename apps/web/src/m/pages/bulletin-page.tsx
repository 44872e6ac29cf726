import type { NoticeReceipts, NoticeView, UnreadHouseholds } from '@louzhang/contracts';
import Tag from 'antd-mobile/es/components/tag';
import { type ReactNode, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { api } from '../../common/api';
import { useAuth } from '../../common/auth';
import { shortAt } from '../../common/dates';
import { fmt, label, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import { Screen } from '../components/screen';
import { ErrorState, SectionLoading } from '../components/screen-state';

/**
 * One notice. Opening it marks it read (once, however often it is opened). A captain also sees how many
 * households of their building have read it and which have not, to knock on their doors.
 */
export default function BulletinPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const { user } = useAuth();
  const req = useRequest((signal) => api.get<NoticeView>(`/notices/${id}`, { signal }), [id]);
  const [readAt, setReadAt] = useState<string | null>(null);
  const n = req.data;
  useEffect(() => {
    if (!n || n.readAt) return;
    if (!user?.roles.some((r) => r.role === 'resident' || r.role === 'captain')) return;
    api
      .post<{ readAt: string }>(`/notices/${id}/read`)
      .then((r) => setReadAt(r.readAt))
      .catch(() => undefined);
  }, [n, id, user]);
  const building = user?.roles.find((r) => r.role === 'captain' && r.orgKind === 'building');

  let body: ReactNode;
  if (req.loading && !n) body = <SectionLoading />;
  else if (req.error && !n) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (n)
    body = (
      <>
        <div className="m-card">
          <div className="m-task-tags">
            {n.isPinned && (
              <Tag color="danger" className="m-tag">
                {t.mNotices.pinned}
              </Tag>
            )}
            <Tag color="primary" className="m-tag">
              {label(t.mNotices.kinds, n.kind)}
            </Tag>
          </div>
          <h2 className="m-step-title">{n.title}</h2>
          <div className="m-hint">
            {fmt(t.mNotices.from, { scope: n.scopeName, author: n.authorName })} · {shortAt(n.publishedAt)}
          </div>
          <p className="m-notice-body" style={{ whiteSpace: 'pre-wrap' }}>
            {n.body}
          </p>
          {n.attachment && (
            <a href={n.attachment.url} target="_blank" rel="noreferrer">
              <img className="m-notice-attachment" src={n.attachment.thumbUrl} alt="" />
            </a>
          )}
          {(n.readAt ?? readAt) && (
            <div className="m-hint">{fmt(t.mNotices.readAt, { at: shortAt((n.readAt ?? readAt)!) })}</div>
          )}
        </div>
        {building && <CaptainReceipts noticeId={id} buildingId={building.orgUnitId} readAt={readAt} />}
      </>
    );
  return (
    <Screen title={t.mNotices.title} backTo="/bulletins">
      {body}
    </Screen>
  );
}

/** `readAt` changes when my own read lands: the counts are fetched again to include my household. */
function CaptainReceipts({
  noticeId,
  buildingId,
  readAt,
}: {
  noticeId: number;
  buildingId: number;
  readAt: string | null;
}) {
  const { t } = useI18n();
  const receipts = useRequest(
    (signal) => api.get<NoticeReceipts>(`/notices/${noticeId}/receipts`, { signal }),
    [noticeId],
  );
  const unread = useRequest(
    (signal) => api.get<UnreadHouseholds>(`/notices/${noticeId}/unread-households`, { query: { buildingId }, signal }),
    [noticeId, buildingId, readAt],
  );
  const mine = receipts.data?.buildings.find((b) => b.buildingId === buildingId);
  return (
    <>
      <h2 className="m-step-title">{t.mNotices.receipts}</h2>
      <div className="m-card" data-testid="notice-receipts">
        {mine && (
          <div className="m-card-value">
            {fmt(t.mNotices.householdsRead, { read: mine.householdsRead, total: mine.households })}
          </div>
        )}
        <div className="m-card-label">{t.mNotices.unreadHouseholds}</div>
        {unread.data?.items.length === 0 && <div className="m-hint">{t.mNotices.allRead}</div>}
        <ul className="m-unread-list" data-testid="unread-households">
          {unread.data?.items.map((h) => (
            <li key={h.householdId}>
              {h.address}
              {h.headName ? ` · ${h.headName}` : ''}
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}
