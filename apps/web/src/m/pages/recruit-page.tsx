import type { ApplicationView, DriveList, DriveView } from '@louzhang/contracts';
import Button from 'antd-mobile/es/components/button';
import Selector from 'antd-mobile/es/components/selector';
import TextArea from 'antd-mobile/es/components/text-area';
import Toast from 'antd-mobile/es/components/toast';
import { type ReactNode, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, errorMessage } from '../../common/api';
import { useAuth } from '../../common/auth';
import { fmt, label, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import { Screen } from '../components/screen';
import { EmptyState, ErrorState, SectionLoading } from '../components/screen-state';

/** 楼长招募 (public): the open drives; anyone may read them, no account needed. */
export function RecruitListPage() {
  const { t } = useI18n();
  const req = useRequest((signal) => api.get<DriveList>('/public/recruitment/drives', { signal }), []);
  let body: ReactNode;
  if (req.loading && !req.data) body = <SectionLoading />;
  else if (req.error && !req.data) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (!req.data?.items.length) body = <EmptyState description={t.mLife.noDrives} />;
  else
    body = req.data.items.map((d) => (
      <Link key={d.id} to={`/recruit/${d.id}`} className="m-card m-care-card" data-testid={`drive-${d.id}`}>
        <h2 className="m-step-title">{d.title}</h2>
        <div className="m-hint">
          {d.orgUnitName} · {fmt(t.mLife.places, { n: d.places })} · {fmt(t.mLife.deadline, { d: d.deadline })}
        </div>
      </Link>
    ));
  return (
    <Screen title={t.mLife.drives}>
      {body}
      <MyApplications />
    </Screen>
  );
}

/** One drive (public) and, once signed in, the application form. */
export function RecruitDrivePage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const { status } = useAuth();
  const req = useRequest((signal) => api.get<DriveView>(`/public/recruitment/drives/${id}`, { signal }), [id]);
  const [statement, setStatement] = useState('');
  const [building, setBuilding] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const d = req.data;

  async function apply() {
    setBusy(true);
    try {
      await api.create<ApplicationView>(`/recruitment/drives/${id}/applications`, {
        statement,
        buildingId: building[0],
      });
      setDone(true);
      Toast.show({ content: t.mLife.submitted });
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }

  let body: ReactNode;
  if (req.loading && !d) body = <SectionLoading />;
  else if (req.error && !d) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (d)
    body = (
      <>
        <div className="m-card">
          <h2 className="m-step-title">{d.title}</h2>
          <div className="m-hint">
            {d.orgUnitName} · {fmt(t.mLife.places, { n: d.places })} · {fmt(t.mLife.deadline, { d: d.deadline })} ·{' '}
            {fmt(t.mLife.applied, { n: d.counts.applied })}
          </div>
          {d.area && <p>{d.area}</p>}
          <h3>{t.mLife.requirements}</h3>
          <p style={{ whiteSpace: 'pre-wrap' }}>{d.requirements}</p>
          {d.buildings.length > 0 && (
            <>
              <h3>{t.mLife.buildings}</h3>
              <p>{d.buildings.map((b) => b.name).join('、')}</p>
            </>
          )}
        </div>
        {d.isOpen && !done && status !== 'signedIn' && (
          <Button
            block
            color="primary"
            size="large"
            onClick={() => navigate(`/login?next=${encodeURIComponent(`/recruit/${id}`)}`)}
          >
            {t.mLife.signInToApply}
          </Button>
        )}
        {d.isOpen && !done && status === 'signedIn' && (
          <div className="m-card">
            <h3>{t.mLife.apply}</h3>
            <label className="m-label" htmlFor="m-apply-statement">
              {t.mLife.statement}
            </label>
            <TextArea
              id="m-apply-statement"
              placeholder={t.mLife.statementHint}
              value={statement}
              onChange={setStatement}
              rows={3}
              maxLength={500}
            />
            {d.buildings.length > 0 && (
              <>
                <div className="m-hint">{t.mLife.building}</div>
                <Selector
                  options={d.buildings.map((b) => ({ value: b.id, label: b.name }))}
                  value={building}
                  onChange={(v) => setBuilding(v as number[])}
                />
              </>
            )}
            <Button block color="primary" size="large" loading={busy} disabled={!statement.trim()} onClick={apply}>
              {t.mLife.apply}
            </Button>
          </div>
        )}
        {done && <div className="m-card">{t.mLife.submitted}</div>}
      </>
    );
  return (
    <Screen title={t.mLife.drives} backTo="/recruit">
      {body}
    </Screen>
  );
}

/** My applications, and nominations of my phone waiting for my consent (signed in only). */
function MyApplications() {
  const { t } = useI18n();
  const { status } = useAuth();
  const req = useRequest(
    (signal) =>
      status === 'signedIn'
        ? api.get<{ items: ApplicationView[] }>('/recruitment/my-applications', { signal })
        : Promise.resolve({ items: [] }),
    [status],
  );
  if (!req.data?.items.length) return null;
  return (
    <>
      <h2 className="m-section-title">{t.mLife.myApplications}</h2>
      {req.data.items.map((a) => (
        <div key={a.id} className="m-card" data-testid={`application-${a.id}`}>
          <b>{a.driveTitle}</b>
          <div className="m-hint">
            {label(t.cLife.kinds, a.kind)} · {label(t.cLife.statuses, a.status)}
          </div>
          {a.status === 'awaiting_consent' && (
            <Button
              color="primary"
              onClick={async () => {
                try {
                  await api.post(`/recruitment/applications/${a.id}/consent`);
                  Toast.show({ content: t.mLife.consented });
                  req.reload();
                } catch (e) {
                  Toast.show({ content: errorMessage(e) });
                }
              }}
            >
              {t.mLife.consent}
            </Button>
          )}
        </div>
      ))}
    </>
  );
}
