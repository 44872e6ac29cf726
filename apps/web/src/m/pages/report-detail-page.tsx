import type { ResidencyClaimView } from '@louzhang/contracts';
import Button from 'antd-mobile/es/components/button';
import Tag from 'antd-mobile/es/components/tag';
import TextArea from 'antd-mobile/es/components/text-area';
import Toast from 'antd-mobile/es/components/toast';
import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, errorMessage } from '../../common/api';
import { shortAt } from '../../common/dates';
import { fmt, label, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import type { ReportDetail } from '../api-types';
import { CachedNotice } from '../components/cached-notice';
import { ResidencyConfirm } from '../components/residency-confirm';
import { Screen } from '../components/screen';
import { ErrorState, SectionLoading } from '../components/screen-state';
import { useCachedRequest } from '../offline/use-cached-request';
import { outbox } from '../outbox/outbox';
import { useOutbox } from '../outbox/use-outbox';
import { STATUS_COLOR } from './reports-page';

/**
 * One report: what was reported, its timeline, and what the caller may do now (the server's `can`):
 * the reporter rates the answer or says 没解决 (reopens, one level up); a handler answers, marks it
 * resolved or escalates with a reason; anyone in the building may join it.
 */
export default function ReportDetailPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const req = useCachedRequest(`reports/${id}`, (signal) => api.get<ReportDetail>(`/reports/${id}`, { signal }), [id]);
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
            {r.location ? ` · ${r.location}` : ''} · {shortAt(r.createdAt)}
          </div>
          <div className="m-hint">
            {r.handlerPeople.length > 0
              ? fmt(t.mReports.handlerPeople, {
                  role: label(t.roles, r.handlerPeople[0]?.role ?? ''),
                  names: r.handlerPeople.map((p) => p.name).join('、'),
                })
              : fmt(t.mReports.handler, { name: r.handlerName })}
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
                <span className="m-hint">{shortAt(e.at)}</span>
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
  return (
    <Screen title={t.mReports.detailTitle}>
      <CachedNotice at={req.cachedAt} />
      {body}
    </Screen>
  );
}

/**
 * What the caller may do. Every action goes through the outbox with its own Idempotency-Key: online it
 * leaves at once; with no signal it waits on the phone (待发送 on this screen) and is sent exactly once
 * when the signal returns, after which the report is loaded again.
 */
function Actions({ report: r, onDone }: { report: ReportDetail; onDone: () => void }) {
  const { t } = useI18n();
  // No stars until the resident picks some: a rating is a choice, never a default.
  const [rating, setRating] = useState<number | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const ref = `report:${r.id}`;
  // What to say when each action queued from this screen has gone out (e.g. 已上报上一级).
  const doneMessages = useRef(new Map<string, string>());
  const waiting = useOutbox().filter(
    (i) => i.ref === ref && (i.state === 'pending' || i.state === 'sending' || i.state === 'failed'),
  );

  useEffect(
    () =>
      outbox.onSent((it) => {
        if (it.ref !== ref) return;
        Toast.show({
          icon: 'success',
          content: doneMessages.current.get(it.key) ?? fmt(t.mReports.sentToast, { title: it.title }),
        });
        onDone();
      }),
    [ref, onDone, t],
  );

  async function act(name: string, path: string, body: Record<string, unknown>, action: string, done: string) {
    setBusy(name);
    try {
      const item = await outbox.enqueue({
        kind: 'reportAction',
        title: fmt(t.mReports.outboxTitle, { action, category: r.categoryName }),
        ref,
        path: `/reports/${r.id}/${path}`,
        body,
      });
      doneMessages.current.set(item.key, done);
      setText('');
      if (!navigator.onLine) Toast.show({ content: t.mOutbox.queued });
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  }

  if (waiting.length > 0)
    return (
      <section className="m-card" role="status" data-testid="report-waiting">
        {waiting.map((i) => (
          <div key={i.key} className="m-outbox-row">
            <span>{i.title}</span>
            <Tag color={i.state === 'failed' ? 'danger' : 'primary'} className="m-tag">
              {t.mOutbox.states[i.state]}
            </Tag>
          </div>
        ))}
        {waiting.some((i) => i.state === 'failed') && (
          <p className="m-form-error">{waiting.find((i) => i.state === 'failed')?.lastError?.message}</p>
        )}
        <p className="m-hint">{t.mReports.waitingHint}</p>
      </section>
    );

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
                className={`m-star${rating !== null && n <= rating ? ' m-star-on' : ''}`}
                aria-pressed={n === rating}
                aria-label={fmt(t.mReports.starN, { n })}
                onClick={() => setRating(n)}
              >
                ★
              </button>
            ))}
          </div>
          <div className="m-hint">{rating === null ? t.mReports.pickStars : t.mReports.stars[String(rating)]}</div>
          <div className="m-outbox-actions">
            <Button
              size="large"
              color="primary"
              disabled={rating === null}
              loading={busy === 'rate'}
              onClick={() =>
                void (
                  rating !== null && act('rate', 'rate', { rating, solved: true }, t.mReports.solved, t.mReports.thanks)
                )
              }
            >
              {t.mReports.solved}
            </Button>
            <Button
              size="large"
              color="danger"
              fill="outline"
              disabled={rating === null}
              loading={busy === 'reopen'}
              onClick={() =>
                void (
                  rating !== null &&
                  act(
                    'reopen',
                    'rate',
                    { rating: Math.min(rating, 2), solved: false },
                    t.mReports.notSolved,
                    t.mReports.reopenedToast,
                  )
                )
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
            onClick={() => act('join', 'join', {}, t.mReport.metToo, t.mReport.joined)}
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
              onClick={() => act('accept', 'accept', {}, t.mReports.accept, t.mReports.acceptedToast)}
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
              onClick={() =>
                act('resolve', 'resolve', { message: text.trim() }, t.mReports.resolve, t.mReports.resolvedToast)
              }
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
                onClick={() =>
                  act('answer', 'answer', { message: text.trim() }, t.mReports.answer, t.mReports.answeredToast)
                }
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
                onClick={() =>
                  act('escalate', 'escalate', { reason: text.trim() }, t.mReports.escalate, t.mReports.escalatedToast)
                }
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
