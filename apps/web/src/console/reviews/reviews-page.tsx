import { WarningOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Segmented, Select, Space, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, errorMessage } from '../../common/api';
import { useCursorPages } from '../../common/use-cursor-pages';
import type { BatchReviewResult, ChoreSubmissionStatus, ChoreSubmissionView } from '../api-types';
import { CursorTable } from '../components/cursor-table';
import { ExportButton } from '../components/export-button';
import { Filter, FilterGroup } from '../components/filter';
import { ScopeSelect } from '../components/scope-select';
import { EP } from '../endpoints';
import { formatTime } from '../format';
import { fmt, useI18n } from '../i18n';
import { RejectDialog } from './reject-dialog';
import { SubmissionDrawer } from './submission-drawer';

const STATUSES: ChoreSubmissionStatus[] = ['pending', 'approved', 'rejected'];
type Sort = 'oldest' | 'newest';
const SORTS: Sort[] = ['oldest', 'newest'];

/** 任务审核: the review queue; select rows to approve or reject in batch, open one to see its photos. */
export default function ReviewsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') as ChoreSubmissionStatus | null) ?? 'pending';
  const communityId = params.get('communityId') ? Number(params.get('communityId')) : undefined;
  const q = params.get('q') ?? '';
  const sort = (params.get('sort') as Sort | null) ?? 'oldest';
  const [draftQ, setDraftQ] = useState(q);
  useEffect(() => setDraftQ(q), [q]);
  const filters = { status, communityId, q: q || undefined, sort };
  const list = useCursorPages<ChoreSubmissionView>(EP.reviewQueue, filters);
  const [selected, setSelected] = useState<number[]>([]);
  const [openId, setOpenId] = useState<number | null>(null);
  const [rejecting, setRejecting] = useState<number[] | null>(null);
  const [busy, setBusy] = useState(false);

  const setFilter = (key: string, value: string | number | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, String(value));
    setParams(next, { replace: true });
    setSelected([]);
  };

  /** The pending submission after `id` in the queue as shown (else the one before it); null when none is left. */
  const nextAfter = (id: number): number | null => {
    const pending = list.items.filter((s) => s.status === 'pending');
    const i = pending.findIndex((s) => s.id === id);
    return pending[i + 1]?.id ?? pending[i - 1]?.id ?? null;
  };

  /** Reviews `ids`; then opens `next` (通过并下一条) or closes the drawer. */
  const review = async (ids: number[], decision: 'approve' | 'reject', reason?: string, next: number | null = null) => {
    setBusy(true);
    try {
      const r = await api.post<BatchReviewResult>(EP.batchReview, { decision, submissionIds: ids, reason });
      const ok = r.results.filter((x) => x.ok).length;
      const bad = r.results.filter((x) => !x.ok);
      if (ok > 0) message.success(fmt(decision === 'approve' ? t.cReviews.approved : t.cReviews.rejected, { n: ok }));
      if (bad.length > 0)
        message.error(fmt(t.cReviews.failed, { n: bad.length, msg: bad[0]?.error?.message ?? '' }), 6);
      setSelected([]);
      // 通过并下一条 moves on only when this one went through; otherwise it stays closed to show the error.
      setOpenId(bad.length === 0 ? next : null);
      list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const columns: ColumnsType<ChoreSubmissionView> = [
    { title: '#', dataIndex: 'id', key: 'id', width: 64 },
    {
      title: t.cReviews.task,
      dataIndex: 'templateName',
      key: 'task',
      render: (name: string, s) => (
        <Space size={4}>
          <Typography.Link onClick={() => setOpenId(s.id)}>{name}</Typography.Link>
          {s.duplicateFlags.length > 0 && (
            <Tooltip
              title={fmt(t.cReviews.duplicateHint, {
                id: s.duplicateFlags[0]?.submissionId ?? '',
                d: s.duplicateFlags[0]?.distance ?? '',
              })}
            >
              <Tag color="error" icon={<WarningOutlined />}>
                {t.cReviews.duplicate}
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    { title: t.cReviews.building, dataIndex: 'buildingName', key: 'building', width: 160, ellipsis: true },
    { title: t.cReviews.community, dataIndex: 'communityName', key: 'community', width: 120, render: (c) => c ?? '—' },
    { title: t.cReviews.submitter, dataIndex: 'submitterName', key: 'submitter', width: 100 },
    { title: t.cReviews.points, dataIndex: 'points', key: 'points', width: 72, align: 'right' },
    {
      title: t.cReviews.submittedAt,
      dataIndex: 'submittedAt',
      key: 'at',
      width: 150,
      render: formatTime,
      // Sorted on the server (the whole queue, not this page): first come, first reviewed unless asked.
      sorter: true,
      sortDirections: ['ascend', 'descend', 'ascend'],
      sortOrder: sort === 'oldest' ? 'ascend' : 'descend',
    },
    {
      title: t.cChores.actions,
      key: 'actions',
      width: 170,
      fixed: 'right',
      render: (_, s) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setOpenId(s.id)}>
            {t.cReviews.detail}
          </Button>
          {s.status === 'pending' && (
            <>
              <Button type="link" size="small" disabled={busy} onClick={() => review([s.id], 'approve')}>
                {t.cReviews.approve}
              </Button>
              <Button type="link" size="small" danger disabled={busy} onClick={() => setRejecting([s.id])}>
                {t.cReviews.reject}
              </Button>
            </>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <div className="lz-page-header">
        <h1>{t.cReviews.title}</h1>
        <Space>
          <ExportButton path={`${EP.reviewQueue}/export`} query={filters} fileName={`${t.cReviews.title}.xlsx`} />
          {status === 'pending' && (
            <>
              <Button
                type="primary"
                disabled={selected.length === 0}
                loading={busy}
                onClick={() => review(selected, 'approve')}
              >
                {fmt(t.cReviews.batchApprove, { n: selected.length })}
              </Button>
              <Button danger disabled={selected.length === 0 || busy} onClick={() => setRejecting(selected)}>
                {fmt(t.cReviews.batchReject, { n: selected.length })}
              </Button>
            </>
          )}
        </Space>
      </div>
      <Card>
        <div className="lz-filters">
          <Filter label={t.lists.keyword} id="reviews-q">
            <Input.Search
              id="reviews-q"
              value={draftQ}
              onChange={(e) => setDraftQ(e.target.value)}
              onSearch={(v) => setFilter('q', v.trim())}
              placeholder={t.lists.reviews.searchPlaceholder}
              enterButton={t.common.search}
              maxLength={40}
              style={{ width: 300 }}
            />
          </Filter>
          <FilterGroup label={t.lists.reviews.status} id="reviews-status">
            <Segmented<ChoreSubmissionStatus>
              value={status}
              onChange={(v) => setFilter('status', v === 'pending' ? undefined : v)}
              options={STATUSES.map((s) => ({ value: s, label: t.cReviews.status[s] }))}
            />
          </FilterGroup>
          <Filter label={t.cReviews.community} id="reviews-community">
            <ScopeSelect
              id="reviews-community"
              value={communityId}
              onChange={(v) => setFilter('communityId', v)}
              width={220}
            />
          </Filter>
          <Filter label={t.lists.sort} id="reviews-sort">
            <Select<Sort>
              id="reviews-sort"
              style={{ width: 180 }}
              value={sort}
              onChange={(v) => setFilter('sort', v === 'oldest' ? undefined : v)}
              options={SORTS.map((v) => ({ value: v, label: t.lists.reviews.sorts[v] }))}
            />
          </Filter>
        </div>
        <CursorTable<ChoreSubmissionView>
          rowKey="id"
          list={list}
          columns={columns}
          scroll={{ x: 1000 }}
          emptyText={status === 'pending' ? t.cReviews.empty : undefined}
          onChange={(_, __, sorter) => {
            const one = Array.isArray(sorter) ? sorter[0] : sorter;
            if (one?.columnKey === 'at') setFilter('sort', one.order === 'descend' ? 'newest' : undefined);
          }}
          rowSelection={
            status === 'pending'
              ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(Number)) }
              : undefined
          }
        />
      </Card>
      <SubmissionDrawer
        submissionId={openId}
        busy={busy}
        onClose={() => setOpenId(null)}
        onApprove={(id) => review([id], 'approve')}
        onApproveNext={(id) => review([id], 'approve', undefined, nextAfter(id))}
        hasNext={openId !== null && nextAfter(openId) !== null}
        onReject={(id) => setRejecting([id])}
      />
      <RejectDialog
        open={rejecting !== null}
        title={rejecting && rejecting.length > 1 ? fmt(t.cReviews.batchReject, { n: rejecting.length }) : undefined}
        onCancel={() => setRejecting(null)}
        onSubmit={async (reason) => {
          if (rejecting) await review(rejecting, 'reject', reason);
          setRejecting(null);
        }}
      />
    </>
  );
}
