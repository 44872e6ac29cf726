import { Col, Row, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import type { CaptainView, ChoreFigures, MallReport } from '../api-types';
import { EmptyState } from '../components/empty-state';
import { formatNumber } from '../format';
import { fmt, useI18n } from '../i18n';
import type { ChartTable } from './chart-data';
import { barsOf, Chart, type ExportInfo } from './dashboard-chart';

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
export function ChorePeriodView({ f, info }: { f: ChoreFigures; info: ExportInfo }) {
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

export function ChoresView({ captains, mall }: { captains: CaptainView[]; mall: MallReport | undefined }) {
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
