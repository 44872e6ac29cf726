import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import type { BoardBuildingList } from '@louzhang/contracts';
import { Alert, Button, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { API_BASE, api } from '../../common/api';
import { useAuth } from '../../common/auth';
import { useRequest } from '../../common/use-request';
import { PageError } from '../components/page-state';
import { ScopeSelect } from '../components/scope-select';
import { fmt, useI18n } from '../i18n';

type Building = BoardBuildingList['items'][number];

/** 公示牌打印: a community's (grid's, estate's) buildings, each board as a PDF, or all of them in one file. */
export function BoardsTab() {
  const { t } = useI18n();
  const s = t.settings.boards;
  const { user } = useAuth();
  const own = user?.roles.find((r) => ['community', 'micro_community', 'grid', 'estate'].includes(r.orgKind));
  const [unitId, setUnitId] = useState<number | undefined>(own?.orgUnitId);
  const list = useRequest(
    (signal) =>
      unitId
        ? api.get<BoardBuildingList>(`/org-units/${unitId}/board-buildings`, { signal })
        : Promise.resolve(undefined),
    [unitId],
  );
  const data = list.data;

  return (
    <>
      <Alert type="info" showIcon title={s.intro} style={{ marginBottom: 16 }} />
      <Space wrap style={{ marginBottom: 16 }}>
        <label htmlFor="lz-boards-unit">{s.unit}</label>
        <ScopeSelect id="lz-boards-unit" value={unitId} onChange={setUnitId} placeholder={s.pickUnit} />
        {data && data.items.length > 0 && (
          <Button
            type="primary"
            icon={<DownloadOutlined />}
            href={`${API_BASE}/org-units/${data.unit.id}/boards.pdf`}
            download={`${data.unit.name}-公示牌.pdf`}
          >
            {fmt(s.all, { n: data.items.length })}
          </Button>
        )}
      </Space>
      {data?.truncated && (
        <Alert
          type="warning"
          showIcon
          title={fmt(s.truncated, { n: data.items.length })}
          style={{ marginBottom: 16 }}
        />
      )}
      {list.error ? (
        <PageError error={list.error} onRetry={list.reload} />
      ) : unitId ? (
        <Table<Building>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={data?.items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: s.empty }}
          columns={[
            { title: s.building, dataIndex: 'name' },
            { title: s.address, dataIndex: 'address', render: (v: string | null) => v ?? '—' },
            {
              title: s.captains,
              key: 'captains',
              render: (_, b) => (b.captains.length ? b.captains.join('、') : <Tag>{s.noCaptain}</Tag>),
            },
            {
              title: '',
              key: 'print',
              width: 150,
              render: (_, b) => (
                <Button
                  size="small"
                  icon={<PrinterOutlined />}
                  href={`${API_BASE}/buildings/${b.id}/board.pdf`}
                  download={`${b.name}-公示牌.pdf`}
                  aria-label={fmt(s.printOf, { name: b.name })}
                >
                  {s.print}
                </Button>
              ),
            },
          ]}
        />
      ) : null}
    </>
  );
}
