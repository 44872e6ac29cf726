import type { MyTraining } from '@louzhang/contracts';
import type { ReactNode } from 'react';
import { api } from '../../common/api';
import { fmt, label, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import { Screen } from '../components/screen';
import { EmptyState, ErrorState, SectionLoading } from '../components/screen-state';

/** 我的培训: trainings and meetings I attended, my training hours, certificates and my mentor (老带新). */
export default function TrainingPage() {
  const { t } = useI18n();
  const req = useRequest((signal) => api.get<MyTraining>('/captains/me/training', { signal }), []);
  const d = req.data;
  let body: ReactNode;
  if (req.loading && !d) body = <SectionLoading />;
  else if (req.error && !d) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (d)
    body = (
      <>
        <div className="m-card" data-testid="training-summary">
          <b>{fmt(t.mTraining.hours, { h: d.trainingHours })}</b> · {fmt(t.mTraining.meetings, { n: d.meetings })}
          {d.mentor && (
            <div className="m-hint">{fmt(t.mTraining.mentor, { name: d.mentor.name, d: d.mentor.startedOn })}</div>
          )}
        </div>
        {d.items.length === 0 && <EmptyState description={t.mTraining.empty} />}
        {d.items.map((s) => (
          <div key={s.id} className="m-card">
            <b>{s.title}</b>
            <div className="m-hint">
              {s.heldOn} · {label(t.cTraining.kinds, s.kind)} · {s.topic} · {s.hours}h
            </div>
            {s.certificateNo && <div className="m-hint">{fmt(t.mTraining.certificate, { no: s.certificateNo })}</div>}
          </div>
        ))}
      </>
    );
  return <Screen title={t.mTraining.title}>{body}</Screen>;
}
