import type { CoverageFigure, CoverageView, UncoveredBuilding } from '@louzhang/contracts';
import { Button, Card, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { ExportButton } from '../components/export-button';
import { ScopeSelect } from '../components/scope-select';
import { useI18n } from '../i18n';

/** 楼长覆盖: buildings without an active captain (open buildings first, then most households) and coverage figures. */
export default function CoveragePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [orgUnitId, setOrgUnitId] = useState<number | undefined>();
  const data = useRequest(
    (signal) => api.get<CoverageView>('/captains/coverage', { signal, query: { orgUnitId } }),
    [orgUnitId],
  );

  const figureColumns: ColumnsType<CoverageFigure> = [
    { title: t.cLife.unit, dataIndex: 'name', key: 'name' },
    { title: t.cLife.buildings, dataIndex: 'buildings', key: 'b', align: 'right' },
    { title: t.cLife.covered, dataIndex: 'covered', key: 'c', align: 'right' },
    { title: t.cLife.households, dataIndex: 'households', key: 'h', align: 'right' },
    { title: t.cLife.activeCaptains, dataIndex: 'activeCaptains', key: 'a', align: 'right' },
    { title: t.cLife.perCaptain, dataIndex: 'householdsPerCaptain', key: 'p', align: 'right', render: (n) => n ?? '—' },
    {
      title: t.cLife.coverageShare,
      dataIndex: 'coverage',
      key: 'cov',
      align: 'right',
      render: (n: number) => `${(n * 100).toFixed(1)}%`,
    },
  ];
  const columns: ColumnsType<UncoveredBuilding> = [
    { title: t.cLife.buildings, dataIndex: 'name', key: 'name' },
    { title: t.cLife.estate, dataIndex: 'estateName', key: 'estate', render: (v) => v ?? '—' },
    { title: t.cLife.community, dataIndex: 'communityName', key: 'community', render: (v) => v ?? '—' },
    {
      title: '',
      key: 'open',
      width: 110,
      render: (_, b) => (b.isOpen ? <Tag color="orange">{t.cLife.openBuilding}</Tag> : <Tag>{t.cLife.managed}</Tag>),
    },
    { title: t.cLife.households, dataIndex: 'households', key: 'households', align: 'right', width: 80 },
    {
      title: '',
      key: 'recruit',
      width: 90,
      render: (_, b) => (
        <Button
          size="small"
          type="primary"
          ghost
          onClick={() =>
            navigate(
              `/recruitment?buildingId=${b.id}&name=${encodeURIComponent(b.name)}${b.communityId ? `&orgUnitId=${b.communityId}` : ''}`,
            )
          }
        >
          {t.cLife.recruitHere}
        </Button>
      ),
    },
  ];

  return (
    <>
      <div className="lz-page-header">
        <h1>{t.cLife.coverage}</h1>
      </div>
      <Space style={{ marginBottom: 16 }}>
        <ScopeSelect value={orgUnitId} onChange={setOrgUnitId} />
      </Space>
      <Card
        title={t.cLife.figures}
        extra={
          <ExportButton
            path="/captains/coverage/figures/export"
            query={{ orgUnitId }}
            fileName={`${t.lists.sheets.coverage}.xlsx`}
          />
        }
      >
        <Table<CoverageFigure>
          rowKey={(f) => `${f.kind}${f.id}`}
          size="small"
          loading={data.loading}
          dataSource={data.data?.figures ?? []}
          columns={figureColumns}
          pagination={false}
        />
      </Card>
      <Card
        title={t.cLife.uncovered}
        style={{ marginTop: 16 }}
        extra={
          <ExportButton
            path="/captains/coverage/uncovered/export"
            query={{ orgUnitId }}
            fileName={`${t.lists.sheets.uncovered}.xlsx`}
          />
        }
      >
        <Table<UncoveredBuilding>
          rowKey="id"
          size="small"
          loading={data.loading}
          dataSource={data.data?.uncovered ?? []}
          columns={columns}
          locale={{ emptyText: t.cLife.noneUncovered }}
          pagination={{ pageSize: 50 }}
        />
      </Card>
    </>
  );
}
