import type { HouseholdDetail, ResidentView } from '@louzhang/contracts';
import { Descriptions, Drawer, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { PageError, SectionLoading } from '../components/page-state';
import { label, useI18n } from '../i18n';
import { CareTags } from './care-tags';
import { RevealButton } from './reveal-button';

/** One household with its members; phone and ID stay masked unless revealed one by one. */
export function HouseholdDrawer({ householdId, onClose }: { householdId: number | null; onClose: () => void }) {
  const { t } = useI18n();
  const req = useRequest(
    (signal) =>
      householdId === null
        ? Promise.resolve(undefined)
        : api.get<HouseholdDetail>(`/households/${householdId}`, { signal }),
    [householdId],
  );
  const h = req.data;

  const columns: ColumnsType<ResidentView> = [
    { title: t.households.name, dataIndex: 'name', key: 'name' },
    {
      title: t.households.gender,
      dataIndex: 'gender',
      key: 'gender',
      width: 64,
      render: (g: ResidentView['gender']) => (g ? label(t.gender, g) : '—'),
    },
    { title: t.households.birthYear, dataIndex: 'birthYear', key: 'birthYear', width: 90, render: (y) => y ?? '—' },
    { title: t.households.relation, dataIndex: 'relation', key: 'relation', width: 80 },
    {
      title: t.households.phone,
      key: 'phone',
      render: (_, r) => <RevealButton residentId={r.id} field="phone" masked={r.phoneMasked} />,
    },
    {
      title: t.households.idNumber,
      key: 'idNumber',
      render: (_, r) => <RevealButton residentId={r.id} field="idNumber" masked={r.idNumberMasked} />,
    },
    { title: t.households.careTags, key: 'careTags', render: (_, r) => <CareTags tags={r.careTags} /> },
  ];

  return (
    <Drawer
      open={householdId !== null}
      onClose={onClose}
      size={880}
      title={h ? h.address : t.households.detailTitle}
      destroyOnHidden
    >
      {req.loading && !h ? (
        <SectionLoading />
      ) : req.error ? (
        <PageError error={req.error} onRetry={req.reload} />
      ) : h ? (
        <>
          <Descriptions bordered size="small" column={2} style={{ marginBottom: 24 }}>
            <Descriptions.Item label={t.households.building}>{h.buildingName}</Descriptions.Item>
            <Descriptions.Item label={t.households.unit}>{h.unitLabel ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t.households.floor}>{h.floor}</Descriptions.Item>
            <Descriptions.Item label={t.households.room}>{h.room}</Descriptions.Item>
            <Descriptions.Item label={t.households.floorArea}>{h.floorArea ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t.households.owner}>{h.isOwner ? t.common.yes : t.common.no}</Descriptions.Item>
            <Descriptions.Item label={t.households.careTags} span={2}>
              <CareTags tags={h.careTags} />
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>
            {t.households.residents} <Tag>{h.residents.length}</Tag>
          </Typography.Title>
          <Table<ResidentView>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={h.residents}
            pagination={false}
            scroll={{ x: 760 }}
          />
        </>
      ) : null}
    </Drawer>
  );
}
