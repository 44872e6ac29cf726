import type { HouseholdDetail } from '@louzhang/contracts';
import Button from 'antd-mobile/es/components/button';
import TextArea from 'antd-mobile/es/components/text-area';
import Toast from 'antd-mobile/es/components/toast';
import CheckCircleFill from 'antd-mobile-icons/es/CheckCircleFill';
import EnvironmentOutline from 'antd-mobile-icons/es/EnvironmentOutline';
import { useEffect, useMemo, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, errorMessage, isApiError } from '../../common/api';
import { useAuth } from '../../common/auth';
import { fmt, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import type { BuildingByToken, ReportCategory, SimilarReport } from '../api-types';
import { PhotoPicker } from '../components/photo-picker';
import { Screen } from '../components/screen';
import { EmptyState, ErrorState, SectionLoading } from '../components/screen-state';
import { SmsCodeForm } from '../components/sms-code-form';
import { outbox } from '../outbox/outbox';
import { useOutbox } from '../outbox/use-outbox';

interface Place {
  buildingId: number;
  buildingName: string;
  communityName: string | null;
  captainName: string | null;
  token: string | null;
}

/**
 * 我要报事. Opened from the building's QR link (/m/r/:token: the building is known) or from the home
 * tile (the resident's own building). Three taps: a category tile, optionally 拍照, 提交. Before sending
 * it lists open reports of the same category in the building, with "我也遇到了" to join one instead.
 * The report goes through the outbox, so a weak signal loses nothing and never files it twice.
 */
export default function ReportPage() {
  const { t, lang } = useI18n();
  // The QR link is /m/report?b=<token> (the reports API's form); /m/r/<token> is accepted too.
  const params = useParams();
  const [search] = useSearchParams();
  const token = params.token ?? search.get('b') ?? undefined;
  const navigate = useNavigate();
  const location = useLocation();
  const { status } = useAuth();
  const signedIn = status === 'signedIn';

  const place = useRequest<Place | null>(
    async (signal) => {
      if (!token && !signedIn) return null;
      if (token) {
        const b = await api.get<BuildingByToken>(`/buildings/by-token/${encodeURIComponent(token)}`, { signal });
        return { ...b, token };
      }
      try {
        const h = await api.get<HouseholdDetail>('/households/mine', { signal });
        return {
          buildingId: h.buildingId,
          buildingName: h.buildingName,
          communityName: null,
          captainName: null,
          token: null,
        };
      } catch (e) {
        if (isApiError(e, 'NOT_FOUND')) return null;
        throw e;
      }
    },
    [token, signedIn],
  );
  const cats = useRequest((signal) => api.get<{ items: ReportCategory[] }>('/report-categories', { signal }), []);

  const [parent, setParent] = useState<ReportCategory | null>(null);
  const [category, setCategory] = useState<ReportCategory | null>(null);
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [description, setDescription] = useState('');
  const [queuedKey, setQueuedKey] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const name = (c: ReportCategory) => (lang === 'en' ? c.nameEn : c.nameZh);
  const all = cats.data?.items ?? [];
  const tops = all.filter((c) => c.parentId === null);
  const childrenOf = (id: number) => all.filter((c) => c.parentId === id);

  const home = place.data;
  // A resident may report at a lane, square or market of their community instead of their building.
  const places = useRequest(
    (signal) =>
      token
        ? Promise.resolve({ items: [] })
        : api.get<{ items: { id: number; name: string }[] }>('/report-places', { signal }),
    [token],
  );
  const [atPlace, setAtPlace] = useState<{ id: number; name: string } | null>(null);
  const p: Place | null | undefined =
    atPlace && home
      ? { buildingId: atPlace.id, buildingName: atPlace.name, communityName: null, captainName: null, token: null }
      : home;
  const similar = useRequest<SimilarReport[]>(
    async (signal) => {
      if (!p || !category || !signedIn) return [];
      const r = await api.get<{ items: SimilarReport[] }>('/reports/similar', {
        query: { buildingId: p.buildingId, categoryId: category.id },
        signal,
      });
      return r.items;
    },
    [p?.buildingId, category?.id, signedIn],
  );

  if (queuedKey) return <Queued queuedKey={queuedKey} />;
  // Without the QR link there is no building to show a stranger: sign in first (it is "my building").
  if (!token && status === 'signedOut') {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }

  /** Queues the report in the outbox (which sends it, now or when the signal is back). */
  const send = async (cat: ReportCategory, place: Place, userId?: number) => {
    setSending(true);
    try {
      // Just signed in inline: the outbox learns who before the session reaches every screen.
      if (userId !== undefined) outbox.setUser(userId);
      const text = description.trim().length >= 2 ? description.trim() : name(cat);
      const item = await outbox.enqueue({
        kind: 'report',
        title: fmt(t.mReport.outboxTitle, { category: name(cat), building: place.buildingName }),
        path: '/reports',
        body: {
          ...(atPlace
            ? { placeId: atPlace.id }
            : place.token
              ? { buildingToken: place.token }
              : { buildingId: place.buildingId }),
          categoryId: cat.id,
          description: text.length >= 2 ? text : `${text}${t.mReport.problemSuffix}`,
        },
        photoField: 'photoIds',
        photos,
      });
      setQueuedKey(item.key);
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    } finally {
      setSending(false);
    }
  };

  let body: React.ReactNode;
  if ((place.loading && !p) || (cats.loading && !cats.data)) body = <SectionLoading />;
  else if (place.error) body = <ErrorState error={place.error} onRetry={place.reload} />;
  else if (cats.error) body = <ErrorState error={cats.error} onRetry={cats.reload} />;
  else if (!p) body = <EmptyState description={t.mReport.noBuilding} />;
  else {
    const shown = parent ? [parent, ...childrenOf(parent.id)] : tops;
    body = (
      <>
        <div className="m-card m-place">
          <EnvironmentOutline className="m-place-icon" aria-hidden="true" />
          <div>
            <div className="m-card-value">{p.buildingName}</div>
            <div className="m-hint">
              {[p.communityName, p.captainName && fmt(t.mReport.captain, { name: p.captainName })]
                .filter(Boolean)
                .join(' · ')}
            </div>
          </div>
        </div>

        {(places.data?.items.length ?? 0) > 0 && (
          <div className="m-pad">
            <select
              className="m-select"
              aria-label={t.mReport.placeOther}
              value={atPlace?.id ?? ''}
              onChange={(e) => setAtPlace(places.data?.items.find((x) => x.id === Number(e.target.value)) ?? null)}
            >
              <option value="">{atPlace ? t.mReport.placeBuilding : t.mReport.placeOther}</option>
              {places.data?.items.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </div>
        )}

        <h2 className="m-step-title">{t.mReport.stepCategory}</h2>
        {parent && (
          <button
            type="button"
            className="m-chip"
            onClick={() => {
              setParent(null);
              setCategory(null);
            }}
          >
            ‹ {t.mReport.allCategories}
          </button>
        )}
        <div className="m-cat-grid">
          {shown.map((c) => {
            const hasKids = !parent && childrenOf(c.id).length > 0;
            const selected = category?.id === c.id;
            return (
              <button
                key={c.id}
                type="button"
                aria-pressed={selected}
                className={`m-cat${selected ? ' m-cat-on' : ''}`}
                onClick={() => {
                  if (hasKids) {
                    setParent(c);
                    setCategory(null);
                  } else setCategory(c);
                }}
              >
                {parent && c.id === parent.id ? fmt(t.mReport.otherOf, { name: name(c) }) : name(c)}
                {hasKids && <span className="m-cat-more"> ›</span>}
              </button>
            );
          })}
        </div>

        {category && (
          <>
            {similar.data && similar.data.length > 0 && (
              <section className="m-card m-similar" aria-labelledby="m-similar">
                <h2 id="m-similar" className="m-similar-title">
                  {t.mReport.similarTitle}
                </h2>
                <p className="m-hint">{t.mReport.similarHint}</p>
                {similar.data.map((s) => (
                  <div key={s.id} className="m-similar-item">
                    <div className="m-similar-desc">{s.description}</div>
                    <div className="m-hint">
                      {fmt(t.mReport.followers, { n: s.followerCount })} · {t.mReports.status[s.status] ?? s.status}
                    </div>
                    {s.isFollowing ? (
                      <Button size="large" block disabled>
                        {t.mReport.alreadyJoined}
                      </Button>
                    ) : (
                      <Button
                        size="large"
                        block
                        color="warning"
                        onClick={async () => {
                          try {
                            await api.post(`/reports/${s.id}/join`);
                            Toast.show({ content: t.mReport.joined });
                            navigate(`/reports/${s.id}`, { replace: true });
                          } catch (e) {
                            Toast.show({ content: errorMessage(e) });
                          }
                        }}
                      >
                        {t.mReport.metToo}
                      </Button>
                    )}
                  </div>
                ))}
              </section>
            )}

            <h2 className="m-step-title">{t.mReport.stepPhoto}</h2>
            <div className="m-pad">
              <PhotoPicker photos={photos} onChange={setPhotos} max={3} />
            </div>
            <h2 className="m-step-title">
              <label htmlFor="m-report-text">{t.mReport.stepDescription}</label>
            </h2>
            <div className="m-pad">
              <TextArea
                className="m-textarea"
                placeholder={t.mReport.descriptionPlaceholder}
                value={description}
                onChange={setDescription}
                maxLength={1000}
                rows={3}
                id="m-report-text"
              />
            </div>
            {signedIn ? (
              <div className="m-pad">
                <Button
                  color="primary"
                  size="large"
                  block
                  className="m-big-button"
                  loading={sending}
                  onClick={() => send(category, p)}
                >
                  {t.mReport.submit}
                </Button>
              </div>
            ) : (
              <section className="m-pad" aria-labelledby="m-newcomer">
                <h2 id="m-newcomer" className="m-step-title">
                  {t.mResidency.newcomerTitle}
                </h2>
                <p className="m-hint">{t.mResidency.newcomerHint}</p>
                <SmsCodeForm submitLabel={t.mResidency.verifyAndSubmit} onSignedIn={(u) => send(category, p, u.id)} />
                <Link
                  className="m-link-row"
                  to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}
                >
                  {t.mResidency.passwordInstead}
                </Link>
              </section>
            )}
          </>
        )}
      </>
    );
  }

  return <Screen title={t.mReport.title}>{body}</Screen>;
}

/** After 提交: waits for the outbox to send it, then opens the report; offline it says it is saved. */
function Queued({ queuedKey }: { queuedKey: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const items = useOutbox();
  const item = useMemo(() => items.find((i) => i.key === queuedKey), [items, queuedKey]);
  const created = item?.state === 'sent' ? (item.result as { id?: number } | null) : null;
  useEffect(() => {
    if (created?.id) navigate(`/reports/${created.id}`, { replace: true });
  }, [created?.id, navigate]);

  return (
    <Screen title={t.mReport.title}>
      <div className="m-state m-done" role="status">
        <CheckCircleFill className="m-done-icon" />
        {item?.state === 'failed' ? (
          <>
            <h2>{t.mOutbox.states.failed}</h2>
            <p className="m-form-error">{item.lastError?.message}</p>
          </>
        ) : (
          <>
            <h2>{item?.state === 'sent' ? t.mReport.sent : t.mReport.saved}</h2>
            <p>{item?.state === 'sent' ? '' : t.mOutbox.queued}</p>
          </>
        )}
        <Button size="large" block color="primary" className="m-big-button" onClick={() => navigate('/')}>
          {t.common.backHome}
        </Button>
      </div>
    </Screen>
  );
}
