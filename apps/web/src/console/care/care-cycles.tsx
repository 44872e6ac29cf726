import type { CareCycleView } from '@louzhang/contracts';
import { App, Card, InputNumber, Switch, Table, Tag } from 'antd';
import { api, errorMessage } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { label, useI18n } from '../i18n';

/** The community's visit cycle per care tag (defaults: 独居老人 7 days, 高龄 14, 低保/残疾 30). */
export function CareCycles({ communityId }: { communityId: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const req = useRequest(
    (signal) =>
      api.get<{ communityId: number; items: CareCycleView[] }>('/care/cycles', { query: { communityId }, signal }),
    [communityId],
  );
  const save = async (careTag: string, everyDays: number | null) => {
    try {
      await api.put('/care/cycles', { communityId, careTag, everyDays });
      message.success(t.cCare.cycleSaved);
      req.reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Card title={t.cCare.cycles} style={{ marginTop: 16 }}>
      <Table<CareCycleView>
        rowKey="careTag"
        size="small"
        pagination={false}
        loading={req.loading}
        dataSource={req.data?.items ?? []}
        columns={[
          {
            title: t.cCare.cycleTag,
            key: 'tag',
            render: (_, c) => (
              <>
                {label(t.careTags, c.careTag)} {c.isDefault && <Tag>{t.cCare.cycleDefault}</Tag>}
              </>
            ),
          },
          {
            title: t.cCare.cycleDays,
            key: 'days',
            render: (_, c) => (
              <InputNumber
                min={1}
                max={366}
                value={c.everyDays ?? undefined}
                disabled={c.everyDays === null}
                onBlur={(e) => {
                  const n = Number(e.target.value);
                  if (Number.isInteger(n) && n >= 1 && n <= 366 && n !== c.everyDays) void save(c.careTag, n);
                }}
              />
            ),
          },
          {
            title: t.cCare.cycleOff,
            key: 'off',
            render: (_, c) => (
              <Switch checked={c.everyDays === null} onChange={(off) => save(c.careTag, off ? null : 30)} />
            ),
          },
        ]}
      />
    </Card>
  );
}
