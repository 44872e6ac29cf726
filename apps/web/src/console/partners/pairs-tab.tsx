import type { PairView } from '@louzhang/contracts';
import { Button, Card, DatePicker, Form, Input, Select, Table } from 'antd';
import { useState } from 'react';
import { api } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { ExportButton } from '../components/export-button';
import { FormModal } from '../components/form-modal';
import { ScopeSelect } from '../components/scope-select';
import { useAction } from '../components/use-action';
import { label, useI18n } from '../i18n';

type Day = { format(f: string): string };

/** 结对共建: mentor and paired communities, a new pair, and visits or notes on one. */
export function PairsTab() {
  const { t } = useI18n();
  const list = useRequest((signal) => api.get<{ items: PairView[] }>('/community-pairs', { signal }), []);
  const [form] = Form.useForm();
  const [noting, setNoting] = useState<PairView | null>(null);
  const [noteForm] = Form.useForm();
  const run = useAction(t.cPartners.saved, list.reload);
  return (
    <Card extra={<ExportButton path="/community-pairs/export" query={{}} fileName={`${t.lists.sheets.pairs}.xlsx`} />}>
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 16 }}
        onFinish={(v: { startsOn: Day } & Record<string, unknown>) =>
          run(() => api.create('/community-pairs', { ...v, startsOn: v.startsOn.format('YYYY-MM-DD') })).then(
            (ok) => ok && form.resetFields(),
          )
        }
      >
        <Form.Item name="mentorCommunityId" rules={[{ required: true }]}>
          <ScopeSelect value={undefined} onChange={() => undefined} placeholder={t.cPartners.mentor} width={180} />
        </Form.Item>
        <Form.Item name="partnerCommunityId" rules={[{ required: true }]}>
          <ScopeSelect value={undefined} onChange={() => undefined} placeholder={t.cPartners.paired} width={180} />
        </Form.Item>
        <Form.Item name="goals" rules={[{ required: true, max: 1000 }]}>
          <Input placeholder={t.cPartners.goals} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="secondedName">
          <Input placeholder={t.cPartners.seconded} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="startsOn" rules={[{ required: true }]}>
          <DatePicker placeholder={t.cPartners.startsOn} />
        </Form.Item>
        <Button htmlType="submit">{t.cPartners.newPair}</Button>
      </Form>
      <Table<PairView>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        expandable={{
          expandedRowRender: (p) => (
            <ul>
              {p.notes.map((n) => (
                <li key={n.id}>
                  {n.happenedOn} {label(t.cPartners.noteKinds, n.kind)} · {n.authorName}：{n.body}
                </li>
              ))}
            </ul>
          ),
        }}
        columns={[
          { title: t.cPartners.mentor, dataIndex: 'mentorName', key: 'm' },
          { title: t.cPartners.paired, dataIndex: 'partnerName', key: 'p' },
          { title: t.cPartners.goals, dataIndex: 'goals', key: 'g' },
          {
            title: t.cPartners.seconded,
            key: 's',
            render: (_, p) => [p.secondedName, p.secondedRole].filter(Boolean).join(' · ') || '—',
          },
          { title: t.cPartners.startsOn, dataIndex: 'startsOn', key: 'd', width: 110 },
          {
            title: '',
            key: 'note',
            render: (_, p) => (
              <Button size="small" type="link" onClick={() => setNoting(p)}>
                {t.cPartners.addNote}
              </Button>
            ),
          },
        ]}
      />
      <FormModal
        open={noting !== null}
        title={t.cPartners.addNote}
        form={noteForm}
        onCancel={() => setNoting(null)}
        initialValues={{ kind: 'visit' }}
        onFinish={async (v: { happenedOn: Day } & Record<string, unknown>) => {
          if (
            await run(() =>
              api.create(`/community-pairs/${noting?.id}/notes`, {
                ...v,
                happenedOn: v.happenedOn.format('YYYY-MM-DD'),
              }),
            )
          )
            setNoting(null);
        }}
      >
        <Form.Item name="kind">
          <Select options={(['visit', 'note'] as const).map((k) => ({ value: k, label: t.cPartners.noteKinds[k] }))} />
        </Form.Item>
        <Form.Item name="body" rules={[{ required: true, max: 1000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="happenedOn" rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
