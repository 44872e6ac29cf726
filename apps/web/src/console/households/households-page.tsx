import { LeftOutlined, RightOutlined, UploadOutlined } from '@ant-design/icons';
import type { HouseholdView } from '@louzhang/contracts';
import { Button, Card, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { CARE_TAG_CODES } from '../../common/care-tags';
import { useCursorPages } from '../../common/use-cursor-pages';
import { ListTotal } from '../components/cursor-table';
import { EmptyState } from '../components/empty-state';
import { ExportButton } from '../components/export-button';
import { Filter } from '../components/filter';
import { PageError } from '../components/page-state';
import { ScopeSelect } from '../components/scope-select';
import { fmt, useI18n } from '../i18n';
import { CareTags } from './care-tags';
import { HouseholdDrawer } from './household-drawer';
import { ImportDialog } from './import-dialog';

const PAGE_SIZES = [20, 50, 100];

/** 住户台账: server-side search and cursor pages; filters live in the URL so a reload keeps them. */
export default function HouseholdsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const careTag = params.get('careTag') ?? undefined;
  const orgUnitId = params.get('orgUnitId') ? Number(params.get('orgUnitId')) : undefined;
  const [draftQ, setDraftQ] = useState(q);
  const [openId, setOpenId] = useState<number | null>(null);
  const [importing, setImporting] = useState(false);

  const list = useCursorPages<HouseholdView>('/households', { q, careTag, orgUnitId });

  const setFilter = (key: string, value: string | number | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, String(value));
    setParams(next, { replace: true });
  };

  const columns: ColumnsType<HouseholdView> = [
    {
      title: t.households.address,
      dataIndex: 'address',
      key: 'address',
      ellipsis: true,
      render: (a: string, h) => (
        <Typography.Link onClick={() => setOpenId(h.id)} title={a}>
          {a}
        </Typography.Link>
      ),
    },
    { title: t.households.building, dataIndex: 'buildingName', key: 'buildingName', width: 120 },
    { title: t.households.unit, dataIndex: 'unitLabel', key: 'unitLabel', width: 80, render: (u) => u ?? '—' },
    { title: t.households.floor, dataIndex: 'floor', key: 'floor', width: 64, align: 'right' },
    { title: t.households.room, dataIndex: 'room', key: 'room', width: 80 },
    {
      title: t.households.floorArea,
      dataIndex: 'floorArea',
      key: 'floorArea',
      width: 100,
      align: 'right',
      render: (a) => a ?? '—',
    },
    { title: t.households.members, dataIndex: 'memberCount', key: 'memberCount', width: 96, align: 'right' },
    { title: t.households.careTags, key: 'careTags', width: 200, render: (_, h) => <CareTags tags={h.careTags} /> },
    {
      title: t.households.actions,
      key: 'actions',
      width: 80,
      fixed: 'right',
      render: (_, h) => (
        <Button type="link" size="small" onClick={() => setOpenId(h.id)}>
          {t.households.detail}
        </Button>
      ),
    },
  ];

  return (
    <>
      <div className="lz-page-header">
        <h1>{t.households.title}</h1>
        <Space>
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
            {t.households.import}
          </Button>
          <ExportButton
            path="/households/export"
            query={{ orgUnitId, q: q || undefined, careTag }}
            fileName="住户台账.xlsx"
            background={{ kind: 'households', tooMany: list.total?.capped }}
          />
        </Space>
      </div>
      <Card>
        <div className="lz-filters">
          <Filter label={t.lists.keyword} id="households-q">
            <Input.Search
              id="households-q"
              value={draftQ}
              onChange={(e) => setDraftQ(e.target.value)}
              onSearch={(v) => setFilter('q', v.trim())}
              placeholder={t.lists.households.searchPlaceholder}
              enterButton={t.common.search}
              maxLength={40}
              style={{ width: 320 }}
            />
          </Filter>
          <Filter label={t.households.careTagFilter} id="households-care-tag">
            <Select<string>
              id="households-care-tag"
              allowClear
              value={careTag}
              onChange={(v) => setFilter('careTag', v)}
              placeholder={t.common.all}
              style={{ width: 180 }}
              options={CARE_TAG_CODES.map((c) => ({ value: c, label: t.careTags[c] }))}
            />
          </Filter>
          <Filter label={t.lists.scope} id="households-scope">
            <ScopeSelect id="households-scope" value={orgUnitId} onChange={(v) => setFilter('orgUnitId', v)} />
          </Filter>
        </div>
        {list.error ? (
          <PageError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<HouseholdView>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={list.items}
              loading={list.loading}
              pagination={false}
              scroll={{ x: 1000 }}
              locale={{ emptyText: list.loading ? ' ' : <EmptyState /> }}
            />
            <div className="lz-pager">
              <ListTotal list={list} />
              <Select<number>
                size="small"
                aria-label={t.common.pageSize}
                value={list.limit}
                onChange={list.setLimit}
                options={PAGE_SIZES.map((n) => ({ value: n, label: fmt(t.common.perPage, { n }) }))}
              />
              <Button size="small" icon={<LeftOutlined />} disabled={!list.hasPrev || list.loading} onClick={list.prev}>
                {t.common.prevPage}
              </Button>
              <span>{fmt(t.common.pageN, { n: list.page })}</span>
              <Button size="small" disabled={!list.hasNext} onClick={list.next}>
                {t.common.nextPage} <RightOutlined />
              </Button>
            </div>
          </>
        )}
      </Card>
      <HouseholdDrawer householdId={openId} onClose={() => setOpenId(null)} />
      <ImportDialog open={importing} onClose={() => setImporting(false)} onImported={list.reload} />
    </>
  );
}
