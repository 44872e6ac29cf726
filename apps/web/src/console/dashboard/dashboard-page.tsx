import { addDays, startOfShanghaiDay } from '@louzhang/contracts';
import { Card, Col, DatePicker, Row, Space, Statistic, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, type ReactNode, Suspense, useMemo, useState } from 'react';
import { api } from '../../shared/api';
import { fmt, useI18n } from '../../shared/i18n';
import { useRequest } from '../../shared/use-request';
import type { CaptainView, MallReport, ReportFigures } from '../api-types';
import { EmptyState, PageError, SectionLoading } from '../components/page-state';
import { ScopeSelect } from '../components/scope-select';
import { EP } from '../endpoints';
import { formatNumber, formatPercent } from '../format';
import type { EChartOption } from './echart';

const EChart = lazy(() => import('./echart'));

const COLORS = ['#c8161d', '#fa8c16', '#1677ff', '#52c41a', '#722ed1', '#13c2c2'];

/** 数据看板: the caller's scope — reports' figures, chores and points (with yuan value) — as charts. */
export default function DashboardPage() {
  const { t } = useI18n();
  const [orgUnitId, setOrgUnitId] = useState<number | undefined>(undefined);
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  // Whole Asia/Shanghai days, whatever the browser's time zone; `to` is exclusive (the next day's start),
  // so the server answers from its per-day totals.
  const from = range ? startOfShanghaiDay(range[0].format('YYYY-MM-DD')).toISOString() : undefined;
  const to = range ? startOfShanghaiDay(addDays(range[1].format('YYYY-MM-DD'), 1)).toISOString() : undefined;

  const figures = useRequest(
    (signal) => api.get<ReportFigures>(EP.figures, { query: { orgUnitId, from, to }, signal }),
    [orgUnitId, from, to],
  );
  const captains = useRequest(
    (signal) => api.get<{ items: CaptainView[] }>(EP.captains, { query: { orgUnitId, limit: 200 }, signal }),
    [orgUnitId],
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
            onChange={(v) => setRange(v?.[0] && v[1] ? [v[0], v[1]] : null)}
            allowClear
            aria-label={t.cDashboard.period}
            presets={[
              { label: '近 30 天 / 30 days', value: [dayjs().subtract(30, 'day'), dayjs()] },
              { label: '本月 / This month', value: [dayjs().startOf('month'), dayjs()] },
              { label: '本年 / This year', value: [dayjs().startOf('year'), dayjs()] },
            ]}
          />
        </Space>
      </div>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Section title={t.cDashboard.reports}>
          {figures.error ? (
            <PageError error={figures.error} onRetry={figures.reload} />
          ) : !figures.data ? (
            <SectionLoading />
          ) : (
            <ReportFiguresView f={figures.data} />
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

function Chart({ option, label }: { option: EChartOption; label: string }) {
  const { t } = useI18n();
  return (
    <Suspense fallback={<div className="lz-chart lz-center">{t.cDashboard.chartLoading}</div>}>
      <EChart option={option} label={label} />
    </Suspense>
  );
}

function ReportFiguresView({ f }: { f: ReportFigures }) {
  const { t } = useI18n();
  const x = f.total;
  const hours = (n: number | null) => (n === null ? '—' : fmt(t.cDashboard.hours, { n: formatNumber(n, 1) }));

  const levelOption = useMemo<EChartOption>(
    () => ({
      color: COLORS,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: f.byLevel.map((r) => t.cReports.levels[r.level]) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t.cDashboard.received, type: 'bar', data: f.byLevel.map((r) => r.received) },
        { name: t.cDashboard.answered, type: 'bar', data: f.byLevel.map((r) => r.answered) },
        { name: t.cDashboard.resolved, type: 'bar', data: f.byLevel.map((r) => r.resolved) },
      ],
    }),
    [f, t],
  );
  const shareOption = useMemo<EChartOption>(
    () => ({
      color: ['#52c41a', '#c8161d'],
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['38%', '60%'],
          label: { formatter: '{d}%', overflow: 'none' },
          data: [
            { name: t.cDashboard.resolvedWithin, value: x.resolvedWithinCommunity },
            // The same two parts as the KPI's share (docs/glossary.md#figures): of the resolved reports,
            // those resolved within the community and those resolved after going above it.
            { name: t.cDashboard.resolvedBeyond, value: Math.max(0, x.resolved - x.resolvedWithinCommunity) },
          ],
        },
      ],
    }),
    [x, t],
  );
  const categoryOption = useMemo<EChartOption>(() => {
    const rows = [...f.byCategory].sort((a, b) => a.received - b.received).slice(-10);
    return {
      color: COLORS,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 100, right: 16, top: 36, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map((r) => r.categoryName) },
      series: [
        { name: t.cDashboard.received, type: 'bar', data: rows.map((r) => r.received) },
        { name: t.cDashboard.resolved, type: 'bar', data: rows.map((r) => r.resolved) },
      ],
    };
  }, [f, t]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Row gutter={[16, 16]} className="lz-kpi">
        <Col xs={12} md={6} xl={3}>
          <Statistic title={t.cDashboard.received} value={x.received} />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Statistic title={t.cDashboard.answered} value={x.answered} />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Statistic title={t.cDashboard.resolved} value={x.resolved} />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Statistic title={t.cDashboard.responseRate} value={formatPercent(x.responseRate)} />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Statistic title={t.cDashboard.firstAnswer} value={hours(x.avgFirstAnswerHours)} />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Statistic title={t.cDashboard.resolution} value={hours(x.avgResolutionHours)} />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Statistic
            title={t.cDashboard.satisfaction}
            value={x.avgRating === null ? '—' : `${formatNumber(x.avgRating, 2)} / 5`}
            suffix={
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {fmt(t.cDashboard.ratedN, { n: x.rated })}
              </Typography.Text>
            }
          />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Tooltip title={t.cDashboard.withinCommunityHint}>
            <Statistic title={t.cDashboard.withinCommunity} value={formatPercent(x.shareResolvedWithinCommunity)} />
          </Tooltip>
        </Col>
      </Row>
      {x.received === 0 ? (
        <EmptyState description={t.cDashboard.noData} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={9}>
            <Typography.Text strong>{t.cDashboard.byLevel}</Typography.Text>
            <Chart option={levelOption} label={t.cDashboard.byLevel} />
          </Col>
          <Col xs={24} xl={6}>
            <Typography.Text strong>{t.cDashboard.withinCommunity}</Typography.Text>
            <Chart option={shareOption} label={t.cDashboard.withinCommunity} />
          </Col>
          <Col xs={24} xl={9}>
            <Typography.Text strong>{t.cDashboard.byCategory}</Typography.Text>
            <Chart option={categoryOption} label={t.cDashboard.byCategory} />
          </Col>
        </Row>
      )}
    </Space>
  );
}

function ChoresView({ captains, mall }: { captains: CaptainView[]; mall: MallReport | undefined }) {
  const { t } = useI18n();
  const approved = captains.reduce((s, c) => s + c.choresApproved, 0);
  // null when the server does not report balances for this roll.
  const known = captains.filter((c) => c.pointsBalance !== null);
  const balance = known.length ? known.reduce((s, c) => s + (c.pointsBalance ?? 0), 0) : null;
  const top = [...captains]
    .sort((a, b) => b.choresApproved - a.choresApproved)
    .slice(0, 10)
    .reverse();
  const option = useMemo<EChartOption>(
    () => ({
      color: COLORS,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 80, right: 16, top: 36, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: top.map((c) => c.name) },
      series: [
        { name: t.cDashboard.choresApproved, type: 'bar', data: top.map((c) => c.choresApproved) },
        { name: t.cCaptains.balance, type: 'bar', data: top.map((c) => c.pointsBalance ?? 0) },
      ],
    }),
    [top, t],
  );
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={8}>
        <Row gutter={[16, 16]} className="lz-kpi">
          <Col span={12}>
            <Statistic title={t.cDashboard.captains} value={captains.length} />
          </Col>
          <Col span={12}>
            <Statistic title={t.cDashboard.choresApproved} value={approved} />
          </Col>
          <Col span={12}>
            <Statistic
              title={t.cDashboard.pointsHeld}
              value={formatNumber(balance)}
              suffix={
                mall && balance !== null ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {fmt(t.cDashboard.yuanValue, { n: formatNumber(balance * mall.yuanPerPoint, 2) })}
                  </Typography.Text>
                ) : null
              }
            />
          </Col>
          <Col span={12}>
            <Statistic title={t.cDashboard.yuanPerPoint} value={mall ? formatNumber(mall.yuanPerPoint, 2) : '—'} />
          </Col>
          {mall && (
            <>
              <Col span={12}>
                <Statistic
                  title={fmt(t.cDashboard.mallSpent, { month: mall.month })}
                  value={formatNumber(mall.totals.points)}
                  suffix={
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {fmt(t.cDashboard.yuanValue, { n: formatNumber(mall.totals.pointsYuan, 2) })}
                    </Typography.Text>
                  }
                />
              </Col>
              <Col span={12}>
                <Statistic title={t.cDashboard.mallOrders} value={mall.totals.orders} />
              </Col>
            </>
          )}
        </Row>
      </Col>
      <Col xs={24} xl={16}>
        {captains.length === 0 ? (
          <EmptyState description={t.cCaptains.empty} />
        ) : (
          <Chart option={option} label={t.cDashboard.chores} />
        )}
      </Col>
    </Row>
  );
}
