import type { ResidencyClaimView } from '@louzhang/contracts';
import { formatShanghaiDateTime } from '@louzhang/contracts';
import Button from 'antd-mobile/es/components/button';
import Tag from 'antd-mobile/es/components/tag';
import TextArea from 'antd-mobile/es/components/text-area';
import Toast from 'antd-mobile/es/components/toast';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, errorMessage } from '../../shared/api';
import { fmt, useI18n } from '../../shared/i18n';
import { useRequest } from '../../shared/use-request';
import type { ReportDetail } from '../api-types';
import { ResidencyConfirm } from '../components/residency-confirm';
import { Screen } from '../components/screen';
import { ErrorState, SectionLoading } from '../components/screen-state';
import { STATUS_COLOR } from './reports-page';

/**
 * One report: what was reported, its timeline, and what the caller may do now (the server's `can`):
 * the reporter rates the answer or says 没解决 (reopens, one level up); a handler answers, marks it
 * resolved or escalates with a reason; anyone in the building may join it.
 */
export default function ReportDetailPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const req = useRequest((signal) => api.get<ReportDetail>(`/reports/${id}`, { signal }), [id]);
  const r = req.data;

  let body: React.ReactNode;
  if (req.loading && !r) body = <SectionLoading />;
  else if (req.error && !r) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (r)
    body = (
      <>
        <div className="m-card">
          <div className="m-outbox-row">
            <span className="m-outbox-title">{r.categoryName}</span>
            <Tag color={STATUS_COLOR[r.status] ?? 'default'} className="m-tag" data-testid="report-status">
              {t.mReports.status[r.status] ?? r.status}
            </Tag>
          </div>
          <p className="m-report-desc">{r.description}</p>
          {r.photos.length > 0 && (
            <div className="m-photos">
              {r.photos.map((ph) => (
                <a key={ph.id} href={ph.url} target="_blank" rel="noreferrer" className="m-photo">
                  <img src={ph.thumbUrl} alt={t.mReports.photo} />
                </a>
              ))}
            </div>
          )}
          <div className="m-hint">
            {r.buildingName}
            {r.location ? ` · ${r.location}` : ''} · {formatShanghaiDateTime(r.createdAt)}
          </div>
          <div className="m-hint">
            {fmt(t.mReports.handler, { name: r.handlerName, level: t.mReports.levels[r.level] ?? r.level })}
          </div>
          {r.reporter?.name && !r.isMine && (
            <div className="m-hint">
              {fmt(t.mReports.reporter, { name: r.reporter.name, phone: r.reporter.phoneMasked ?? '' })}
              {r.reporter.residentVerified === false && (
                <Tag color="warning" fill="outline" className="m-tag" data-testid="reporter-unverified">
                  {t.mResidency.unverified}
                </Tag>
              )}
            </div>
          )}
          {r.rating !== null && <div className="m-hint">{fmt(t.mReports.rated, { n: r.rating })}</div>}
        </div>

        {r.reporter?.residencyClaimId && (
          <PendingResident claimId={r.reporter.residencyClaimId} buildingId={r.buildingId} onDone={req.reload} />
        )}

        <Actions report={r} onDone={req.reload} />

        <h2 className="m-step-title">{t.mReports.timeline}</h2>
        <ol className="m-timeline">
          {[...r.timeline].reverse().map((e) => (
            <li key={e.id} className="m-timeline-item">
              <div className="m-timeline-head">
                <strong>{t.mReports.events[e.type] ?? e.type}</strong>
                <span className="m-hint">{formatShanghaiDateTime(e.at)}</span>
              </div>
              {e.actorName && <div className="m-hint">{e.actorName}</div>}
              {e.note && <div className="m-timeline-note">{e.note}</div>}
              {e.photos.length > 0 && (
                <div className="m-photos">
                  {e.photos.map((ph) => (
                    <a key={ph.id} href={ph.url} target="_blank" rel="noreferrer" className="m-photo">
                      <img src={ph.thumbUrl} alt={t.mReports.photo} />
                    </a>
                  ))}
                </div>
              )}
            </li>
          ))}
        </ol>
      </>
    );
  return <Screen title={t.mReports.detailTitle}>{body}</Screen>;
}

function Actions({ report: r, onDone }: { report: ReportDetail; onDone: () => void }) {
  const { t } = useI18n();
  const [rating, setRating] = useState(5);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState<string | null>(null);

  async function act(name: string, path: string, body: unknown, done: string) {
    setBusy(name);
    try {
      await api.post(`/reports/${r.id}/${path}`, body);
      Toast.show({ icon: 'success', content: done });
      setText('');
      onDone();
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  }

  const handler = r.can.answer || r.can.escalate || r.can.resolve || r.can.accept;
  return (
    <>
      {r.can.rate && (
        <section className="m-card" aria-labelledby="m-rate">
          <h2 id="m-rate" className="m-similar-title">
            {t.mReports.rateTitle}
          </h2>
          <div className="m-stars">
            {[1, 2, 3, 4, 5].map((n) => (
              <button
                key={n}
                type="button"
                className={`m-star${n <= rating ? ' m-star-on' : ''}`}
                aria-pressed={n === rating}
                aria-label={fmt(t.mReports.starN, { n })}
                onClick={() => setRating(n)}
              >
                ★
              </button>
            ))}
          </div>
          <div className="m-hint">{t.mReports.stars[String(rating)]}</div>
          <div className="m-outbox-actions">
            <Button
              size="large"
              color="primary"
              loading={busy === 'rate'}
              onClick={() => act('rate', 'rate', { rating, solved: true }, t.mReports.thanks)}
            >
              {t.mReports.solved}
            </Button>
            <Button
              size="large"
              color="danger"
              fill="outline"
              loading={busy === 'reopen'}
              onClick={() =>
                act('reopen', 'rate', { rating: Math.min(rating, 2), solved: false }, t.mReports.reopenedToast)
              }
            >
              {t.mReports.notSolved}
            </Button>
          </div>
        </section>
      )}

      {r.can.join && !r.isMine && !r.isFollowing && (
        <div className="m-pad">
          <Button
            size="large"
            block
            color="warning"
            loading={busy === 'join'}
            onClick={() => act('join', 'join', {}, t.mReport.joined)}
          >
            {t.mReport.metToo}
          </Button>
        </div>
      )}

      {handler && (
        <section className="m-card" aria-labelledby="m-handle">
          <h2 id="m-handle" className="m-similar-title">
            {t.mReports.handleTitle}
          </h2>
          {r.can.accept && (
            <Button
              size="large"
              block
              color="primary"
              loading={busy === 'accept'}
              onClick={() => act('accept', 'accept', {}, t.mReports.acceptedToast)}
            >
              {t.mReports.accept}
            </Button>
          )}
          {(r.can.answer || r.can.escalate) && (
            <TextArea
              className="m-textarea"
              placeholder={t.mReports.messagePlaceholder}
              value={text}
              onChange={setText}
              maxLength={1000}
              rows={3}
            />
          )}
          {r.can.resolve && (
            <Button
              size="large"
              block
              color="primary"
              disabled={text.trim().length < 1}
              loading={busy === 'resolve'}
              onClick={() => act('resolve', 'resolve', { message: text.trim() }, t.mReports.resolvedToast)}
            >
              {t.mReports.resolve}
            </Button>
          )}
          <div className="m-outbox-actions">
            {r.can.answer && (
              <Button
                size="large"
                disabled={text.trim().length < 1}
                loading={busy === 'answer'}
                onClick={() => act('answer', 'answer', { message: text.trim() }, t.mReports.answeredToast)}
              >
                {t.mReports.answer}
              </Button>
            )}
            {r.can.escalate && (
              <Button
                size="large"
                color="warning"
                disabled={text.trim().length < 2}
                loading={busy === 'escalate'}
                onClick={() => act('escalate', 'escalate', { reason: text.trim() }, t.mReports.escalatedToast)}
              >
                {t.mReports.escalate}
              </Button>
            )}
          </div>
          {(r.can.answer || r.can.escalate) && <p className="m-hint">{t.mReports.handleHint}</p>}
        </section>
      )}
    </>
  );
}

/** The reporter's 待确认住户 request, confirmed from the report in one step. */
function PendingResident({ claimId, buildingId, onDone }: { claimId: number; buildingId: number; onDone: () => void }) {
  const { t } = useI18n();
  const req = useRequest(
    (signal) => api.get<{ items: ResidencyClaimView[] }>('/residency-claims', { query: { buildingId }, signal }),
    [buildingId, claimId],
  );
  const claim = req.data?.items.find((c) => c.id === claimId);
  if (!claim) return null;
  return (
    <>
      <p className="m-hint m-pad">{t.mResidency.unverifiedHint}</p>
      <ResidencyConfirm claim={claim} onDone={onDone} linkReport={false} />
    </>
  );
}
