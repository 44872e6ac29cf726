import { Card, Input, Segmented, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../common/api';
import { useCursorPages } from '../../common/use-cursor-pages';
import { useRequest } from '../../common/use-request';
import {
  REPORT_LEVELS,
  REPORT_STATUSES,
  type ReportCategoryView,
  type ReportLevel,
  type ReportStatus,
  type ReportView,
} from '../api-types';
import { CursorTable } from '../components/cursor-table';
import { ExportButton } from '../components/export-button';
import { Filter, FilterGroup } from '../components/filter';
import { ScopeSelect } from '../components/scope-select';
import { EP } from '../endpoints';
import { formatTime } from '../format';
import { useI18n } from '../i18n';
import { ReportDrawer } from './report-drawer';

type View = 'handling' | 'all' | 'mine';
type Sort = 'newest' | 'oldest' | 'due';
const SORTS: Sort[] = ['newest', 'oldest', 'due'];
export const STATUS_COLORS: Record<ReportStatus, string> = {
  submitted: 'processing',
  accepted: 'cyan',
  in_progress: 'blue',
  resolved: 'success',
  closed: 'default',
  reopened: 'warning',
  rejected: 'error',
  merged: 'default',
};

/** 诉求: the inbox (waiting for me / everything in my scope), filters in the URL, a drawer to handle one. */
export default function ReportsPage() {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const view = (params.get('view') as View | null) ?? 'handling';
  const status = (params.get('status') as ReportStatus | null) ?? undefined;
  const level = (params.get('level') as ReportLevel | null) ?? undefined;
  const categoryId = params.get('categoryId') ? Number(params.get('categoryId')) : undefined;
  const orgUnitId = params.get('orgUnitId') ? Number(params.get('orgUnitId')) : undefined;
  const openId = params.get('id') ? Number(params.get('id')) : null;
  const q = params.get('q') ?? '';
  const sort = (params.get('sort') as Sort | null) ?? 'newest';
  const [draftQ, setDraftQ] = useState(q);
  useEffect(() => setDraftQ(q), [q]);
  const filters = { view, status, level, categoryId, orgUnitId, q: q || undefined, sort };
  const list = useCursorPages<ReportView>(EP.reports, filters);
  const categories = useRequest(
    (signal) => api.get<{ items: ReportCategoryView[] }>(EP.reportCategories, { signal }),
    [],
  );

  const setFilter = (key: string, value: string | number | undefined | null) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === null || value === '') next.delete(key);
    else next.set(key, String(value));
    setParams(next, { replace: key !== 'id' });
  };

  const columns: ColumnsType<ReportView> = [
    { title: '#', dataIndex: 'id', key: 'id', width: 60 },
    {
      title: t.cReports.description,
      dataIndex: 'description',
      key: 'description',
      ellipsis: true,
      render: (d: string, r) => (
        <Space size={4}>
          {r.isOverdue && <Tag color="error">{t.cReports.overdue}</Tag>}
          <Typography.Link onClick={() => setFilter('id', r.id)} title={d}>
            {d}
          </Typography.Link>
        </Space>
      ),
    },
    { title: t.cReports.category, dataIndex: 'categoryName', key: 'category', width: 100, ellipsis: true },
    { title: t.cReports.building, dataIndex: 'buildingName', key: 'building', width: 130, ellipsis: true },
    {
      title: t.cReports.status,
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (s: ReportStatus) => <Tag color={STATUS_COLORS[s]}>{t.cReports.statuses[s]}</Tag>,
    },
    {
      title: t.cReports.handler,
      key: 'handler',
      width: 180,
      ellipsis: true,
      render: (_, r) => (
        <span title={r.handlerName}>
          {t.cReports.levels[r.level]} · {r.handlerName}
        </span>
      ),
    },
    {
      title: t.cReports.createdAt,
      dataIndex: 'createdAt',
      key: 'createdAt',
      width: 136,
      render: formatTime,
      // Sorted on the server (the whole list, not this page): newest or oldest first.
      sorter: true,
      sortDirections: ['descend', 'ascend', 'descend'],
      sortOrder: sort === 'newest' ? 'descend' : sort === 'oldest' ? 'ascend' : null,
    },
    {
      title: t.cReports.due,
      dataIndex: 'dueAt',
      key: 'due',
      width: 150,
      sorter: true,
      sortDirections: ['ascend', 'ascend'],
      sortOrder: sort === 'due' ? 'ascend' : null,
      render: (d: string | null, r) => (
        <Typography.Text type={r.isOverdue ? 'danger' : undefined}>{formatTime(d)}</Typography.Text>
      ),
    },
  ];

  return (
    <>
      <div className="lz-page-header">
        <h1>{t.cReports.title}</h1>
        <ExportButton
          path={`${EP.reports}/export`}
          query={filters}
          fileName={`${t.cReports.title}.xlsx`}
          background={{ kind: 'reports', tooMany: list.total?.capped }}
        />
      </div>
      <Card>
        <div className="lz-filters">
          <Filter label={t.lists.keyword} id="reports-q">
            <Input.Search
              id="reports-q"
              value={draftQ}
              onChange={(e) => setDraftQ(e.target.value)}
              onSearch={(v) => setFilter('q', v.trim())}
              placeholder={t.lists.reports.searchPlaceholder}
              enterButton={t.common.search}
              maxLength={40}
              style={{ width: 300 }}
            />
          </Filter>
          <FilterGroup label={t.lists.reports.view} id="reports-view">
            <Segmented<View>
              value={view}
              onChange={(v) => setFilter('view', v === 'handling' ? undefined : v)}
              options={(['handling', 'all', 'mine'] as const).map((v) => ({ value: v, label: t.cReports.views[v] }))}
            />
          </FilterGroup>
          <Filter label={t.cReports.status} id="reports-status">
            <Select<ReportStatus>
              id="reports-status"
              allowClear
              style={{ width: 120 }}
              placeholder={t.common.all}
              value={status}
              onChange={(v) => setFilter('status', v)}
              options={REPORT_STATUSES.map((s) => ({ value: s, label: t.cReports.statuses[s] }))}
            />
          </Filter>
          <Filter label={t.cReports.level} id="reports-level">
            <Select<ReportLevel>
              id="reports-level"
              allowClear
              style={{ width: 120 }}
              placeholder={t.common.all}
              value={level}
              onChange={(v) => setFilter('level', v)}
              options={REPORT_LEVELS.map((l) => ({ value: l, label: t.cReports.levels[l] }))}
            />
          </Filter>
          <Filter label={t.cReports.category} id="reports-category">
            <Select<number>
              id="reports-category"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 180 }}
              placeholder={t.common.all}
              value={categoryId}
              loading={categories.loading}
              onChange={(v) => setFilter('categoryId', v)}
              options={(categories.data?.items ?? []).map((c) => ({
                value: c.id,
                label: lang === 'en' ? c.nameEn : c.nameZh,
              }))}
            />
          </Filter>
          <Filter label={t.lists.scope} id="reports-scope">
            <ScopeSelect id="reports-scope" value={orgUnitId} onChange={(v) => setFilter('orgUnitId', v)} width={220} />
          </Filter>
          <Filter label={t.lists.sort} id="reports-sort">
            <Select<Sort>
              id="reports-sort"
              style={{ width: 200 }}
              value={sort}
              onChange={(v) => setFilter('sort', v === 'newest' ? undefined : v)}
              options={SORTS.map((v) => ({ value: v, label: t.lists.reports.sorts[v] }))}
            />
          </Filter>
        </div>
        <CursorTable<ReportView>
          rowKey="id"
          list={list}
          columns={columns}
          scroll={{ x: 1040 }}
          emptyText={t.cReports.empty}
          onRow={(r) => ({ className: r.isOverdue ? 'lz-row-overdue' : undefined })}
          onChange={(_, __, sorter) => {
            const one = Array.isArray(sorter) ? sorter[0] : sorter;
            const next: Sort =
              one?.columnKey === 'due'
                ? 'due'
                : one?.columnKey === 'createdAt' && one.order === 'ascend'
                  ? 'oldest'
                  : 'newest';
            setFilter('sort', next === 'newest' ? undefined : next);
          }}
        />
      </Card>
      <ReportDrawer reportId={openId} onClose={() => setFilter('id', undefined)} onChanged={list.reload} />
    </>
  );
}
