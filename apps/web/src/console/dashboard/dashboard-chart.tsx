import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { fmt, useI18n } from '../i18n';
import { type ChartTable, saveText, tableToCsv } from './chart-data';
import type { EChartOption } from './echart';

const EChart = lazy(() => import('./echart'));

const COLORS = ['#c8161d', '#fa8c16', '#1677ff', '#52c41a', '#722ed1', '#13c2c2'];

/** What a chart's export is called and what period its numbers cover. */
export interface ExportInfo {
  period: string;
  fileStamp: string;
}

/** One chart with its title and 导出数据: the file holds `table`, the numbers the option was built from. */
export function Chart({
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
export function barsOf(table: ChartTable, horizontal: boolean, left = 40): EChartOption {
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
