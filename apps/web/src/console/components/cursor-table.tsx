import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import type { TableProps } from 'antd';
import { Button, Select, Table } from 'antd';
import type { CursorPages } from '../../common/use-cursor-pages';
import { fmt, useI18n } from '../i18n';
import { EmptyState } from './empty-state';
import { PageError } from './page-state';

const PAGE_SIZES = [20, 50, 100];

/** 共 N 条 (or 超过 10,000 条) for a list that counts; nothing while the count is unknown. */
export function ListTotal({ list }: { list: Pick<CursorPages<unknown>, 'total'> }) {
  const { t, lang } = useI18n();
  if (!list.total) return null;
  const n = list.total.n.toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN');
  return (
    <span className="lz-list-total" aria-live="polite">
      {fmt(list.total.capped ? t.lists.totalOver : t.lists.total, { n })}
    </span>
  );
}

/**
 * A server-paginated table: rows of one cursor page, the error state in place of the table, the
 * empty state when a page has no rows, and previous/next buttons under it.
 */
export function CursorTable<T extends object>({
  list,
  emptyText,
  ...props
}: { list: CursorPages<T>; emptyText?: string } & Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination'>) {
  const { t } = useI18n();
  if (list.error) return <PageError error={list.error} onRetry={list.reload} />;
  return (
    <>
      <Table<T>
        size="middle"
        {...props}
        dataSource={list.items}
        loading={list.loading}
        pagination={false}
        locale={{ emptyText: list.loading ? ' ' : <EmptyState description={emptyText} /> }}
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
  );
}
