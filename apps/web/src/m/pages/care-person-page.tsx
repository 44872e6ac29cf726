import type { CarePersonDetail, CareVisitView } from '@louzhang/contracts';
import Button from 'antd-mobile/es/components/button';
import Checkbox from 'antd-mobile/es/components/checkbox';
import Tag from 'antd-mobile/es/components/tag';
import TextArea from 'antd-mobile/es/components/text-area';
import Toast from 'antd-mobile/es/components/toast';
import { type ReactNode, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, errorMessage } from '../../common/api';
import { fmt, label, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import type { ReportCategory } from '../api-types';
import { Screen } from '../components/screen';
import { ErrorState, SectionLoading } from '../components/screen-state';
import { outbox } from '../outbox/outbox';
import { useOutbox } from '../outbox/use-outbox';
import { CARE_STATUS_COLOR } from './care-page';

/** The errands of the contracts' CARE_ERRANDS, kept here so the bundle needs no zod. */
const ERRANDS = ['pension_cert', 'age_allowance', 'utility_bills', 'escort_medical', 'anti_fraud'] as const;

/**
 * One person I visit: tags, next of kin (masked), the visit log, and the form to log a visit. The visit
 * goes through the outbox, so it is kept on the phone without signal and arrives once; a need found on
 * a visit becomes a report with one tap (filed for the person, category 代办服务).
 */
export default function CarePersonPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const req = useRequest((signal) => api.get<CarePersonDetail>(`/care/people/${id}`, { signal }), [id]);
  const queued = useOutbox().filter(
    (i) => i.ref === `care:${id}` && (i.state === 'pending' || i.state === 'sending' || i.state === 'failed'),
  );
  useEffect(
    () =>
      outbox.onSent((it) => {
        if (it.ref === `care:${id}`) req.reload();
      }),
    [id, req.reload],
  );
  const p = req.data;

  let body: ReactNode;
  if (req.loading && !p) body = <SectionLoading />;
  else if (req.error && !p) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (p)
    body = (
      <>
        <div className="m-card">
          <div className="m-outbox-row">
            <span className="m-outbox-title">{p.name}</span>
            <Tag color={CARE_STATUS_COLOR[p.status] ?? 'default'} className="m-tag">
              {label(t.mCare.status, p.status)}
            </Tag>
          </div>
          <div className="m-hint">{p.address}</div>
          <div className="m-hint">
            {p.careTags.map((c) => label(t.careTags, c)).join('、')} · {fmt(t.mCare.everyDays, { n: p.everyDays })}
          </div>
          {p.dueOn && <div className="m-hint">{fmt(t.mCare.dueOn, { day: p.dueOn })}</div>}
        </div>
        <h2 className="m-step-title">{t.mCare.contacts}</h2>
        <div className="m-card">
          {p.contacts.length === 0 && <div className="m-hint">{t.mCare.noContacts}</div>}
          {p.contacts.map((c) => (
            <div key={c.id} className="m-hint">
              {c.name}（{c.relation}）{c.phoneMasked}
            </div>
          ))}
        </div>
        <h2 className="m-step-title">{t.mCare.logVisit}</h2>
        {queued.map((q) => (
          <div key={q.key} className="m-card" data-testid="care-queued">
            <Tag color={q.state === 'failed' ? 'danger' : 'primary'} className="m-tag">
              {q.state === 'failed' ? t.mOutbox.states.failed : t.mOutbox.states.pending}
            </Tag>
            {q.lastError && <p className="m-form-error">{q.lastError.message}</p>}
          </div>
        ))}
        <VisitForm residentId={p.residentId} name={p.name} />
        <h2 className="m-step-title">{t.mCare.visits}</h2>
        {p.visits.length === 0 && <div className="m-hint">{t.mCare.noVisits}</div>}
        {p.visits.map((v) => (
          <VisitCard key={v.id} visit={v} onReported={req.reload} />
        ))}
      </>
    );
  return (
    <Screen title={t.mCare.title} backTo="/care">
      {body}
    </Screen>
  );
}

function VisitForm({ residentId, name }: { residentId: number; name: string }) {
  const { t } = useI18n();
  const [findings, setFindings] = useState('');
  const [need, setNeed] = useState('');
  const [errands, setErrands] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    try {
      const body: Record<string, unknown> = { residentId, visitedAt: new Date().toISOString(), errands };
      if (findings.trim()) body.findings = findings.trim();
      if (need.trim()) body.need = need.trim();
      await outbox.enqueue({
        kind: 'careVisit',
        title: fmt(t.mCare.outboxTitle, { name }),
        ref: `care:${residentId}`,
        path: '/care/visits',
        body,
      });
      setFindings('');
      setNeed('');
      setErrands([]);
      Toast.show({ content: navigator.onLine ? t.mCare.saved : t.mOutbox.queued });
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="m-card m-task-form">
      <div className="m-card-label">{t.mCare.findings}</div>
      <TextArea
        className="m-textarea"
        placeholder={t.mCare.findingsPlaceholder}
        value={findings}
        onChange={setFindings}
        maxLength={1000}
        rows={2}
      />
      <div className="m-card-label">{t.mCare.need}</div>
      <TextArea
        className="m-textarea"
        placeholder={t.mCare.needPlaceholder}
        value={need}
        onChange={setNeed}
        maxLength={500}
        rows={2}
      />
      <div className="m-card-label">{t.mCare.errands}</div>
      <Checkbox.Group value={errands} onChange={(v) => setErrands(v as string[])}>
        <div className="m-care-errands">
          {ERRANDS.map((e) => (
            <Checkbox key={e} value={e}>
              {label(t.mCare.errandLabels, e)}
            </Checkbox>
          ))}
        </div>
      </Checkbox.Group>
      <Button size="large" block color="primary" loading={busy} onClick={save}>
        {t.mCare.save}
      </Button>
    </div>
  );
}

function VisitCard({ visit, onReported }: { visit: CareVisitView; onReported: () => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);

  async function toReport() {
    setBusy(true);
    try {
      const cats = await api.get<{ items: ReportCategory[] }>('/report-categories');
      const errand = cats.items.find((c) => c.code === 'errand');
      if (!errand) throw new Error('no errand category');
      await api.create(`/care/visits/${visit.id}/report`, { categoryId: errand.id });
      Toast.show({ icon: 'success', content: t.mCare.reportDone });
      onReported();
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="m-card" data-testid={`care-visit-${visit.id}`}>
      <div className="m-outbox-row">
        <span className="m-outbox-title">{visit.visitedOn}</span>
        <span className="m-hint">{visit.visitorName}</span>
      </div>
      {visit.findings && <div className="m-hint">{visit.findings}</div>}
      {visit.errands.length > 0 && (
        <div className="m-hint">{visit.errands.map((e) => label(t.mCare.errandLabels, e)).join('、')}</div>
      )}
      {visit.need && (
        <div className="m-card-value">
          {t.mCare.need}：{visit.need}
        </div>
      )}
      {visit.need && visit.reportId === null && (
        <Button size="large" block color="primary" loading={busy} onClick={toReport}>
          {t.mCare.toReport}
        </Button>
      )}
      {visit.reportId !== null && (
        <Link to={`/reports/${visit.reportId}`} className="m-hint">
          {t.mCare.reported} · {t.mCare.viewReport}
        </Link>
      )}
    </div>
  );
}
