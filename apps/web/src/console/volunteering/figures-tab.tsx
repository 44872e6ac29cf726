import type { VolunteerFigures } from '@louzhang/contracts';
import { Card, Space, Statistic } from 'antd';
import { useState } from 'react';
import { api } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { ScopeSelect } from '../components/scope-select';
import { useI18n } from '../i18n';

/** 志愿数据: one unit's sessions, people served, hours, volunteers and teams. */
export function FiguresTab() {
  const { t } = useI18n();
  const [unit, setUnit] = useState<number | undefined>();
  const figures = useRequest(
    (signal) =>
      unit
        ? api.get<VolunteerFigures>('/volunteer-figures', { signal, query: { orgUnitId: unit } })
        : Promise.resolve(undefined),
    [unit],
  );
  const f = figures.data;
  return (
    <Card>
      <ScopeSelect value={unit} onChange={setUnit} placeholder={t.cVolunteer.unit} />
      {f && (
        <Space size={48} style={{ marginTop: 24 }} wrap data-testid="volunteer-figures">
          <Statistic title={t.cVolunteer.sessions} value={f.sessions} />
          <Statistic title={t.cVolunteer.peopleServed} value={f.peopleServed} />
          <Statistic title={t.cVolunteer.volunteerHours} value={f.volunteerHours} />
          <Statistic title={t.cVolunteer.volunteers} value={f.volunteers} />
          <Statistic title={t.cVolunteer.share} value={(f.volunteerShare * 100).toFixed(1)} suffix="%" />
          <Statistic title={t.cVolunteer.teams} value={f.teams} />
        </Space>
      )}
    </Card>
  );
}
