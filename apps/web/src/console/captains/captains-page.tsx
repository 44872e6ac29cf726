import { Button, Card, DatePicker, Input, Select, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, errorMessage } from '../../common/api';
import { useCursorPages } from '../../common/use-cursor-pages';
import type { CaptainView } from '../api-types';
import { CursorTable } from '../components/cursor-table';
import { ExportButton } from '../components/export-button';
import { Filter } from '../components/filter';
import { ScopeSelect } from '../components/scope-select';
import { EP } from '../endpoints';
import { useI18n } from '../i18n';
import { CaptainRecordDrawer } from './captain-record-drawer';

type Sort = 'name' | 'newest' | 'oldest';
const SORTS: Sort[] = ['name', 'newest', 'oldest'];
type Status = 'active' | 'suspended';

/**
 * 楼长: the captains roll of the caller's scope with their buildings, balance and chores — searched by name,
 * mobile number or building, filtered by status and unit, sorted, counted and exported (filters in the URL).
 */
export default function CaptainsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const orgUnitId = params.get('orgUnitId') ? Number(params.get('orgUnitId')) : undefined;
  const status = (params.get('status') as Status | null) ?? undefined;
  const q = params.get('q') ?? '';
  const sort = (params.get('sort') as Sort | null) ?? 'name';
  const [draftQ, setDraftQ] = useState(q);
  useEffect(() => setDraftQ(q), [q]);
  const filters = { orgUnitId, status, q: q || undefined, sort };
  const list = useCursorPages<CaptainView>(EP.captains, filters);
  const setFilter = (key: string, value: string | number | undefined | null) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === null || value === '') next.delete(key);
    else next.set(key, String(value));
    setParams(next, { replace: true });
  };
  const [open, setOpen] = useState<number | null>(null);
  const [range, setRange] = useState<[{ format(f: string): string }, { format(f: string): string }] | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  const columns: ColumnsType<CaptainView> = [
    {
      title: t.cCaptains.name,
      key: 'name',
      width: 120,
      // Sorted on the server (the whole roll, not this page).
      sorter: true,
      sortDirections: ['ascend', 'ascend'],
      sortOrder: sort === 'name' ? 'ascend' : null,
      render: (_, c) => (
        <Button type="link" size="small" onClick={() => setOpen(c.userId)}>
          {c.name}
        </Button>
      ),
    },
    { title: t.cCaptains.phone, dataIndex: 'phoneMasked', key: 'phone', width: 140, className: 'lz-masked' },
    {
      title: t.lists.captains.status,
      dataIndex: 'status',
      key: 'status',
      width: 80,
      render: (s: CaptainView['status']) => (
        <Tag color={s === 'active' ? 'success' : 'warning'}>{t.cLife.captainStatus[s]}</Tag>
      ),
    },
    {
      title: t.cCaptains.buildings,
      key: 'buildings',
      render: (_, c) => (
        <Space size={[4, 4]} wrap>
          {c.buildings.map((b) => (
            <Tag key={b.id}>{b.name}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t.cCaptains.balance,
      dataIndex: 'pointsBalance',
      key: 'balance',
      width: 110,
      align: 'right',
      render: (n: number | null) => n ?? '—',
    },
    { title: t.cCaptains.approved, dataIndex: 'choresApproved', key: 'approved', width: 110, align: 'right' },
    { title: t.cCaptains.pending, dataIndex: 'choresPending', key: 'pending', width: 110, align: 'right' },
  ];

  return (
    <>
      <div className="lz-page-header">
        <h1>{t.cCaptains.title}</h1>
        <ExportButton path={`${EP.captains}/export`} query={filters} fileName={`${t.lists.captains.sheet}.xlsx`} />
      </div>
      <Card>
        <div className="lz-filters">
          <Filter label={t.lists.keyword} id="captains-q">
            <Input.Search
              id="captains-q"
              value={draftQ}
              onChange={(e) => setDraftQ(e.target.value)}
              onSearch={(v) => setFilter('q', v.trim())}
              placeholder={t.lists.captains.searchPlaceholder}
              enterButton={t.common.search}
              maxLength={40}
              style={{ width: 300 }}
            />
          </Filter>
          <Filter label={t.lists.captains.status} id="captains-status">
            <Select<Status>
              id="captains-status"
              allowClear
              style={{ width: 120 }}
              placeholder={t.common.all}
              value={status}
              onChange={(v) => setFilter('status', v)}
              options={(['active', 'suspended'] as const).map((s) => ({ value: s, label: t.cLife.captainStatus[s] }))}
            />
          </Filter>
          <Filter label={t.lists.scope} id="captains-scope">
            <ScopeSelect
              id="captains-scope"
              value={orgUnitId}
              placeholder={t.cCaptains.scopePlaceholder}
              onChange={(v) => setFilter('orgUnitId', v)}
              width={220}
            />
          </Filter>
          <Filter label={t.lists.sort} id="captains-sort">
            <Select<Sort>
              id="captains-sort"
              style={{ width: 160 }}
              value={sort}
              onChange={(v) => setFilter('sort', v === 'name' ? undefined : v)}
              options={SORTS.map((v) => ({ value: v, label: t.lists.captains.sorts[v] }))}
            />
          </Filter>
        </div>
        <Space wrap style={{ marginBottom: 16 }}>
          <DatePicker.RangePicker
            id={{ start: 'captains-export-from', end: 'captains-export-to' }}
            aria-label={t.cCaptains.exportRange}
            onChange={(v) => setRange(v?.[0] && v[1] ? [v[0], v[1]] : null)}
          />
          <label htmlFor="captains-export-from" className="lz-visually-hidden">
            {t.cCaptains.exportFrom}
          </label>
          <label htmlFor="captains-export-to" className="lz-visually-hidden">
            {t.cCaptains.exportTo}
          </label>
          <Button
            disabled={!range}
            onClick={() =>
              range &&
              api
                .download(
                  '/captains/work-export',
                  { orgUnitId, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') },
                  'work.xlsx',
                )
                .then(() => setExportError(null))
                .catch((e) => setExportError(errorMessage(e)))
            }
          >
            {t.cLife.workExport}
          </Button>
          {exportError && <span role="alert">{exportError}</span>}
        </Space>
        <CursorTable<CaptainView>
          rowKey="userId"
          list={list}
          columns={columns}
          emptyText={t.cCaptains.empty}
          onChange={(_, __, sorter) => {
            const one = Array.isArray(sorter) ? sorter[0] : sorter;
            // The name header sorts by name; clicking it again keeps that order (the other sorts are in 排序).
            if (one?.columnKey === 'name') setFilter('sort', undefined);
          }}
        />
      </Card>
      <CaptainRecordDrawer userId={open} onClose={() => setOpen(null)} />
    </>
  );
}
