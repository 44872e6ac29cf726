import type { ProjectDetail, ProjectView } from '@louzhang/contracts';
import { formatShanghaiDateTime } from '@louzhang/contracts';
import Button from 'antd-mobile/es/components/button';
import Toast from 'antd-mobile/es/components/toast';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, errorMessage } from '../../common/api';
import { fmt, label, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import { Screen } from '../components/screen';
import { EmptyState, ErrorState, SectionLoading } from '../components/screen-state';

/** 民生实事 around me: what the community and its partners are doing, how far they got. */
export function ProjectsPage() {
  const { t } = useI18n();
  const m = t.mProjects;
  const req = useRequest((signal) => api.get<{ items: ProjectView[] }>('/livelihood-projects', { signal }), []);
  const items = req.data?.items;
  let body: ReactNode;
  if (req.loading && !items) body = <SectionLoading />;
  else if (req.error && !items) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (!items?.length) body = <EmptyState description={m.none} />;
  else
    body = items.map((p) => (
      <Link key={p.id} to={`/projects/${p.id}`} className="m-card m-link-card" data-testid={`m-project-${p.id}`}>
        <div className="m-outbox-title">{p.title}</div>
        <div className="m-hint">
          {label(t.cPartners.statuses, p.status)} · {label(t.projectCategories, p.category)} · {p.orgUnitName}
        </div>
        <div className="m-hint">
          {fmt(m.percent, { n: p.percent })}
          {p.averageRating !== null ? ` · ${fmt(m.average, { n: p.averageRating.toFixed(1) })}` : ''}
        </div>
      </Link>
    ));
  return (
    <Screen title={m.title} backTo="/">
      {body}
    </Screen>
  );
}

/** One project: milestones, progress reports with photos, residents' ratings, and mine (once, after work starts). */
export function ProjectPage() {
  const { t } = useI18n();
  const m = t.mProjects;
  const { id } = useParams();
  const req = useRequest((signal) => api.get<ProjectDetail>(`/livelihood-projects/${id}`, { signal }), [id]);
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  async function send() {
    setBusy(true);
    try {
      await api.post(`/livelihood-projects/${id}/feedback`, {
        rating,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      Toast.show({ icon: 'success', content: m.sent });
      req.reload();
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }
  const p = req.data;
  let body: ReactNode;
  if (req.loading && !p) body = <SectionLoading />;
  else if (req.error && !p) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (p)
    body = (
      <>
        <section className="m-card" data-testid="m-project-detail">
          <div className="m-outbox-title">{p.title}</div>
          <div className="m-hint">
            {label(t.cPartners.statuses, p.status)} · {label(t.projectCategories, p.category)} · {p.orgUnitName}
          </div>
          {p.partnerName && <div className="m-hint">{fmt(m.partner, { name: p.partnerName })}</div>}
          {p.dueOn && <div className="m-hint">{fmt(m.due, { on: p.dueOn })}</div>}
          <p style={{ whiteSpace: 'pre-wrap' }}>{p.description}</p>
          <div className="m-campaign-progress">{fmt(m.percent, { n: p.percent })}</div>
        </section>
        {p.milestones.length > 0 && (
          <section className="m-card">
            <div className="m-card-label">{m.milestones}</div>
            <ul>
              {p.milestones.map((x) => (
                <li key={x.id}>
                  {x.doneAt ? '✓ ' : ''}
                  {x.title}
                  {x.dueOn ? <span className="m-hint"> {x.dueOn}</span> : null}
                </li>
              ))}
            </ul>
          </section>
        )}
        {p.progress.length > 0 && (
          <section className="m-card">
            <div className="m-card-label">{m.progress}</div>
            {p.progress.map((x) => (
              <div key={x.id} className="m-comment">
                <div className="m-hint">
                  {formatShanghaiDateTime(x.createdAt)} · {x.authorName} · {fmt(m.percent, { n: x.percent })}
                </div>
                <div>{x.body}</div>
                {x.photos.length > 0 && (
                  <div className="m-photo-row">
                    {x.photos.map((ph) => (
                      <a key={ph.id} href={ph.url} target="_blank" rel="noreferrer">
                        <img className="m-notice-attachment" src={ph.thumbUrl} alt={m.progress} />
                      </a>
                    ))}
                  </div>
                )}
              </div>
            ))}
          </section>
        )}
        <section className="m-card" data-testid="m-project-feedback">
          <div className="m-card-label">
            {m.feedback}
            {p.averageRating !== null ? ` · ${fmt(m.average, { n: p.averageRating.toFixed(1) })}` : ''}
          </div>
          {p.feedback.length === 0 && <div className="m-hint">{m.noFeedback}</div>}
          {p.feedback.map((f) => (
            <p key={f.id} className="m-comment">
              <b>{f.userName}</b> {fmt(m.stars, { n: f.rating })}
              {f.comment ? (
                <>
                  <br />
                  {f.comment}
                </>
              ) : null}
            </p>
          ))}
        </section>
        {p.canGiveFeedback && (
          <section className="m-card" data-testid="m-project-rate">
            <div className="m-card-label">{m.rate}</div>
            <div className="m-rating-buttons">
              {[1, 2, 3, 4, 5].map((n) => (
                <Button
                  key={n}
                  aria-pressed={rating === n}
                  color={rating === n ? 'primary' : 'default'}
                  onClick={() => setRating(n)}
                >
                  {fmt(m.stars, { n })}
                </Button>
              ))}
            </div>
            <label className="m-field">
              <span>{m.comment}</span>
              <textarea rows={2} maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} />
            </label>
            <Button color="primary" size="large" block disabled={rating === 0} loading={busy} onClick={send}>
              {m.send}
            </Button>
          </section>
        )}
        {!p.canGiveFeedback && p.status === 'published' && <p className="m-hint m-pad">{m.notYet}</p>}
      </>
    );
  return (
    <Screen title={m.title} backTo="/projects">
      {body}
    </Screen>
  );
}
