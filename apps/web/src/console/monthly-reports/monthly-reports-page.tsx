import type { MonthlyReportView } from '@louzhang/contracts';
import { App, Button, Card, DatePicker, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { EmptyState } from '../components/empty-state';
import { Filter } from '../components/filter';
import { PageError } from '../components/page-state';
import { ScopeSelect } from '../components/scope-select';
import { formatTime } from '../format';
import { useI18n } from '../i18n';

/** 月度报告: the stored reports of the caller's streets and communities, 生成报告 for an ended month, 下载. */
export default function MonthlyReportsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [orgUnitId, setOrgUnitId] = useState<number | undefined>();
  const [month, setMonth] = useState<Dayjs | null>(() => dayjs().subtract(1, 'month').startOf('month'));
  const [making, setMaking] = useState(false);
  const [busy, setBusy] = useState<number | null>(null);
  const list = useRequest(
    (signal) =>
      api.get<{ items: MonthlyReportView[] }>('/monthly-reports', {
        query: orgUnitId ? { orgUnitId: String(orgUnitId) } : undefined,
        signal,
      }),
    [orgUnitId],
  );

  const generate = async () => {
    if (!orgUnitId) return void message.warning(t.monthlyReports.pickUnit);
    if (!month) return void message.warning(t.monthlyReports.pickMonth);
    setMaking(true);
    try {
      await api.create('/monthly-reports', { orgUnitId, month: month.format('YYYY-MM') });
      message.success(t.monthlyReports.generated);
      list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setMaking(false);
    }
  };

  const download = async (r: MonthlyReportView) => {
    setBusy(r.id);
    try {
      await api.download(`/monthly-reports/${r.id}/file`, undefined, r.fileName);
      message.success(t.monthlyReports.downloaded);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const columns: ColumnsType<MonthlyReportView> = [
    { title: t.monthlyReports.unit, dataIndex: 'orgUnitName', key: 'unit' },
    { title: t.monthlyReports.month, dataIndex: 'month', key: 'month', width: 110 },
    {
      title: t.monthlyReports.generatedBy,
      dataIndex: 'generatedByName',
      key: 'by',
      width: 160,
      render: (n: string | null) => n ?? t.monthlyReports.byJob,
    },
    { title: t.monthlyReports.generatedAt, dataIndex: 'generatedAt', key: 'at', width: 150, render: formatTime },
    {
      title: t.monthlyReports.size,
      dataIndex: 'fileBytes',
      key: 'size',
      width: 90,
      align: 'right',
      render: (b: number) => `${Math.max(1, Math.round(b / 1024))} KB`,
    },
    {
      title: t.monthlyReports.actions,
      key: 'actions',
      width: 96,
      render: (_, r) => (
        <Button
          type="link"
          onClick={() => download(r)}
          loading={busy === r.id}
          aria-label={`${t.monthlyReports.download} ${r.fileName}`}
        >
          {t.monthlyReports.download}
        </Button>
      ),
    },
  ];

  return (
    <>
      <div className="lz-page-header">
        <h1>{t.monthlyReports.title}</h1>
      </div>
      <Card>
        <Typography.Paragraph type="secondary">{t.monthlyReports.intro}</Typography.Paragraph>
        <Space wrap style={{ marginBottom: 16 }} align="end">
          <Filter label={t.monthlyReports.unit} id="mr-unit">
            <ScopeSelect
              id="mr-unit"
              value={orgUnitId}
              onChange={setOrgUnitId}
              placeholder={t.monthlyReports.unitPlaceholder}
            />
          </Filter>
          <Filter label={t.monthlyReports.month} id="mr-month">
            <DatePicker
              id="mr-month"
              picker="month"
              value={month}
              onChange={setMonth}
              allowClear={false}
              disabledDate={(d) => !d.isBefore(dayjs().startOf('month'))}
            />
          </Filter>
          <Button type="primary" onClick={generate} loading={making}>
            {t.monthlyReports.generate}
          </Button>
        </Space>
        {list.error ? (
          <PageError error={list.error} onRetry={list.reload} />
        ) : (
          <Table<MonthlyReportView>
            rowKey="id"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading && !list.data}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: <EmptyState description={t.monthlyReports.empty} /> }}
          />
        )}
      </Card>
    </>
  );
}
