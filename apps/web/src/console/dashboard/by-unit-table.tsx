import { Button, Table, Tooltip, Typography } from 'antd';
import type { ReportFiguresByUnit } from '../api-types';
import { formatNumber, formatPercent } from '../format';
import { fmt, useI18n } from '../i18n';

/** The units one level down with their report figures; a unit's name opens its own dashboard (drill-down). */
export function ByUnitTable({ rows, onOpen }: { rows: ReportFiguresByUnit['items']; onOpen: (id: number) => void }) {
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
