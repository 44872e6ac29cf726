import { Card, Col, DatePicker, Row, Space, Statistic, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../common/api';
import { useRequest } from '../../common/use-request';
import type { MallReport } from '../api-types';
import { EmptyState } from '../components/empty-state';
import { ExportButton } from '../components/export-button';
import { PageError, SectionLoading } from '../components/page-state';
import { EP } from '../endpoints';
import { formatNumber } from '../format';
import { fmt, useI18n } from '../i18n';

/** 库存与兑换统计: per product, this (or a chosen) month — stock, units ordered and picked up, points and yuan. */
export function ReportTab() {
  const { t } = useI18n();
  const [month, setMonth] = useState<Dayjs | null>(null);
  const m = month?.format('YYYY-MM');
  const req = useRequest((signal) => api.get<MallReport>(EP.mallReport, { query: { month: m }, signal }), [m]);
  const r = req.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space>
        <DatePicker picker="month" value={month} onChange={setMonth} aria-label={t.cMall.month} />
        <ExportButton
          path={`${EP.mallReport}/export`}
          query={{ month: m }}
          fileName={`${t.lists.sheets.mallReport}${r ? ` ${r.month}` : ''}.xlsx`}
        />
      </Space>
      {req.error ? (
        <PageError error={req.error} onRetry={req.reload} />
      ) : !r ? (
        <SectionLoading />
      ) : (
        <>
          <Card size="small">
            <Row gutter={16} className="lz-kpi">
              <Col span={4}>
                <Statistic title={t.cMall.month} value={r.month} />
              </Col>
              <Col span={4}>
                <Statistic title={t.cMall.orders} value={r.totals.orders} />
              </Col>
              <Col span={4}>
                <Statistic title={t.cMall.units} value={r.totals.units} />
              </Col>
              <Col span={4}>
                <Statistic title={t.cMall.pointsSpent} value={r.totals.points} />
              </Col>
              <Col span={4}>
                <Statistic
                  title={fmt(t.cMall.pointsYuan, { rate: formatNumber(r.yuanPerPoint, 2) })}
                  value={formatNumber(r.totals.pointsYuan, 2)}
                />
              </Col>
              <Col span={4}>
                <Statistic title={t.cMall.costYuan} value={formatNumber(r.totals.costYuan, 2)} />
              </Col>
            </Row>
          </Card>
          <Table
            rowKey="productId"
            size="middle"
            pagination={false}
            dataSource={r.products}
            locale={{ emptyText: <EmptyState description={t.cMall.noProducts} /> }}
            columns={[
              { title: t.cMall.name, dataIndex: 'name', key: 'name' },
              { title: t.cMall.stock, dataIndex: 'stock', key: 'stock', align: 'right', width: 90 },
              { title: t.cMall.unitsOrdered, dataIndex: 'unitsOrdered', key: 'ordered', align: 'right', width: 110 },
              { title: t.cMall.unitsPickedUp, dataIndex: 'unitsPickedUp', key: 'picked', align: 'right', width: 110 },
              { title: t.cMall.pointsSpent, dataIndex: 'points', key: 'points', align: 'right', width: 100 },
              {
                title: t.cMall.costYuan,
                dataIndex: 'costYuan',
                key: 'cost',
                align: 'right',
                width: 110,
                render: (n: number) => formatNumber(n, 2),
              },
            ]}
          />
        </>
      )}
    </Space>
  );
}
