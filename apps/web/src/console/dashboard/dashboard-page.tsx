import { DownloadOutlined } from '@ant-design/icons';
import { addDays, startOfShanghaiDay } from '@louzhang/contracts';
import { App, Button, Card, Col, DatePicker, Row, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, type ReactNode, Suspense, useMemo, useState } from 'react';
import { api } from '../../common/api';
import { useRequest } from '../../common/use-request';
import type { CaptainView, ChoreFigures, MallReport, ReportFigures, ReportFiguresByUnit } from '../api-types';
import { EmptyState } from '../components/empty-state';
import { PageError, SectionLoading } from '../components/page-state';
import { ScopeSelect } from '../components/scope-select';
import { EP } from '../endpoints';
import { formatNumber, formatPercent } from '../format';
import { fmt, useI18n } from '../i18n';
import { type ChartTable, saveText, tableToCsv } from './chart-data';
import type { EChartOption } from './echart';

const EChart = lazy(() => import('./echart'));

const COLORS = ['#c8161d', '#fa8c16', '#1677ff', '#52c41a', '#722ed1', '#13c2c2'];

/** 数据看板: the caller's scope — reports' figures, chores and points (with yuan value) — as charts. */
type PeriodKey = 'thisMonth' | 'last30' | 'thisYear';
const PERIODS: Record<PeriodKey, () => [Dayjs, Dayjs]> = {
  thisMonth: () => [dayjs().startOf('month'), dayjs()],
  last30: () => [dayjs().subtract(30, 'day'), dayjs()],
  thisYear: () => [dayjs().startOf('year'), dayjs()],
};

/** What a chart's export is called and what period its numbers cover. */
interface ExportInfo {
  period: string;
  fileStamp: string;
}

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

/** One chart with its title and 导出数据: the file holds `table`, the numbers the option was built from. */
function Chart({
  option,
  label,
  table,
  period,
}: {
  option: EChartOption;
  label: string;
  table: ChartTable;
  period: ExportInfo;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const exportData = () => {
    const name = `${label}_${period.fileStamp}.csv`;
    saveText(tableToCsv(table, `${label}（${period.period}）`), name);
    message.success(fmt(t.cDashboard.exported, { name }));
  };
  return (
    <div className="lz-chart-card">
      <div className="lz-chart-head">
        <Typography.Text strong>{label}</Typography.Text>
        <Button
          size="small"
          icon={<DownloadOutlined />}
          onClick={exportData}
          aria-label={`${t.cDashboard.export}：${label}`}
        >
          {t.cDashboard.export}
        </Button>
      </div>
      <Suspense fallback={<div className="lz-chart lz-center">{t.cDashboard.chartLoading}</div>}>
        <EChart option={option} label={label} />
      </Suspense>
    </div>
  );
}

/** A bar chart of one table: every series on one axis, so a table holds one unit only. */
function barsOf(table: ChartTable, horizontal: boolean, left = 40): EChartOption {
  const categoryAxis = { type: 'category', data: table.categories };
  const valueAxis = { type: 'value', minInterval: 1 };
  return {
    color: COLORS,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left, right: 16, top: 36, bottom: 28 },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: table.series.map((s) => ({ name: s.name, type: 'bar', data: s.data })),
  };
}

function ReportFiguresView({ f, info }: { f: ReportFigures; info: ExportInfo }) {
  const { t } = useI18n();
  const x = f.total;
  const hours = (n: number | null) => (n === null ? '—' : fmt(t.cDashboard.hours, { n: formatNumber(n, 1) }));

  // Counts only (件): hours and shares are KPIs above, never on a counts axis.
  const levelTable = useMemo<ChartTable>(
    () => ({
      categoryHeader: t.cDashboard.level,
      categories: f.byLevel.map((r) => t.cReports.levels[r.level]),
      series: [
        { name: t.cDashboard.received, data: f.byLevel.map((r) => r.received) },
        { name: t.cDashboard.answered, data: f.byLevel.map((r) => r.answered) },
        { name: t.cDashboard.resolved, data: f.byLevel.map((r) => r.resolved) },
      ],
    }),
    [f, t],
  );
  const levelOption = useMemo(() => barsOf(levelTable, false), [levelTable]);
  const shareTable = useMemo<ChartTable>(
    () => ({
      categoryHeader: t.cDashboard.share,
      categories: [t.cDashboard.resolvedWithin, t.cDashboard.resolvedBeyond],
      series: [
        {
          name: t.cDashboard.count,
          // The same two parts as the KPI's share (docs/glossary.md#figures): of the resolved reports,
          // those resolved within the community and those resolved after going above it.
          data: [x.resolvedWithinCommunity, Math.max(0, x.resolved - x.resolvedWithinCommunity)],
        },
      ],
    }),
    [x, t],
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
          data: shareTable.categories.map((name, i) => ({ name, value: shareTable.series[0]?.data[i] ?? 0 })),
        },
      ],
    }),
    [shareTable],
  );
  const categoryTable = useMemo<ChartTable>(() => {
    const rows = [...f.byCategory].sort((a, b) => a.received - b.received).slice(-10);
    return {
      categoryHeader: t.cDashboard.category,
      categories: rows.map((r) => r.categoryName),
      series: [
        { name: t.cDashboard.received, data: rows.map((r) => r.received) },
        { name: t.cDashboard.resolved, data: rows.map((r) => r.resolved) },
      ],
    };
  }, [f, t]);
  const categoryOption = useMemo(() => barsOf(categoryTable, true, 100), [categoryTable]);

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
            <Chart option={levelOption} label={t.cDashboard.byLevel} table={levelTable} period={info} />
          </Col>
          <Col xs={24} xl={6}>
            <Chart option={shareOption} label={t.cDashboard.withinCommunity} table={shareTable} period={info} />
          </Col>
          <Col xs={24} xl={9}>
            <Chart option={categoryOption} label={t.cDashboard.byCategory} table={categoryTable} period={info} />
          </Col>
        </Row>
      )}
    </Space>
  );
}

/** The units one level down with their report figures; a unit's name opens its own dashboard (drill-down). */
function ByUnitTable({ rows, onOpen }: { rows: ReportFiguresByUnit['items']; onOpen: (id: number) => void }) {
  const { t } = useI18n();
  const hours = (h: number | null) => (h === null ? '—' : fmt(t.cDashboard.hours, { n: formatNumber(h, 1) }));
  return (
    <Table
      data-testid="dashboard-by-unit"
      rowKey="orgUnitId"
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={rows}
      columns={[
        {
          title: t.cDashboard.unit,
          key: 'unit',
          render: (_, r) => (
            <Tooltip title={t.cDashboard.byUnitHint}>
              <Button type="link" size="small" onClick={() => onOpen(r.orgUnitId)}>
                {r.name}
              </Button>
              <Typography.Text type="secondary">{t.orgKinds[r.kind] ?? r.kind}</Typography.Text>
            </Tooltip>
          ),
        },
        { title: t.cDashboard.received, dataIndex: 'received', align: 'right' },
        { title: t.cDashboard.resolved, dataIndex: 'resolved', align: 'right' },
        {
          title: t.cDashboard.responseRate,
          key: 'responseRate',
          align: 'right',
          render: (_, r) => formatPercent(r.responseRate),
        },
        {
          title: t.cDashboard.resolution,
          key: 'resolution',
          align: 'right',
          render: (_, r) => hours(r.avgResolutionHours),
        },
        {
          title: t.cDashboard.satisfaction,
          key: 'rating',
          align: 'right',
          render: (_, r) => (r.avgRating === null ? '—' : `${formatNumber(r.avgRating, 2)} / 5`),
        },
        {
          title: t.cDashboard.withinCommunity,
          key: 'within',
          align: 'right',
          render: (_, r) => formatPercent(r.shareResolvedWithinCommunity),
        },
      ]}
    />
  );
}

/** One figure of the chores per day, as a chart's table. */
function perDay(
  f: ChoreFigures,
  header: string,
  name: string,
  pick: (d: ChoreFigures['byDay'][number]) => number,
): ChartTable {
  return { categoryHeader: header, categories: f.byDay.map((d) => d.day), series: [{ name, data: f.byDay.map(pick) }] };
}

/** Chores and points in the period: what was submitted and decided, the points credited, per day. */
function ChorePeriodView({ f, info }: { f: ChoreFigures; info: ExportInfo }) {
  const { t } = useI18n();
  // Approvals (次) and points (分) are different units: two charts, never one axis.
  const approvedTable = useMemo(() => perDay(f, t.cDashboard.day, t.cDashboard.approvedIn, (d) => d.approved), [f, t]);
  const pointsTable = useMemo(() => perDay(f, t.cDashboard.day, t.cDashboard.pointsAwarded, (d) => d.points), [f, t]);
  const approvedOption = useMemo(() => barsOf(approvedTable, false), [approvedTable]);
  const pointsOption = useMemo(() => barsOf(pointsTable, false), [pointsTable]);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={8}>
        <Row gutter={[16, 16]} className="lz-kpi">
          <Col span={12}>
            <Statistic title={t.cDashboard.submittedIn} value={f.submitted} />
          </Col>
          <Col span={12}>
            <Statistic title={t.cDashboard.approvedIn} value={f.approved} />
          </Col>
          <Col span={12}>
            <Statistic title={t.cDashboard.rejectedIn} value={f.rejected} />
          </Col>
          <Col span={12}>
            <Statistic
              title={t.cDashboard.pointsAwarded}
              value={formatNumber(f.points)}
              suffix={
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {fmt(t.cDashboard.yuanValue, { n: formatNumber(f.pointsYuan, 2) })}
                </Typography.Text>
              }
            />
          </Col>
        </Row>
      </Col>
      <Col xs={24} xl={16}>
        {f.byDay.length === 0 ? (
          <EmptyState description={t.cDashboard.noData} />
        ) : (
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Chart option={approvedOption} label={t.cDashboard.approvedPerDay} table={approvedTable} period={info} />
            </Col>
            <Col xs={24} xl={12}>
              <Chart option={pointsOption} label={t.cDashboard.pointsPerDay} table={pointsTable} period={info} />
            </Col>
          </Row>
        )}
      </Col>
    </Row>
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
  // Chores (次) and points (分) are different units: two charts, never one axis.
  const choresTable = useMemo<ChartTable>(
    () => ({
      categoryHeader: t.cDashboard.captain,
      categories: top.map((c) => c.name),
      series: [{ name: t.cDashboard.choresApproved, data: top.map((c) => c.choresApproved) }],
    }),
    [top, t],
  );
  const pointsTable = useMemo<ChartTable>(
    () => ({
      categoryHeader: t.cDashboard.captain,
      categories: top.map((c) => c.name),
      series: [{ name: t.cCaptains.balance, data: top.map((c) => c.pointsBalance ?? 0) }],
    }),
    [top, t],
  );
  const choresOption = useMemo(() => barsOf(choresTable, true, 80), [choresTable]);
  const pointsOption = useMemo(() => barsOf(pointsTable, true, 80), [pointsTable]);
  const now: ExportInfo = { period: t.cDashboard.periodAll, fileStamp: dayjs().format('YYYY-MM-DD') };
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
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Chart option={choresOption} label={t.cDashboard.choresApprovedAll} table={choresTable} period={now} />
            </Col>
            {known.length > 0 && (
              <Col xs={24} xl={12}>
                <Chart option={pointsOption} label={t.cDashboard.balanceNow} table={pointsTable} period={now} />
              </Col>
            )}
          </Row>
        )}
      </Col>
    </Row>
  );
}
