import { addDays, startOfShanghaiDay } from '@louzhang/contracts';
import { Card, DatePicker, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { api } from '../../common/api';
import { useRequest } from '../../common/use-request';
import type { CaptainView, ChoreFigures, MallReport, ReportFigures, ReportFiguresByUnit } from '../api-types';
import { PageError, SectionLoading } from '../components/page-state';
import { ScopeSelect } from '../components/scope-select';
import { EP } from '../endpoints';
import { fmt, useI18n } from '../i18n';
import { ByUnitTable } from './by-unit-table';
import { ChorePeriodView, ChoresView } from './chore-views';
import type { ExportInfo } from './dashboard-chart';
import { ReportFiguresView } from './report-figures-view';

/** 数据看板: the caller's scope — reports' figures, chores and points (with yuan value) — as charts. */
type PeriodKey = 'thisMonth' | 'last30' | 'thisYear';
const PERIODS: Record<PeriodKey, () => [Dayjs, Dayjs]> = {
  thisMonth: () => [dayjs().startOf('month'), dayjs()],
  last30: () => [dayjs().subtract(30, 'day'), dayjs()],
  thisYear: () => [dayjs().startOf('year'), dayjs()],
};

export default function DashboardPage() {
  const { t } = useI18n();
  const [orgUnitId, setOrgUnitId] = useState<number | undefined>(undefined);
  // 本月 unless the user picks otherwise: a dashboard of all time mixes years nobody asked about.
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(() => PERIODS.thisMonth());
  const [periodKey, setPeriodKey] = useState<PeriodKey | null>('thisMonth');
  const day = (d: Dayjs) => d.format('YYYY-MM-DD');
  const periodLabel = range ? (periodKey ? t.cDashboard.periods[periodKey] : t.cDashboard.periodCustom) : null;
  const info: ExportInfo = range
    ? {
        period: fmt(t.cDashboard.periodShown, { label: periodLabel ?? '', from: day(range[0]), to: day(range[1]) }),
        fileStamp: `${day(range[0])}_${day(range[1])}`,
      }
    : { period: t.cDashboard.periodAll, fileStamp: t.cDashboard.periodAll };
  // Whole Asia/Shanghai days, whatever the browser's time zone; `to` is exclusive (the next day's start),
  // so the server answers from its per-day totals.
  const from = range ? startOfShanghaiDay(range[0].format('YYYY-MM-DD')).toISOString() : undefined;
  const to = range ? startOfShanghaiDay(addDays(range[1].format('YYYY-MM-DD'), 1)).toISOString() : undefined;

  const figures = useRequest(
    (signal) => api.get<ReportFigures>(EP.figures, { query: { orgUnitId, from, to }, signal }),
    [orgUnitId, from, to],
  );
  const byUnit = useRequest(
    (signal) => api.get<ReportFiguresByUnit>(EP.figuresByUnit, { query: { orgUnitId, from, to }, signal }),
    [orgUnitId, from, to],
  );
  const captains = useRequest(
    (signal) => api.get<{ items: CaptainView[] }>(EP.captains, { query: { orgUnitId, limit: 200 }, signal }),
    [orgUnitId],
  );
  const chores = useRequest(
    (signal) => api.get<ChoreFigures>(EP.choreFigures, { query: { orgUnitId, from, to }, signal }),
    [orgUnitId, from, to],
  );
  // The street's yuan value of a point and this month's spend; staff without the mall see the rest.
  const mall = useRequest((signal) => api.get<MallReport>(EP.mallReport, { signal }), []);

  return (
    <>
      <div className="lz-page-header">
        <h1>{t.cDashboard.title}</h1>
        <Space wrap>
          <ScopeSelect value={orgUnitId} onChange={setOrgUnitId} placeholder={t.cDashboard.scopePlaceholder} />
          <DatePicker.RangePicker
            value={range}
            onChange={(v) => {
              const next: [Dayjs, Dayjs] | null = v?.[0] && v[1] ? [v[0], v[1]] : null;
              setRange(next);
              // Named when it is one of the presets (picked from the list), else 自选.
              const preset = (Object.keys(PERIODS) as PeriodKey[]).find((k) => {
                const [a, b] = PERIODS[k]();
                return next !== null && day(a) === day(next[0]) && day(b) === day(next[1]);
              });
              setPeriodKey(preset ?? null);
            }}
            allowClear
            aria-label={t.cDashboard.period}
            presets={(Object.keys(PERIODS) as PeriodKey[]).map((k) => ({
              label: t.cDashboard.periods[k],
              value: PERIODS[k](),
            }))}
          />
        </Space>
      </div>
      <Typography.Paragraph type="secondary" data-testid="dashboard-period">
        {info.period}
      </Typography.Paragraph>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Section title={fmt(t.cDashboard.reportsIn, { period: periodLabel ?? t.cDashboard.periodAll })}>
          {figures.error ? (
            <PageError error={figures.error} onRetry={figures.reload} />
          ) : !figures.data ? (
            <SectionLoading />
          ) : (
            <ReportFiguresView f={figures.data} info={info} />
          )}
        </Section>
        {byUnit.error ? (
          <PageError error={byUnit.error} onRetry={byUnit.reload} />
        ) : byUnit.data && byUnit.data.items.length > 0 ? (
          <Section title={fmt(t.cDashboard.byUnit, { period: periodLabel ?? t.cDashboard.periodAll })}>
            <ByUnitTable rows={byUnit.data.items} onOpen={setOrgUnitId} />
          </Section>
        ) : null}
        <Section title={fmt(t.cDashboard.choresIn, { period: periodLabel ?? t.cDashboard.periodAll })}>
          {chores.error ? (
            <PageError error={chores.error} onRetry={chores.reload} />
          ) : !chores.data ? (
            <SectionLoading />
          ) : (
            <ChorePeriodView f={chores.data} info={info} />
          )}
        </Section>
        <Section title={t.cDashboard.chores}>
          {captains.error ? (
            <PageError error={captains.error} onRetry={captains.reload} />
          ) : !captains.data ? (
            <SectionLoading />
          ) : (
            <ChoresView captains={captains.data.items} mall={mall.data} />
          )}
        </Section>
      </Space>
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card title={title} size="small">
      {children}
    </Card>
  );
}
