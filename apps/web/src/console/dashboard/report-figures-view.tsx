import { Col, Row, Space, Statistic, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import type { ReportFigures } from '../api-types';
import { EmptyState } from '../components/empty-state';
import { formatNumber, formatPercent } from '../format';
import { fmt, useI18n } from '../i18n';
import type { ChartTable } from './chart-data';
import { barsOf, Chart, type ExportInfo } from './dashboard-chart';
import type { EChartOption } from './echart';

export function ReportFiguresView({ f, info }: { f: ReportFigures; info: ExportInfo }) {
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
