import { Button, Card, DatePicker, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, errorMessage } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { useCursorPages } from '../../shared/use-cursor-pages';
import type { CaptainView } from '../api-types';
import { CursorTable } from '../components/cursor-table';
import { ScopeSelect } from '../components/scope-select';
import { EP } from '../endpoints';
import { CaptainRecordDrawer } from './captain-record-drawer';

/** 楼长: the captains in the caller's scope with their buildings, balance and chores. */
export default function CaptainsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const orgUnitId = params.get('orgUnitId') ? Number(params.get('orgUnitId')) : undefined;
  const list = useCursorPages<CaptainView>(EP.captains, { orgUnitId });
  const [open, setOpen] = useState<number | null>(null);
  const [range, setRange] = useState<[{ format(f: string): string }, { format(f: string): string }] | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  const columns: ColumnsType<CaptainView> = [
    {
      title: t.cCaptains.name,
      key: 'name',
      width: 120,
      render: (_, c) => (
        <Button type="link" size="small" onClick={() => setOpen(c.userId)}>
          {c.name}
        </Button>
      ),
    },
    { title: t.cCaptains.phone, dataIndex: 'phoneMasked', key: 'phone', width: 140, className: 'lz-masked' },
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
      </div>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <ScopeSelect
            value={orgUnitId}
            placeholder={t.cCaptains.scopePlaceholder}
            onChange={(v) => {
              const next = new URLSearchParams(params);
              if (v === undefined) next.delete('orgUnitId');
              else next.set('orgUnitId', String(v));
              setParams(next, { replace: true });
            }}
          />
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
        <CursorTable<CaptainView> rowKey="userId" list={list} columns={columns} emptyText={t.cCaptains.empty} />
      </Card>
      <CaptainRecordDrawer userId={open} onClose={() => setOpen(null)} />
    </>
  );
}
