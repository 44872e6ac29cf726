import type { ActivityView, MyVolunteering, SignupView } from '@louzhang/contracts';
import Button from 'antd-mobile/es/components/button';
import Toast from 'antd-mobile/es/components/toast';
import { type ReactNode, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, errorMessage } from '../../common/api';
import { fmt, label, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import { Screen } from '../components/screen';
import { EmptyState, ErrorState, SectionLoading } from '../components/screen-state';

const when = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

function useSignupLabel() {
  const { t } = useI18n();
  return (s: SignupView | null) => {
    if (!s) return '';
    if (s.status === 'waitlisted') return fmt(t.mVolunteer.waitlisted, { n: s.waitlistPosition ?? 0 });
    if (s.hours !== null) return fmt(t.mVolunteer.hoursConfirmed, { h: s.hours });
    if (s.checkedOutAt) return t.mVolunteer.checkedOut;
    if (s.checkedInAt) return t.mVolunteer.checkedIn;
    return t.mVolunteer.confirmed;
  };
}

/** 我的志愿服务: registration (with 双报到 for party members) or my hours and sign-ups. */
export default function VolunteerPage() {
  const { t } = useI18n();
  const req = useRequest((signal) => api.get<MyVolunteering>('/volunteers/me', { signal }), []);
  const signupLabel = useSignupLabel();
  let body: ReactNode;
  if (req.loading && !req.data) body = <SectionLoading />;
  else if (req.error && !req.data) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (!req.data?.volunteer) body = <RegisterForm onDone={req.reload} />;
  else {
    const d = req.data;
    body = (
      <>
        <section className="m-card" data-testid="m-volunteer-hours">
          <div className="m-outbox-title">{t.mVolunteer.myHours}</div>
          <div className="m-volunteer-figure">{fmt(t.mVolunteer.hours, { h: d.confirmedHours })}</div>
          <div className="m-hint">{fmt(t.mVolunteer.totals, { sessions: d.sessions, points: d.points })}</div>
          <div className="m-hint">
            {d.volunteer?.communityName}
            {d.volunteer?.isPartyMember ? ` · ${t.mVolunteer.partyMember}` : ''}
          </div>
        </section>
        <div className="m-pad">
          <Link to="/activities" className="m-link-row">
            {t.mVolunteer.browse} ›
          </Link>
          <Link to="/diary" className="m-link-row" data-testid="m-diary-link">
            {t.diary.link} ›
          </Link>
        </div>
        {d.signups.map((s) => (
          <Link
            key={s.id}
            to={`/activities/${s.activityId}`}
            className="m-card m-link-card"
            data-testid={`m-signup-${s.id}`}
          >
            <div className="m-outbox-title">{s.activityTitle}</div>
            <div className="m-hint">
              {when(s.startsAt)} · {signupLabel(s)}
            </div>
          </Link>
        ))}
      </>
    );
  }
  return <Screen title={t.mVolunteer.title}>{body}</Screen>;
}

function RegisterForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const communities = useRequest(
    (signal) =>
      api.get<{ items: { id: number; name: string; streetName: string }[] }>('/volunteers/communities', { signal }),
    [],
  );
  const [communityId, setCommunityId] = useState<number | ''>('');
  const [skills, setSkills] = useState('');
  const [availability, setAvailability] = useState('');
  const [party, setParty] = useState(false);
  const [employer, setEmployer] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (communityId === '') {
      Toast.show({ content: t.mVolunteer.chooseCommunity });
      return;
    }
    setBusy(true);
    try {
      await api.create('/volunteers', {
        communityId,
        skills: skills
          .split(/[,，、\s]+/)
          .filter(Boolean)
          .slice(0, 10),
        ...(availability ? { availability } : {}),
        isPartyMember: party,
        ...(employer ? { employerUnit: employer } : {}),
      });
      Toast.show({ icon: 'success', content: t.mVolunteer.registered });
      onDone();
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="m-card" data-testid="m-volunteer-register">
      <div className="m-outbox-title">{t.mVolunteer.register}</div>
      <label className="m-field">
        <span>{party ? t.mVolunteer.homeCommunity : t.mVolunteer.community}</span>
        <select
          data-testid="m-volunteer-community"
          value={communityId}
          onChange={(e) => setCommunityId(e.target.value ? Number(e.target.value) : '')}
        >
          <option value="">{t.mVolunteer.chooseCommunity}</option>
          {communities.data?.items.map((c) => (
            <option key={c.id} value={c.id}>
              {c.streetName} · {c.name}
            </option>
          ))}
        </select>
      </label>
      <label className="m-field">
        <span>{t.mVolunteer.skills}</span>
        <input value={skills} onChange={(e) => setSkills(e.target.value)} placeholder={t.mVolunteer.skillsHint} />
      </label>
      <label className="m-field">
        <span>{t.mVolunteer.availability}</span>
        <input
          value={availability}
          onChange={(e) => setAvailability(e.target.value)}
          placeholder={t.mVolunteer.availabilityHint}
        />
      </label>
      <label className="m-field m-field-row">
        <input type="checkbox" checked={party} onChange={(e) => setParty(e.target.checked)} />
        <span>{t.mVolunteer.partyMemberAsk}</span>
      </label>
      {party && (
        <label className="m-field">
          <span>{t.mVolunteer.employer}</span>
          <input value={employer} onChange={(e) => setEmployer(e.target.value)} />
        </label>
      )}
      <Button color="primary" size="large" block className="m-big-button" loading={busy} onClick={submit}>
        {t.mVolunteer.registerButton}
      </Button>
    </section>
  );
}

/** Activities of my street: soonest first, with my sign-up status. */
export function ActivitiesPage() {
  const { t } = useI18n();
  const req = useRequest(
    (signal) =>
      api.get<{ items: ActivityView[] }>('/activities', {
        signal,
        // Those not yet over, soonest first: what a resident signs up for (their past ones are under 我的服务).
        query: { period: 'open', sort: 'soonest', limit: 100 },
      }),
    [],
  );
  const signupLabel = useSignupLabel();
  const items = req.data?.items;
  let body: ReactNode;
  if (req.loading && !items) body = <SectionLoading />;
  else if (req.error && !items) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (!items?.length) body = <EmptyState description={t.mVolunteer.noActivities} />;
  else
    body = items.map((a) => (
      <Link key={a.id} to={`/activities/${a.id}`} className="m-card m-link-card" data-testid={`m-activity-${a.id}`}>
        <div className="m-outbox-title">{a.title}</div>
        <div className="m-hint">
          {label(t.activityKinds, a.kind)} · {when(a.startsAt)} · {a.place}
        </div>
        <div className="m-hint">
          {a.status === 'cancelled'
            ? t.mVolunteer.activityCancelled
            : fmt(t.mVolunteer.places, { n: a.confirmed, capacity: a.capacity })}
          {a.mySignup ? ` · ${signupLabel(a.mySignup)}` : ''}
        </div>
      </Link>
    ));
  return (
    <Screen title={t.mVolunteer.activities} backTo="/volunteer">
      {body}
    </Screen>
  );
}

/** One activity: sign up (a waiting place when full) or cancel. */
export function ActivityPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const req = useRequest((signal) => api.get<ActivityView>(`/activities/${id}`, { signal }), [id]);
  const signupLabel = useSignupLabel();
  const [role, setRole] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    try {
      await fn();
      Toast.show({ icon: 'success', content: ok });
      req.reload();
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  const a = req.data;
  let body: ReactNode;
  if (req.loading && !a) body = <SectionLoading />;
  else if (req.error && !a) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (a) {
    const mine = a.mySignup;
    body = (
      <section className="m-card" data-testid="m-activity-detail">
        <div className="m-outbox-title">{a.title}</div>
        <div className="m-hint">{label(t.activityKinds, a.kind)}</div>
        <div className="m-hint">
          {when(a.startsAt)} – {when(a.endsAt)}
        </div>
        <div className="m-hint">{a.place}</div>
        <div className="m-hint">{a.teamName ?? a.partnerName ?? a.orgUnitName}</div>
        {a.description && <p>{a.description}</p>}
        <div className="m-hint">
          {fmt(t.mVolunteer.places, { n: a.confirmed, capacity: a.capacity })}
          {a.waitlisted ? ` · ${fmt(t.mVolunteer.waiting, { n: a.waitlisted })}` : ''}
          {a.points ? ` · ${fmt(t.mVolunteer.pointsEach, { n: a.points })}` : ''}
        </div>
        {a.status === 'cancelled' ? (
          <div className="m-campaign-progress" data-testid="m-activity-cancelled">
            {t.mVolunteer.activityCancelled}
          </div>
        ) : mine ? (
          <>
            <div className="m-campaign-progress" data-testid="m-activity-status">
              {signupLabel(mine)}
            </div>
            {!mine.checkedInAt && (
              <Button
                size="large"
                block
                className="m-big-button"
                loading={busy}
                onClick={() => act(() => api.post(`/activities/${a.id}/cancel-signup`), t.mVolunteer.cancelled)}
              >
                {t.mVolunteer.cancel}
              </Button>
            )}
          </>
        ) : (
          <>
            {a.roles.length > 0 && (
              <label className="m-field">
                <span>{t.mVolunteer.role}</span>
                <select value={role} onChange={(e) => setRole(e.target.value)}>
                  <option value="">{t.mVolunteer.anyRole}</option>
                  {a.roles.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <Button
              color="primary"
              size="large"
              block
              className="m-big-button"
              loading={busy}
              onClick={() =>
                act(() => api.create(`/activities/${a.id}/signup`, role ? { role } : {}), t.mVolunteer.signedUp)
              }
            >
              {a.confirmed >= a.capacity ? t.mVolunteer.joinWaitlist : t.mVolunteer.signUp}
            </Button>
          </>
        )}
      </section>
    );
  }
  return (
    <Screen title={t.mVolunteer.activity} backTo="/activities">
      {body}
    </Screen>
  );
}

/** The venue's QR code opens this: check in (or out) with one tap. */
export function CheckinPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get('t') ?? '';
  const req = useRequest((signal) => api.get<ActivityView>('/activity-checkin', { signal, query: { token } }), [token]);
  const signupLabel = useSignupLabel();
  const [busy, setBusy] = useState(false);
  const go = async (action: 'in' | 'out') => {
    setBusy(true);
    try {
      await api.post('/activity-checkin', { token, action });
      Toast.show({ icon: 'success', content: action === 'in' ? t.mVolunteer.checkedIn : t.mVolunteer.checkedOut });
      req.reload();
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  const a = req.data;
  let body: ReactNode;
  if (req.loading && !a) body = <SectionLoading />;
  else if (req.error && !a) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (a) {
    const s = a.mySignup;
    body = (
      <section className="m-card" data-testid="m-checkin">
        <div className="m-outbox-title">{a.title}</div>
        <div className="m-hint">
          {when(a.startsAt)} – {when(a.endsAt)} · {a.place}
        </div>
        <div className="m-campaign-progress" data-testid="m-checkin-status">
          {s ? signupLabel(s) : t.mVolunteer.notSignedUp}
        </div>
        {s && !s.checkedInAt && (
          <Button color="primary" size="large" block className="m-big-button" loading={busy} onClick={() => go('in')}>
            {t.mVolunteer.checkIn}
          </Button>
        )}
        {s?.checkedInAt && !s.checkedOutAt && (
          <Button size="large" block className="m-big-button" loading={busy} onClick={() => go('out')}>
            {t.mVolunteer.checkOut}
          </Button>
        )}
        <Link to="/volunteer" className="m-link-row">
          {t.mVolunteer.myHours} ›
        </Link>
      </section>
    );
  }
  return (
    <Screen title={t.mVolunteer.checkinTitle} backTo="/volunteer">
      {body}
    </Screen>
  );
}
