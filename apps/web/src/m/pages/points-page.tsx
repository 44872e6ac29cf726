import Button from 'antd-mobile/es/components/button';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { shortAt } from '../../common/dates';
import { fmt, useI18n } from '../../common/i18n';
import type { PointAccount, PointHistoryItem } from '../api-types';
import { CachedNotice } from '../components/cached-notice';
import { Screen } from '../components/screen';
import { EmptyState, ErrorState, SectionLoading } from '../components/screen-state';
import { useCachedRequest } from '../offline/use-cached-request';

/** 我的积分: the balance in big figures with its yuan value, then every entry, newest first. */
export default function PointsPage() {
  const { t } = useI18n();
  const req = useCachedRequest(
    'points/me',
    (signal) => api.get<PointAccount>('/points/me', { query: { limit: 30 }, signal }),
    [],
  );
  const [more, setMore] = useState<PointHistoryItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  useEffect(() => {
    setMore([]);
    setCursor(req.data?.nextCursor ?? null);
  }, [req.data]);

  const a = req.data;
  let body: React.ReactNode;
  if (req.loading && !a) body = <SectionLoading />;
  else if (req.error && !a) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (a) {
    const items = [...a.items, ...more];
    body = (
      <>
        <div className="m-card m-balance">
          <div className="m-card-label">{t.mPoints.balance}</div>
          <div className="m-balance-value" data-testid="points-balance">
            {a.balance}
          </div>
          <div className="m-hint">
            {fmt(t.mPoints.yuan, { yuan: a.balanceYuan.toFixed(2), rate: a.yuanPerPoint })} · {a.streetName}
          </div>
        </div>
        <h2 className="m-step-title">{t.mPoints.history}</h2>
        {items.length === 0 && <EmptyState description={t.mPoints.empty} />}
        {items.map((e) => (
          <div key={e.entryId} className="m-card m-entry">
            <div className="m-outbox-row">
              <span className="m-entry-memo">{e.memo || (t.mPoints.kinds[e.kind] ?? e.kind)}</span>
              <span className={`m-entry-amount ${e.amount >= 0 ? 'm-plus' : 'm-minus'}`}>
                {e.amount > 0 ? `+${e.amount}` : e.amount}
              </span>
            </div>
            <div className="m-hint">
              {t.mPoints.kinds[e.kind] ?? e.kind} · {shortAt(e.at)}
            </div>
          </div>
        ))}
        {moreError && <p className="m-form-error m-pad">{moreError}</p>}
        {cursor && (
          <div className="m-pad">
            <Button
              size="large"
              block
              loading={loadingMore}
              onClick={async () => {
                setLoadingMore(true);
                setMoreError(null);
                try {
                  const next = await api.get<PointAccount>('/points/me', { query: { limit: 30, cursor } });
                  setMore((m) => [...m, ...next.items]);
                  setCursor(next.nextCursor);
                } catch (e) {
                  setMoreError(errorMessage(e));
                } finally {
                  setLoadingMore(false);
                }
              }}
            >
              {t.mPoints.more}
            </Button>
          </div>
        )}
      </>
    );
  }
  return (
    <Screen title={t.mobile.tiles.points}>
      <CachedNotice at={req.cachedAt} />
      {body}
    </Screen>
  );
}
