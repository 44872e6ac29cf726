import { shanghaiDateParts } from '@louzhang/contracts';
import { App, Button, Card, Form, InputNumber, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { PageError, SectionLoading } from '../components/page-state';
import { fmt, useI18n } from '../i18n';

interface MallSettings {
  streetId: number;
  windowStartDay: number;
  windowEndDay: number;
}
interface PointSettings {
  streetId: number;
  yuanPerPoint: number;
  adjustmentThreshold: number;
}
interface ChoreSettings {
  streetId: number;
  communityMayReview: boolean;
}

/** A street's own settings: the mall's monthly window, a point's value and the adjustment threshold, review delegation. */
export function StreetSettingsTab({ streetId }: { streetId: number }) {
  const { t } = useI18n();
  const s = t.settings;
  const { message } = App.useApp();
  const query = { streetId };
  const mall = useRequest((signal) => api.get<MallSettings>('/mall/settings', { signal, query }), [streetId]);
  const points = useRequest((signal) => api.get<PointSettings>('/points/settings', { signal, query }), [streetId]);
  const chores = useRequest((signal) => api.get<ChoreSettings>('/chores/settings', { signal, query }), [streetId]);
  const [busy, setBusy] = useState<string | null>(null);

  const save = async (which: string, fn: () => Promise<unknown>, reload: () => void) => {
    setBusy(which);
    try {
      await fn();
      message.success(s.saved);
      reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const today = shanghaiDateParts(new Date()).day;
  const first = mall.error ?? points.error ?? chores.error;
  if (first)
    return (
      <PageError
        error={first}
        onRetry={() => {
          for (const r of [mall, points, chores]) r.reload();
        }}
      />
    );
  if (!mall.data || !points.data || !chores.data) return <SectionLoading />;
  const open = today >= mall.data.windowStartDay && today <= mall.data.windowEndDay;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" className="lz-settings-card" title={s.mall.title}>
        <Typography.Paragraph type="secondary">{s.mall.hint}</Typography.Paragraph>
        <Form
          layout="inline"
          key={JSON.stringify(mall.data)}
          initialValues={mall.data}
          onFinish={(v: MallSettings) => save('mall', () => api.put('/mall/settings', { ...v, streetId }), mall.reload)}
        >
          <Form.Item name="windowStartDay" label={s.mall.start} rules={[{ required: true }]}>
            <InputNumber min={1} max={28} precision={0} />
          </Form.Item>
          <Form.Item
            name="windowEndDay"
            label={s.mall.end}
            dependencies={['windowStartDay']}
            rules={[
              { required: true },
              ({ getFieldValue }) => ({
                validator: (_, v) =>
                  v == null || v >= getFieldValue('windowStartDay')
                    ? Promise.resolve()
                    : Promise.reject(new Error(s.mall.endBeforeStart)),
              }),
            ]}
          >
            <InputNumber min={1} max={31} precision={0} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy === 'mall'}>
            {s.save}
          </Button>
        </Form>
        <div style={{ marginTop: 12 }} data-testid="mall-window-today">
          {fmt(s.mall.today, { d: today, state: '' })}
          <Tag color={open ? 'green' : 'default'}>{open ? s.mall.open : s.mall.closed}</Tag>
        </div>
      </Card>

      <Card size="small" className="lz-settings-card" title={s.points.title}>
        <Form
          layout="inline"
          key={JSON.stringify(points.data)}
          initialValues={points.data}
          onFinish={(v: PointSettings) =>
            save('points', () => api.put('/points/settings', { ...v, streetId }), points.reload)
          }
        >
          <Form.Item name="yuanPerPoint" label={s.points.yuanPerPoint} rules={[{ required: true }]}>
            <InputNumber min={0} max={1000} step={0.01} precision={2} />
          </Form.Item>
          <Form.Item name="adjustmentThreshold" label={s.points.threshold} rules={[{ required: true }]}>
            <InputNumber min={0} max={1_000_000} precision={0} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy === 'points'}>
            {s.save}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {s.points.thresholdHint}
        </Typography.Paragraph>
      </Card>

      <Card size="small" className="lz-settings-card" title={s.chores.title}>
        <Space>
          <Switch
            id="lz-chores-delegate"
            checked={chores.data.communityMayReview}
            loading={busy === 'chores'}
            onChange={(on) =>
              save('chores', () => api.put('/chores/settings', { streetId, communityMayReview: on }), chores.reload)
            }
          />
          <label htmlFor="lz-chores-delegate">{s.chores.delegate}</label>
          <Tag color={chores.data.communityMayReview ? 'green' : 'default'}>
            {chores.data.communityMayReview ? s.chores.on : s.chores.off}
          </Tag>
        </Space>
      </Card>
    </Space>
  );
}
