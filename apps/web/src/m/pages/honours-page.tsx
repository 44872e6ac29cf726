import type { CaptainRecordView, HonourVerifyView, MyHonours } from '@louzhang/contracts';
import Tag from 'antd-mobile/es/components/tag';
import type { ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import { api, isApiError } from '../../common/api';
import { fmt, label, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import { Screen } from '../components/screen';
import { EmptyState, ErrorState, SectionLoading } from '../components/screen-state';

/** 我的荣誉: my scores in published rounds with the breakdown, and my certificates. */
export function MyHonoursPage() {
  const { t } = useI18n();
  const req = useRequest((signal) => api.get<MyHonours>('/honours/me', { signal }), []);
  let body: ReactNode;
  if (req.loading && !req.data) body = <SectionLoading />;
  else if (req.error && !req.data) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (!req.data?.items.length) body = <EmptyState description={t.mLife.noHonours} />;
  else
    body = req.data.items.map((h) => (
      <div key={h.roundId} className="m-card" data-testid={`honour-${h.roundId}`}>
        <h2 className="m-step-title">
          {label(t.cLife.roundKind, h.kind)} · {h.period}
        </h2>
        <div className="m-task-tags">
          <Tag color={h.score.isHonoured ? 'danger' : 'default'} className="m-tag">
            {h.score.isHonoured ? t.mLife.honoured : t.mLife.notHonoured}
          </Tag>
          {h.score.rank !== null ? (
            <Tag className="m-tag">{fmt(t.mLife.rank, { n: h.score.rank })}</Tag>
          ) : (
            h.cutoffTotal !== null && <Tag className="m-tag">{fmt(t.mLife.cutoff, { n: h.cutoffTotal })}</Tag>
          )}
        </div>
        <h3>{t.mLife.breakdown}</h3>
        <dl className="m-breakdown">
          <dt>{t.mLife.chorePoints}</dt>
          <dd>{h.score.chorePoints}</dd>
          <dt>{fmt(t.mLife.satisfaction, { n: h.score.ratings, s: h.score.shrunkRating ?? '—' })}</dt>
          <dd>{h.score.satisfaction}</dd>
          <dt>{t.mLife.merit}</dt>
          <dd>{h.score.merit}</dd>
          <dt>{t.mLife.total}</dt>
          <dd>
            <b>{h.score.total}</b>
          </dd>
        </dl>
        {h.score.isHonoured && (
          <a
            href={`/api/v1/honours/rounds/${h.roundId}/certificates/${h.score.userId}`}
            target="_blank"
            rel="noreferrer"
          >
            {t.mLife.certificate}
          </a>
        )}
      </div>
    ));
  return <Screen title={t.mLife.honours}>{body}</Screen>;
}

/** The public check a certificate's QR code opens. */
export function HonourVerifyPage() {
  const { t } = useI18n();
  const token = useParams().token ?? '';
  const req = useRequest((signal) => api.get<HonourVerifyView>(`/public/honours/verify/${token}`, { signal }), [token]);
  let body: ReactNode;
  if (req.loading && !req.data) body = <SectionLoading />;
  else if (req.error && isApiError(req.error, 'NOT_FOUND')) body = <EmptyState description={t.mLife.notVerified} />;
  else if (req.error) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (req.data)
    body = (
      <div className="m-card" data-testid="honour-verified">
        <Tag color="success" className="m-tag">
          {t.mLife.verified}
        </Tag>
        <h2 className="m-step-title">{req.data.name}</h2>
        <p>
          {req.data.streetName} · {req.data.period} · {req.data.title}
        </p>
      </div>
    );
  return <Screen title={t.mLife.verifyTitle}>{body}</Screen>;
}

/** 我的楼长档案: my tags, duties, status and buildings. */
export function MyCaptainRecordPage() {
  const { t } = useI18n();
  const req = useRequest((signal) => api.get<CaptainRecordView>('/captains/me', { signal }), []);
  const r = req.data;
  let body: ReactNode;
  if (req.loading && !r) body = <SectionLoading />;
  else if (req.error && isApiError(req.error, 'CAPTAIN_NOT_REGISTERED'))
    body = <EmptyState description={t.mLife.notCaptain} />;
  else if (req.error) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (r)
    body = (
      <div className="m-card">
        <h2 className="m-step-title">{r.name}</h2>
        <div className="m-task-tags">
          <Tag color="primary" className="m-tag">
            {label(t.cLife.captainStatus, r.status)}
          </Tag>
          {r.tags.map((x) => (
            <Tag key={x} className="m-tag">
              {x}
            </Tag>
          ))}
        </div>
        <dl className="m-breakdown">
          <dt>{t.cLife.buildings}</dt>
          <dd>{r.buildings.map((b) => b.name).join('、') || '—'}</dd>
          <dt>{t.cLife.duties}</dt>
          <dd>{r.duties.join('、') || '—'}</dd>
          <dt>{t.cLife.employerUnit}</dt>
          <dd>{r.employerUnit ?? '—'}</dd>
        </dl>
      </div>
    );
  return <Screen title={t.mLife.profile}>{body}</Screen>;
}
